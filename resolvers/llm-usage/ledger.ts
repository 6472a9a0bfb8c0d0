// The accounting of model calls: one llm_calls row per request (tokens from the response's usage, latency), the
// LLM metrics, and the per-job budget checked before each request. Usage is written as it happens, outside the
// phase's commit: the tokens were spent whether or not the phase's output is later committed. The rows of calls
// that end at about the same time are written by one statement (../group-commit.ts): a worker running 64 jobs
// answers ~250 calls a second, and one INSERT through Prisma each was a quarter of its statements.
import { Prisma, rawRows, type PrismaClient } from '../../prisma/database';
import type { Metrics } from '../metrics';
import { groupCommit, written, type ItemOutcome } from '../group-commit';
import { currentPhase } from './scope';
import { LlmBudgetExceeded, type LlmCallRecord, type UsageSink } from './sink';
import { tokensSpent } from './totals';

/** An llm_calls row as the statement takes it (jsonb_to_recordset's column names). */
interface CallRow {
  job_id: string | null;
  phase: string | null;
  purpose: string;
  model: string;
  outcome: string;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
  /** When the call ended, not when its batch was written. */
  created_at: string;
}

async function insertCalls(prisma: PrismaClient, rows: CallRow[]): Promise<Array<ItemOutcome<void>>> {
  await rawRows(
    prisma,
    Prisma.sql`
    INSERT INTO llm_calls (job_id, phase, purpose, model, outcome, prompt_tokens, completion_tokens, latency_ms, created_at)
    SELECT r.job_id, r.phase, r.purpose, r.model, r.outcome, r.prompt_tokens, r.completion_tokens, r.latency_ms, r.created_at
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(job_id uuid, phase workflow_phase, purpose text, model text,
      outcome text, prompt_tokens int, completion_tokens int, latency_ms int, created_at timestamptz)`,
  );
  return rows.map(() => written(undefined));
}

/**
 * The writes of each job not yet settled, and the first of them that failed. A model call does not wait for its row
 * (one round trip per call, 25 per job, was a tenth of a job's time between calls on e2e-model); the phase's commit
 * and the budget check wait for the job's rows instead (workflow/advance.ts, beforeCall), so a committed phase has its
 * calls written and the budget sees every call, as when each call waited.
 */
function pendingWrites() {
  const pending = new Map<string, Set<Promise<void>>>();
  const failed = new Map<string, unknown>();
  return {
    track(jobId: string, write: Promise<void>): void {
      const writes = pending.get(jobId) ?? new Set<Promise<void>>();
      pending.set(jobId, writes);
      const tracked: Promise<void> = write
        .catch((error: unknown) => {
          if (!failed.has(jobId)) failed.set(jobId, error);
        })
        .finally(() => {
          writes.delete(tracked);
          if (writes.size === 0 && pending.get(jobId) === writes) pending.delete(jobId);
        });
      writes.add(tracked);
    },
    async settled(jobId: string): Promise<void> {
      const writes = pending.get(jobId);
      if (writes) await Promise.all([...writes]);
      if (!failed.has(jobId)) return;
      const error = failed.get(jobId);
      failed.delete(jobId);
      throw error;
    },
  };
}

export function makeLlmLedger(prisma: PrismaClient, metrics: Metrics, maxTokensPerJob?: number): UsageSink {
  const calls = groupCommit<CallRow, void>((rows) => insertCalls(prisma, rows));
  const writes = pendingWrites();
  return {
    async beforeCall(jobId) {
      if (maxTokensPerJob === undefined || jobId === undefined) return;
      await writes.settled(jobId);
      const spent = await tokensSpent(prisma, jobId);
      if (spent >= maxTokensPerJob) throw new LlmBudgetExceeded(spent, maxTokensPerJob);
    },
    settled: (jobId) => writes.settled(jobId),
    record(call: LlmCallRecord) {
      metrics.llmCall?.(call);
      const write = calls.write({
        job_id: call.jobId ?? null,
        phase: currentPhase(),
        purpose: call.purpose,
        model: call.model,
        outcome: call.outcome,
        prompt_tokens: call.promptTokens,
        completion_tokens: call.completionTokens,
        latency_ms: call.latencyMs,
        created_at: new Date().toISOString(),
      });
      if (call.jobId !== undefined) writes.track(call.jobId, write);
      return write;
    },
  };
}
