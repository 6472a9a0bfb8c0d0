// e2e-engine: jobs with every prompt off, from `createSkillJob` (autocannon in its own process, 32 connections) to
// COMPLETED, with 1 and 2 worker processes (`main.ts worker`, WORKER_CONCURRENCY=4 each) beside an API without an
// in-process worker. The workers run the instant author (BENCH_AUTHOR=instant: fixed valid content, validated as
// always), so the figure is the engine's: queue, phases, commits, events. Baseline: graphile-worker runner processes
// (same count and concurrency) running a no-op task over jobs queued with addJobs.
import type { AutocannonArgs, AutocannonSummary } from './load/autocannon';
import type { AddBulkArgs, AddJobsResult, StartRunnerArgs } from './load/gw-baseline';
import { waitFor } from './lib/clock';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { createJobBody, USER_HEADERS } from './lib/graphql';
import { adminQuery, statementsByCalls, topStatements } from './lib/postgres';
import { backendCpuBetween, sampleBackendCpu } from './lib/backend-cpu';
import { cpuMs } from './lib/cpu-time';
import { startService } from '../harness/service-process';
import { startLoad, type LoadProcess } from './lib/load-process';
import { startApiWithoutWorker } from './lib/api';
import { Scope, startAll } from './lib/scope';
import { Checks, makeFigure, type Benchmark, type BenchResult, type Figure } from './lib/types';

const CONCURRENCY = 4;

/** CPU ms (user + system) per finished job, by who spent it; where a round's time goes on a shared 2-core host. */
interface CpuPerJob {
  /** The worker processes (app) or the graphile-worker runner processes (baseline), together. */
  workers: number;
  /** The API answering createSkillJob (null for the baseline, which has none). */
  api: number | null;
  /** The database's server processes. */
  postgres: number;
}

/** Samples the CPU of `pids` and of `database`'s backends; the returned function gives the CPU used since, per job. */
async function startCpuCount(
  adminUrl: string,
  database: string,
  workerPids: number[],
  apiPid: number | null,
): Promise<(jobs: number) => Promise<CpuPerJob>> {
  const processes = () => workerPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const workersBefore = processes();
  const apiBefore = apiPid === null ? 0 : cpuMs(apiPid);
  const postgresBefore = await sampleBackendCpu(adminUrl, database);
  return async (jobs) => {
    const postgres = backendCpuBetween(postgresBefore, await sampleBackendCpu(adminUrl, database));
    const perJob = (ms: number) => ms / Math.max(jobs, 1);
    return {
      workers: perJob(processes() - workersBefore),
      api: apiPid === null ? null : perJob(cpuMs(apiPid) - apiBefore),
      postgres: perJob(postgres),
    };
  };
}

interface RoundStatus {
  total: number;
  completed: number;
  other: Record<string, number>;
  lastCompletedAt: number | null;
}

async function roundStatus(url: string, tag: string): Promise<RoundStatus> {
  const rows = await adminQuery<{ status: string; n: string; last: Date | null }>(
    url,
    `SELECT status::text AS status, count(*) AS n, max(completed_at) AS last FROM jobs WHERE task_description LIKE $1 GROUP BY status`,
    [`%for ${tag}n%`],
  );
  const result: RoundStatus = { total: 0, completed: 0, other: {}, lastCompletedAt: null };
  for (const row of rows) {
    const n = Number(row.n);
    result.total += n;
    if (row.status === 'COMPLETED') {
      result.completed = n;
      result.lastCompletedAt = row.last ? row.last.getTime() : null;
    } else result.other[row.status] = n;
  }
  return result;
}

