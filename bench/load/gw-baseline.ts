// Load process for the graphile-worker baselines: `addJob` from N concurrent callers, and a runner with a no-op
// task that reports when each job starts and finishes. The same library, database and queue the app uses, without
// the app.
import { EventEmitter } from 'node:events';
import { Logger, makeWorkerUtils, run, type Runner, type WorkerEvents, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import { now, sleep } from '../lib/clock';
import { serve } from '../lib/ipc';
import { makePlainPool } from '../../harness/pg-connections';

export const NOOP_TASK = 'bench_noop';
const silent = new Logger(() => () => undefined);

let utils: { pool: pg.Pool; utils: WorkerUtils } | null = null;
let runner: { pool: pg.Pool; runner: Runner } | null = null;
const started = new Map<string, number>();
const startWaiters = new Map<string, (at: number) => void>();
let successes: number[] = [];

async function getUtils(connectionString: string, poolSize: number): Promise<WorkerUtils> {
  if (!utils) {
    const pool = makePlainPool({ connectionString, max: poolSize, application_name: 'bench-baseline-add' });
    utils = { pool, utils: await makeWorkerUtils({ pgPool: pool, logger: silent }) };
  }
  return utils.utils;
}

export interface AddJobsArgs {
  connectionString: string;
  callers: number;
  /** Database connections of the adding pool (the API's pool has 10). */
  poolSize: number;
  /** Stop after this long ... */
  durationMs?: number;
  /** ... or after this many jobs. */
  count?: number;
}

export interface AddJobsResult {
  added: number;
  failed: number;
  startedAt: number;
  finishedAt: number;
  perSecond: number;
}

async function addJobs(args: AddJobsArgs): Promise<AddJobsResult> {
  const workerUtils = await getUtils(args.connectionString, args.poolSize);
  let added = 0;
  let failed = 0;
  let issued = 0;
  const startedAt = now();
  const deadline = args.durationMs !== undefined ? startedAt + args.durationMs : Number.POSITIVE_INFINITY;
  const limit = args.count ?? Number.POSITIVE_INFINITY;
  const caller = async () => {
    while (now() < deadline && issued < limit) {
      const n = issued++;
      try {
        await workerUtils.addJob(NOOP_TASK, { n, key: `add-${startedAt}-${n}` });
        // A job added after the deadline is not counted (as autocannon does not count answers after its end).
        if (now() <= deadline) added++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: args.callers }, caller));
  const finishedAt = now();
  const span = Math.min(finishedAt, deadline) - startedAt;
  return { added, failed, startedAt, finishedAt, perSecond: added / (span / 1000) };
}

export interface AddBulkArgs {
  connectionString: string;
  count: number;
  /** Jobs per addJobs call (one transaction each). */
  batch: number;
}

/** Queues `count` jobs with addJobs in batches; the runner(s) may already be running. */
async function addBulk(args: AddBulkArgs): Promise<AddJobsResult> {
  const workerUtils = await getUtils(args.connectionString, 2);
  const startedAt = now();
  let added = 0;
  while (added < args.count) {
    const size = Math.min(args.batch, args.count - added);
    const specs = Array.from({ length: size }, (_, i) => ({ identifier: NOOP_TASK, payload: { n: added + i } }));
    added += (await workerUtils.addJobs(specs)).length;
  }
  const finishedAt = now();
  return { added, failed: 0, startedAt, finishedAt, perSecond: added / ((finishedAt - startedAt) / 1000) };
}

export interface StartRunnerArgs {
  connectionString: string;
  concurrency: number;
  /** The app's runner polls every 1000 ms (and LISTENs for new jobs). */
  pollIntervalMs: number;
}

async function startRunner(args: StartRunnerArgs): Promise<{ ok: true }> {
  if (runner) throw new Error('runner already started');
  const pool = makePlainPool({
    connectionString: args.connectionString,
    max: args.concurrency + 4,
    application_name: 'bench-baseline-runner',
  });
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  events.on('job:start', ({ job }) => {
    const at = now();
    const key = (job.payload as { key?: string } | null)?.key;
    if (!key) return;
    const waiter = startWaiters.get(key);
    if (waiter) {
      startWaiters.delete(key);
      waiter(at);
    } else started.set(key, at);
  });
  events.on('job:success', () => successes.push(now()));
  const instance = await run({
    pgPool: pool,
    concurrency: args.concurrency,
    pollInterval: args.pollIntervalMs,
    noHandleSignals: true,
    logger: silent,
    events,
    taskList: { [NOOP_TASK]: async () => undefined },
  });
  runner = { pool, runner: instance };
  return { ok: true };
}

export interface LatencyArgs {
  connectionString: string;
  samples: number;
}

/** Add-to-start latency, one job at a time (needs startRunner in this process). */
async function latency(args: LatencyArgs): Promise<{ latencies: number[] }> {
  if (!runner) throw new Error('start the runner first');
  const workerUtils = await getUtils(args.connectionString, 2);
  const latencies: number[] = [];
  for (let i = 0; i < args.samples; i++) {
    const key = `lat-${now()}-${i}`;
    const startedAt = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`job ${key} did not start within 10 s`)), 10_000);
      startWaiters.set(key, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
    const t0 = now();
    await workerUtils.addJob(NOOP_TASK, { key });
    const at = await startedAt;
    latencies.push(at - t0);
    // Let the job finish before the next one, as the app side waits for its job to come to rest.
    await sleep(2);
  }
  return { latencies };
}

/** Completions seen by this process's runner since the last reset. */
function completions(): { count: number; first: number | null; last: number | null } {
  return { count: successes.length, first: successes[0] ?? null, last: successes[successes.length - 1] ?? null };
}

async function stop(): Promise<{ ok: true }> {
  if (runner) {
    await runner.runner.stop();
    await runner.pool.end();
    runner = null;
  }
  if (utils) {
    await utils.utils.release();
    await utils.pool.end();
    utils = null;
  }
  return { ok: true };
}

serve({
  addJobs: (args) => addJobs(args as AddJobsArgs),
  addBulk: (args) => addBulk(args as AddBulkArgs),
  startRunner: (args) => startRunner(args as StartRunnerArgs),
  latency: (args) => latency(args as LatencyArgs),
  completions: () => completions(),
  resetCompletions: () => {
    successes = [];
    started.clear();
    return { ok: true };
  },
  stop: () => stop(),
});
