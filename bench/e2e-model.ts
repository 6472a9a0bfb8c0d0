// e2e-model: the real LLM author (and the behavioural tests it brings: agent under test and judge) against a fake
// chat-completions server in a process of its own (bench/load/fake-model.ts) that answers every call 250 ms after it
// arrived. 200 jobs with every prompt off, created at once, one worker process with WORKER_CONCURRENCY=64, API without
// an in-process worker. Baseline: the ideal, concurrency / (model calls per job x 250 ms), from the calls the fake
// counted. LLM_SCENARIO_CONCURRENCY=1 so that a job has one call in flight at a time, as the ideal assumes.
// Beside it: `job(id)` latency from this process at a steady rate, idle (before the round) and under the round's load;
// and pg_stat_activity sampled during the round: nothing may hold a connection (or a transaction) over a model call.
import type { AutocannonArgs, AutocannonSummary } from './load/autocannon';
import type { FakeModelArgs, FakeModelCounts } from './load/fake-model';
import { now, sleep, waitFor } from './lib/clock';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { connectClient } from '../harness/pg-connections';
import { createJob, createJobBody, JOB_QUERY, USER_HEADERS } from './lib/graphql';
import { adminQuery } from './lib/postgres';
import { callGaps, describeCallGaps } from './lib/call-gaps';
import { cpuMs } from './lib/cpu-time';
import { busiestStatements, statementCalls, statementCount } from './lib/statement-count';
import { percentile } from './lib/stats';
import { startService } from '../harness/service-process';
import { startLoad } from './lib/load-process';
import { startApiWithoutWorker } from './lib/api';
import { Scope, startAll } from './lib/scope';
import { Checks, makeFigure, type Benchmark, type BenchResult, type Figure } from './lib/types';

const MODEL_DELAY_MS = 250;
const PROBE_RATE_PER_SECOND = 10;
/** The benchmark's own statements (activity samples, status polls, the job(id) probe), left out of the count. */
/** Jobs run before the measured rounds (not counted); BENCH_E2E_MODEL_WARMUP_JOBS sets another number (0: none), for A/B runs. */
function warmupJobs(): number {
  const raw = process.env.BENCH_E2E_MODEL_WARMUP_JOBS ?? '64';
  const jobs = Number(raw);
  if (!Number.isInteger(jobs) || jobs < 0)
    throw new Error(`BENCH_E2E_MODEL_WARMUP_JOBS: "${raw}" is not a whole number`);
  return jobs;
}

const OBSERVER_STATEMENTS = ['pg_stat_activity', 'task_description LIKE', 'Job_events', 'pg_stat_statements'];

/**
 * BENCH_E2E_MODEL_WORKER_ENV="NAME=value NAME=value": settings for the worker process on top of the benchmark's own,
 * for an A/B of one setting (e.g. DATABASE_POOL_SIZE=10) in otherwise equal runs.
 */
