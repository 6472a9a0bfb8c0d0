// What a chaos suite proves at its end: fingerprints of the tables (a refused request changed nothing), the invariant
// checker as the last word, percentiles for the report, and diagnostics (the queue and every child's output) when
// a suite fails.
import { expect } from 'vitest';
import type { PrismaClient } from '../../prisma/database';
import type { ServiceProcess } from '../../harness/service-process';
import { checkInvariants } from '../../resolvers/invariants';
import { report } from './config';

// Row counts and an md5 of every row of the tables a request could write.
const FINGERPRINTED: Array<[table: string, order: string]> = [
  ['jobs', 'job_id'],
  ['hitl_interactions', 'interaction_id'],
  ['job_events', 'event_id'],
  ['skills', 'skill_id'],
  ['deep_understanding_state', 'state_id'],
  ['tdd_workflow_state', 'state_id'],
  ['validation_reports', 'report_id'],
  ['graphile_worker._private_jobs', 'id'],
];

export async function fingerprint(prisma: PrismaClient): Promise<Record<string, string>> {
  const columns = FINGERPRINTED.map(
    ([table, order]) =>
      `(SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t.${order})), '-') FROM ${table} t) AS "${table}"`,
  );
  const [row] = await prisma.$queryRawUnsafe<Array<Record<string, string>>>(`SELECT ${columns.join(', ')}`);
  return row!;
}

export async function expectInvariantsHold(prisma: PrismaClient, suite: string): Promise<void> {
  const violations = await checkInvariants(prisma);
  report(suite, `invariant checker: ${violations.length} violation(s)`);
  expect(violations).toEqual([]);
}

/** Percentiles of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A child process as `diagnosed` prints it: its name, pid and output. */
export function childOutput(name: string, service: ServiceProcess): { name: string; output(): string; pid?: number } {
  return { name, pid: service.child.pid, output: () => service.output() };
}

export async function diagnosed<T>(
  body: () => Promise<T>,
  context: {
    prisma?: () => PrismaClient | undefined;
    children?: () => Array<{ name: string; output(): string; pid?: number }>;
  },
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const parts: string[] = [];
    const prisma = context.prisma?.();
    if (prisma) {
      const tasks = await prisma
        .$queryRawUnsafe<Array<Record<string, unknown>>>(
          `SELECT j.id, t.identifier, j.key, j.attempts, j.max_attempts, j.locked_by, j.locked_at, j.run_at, left(j.last_error, 200) AS last_error
           FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id ORDER BY j.id`,
        )
        .catch((e: unknown) => [{ error: String(e) }]);
      const beats = await prisma
        .$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM worker_heartbeats`)
        .catch((e: unknown) => [{ error: String(e) }]);
      parts.push(
        `queue: ${JSON.stringify(tasks, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}`,
        `heartbeats: ${JSON.stringify(beats, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
    }
    for (const child of context.children?.() ?? [])
      parts.push(`--- ${child.name} (pid ${child.pid}):\n${child.output().slice(-4000)}`);
    if (error instanceof Error) error.message += `\n${parts.join('\n')}`;
    throw error;
  }
}