/** One app round: `jobs` createSkillJob calls, then wait until they are all COMPLETED; jobs per second. */
async function appRound(
  cannon: LoadProcess,
  url: string,
  dbUrl: string,
  tag: string,
  jobs: number,
  timeoutMs: number,
  checks: Checks | null,
): Promise<number> {
  const args: AutocannonArgs = {
    url,
    connections: Math.min(32, jobs),
    amount: jobs,
    // The tag and [<id>] make every task, and so every skill name (promotion refuses to overwrite a skill), different.
    body: createJobBody(`a skill for writing safe postgres migrations for ${tag}n[<id>]`, { ...ALL_PROMPTS_OFF }),
    headers: USER_HEADERS,
    expect: ['"CreateSkillJobSuccess"'],
    uniqueIds: true,
  };
  const created = await cannon.call<AutocannonSummary>('run', args);
  checks?.check(
    `${tag}: every createSkillJob answered with a job`,
    created.good === jobs,
    `${created.good}/${jobs}${created.sampleMismatch ? `; e.g. ${created.sampleMismatch}` : ''}`,
  );
  const status = await waitFor(
    `${jobs} jobs of ${tag} to come to rest`,
    async () => {
      const current = await roundStatus(dbUrl, tag);
      const resting =
        current.completed +
        (current.other.PENDING_REVIEW ?? 0) +
        (current.other.FAILED ?? 0) +
        (current.other.CANCELLED ?? 0);
      return resting >= jobs ? current : undefined;
    },
    timeoutMs,
    50,
  ).catch(async (error: unknown) => {
    const current = await roundStatus(dbUrl, tag);
    checks?.check(
      `${tag}: every job COMPLETED`,
      false,
      `${error instanceof Error ? error.message : String(error)}; ${JSON.stringify(current)}`,
    );
    return current;
  });
  if (checks) {
    // The round measured the engine only if the instant author wrote every job (its skill names say so).
    const [instant] = await adminQuery<{ n: string }>(
      dbUrl,
      `SELECT count(*) AS n FROM jobs WHERE task_description LIKE $1 AND skill_name LIKE 'instant-%'`,
      [`%for ${tag}n%`],
    );
    checks.check(
      `${tag}: every job written by the instant author`,
      Number(instant?.n) === jobs,
      `${instant?.n}/${jobs}`,
    );
  }
  const ok = status.completed === jobs && status.total === jobs;
  if (checks && ok) checks.check(`${tag}: every job COMPLETED`, true, `${status.completed}/${jobs}`);
  else if (checks && status.completed + Object.values(status.other).reduce((a, b) => a + b, 0) >= jobs) {
    checks.check(
      `${tag}: every job COMPLETED`,
      false,
      `${status.completed}/${jobs} completed, others ${JSON.stringify(status.other)}`,
    );
  }
  if (!status.lastCompletedAt) return 0;
  return status.completed / ((status.lastCompletedAt - created.startedAt) / 1000);
}

/**
 * Statements `database` ran so far (pg_stat_statements, `--statements`): all of them, and those sent by a client
 * (top level: not the foreign-key checks and trigger statements run inside them); null without the extension.
 */
async function statementsRun(adminUrl: string, database: string): Promise<{ all: number; topLevel: number } | null> {
  try {
    const [row] = await adminQuery<{ calls: string | null; top: string | null }>(
      adminUrl,
      `SELECT sum(s.calls) AS calls, sum(s.calls) FILTER (WHERE s.toplevel) AS top
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1`,
      [database],
    );
    return row?.calls ? { all: Number(row.calls), topLevel: Number(row.top) } : null;
  } catch {
    return null;
  }
}

/** One baseline round: queue `jobs` no-op jobs, wait until the runners finished them all; jobs per second. */
async function baselineRound(
  adder: LoadProcess,
  runners: LoadProcess[],
  dbUrl: string,
  jobs: number,
  timeoutMs: number,
  checks: Checks | null,
  label: string,
): Promise<number> {
  for (const runner of runners) await runner.call('resetCompletions');
  const added = await adder.call<AddJobsResult>('addBulk', {
    connectionString: dbUrl,
    count: jobs,
    batch: 500,
  } satisfies AddBulkArgs);
  const done = await waitFor(
    `${jobs} baseline jobs`,
    async () => {
      const counts = await Promise.all(
        runners.map((runner) => runner.call<{ count: number; last: number | null }>('completions')),
      );
      const total = counts.reduce((sum, c) => sum + c.count, 0);
      return total >= jobs ? { total, last: Math.max(...counts.map((c) => c.last ?? 0)) } : undefined;
    },
    timeoutMs,
    20,
  );
  checks?.check(
    `${label}: every baseline job ran once`,
    done.total === jobs && added.added === jobs,
    `${done.total} ran, ${added.added} added`,
  );
  return done.total / ((done.last - added.startedAt) / 1000);
}

function describeCpu(cpu: CpuPerJob): string {
  const parts = [`workers ${cpu.workers.toFixed(2)} ms`, `PostgreSQL ${cpu.postgres.toFixed(2)} ms`];
  if (cpu.api !== null) parts.push(`API ${cpu.api.toFixed(2)} ms`);
  return parts.join(', ');
}