function extraWorkerEnv(): Record<string, string> {
  const pairs = (process.env.BENCH_E2E_MODEL_WORKER_ENV ?? '').split(/\s+/).filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`BENCH_E2E_MODEL_WORKER_ENV: "${pair}" is not NAME=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

interface ActivitySample {
  /** Connections of the worker's pools (application_name skills-fleet-worker). */
  connections: number;
  /** ... of which running a statement. */
  active: number;
  idleInTransaction: number;
  /** The longest a connection had been idle in its open transaction, ms (0 when none was). */
  longestIdleInTransactionMs: number;
}

/** Samples the worker's connections in pg_stat_activity every `intervalMs` until stopped. */
function sampleActivity(dbUrl: string, intervalMs: number) {
  const samples: ActivitySample[] = [];
  let stopped = false;
  const done = (async () => {
    const client = await connectClient(dbUrl);
    try {
      while (!stopped) {
        const { rows } = await client.query<{
          connections: string;
          active: string;
          idle_tx: string;
          idle_tx_ms: number | null;
        }>(
          `SELECT count(*) AS connections,
                  count(*) FILTER (WHERE state = 'active') AS active,
                  count(*) FILTER (WHERE state LIKE 'idle in transaction%') AS idle_tx,
                  max(extract(epoch FROM clock_timestamp() - state_change) * 1000)
                    FILTER (WHERE state LIKE 'idle in transaction%')::float8 AS idle_tx_ms
           FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'skills-fleet-worker'`,
        );
        const row = rows[0]!;
        samples.push({
          connections: Number(row.connections),
          active: Number(row.active),
          idleInTransaction: Number(row.idle_tx),
          longestIdleInTransactionMs: row.idle_tx_ms ?? 0,
        });
        await sleep(intervalMs);
      }
    } finally {
      await client.end();
    }
  })();
  return {
    async stop(): Promise<ActivitySample[]> {
      stopped = true;
      await done;
      return samples;
    },
  };
}

/** `job(id)` from this process at a steady rate (open loop: a slow answer does not slow the next request). */
function probeJobQuery(apiUrl: string, jobId: string) {
  const latencies: number[] = [];
  /** ms since the probe started, for each latency: where in the round the slow ones fell. */
  const at: number[] = [];
  const begun = now();
  let failures = 0;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const one = async () => {
    const started = now();
    const response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: USER_HEADERS,
      body: JSON.stringify({ query: JOB_QUERY, variables: { id: jobId, after: 0 } }),
    });
    const body = await response.text();
    if (response.ok && body.includes('"jobId"') && !body.includes('"errors"')) {
      latencies.push(now() - started);
      at.push(started - begun);
    } else failures++;
  };
  const loop = (async () => {
    const interval = 1000 / PROBE_RATE_PER_SECOND;
    let next = now();
    while (!stopped) {
      const request = one().catch(() => void failures++);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
      next += interval;
      await sleep(Math.max(0, next - now()));
    }
  })();
  return {
    async stop(): Promise<{ latencies: number[]; failures: number; slowest: string }> {
      stopped = true;
      await loop;
      await Promise.all(inFlight);
      const slowest = latencies
        .map((ms, i) => ({ ms, at: at[i]! }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((s) => `${s.ms.toFixed(0)} ms at +${(s.at / 1000).toFixed(1)} s`)
        .join(', ');
      return { latencies, failures, slowest };
    },
  };
}

interface RoundOutcome {
  jobsPerSecond: number;
  idealJobsPerSecond: number;
  callsPerJob: number;
  counts: FakeModelCounts;
  activity: ActivitySample[];
  probe: { latencies: number[]; failures: number };
  /** CPU the worker and the API processes used during the round, per job, ms. */
  cpuPerJob: { worker: number; api: number };
}

async function statusCounts(dbUrl: string, tag: string) {
  const rows = await adminQuery<{ status: string; n: string; last: Date | null }>(
    dbUrl,
    `SELECT status::text AS status, count(*) AS n, max(completed_at) AS last FROM jobs WHERE task_description LIKE $1 GROUP BY status`,
    [`%for ${tag}n%`],
  );
  return Object.fromEntries(rows.map((r) => [r.status, { n: Number(r.n), last: r.last }]));
}

export const e2eModel: Benchmark = {
  name: 'e2e-model',
  title: 'Model end to end: the LLM author against a fake model answering in 250 ms',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    const jobs = smoke ? 4 : 200;
    const concurrency = smoke ? 4 : 64;
    const samples = 1;
    const idleSeconds = smoke ? 1 : 5;
    // One round of 200 jobs (the size) is 5,000 model calls; three would take the run past its 20 minutes.
    const rounds = 1;
    const scope = new Scope();
    const checks = new Checks();
    const figures: Figure[] = [];
    try {
      const db = scope.use(await ctx.createDatabase('e2e_model'), (d) => d.drop(), 'database');
      const [model, cannon] = await startAll([
        scope.started(startLoad('fake-model'), 'fake model'),
        scope.started(startLoad('autocannon'), 'autocannon'),
      ]);
      const { url: modelUrl } = await model.call<{ url: string }>('start', {
        delayMs: MODEL_DELAY_MS,
      } satisfies FakeModelArgs);
      const llmEnv = {
        DATABASE_URL: db.url,
        LLM_BASE_URL: `${modelUrl}/v1`,
        LLM_MODEL: 'bench-model',
        LLM_API_KEY: 'bench-key',
        LLM_SCENARIO_SAMPLES: String(samples),
        LLM_SCENARIO_CONCURRENCY: '1',
      };
      const api = await startApiWithoutWorker(scope, db.url, ctx.serviceNodeArgs);
      const worker = await scope.started(
        startService(
          'worker',
          { ...llmEnv, WORKER_CONCURRENCY: String(concurrency), ...extraWorkerEnv() },
          { nodeArgs: ctx.serviceNodeArgs },
        ),
        'worker',
      );
      // The job the probe reads: one finished job with its whole history (run before the measured rounds).
      const probeJob = await createJob(api.url!, 'a skill for writing safe postgres migrations, probed', {
        ...ALL_PROMPTS_OFF,
      });
      await waitFor(
        'the probe job to complete',
        async () => {
          const [row] = await adminQuery<{ status: string }>(
            db.url,
            'SELECT status::text AS status FROM jobs WHERE job_id = $1',
            [probeJob],
          );
          if (row?.status === 'FAILED' || row?.status === 'PENDING_REVIEW')
            throw new Error(`the probe job ended ${row.status}`);
          return row?.status === 'COMPLETED' ? true : undefined;
        },
        120_000,
      );
      // Warm-up: the service's code paths compiled (createSkillJob, every phase, the model calls), as in a service that
      // has been running; measured rounds then start from a warm process, not from its first requests.
      const warmup = smoke ? Math.min(2, warmupJobs()) : warmupJobs();
      if (warmup > 0) {
        const warmed = await cannon.call<AutocannonSummary>('run', {
          url: api.url!,
          connections: Math.min(32, warmup),
          amount: warmup,
          body: createJobBody(`a skill for writing safe postgres migrations for warmupn[<id>]`, { ...ALL_PROMPTS_OFF }),
          headers: USER_HEADERS,
          expect: ['"CreateSkillJobSuccess"'],
          uniqueIds: true,
        } satisfies AutocannonArgs);
        checks.check(
          'every warm-up createSkillJob answered with a job',
          warmed.good === warmup,
          `${warmed.good}/${warmup}`,
        );
        await waitFor(
          `${warmup} warm-up jobs to complete`,
          async () => {
            const counts = await statusCounts(db.url, 'warmup');
            return (counts.COMPLETED?.n ?? 0) >= warmup ? true : undefined;
          },
          120_000,
          500,
        );
      }
      const idleP99: number[] = [];
      const loadP99: number[] = [];
      const outcomes: RoundOutcome[] = [];
      const idleInTransaction: string[] = [];
      for (let round = 1; round <= rounds; round++) {
        const tag = `e2em${round}`;
        // Idle: nothing else runs.
        const idle = probeJobQuery(api.url!, probeJob);
        await sleep(idleSeconds * 1000);
        const idleProbe = await idle.stop();
        checks.check(
          `round ${round}: every idle job(id) answered`,
          idleProbe.failures === 0,
          `${idleProbe.failures} failed`,
        );
        idleP99.push(percentile(idleProbe.latencies, 99));

        await model.call('resetCounts');
        const cpuBefore = { worker: cpuMs(worker.pid), api: cpuMs(api.pid) };
        const statementsBefore = await statementCount(ctx.adminUrl, db.name, OBSERVER_STATEMENTS);
        const callsBefore = await statementCalls(ctx.adminUrl, db.name, OBSERVER_STATEMENTS);
        const activity = sampleActivity(db.url, 100);
        const probe = probeJobQuery(api.url!, probeJob);
        const created = await cannon.call<AutocannonSummary>('run', {
          url: api.url!,
          connections: Math.min(32, jobs),
          amount: jobs,
          body: createJobBody(`a skill for writing safe postgres migrations for ${tag}n[<id>]`, { ...ALL_PROMPTS_OFF }),
          headers: USER_HEADERS,
          expect: ['"CreateSkillJobSuccess"'],
          uniqueIds: true,
        } satisfies AutocannonArgs);
        checks.check(
          `round ${round}: every createSkillJob answered with a job`,
          created.good === jobs,
          `${created.good}/${jobs}`,
        );
        const finished = await waitFor(
          `${jobs} jobs of round ${round} to come to rest`,
          async () => {
            const counts = await statusCounts(db.url, tag);
            const resting = ['COMPLETED', 'FAILED', 'PENDING_REVIEW', 'CANCELLED'].reduce(
              (sum, s) => sum + (counts[s]?.n ?? 0),
              0,
            );
            return resting >= jobs ? counts : undefined;
          },
          smoke ? 120_000 : 600_000,
          // The poll scans the jobs (LIKE on the description): kept rare, it is load on the server measured.
          500,
        );
        const cpu = { worker: cpuMs(worker.pid) - cpuBefore.worker, api: cpuMs(api.pid) - cpuBefore.api };
        const statementsAfter = await statementCount(ctx.adminUrl, db.name, OBSERVER_STATEMENTS);
        if (statementsBefore !== null && statementsAfter !== null)
          ctx.log(
            `round ${round}: ${((statementsAfter - statementsBefore) / jobs).toFixed(1)} statements per job (pg_stat_statements, top-level statements, without the benchmark's own)`,
          );
        const busiest = busiestStatements(
          callsBefore,
          await statementCalls(ctx.adminUrl, db.name, OBSERVER_STATEMENTS),
          jobs,
        );
        if (busiest.length) ctx.log(`round ${round}: calls per job of the busiest statements:\n${busiest.join('\n')}`);
        const probeResult = await probe.stop();
        const samplesSeen = await activity.stop();
        const counts = await model.call<FakeModelCounts>('counts');
        const completed = finished.COMPLETED?.n ?? 0;
        checks.check(`round ${round}: every job COMPLETED`, completed === jobs, JSON.stringify(finished));
        checks.check(
          `round ${round}: the fake model answered every call`,
          counts.failed === 0,
          `${counts.failed} failed`,
        );
        checks.check(
          `round ${round}: every job(id) under load answered`,
          probeResult.failures === 0,
          `${probeResult.failures} failed`,
        );
        const last = finished.COMPLETED?.last?.getTime() ?? created.startedAt;
        const jobsPerSecond = completed / ((last - created.startedAt) / 1000);
        const callsPerJob = counts.total / jobs;
        const idealJobsPerSecond = concurrency / (callsPerJob * (MODEL_DELAY_MS / 1000));
        loadP99.push(percentile(probeResult.latencies, 99));
        ctx.log(
          `round ${round}: job(id) under load, ${probeResult.latencies.length} probes, median ${percentile(probeResult.latencies, 50).toFixed(1)} ms; slowest: ${probeResult.slowest}`,
        );
        outcomes.push({
          jobsPerSecond,
          idealJobsPerSecond,
          callsPerJob,
          counts,
          activity: samplesSeen,
          probe: probeResult,
          cpuPerJob: { worker: cpu.worker / jobs, api: cpu.api / jobs },
        });
        const maxIdleTx = Math.max(0, ...samplesSeen.map((s) => s.idleInTransaction));
        const longestIdleTx = Math.max(0, ...samplesSeen.map((s) => s.longestIdleInTransactionMs));
        const maxConnections = Math.max(0, ...samplesSeen.map((s) => s.connections));
        const longHeld = samplesSeen.filter((s) => s.longestIdleInTransactionMs >= MODEL_DELAY_MS).length;
        // More model calls in flight at once than the worker had connections, all its pools together: those calls
        // held no connection. (Smoke sizes have fewer jobs than pooled connections: nothing to show there.)
        if (!smoke)
          checks.check(
            `round ${round}: more model calls in flight than worker connections`,
            counts.maxInFlight > maxConnections,
            `${counts.maxInFlight} calls in flight at once, at most ${maxConnections} worker connections`,
          );
        idleInTransaction.push(
          `round ${round}: worker connections idle in transaction in ${samplesSeen.filter((s) => s.idleInTransaction > 0).length} of ${samplesSeen.length} samples (at most ${maxIdleTx} at once); longest ${longestIdleTx.toFixed(0)} ms; ${longHeld} samples saw one idle in transaction for ${MODEL_DELAY_MS} ms or more`,
        );
        ctx.log(idleInTransaction.at(-1)!);
        const gaps = describeCallGaps(await callGaps(db.url, tag, concurrency));
        idleInTransaction.push(...gaps.map((line) => `round ${round}: ${line.trim()}`));
        for (const line of gaps) ctx.log(`round ${round}: ${line}`);
        ctx.log(
          `round ${round}: ${jobsPerSecond.toFixed(2)} jobs/s, ideal ${idealJobsPerSecond.toFixed(2)} (${callsPerJob.toFixed(1)} calls/job, at most ${counts.maxInFlight} in flight, held ${counts.meanHeldMs.toFixed(0)} ms); job(id) p99 ${loadP99.at(-1)!.toFixed(1)} ms vs idle ${idleP99.at(-1)!.toFixed(1)} ms; worker CPU ${(cpu.worker / jobs).toFixed(0)} ms/job, API CPU ${(cpu.api / jobs).toFixed(0)} ms/job; worker connections at most ${Math.max(0, ...samplesSeen.map((s) => s.connections))}, idle in transaction in ${samplesSeen.filter((s) => s.idleInTransaction > 0).length} of ${samplesSeen.length} samples (at most ${maxIdleTx} at once)`,
        );
      }
      figures.push(
        makeFigure({
          id: 'jobs_per_second',
          label: `jobs completed per second, WORKER_CONCURRENCY=${concurrency} (baseline: the ideal)`,
          unit: 'jobs/s',
          better: 'higher',
          app: outcomes.map((o) => o.jobsPerSecond),
          baseline: outcomes.map((o) => o.idealJobsPerSecond),
          goal: { kind: 'ratio-at-least', value: 0.8 },
        }),
        makeFigure({
          id: 'model_calls_per_job',
          label: 'model calls per job (counted at the fake model)',
          unit: 'calls',
          better: 'lower',
          app: outcomes.map((o) => o.callsPerJob),
        }),
        makeFigure({
          id: 'job_query_p99',
          label: `job(id) p99 under the load, ${PROBE_RATE_PER_SECOND} req/s (baseline: idle)`,
          unit: 'ms',
          better: 'lower',
          app: loadP99,
          baseline: idleP99,
          goal: { kind: 'ratio-at-most', value: 2 },
        }),
        makeFigure({
          id: 'worker_cpu_per_job',
          label: 'worker process CPU per job (user + system)',
          unit: 'ms',
          better: 'lower',
          app: outcomes.map((o) => o.cpuPerJob.worker),
        }),
        makeFigure({
          id: 'api_cpu_per_job',
          label: 'API process CPU per job (createSkillJob and the job(id) probe included)',
          unit: 'ms',
          better: 'lower',
          app: outcomes.map((o) => o.cpuPerJob.api),
        }),
        makeFigure({
          id: 'worker_connections_max',
          label: `worker database connections, most in one sample (pools of ${concurrency + 4} + ${10})`,
          unit: 'connections',
          better: 'lower',
          app: outcomes.map((o) => Math.max(0, ...o.activity.map((s) => s.connections))),
        }),
      );
      const byPurpose: Record<string, number> = {};
      for (const o of outcomes)
        for (const [k, v] of Object.entries(o.counts.byPurpose)) byPurpose[k] = (byPurpose[k] ?? 0) + v;
      return {
        name: 'e2e-model',
        title: this.title,
        what: `${jobs} jobs per round with every prompt off (createSkillJob from autocannon, 32 connections), the LLM author and the behavioural tests (LLM_SCENARIO_SAMPLES=${samples}, LLM_SCENARIO_CONCURRENCY=1) against a fake chat-completions process answering each call ${MODEL_DELAY_MS} ms after it arrived; one worker process, WORKER_CONCURRENCY=${concurrency}; time from the first request to the last completed_at. job(id) of a finished job from the runner at ${PROBE_RATE_PER_SECOND} req/s, open loop`,
        baseline: `the ideal: WORKER_CONCURRENCY / (model calls per job x ${MODEL_DELAY_MS} ms), calls counted at the fake model in the same round; job(id) p99 idle (${idleSeconds} s before each round)`,
        smoke,
        rounds,
        params: { jobs, concurrency, samples, modelDelayMs: MODEL_DELAY_MS, callsByPurpose: byPurpose },
        figures,
        checks: checks.list,
        notes: [
          'Behavioural tests are on (with a model they always are): a job makes 2 calls per scenario run (agent + judge) besides the author calls; see README "Behavioural tests" for the count.',
          'Idle in transaction counts connections of the worker between statements of an open transaction (pg_stat_activity every 100 ms). A transaction held over a model call would sit so for 250 ms; so does one whose process is starved of CPU between two statements, which is why the check is on calls in flight vs connections.',
          ...idleInTransaction,
        ],
        durationSeconds: (Date.now() - startedAt) / 1000,
      };
    } finally {
      await scope.close(ctx.log);
    }
  },
};