export const e2eEngine: Benchmark = {
  name: 'e2e-engine',
  title: 'Engine end to end: createSkillJob to COMPLETED, no prompts, instant author',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    const workerCounts = [1, 2];
    const appJobs = smoke ? 4 : 200;
    const baseJobs = smoke ? 50 : 3000;
    // Enough for the phases' code to be optimised in each new worker process (the baseline warms up with 500 no-op jobs).
    const warmApp = smoke ? 0 : 200;
    const warmBase = smoke ? 0 : 500;
    const scope = new Scope();
    const checks = new Checks();
    const figures: Figure[] = [];
    try {
      const db = scope.use(await ctx.createDatabase('e2e_engine'), (d) => d.drop(), 'database');
      const [api, cannon, adder] = await startAll([
        startApiWithoutWorker(scope, db.url, ctx.serviceNodeArgs),
        scope.started(startLoad('autocannon'), 'autocannon'),
        scope.started(startLoad('gw-baseline'), 'baseline adder'),
      ]);
      const app = new Map<number, number[]>();
      const base = new Map<number, number[]>();
      const appCpu = new Map<number, CpuPerJob[]>();
      const baseCpu = new Map<number, CpuPerJob[]>();
      // The app: worker processes are added one by one (1, then 2), each time after a warm-up round. Only one
      // side runs at a time: an idle graphile-worker runner still wakes up on every job inserted by the other side.
      {
        const workers = new Scope();
        const workerPids: number[] = [];
        try {
          for (const count of workerCounts) {
            while (workers.size < count) {
              const worker = await startService(
                'worker',
                { DATABASE_URL: db.url, WORKER_CONCURRENCY: String(CONCURRENCY), BENCH_AUTHOR: 'instant' },
                { nodeArgs: ctx.serviceNodeArgs },
              );
              workers.use(worker, () => worker.stop(), 'worker');
              workerPids.push(worker.pid);
            }
            if (warmApp > 0) {
              ctx.log(`${count} worker process(es): warm-up`);
              await appRound(cannon, api.url!, db.url, `e2ew${count}warm`, warmApp, 120_000, null);
            }
            const rates: number[] = [];
            const cpu: CpuPerJob[] = [];
            for (let round = 1; round <= ctx.rounds; round++) {
              const cpuSince = await startCpuCount(ctx.adminUrl, db.name, workerPids, api.pid);
              const rate = await appRound(cannon, api.url!, db.url, `e2ew${count}r${round}`, appJobs, 300_000, checks);
              cpu.push(await cpuSince(appJobs));
              rates.push(rate);
              ctx.log(
                `${count} worker(s), round ${round}: ${rate.toFixed(2)} jobs/s; CPU per job ${describeCpu(cpu.at(-1)!)}`,
              );
            }
            app.set(count, rates);
            appCpu.set(count, cpu);
          }
        } finally {
          await workers.close(ctx.log);
        }
      }
      // With --statements: what the app side cost in statements (every process: API, workers, their sweeps).
      const statements = await statementsRun(ctx.adminUrl, db.name);
      if (statements !== null) {
        const jobsRun = workerCounts.length * (warmApp + ctx.rounds * appJobs);
        const perJob = (n: number) => (n / jobsRun).toFixed(1);
        ctx.log(
          `app side: ${statements.all} statements for ${jobsRun} jobs, ${perJob(statements.all)} per job, of them sent by a client ${perJob(statements.topLevel)} per job`,
        );
        // Which statements make up that count (before the baseline adds its own to the same database).
        const lists = [
          ['calls', statementsByCalls],
          ['execution time', topStatements],
        ] as const;
        for (const [order, list] of lists) {
          ctx.log(`by ${order}:`);
          for (const s of await list(ctx.adminUrl, db.name, 30)) {
            ctx.log(
              `  ${(s.calls / jobsRun).toFixed(2).padStart(6)} per job, executing ${((s.totalMs / jobsRun) * 1000).toFixed(0).padStart(5)} us, planning ${((s.planMs / jobsRun) * 1000).toFixed(0).padStart(4)} us per job ${s.topLevel ? 'client' : 'nested'}  ${s.query.slice(0, 120)}`,
            );
          }
        }
      }
      // The baseline: runner processes with the same concurrency, added the same way.
      {
        const runners: LoadProcess[] = [];
        const scopeRunners = new Scope();
        try {
          for (const count of workerCounts) {
            while (runners.length < count) {
              const runner = await startLoad('gw-baseline');
              scopeRunners.use(
                runner,
                async () => {
                  await runner.call('stop').catch(() => undefined);
                  await runner.stop();
                },
                'runner',
              );
              runners.push(runner);
              await runner.call('startRunner', {
                connectionString: db.url,
                concurrency: CONCURRENCY,
                pollIntervalMs: 1000,
              } satisfies StartRunnerArgs);
            }
            if (warmBase > 0) await baselineRound(adder, runners, db.url, warmBase, 120_000, null, 'warm-up');
            const rates: number[] = [];
            const cpu: CpuPerJob[] = [];
            for (let round = 1; round <= ctx.rounds; round++) {
              const cpuSince = await startCpuCount(
                ctx.adminUrl,
                db.name,
                runners.map((runner) => runner.pid),
                null,
              );
              const rate = await baselineRound(
                adder,
                runners,
                db.url,
                baseJobs,
                300_000,
                checks,
                `baseline w${count} r${round}`,
              );
              cpu.push(await cpuSince(baseJobs));
              rates.push(rate);
              ctx.log(
                `${count} runner(s), round ${round}: baseline ${rate.toFixed(0)} jobs/s; CPU per job ${describeCpu(cpu.at(-1)!)}`,
              );
            }
            base.set(count, rates);
            baseCpu.set(count, cpu);
          }
        } finally {
          await scopeRunners.close(ctx.log);
        }
      }
      for (const count of workerCounts) {
        figures.push(
          makeFigure({
            id: `jobs_per_second_${count}w`,
            label: `jobs completed per second, ${count} worker process${count > 1 ? 'es' : ''}`,
            unit: 'jobs/s',
            better: 'higher',
            app: app.get(count) ?? [],
            baseline: base.get(count) ?? [],
            goal: { kind: 'ratio-at-least', value: 0.1 },
          }),
        );
      }
      // Where the time goes: on 2 shared cores a round is bound by the CPU every process spends per job.
      for (const count of workerCounts) {
        const plural = count > 1 ? 'es' : '';
        const app = appCpu.get(count) ?? [];
        const base = baseCpu.get(count) ?? [];
        const cpuFigure = (side: keyof CpuPerJob, label: string) => {
          const ms = (rounds: CpuPerJob[]) => rounds.flatMap((c) => (c[side] === null ? [] : [c[side]]));
          const baseline = ms(base);
          return makeFigure({
            id: `${side}_cpu_per_job_${count}w`,
            label: `CPU per job of ${label}, user + system`,
            unit: 'ms',
            better: 'lower',
            app: ms(app),
            baseline: baseline.length > 0 ? baseline : null,
          });
        };
        figures.push(
          cpuFigure('workers', `the ${count} worker process${plural} (baseline: the runner process${plural})`),
          cpuFigure('postgres', `the database's PostgreSQL backends, ${count} worker process${plural}`),
          cpuFigure('api', `the API (createSkillJob), ${count} worker process${plural}`),
        );
      }
      return {
        name: 'e2e-engine',
        title: this.title,
        what: `${appJobs} jobs per round with every prompt off (createSkillJob from autocannon, up to 32 connections, unique task per job) until all are COMPLETED; time from the first request to the last completed_at; 1 and 2 worker processes (main.ts worker, WORKER_CONCURRENCY=${CONCURRENCY}), API without in-process worker`,
        baseline: `${baseJobs} no-op graphile-worker jobs per round queued with addJobs (batches of 500) to 1 and 2 runner processes (concurrency ${CONCURRENCY}, pollInterval 1000 ms), from queueing to the last job:success`,
        smoke,
        rounds: ctx.rounds,
        params: { workerCounts, concurrency: CONCURRENCY, appJobs, baseJobs, warmApp, warmBase },
        figures,
        checks: checks.list,
        notes: [
          'A job here runs 7 phases (one graphile-worker task running them one after the other; the first reads its snapshot, each commits in one statement, PROMOTION in a transaction; ~15 events per job) with the instant author (fixed content, validated as always); a baseline job is one no-op task.',
        ],
        durationSeconds: (Date.now() - startedAt) / 1000,
      };
    } finally {
      await scope.close(ctx.log);
    }
  },
};
