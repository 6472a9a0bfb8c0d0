// Starts a graphile-worker runner with our tasks, a heartbeat and the stale-worker sweep. Used by the worker entry
// and, in-process, by the API entry (RUN_WORKER=true).
import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import { ADVANCE_SKILL_JOB, HITL_TIMEOUT } from '../resolvers/queue/contracts';
import type { Services } from '../resolvers/services';
import { foldJobStatusChanges, foldPendingPromptChanges } from '../resolvers/metric-counts';
import { failAbandonedJobs } from '../resolvers/workflow/failures';
import { makeAdvanceSkillJobTask } from './advance-skill-job';
import { startHeartbeat, type Heartbeat } from './heartbeat';
import { makeHitlTimeoutTask } from './hitl-timeout';
import { measured } from './measured';

export interface WorkerOptions {
  pool: pg.Pool;
  concurrency: number;
  heartbeatSeconds: number;
  staleSeconds: number;
  /** How often idle workers look for jobs whose run_at arrived or that a sweep released (ms). */
  pollIntervalMs?: number;
}

export interface WorkerHandle {
  runner: Runner;
  heartbeat: Heartbeat;
  /** Stops taking jobs, waits for running ones to finish, removes the heartbeat. */
  stop(): Promise<void>;
}

export function makeTaskList(services: Services): TaskList {
  return {
    [ADVANCE_SKILL_JOB]: measured(services.metrics, ADVANCE_SKILL_JOB, makeAdvanceSkillJobTask(services)),
    [HITL_TIMEOUT]: measured(services.metrics, HITL_TIMEOUT, makeHitlTimeoutTask(services)),
  };
}

function workerLogger(services: Services): WorkerLogger {
  const log = services.logger.child({ component: 'graphile-worker' });
  return new WorkerLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else if (level === 'info')
      log.debug(fields, message); // per-job chatter: debug, not info
    else log.trace(fields, message);
  });
}

/**
 * How long a graphile-worker pool whose shutdown work is done (its workers stopped, the jobs it could not finish
 * handed back) may take to settle before it is counted as finished. See `startWorker`.
 */
const POOL_SETTLE_MS = 2_000;

export async function startWorker(services: Services, options: WorkerOptions): Promise<WorkerHandle> {
  // The ids our heartbeat claims: the pool ids too, graphile-worker 0.17 locks jobs with them (see RELIABILITY.md,
  // bug 2). Listen before run() creates the pool, so every id is known to the heartbeat.
  const claimedIds = new Set<string>();
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  let createdPoolId = '';
  events.on('pool:create', ({ workerPool }) => {
    claimedIds.add(workerPool.id);
    createdPoolId = workerPool.id;
  });
  events.on('pool:release', ({ workerPool }) => claimedIds.delete(workerPool.id));
  events.on('worker:create', ({ worker }) => claimedIds.add(worker.workerId));
  events.on('worker:release', ({ worker }) => claimedIds.delete(worker.workerId));
  // Emitted once a shutting-down pool has nothing left running; its remaining bookkeeping can hang for ever, so such
  // a pool counts as finished POOL_SETTLE_MS later (see RELIABILITY.md, bug 8).
  const shutdownWork = new Map<string, { done: Promise<void>; finish: () => void }>();
  const shutdownWorkOf = (poolId: string) => {
    let work = shutdownWork.get(poolId);
    if (!work) {
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      work = { done, finish };
      shutdownWork.set(poolId, work);
    }
    return work;
  };
  const markWorkDone = ({ workerPool }: { workerPool: { id: string } }) => shutdownWorkOf(workerPool.id).finish();
  events.on('pool:gracefulShutdown:complete', markWorkDone);
  events.on('pool:forcefulShutdown:complete', markWorkDone);
  events.on('pool:forcefulShutdown:error', markWorkDone);
  /** Resolves when the pool settles, or POOL_SETTLE_MS after its shutdown work is done (then with `'hung'`). */
  const ended = (current: Runner, poolId: string): Promise<{ error: unknown } | 'hung'> => {
    const settled = current.promise.then(
      () => ({ error: null }),
      (error: unknown) => ({ error }),
    );
    const hung = shutdownWorkOf(poolId).done.then(
      () => new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), POOL_SETTLE_MS).unref()),
    );
    return Promise.race([settled, hung]).finally(() => shutdownWork.delete(poolId));
  };

  const pgPool = toleratingDoubleRelease(options.pool);
  const start = async () => {
    const started = await run({
      events,
      pgPool,
      concurrency: options.concurrency,
      taskList: makeTaskList(services),
      noHandleSignals: true,
      pollInterval: options.pollIntervalMs ?? 1000,
      logger: workerLogger(services),
      // Batched releases: a failed one reaches the pool's error handler (and the supervisor below) instead of
      // crashing the process (see RELIABILITY.md, bug 1).
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    return { runner: started, poolId: createdPoolId };
  };

  let { runner, poolId } = await start();
  let stopping: Promise<void> | undefined;
  let cancelDelay: (() => void) | null = null;
  // A runner that stops on its own is replaced, with backoff, until a new one starts; the sweep releases the jobs
  // it still had locked (see RELIABILITY.md, bug 1).
  const supervise = (current: Runner, currentPoolId: string) => {
    void ended(current, currentPoolId).then((end) => {
      if (end === 'hung') {
        if (stopping || current !== runner) return;
        services.logger.warn(
          { poolId: currentPoolId },
          'the job runner finished its work but not its shutdown (graphile-worker 0.17); counting it as stopped',
        );
        claimedIds.delete(currentPoolId);
        return replace(current, new Error('the job runner did not finish its shutdown'));
      }
      return replace(current, end.error);
    });
  };
  const replace = async (current: Runner, error: unknown) => {
    if (stopping || current !== runner) return;
    services.logger.error({ err: error ?? undefined }, 'the job runner stopped on its own; starting a new one');
    for (let attempt = 0; !stopping; attempt++) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt));
        cancelDelay = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      cancelDelay = null;
      if (stopping) return;
      try {
        const next = await start();
        if (stopping) {
          await next.runner.stop().catch(() => undefined);
          return;
        }
        ({ runner, poolId } = next);
        supervise(runner, poolId);
        services.logger.info({ attempt: attempt + 1 }, 'job runner restarted');
        return;
      } catch (startError) {
        services.logger.warn({ err: startError, attempt: attempt + 1 }, 'starting a new job runner failed; retrying');
      }
    }
  };
  supervise(runner, poolId);

  const heartbeat = startHeartbeat({
    pool: options.pool,
    intervalSeconds: options.heartbeatSeconds,
    staleSeconds: options.staleSeconds,
    graphileWorkerIds: () => [...claimedIds],
    logger: services.logger,
    afterSweep: async () => {
      await failAbandonedJobs(services, options.staleSeconds);
      // Keeps the metrics' change log short when nothing scrapes /metrics (see resolvers/metric-counts.ts).
      await foldJobStatusChanges(services.prisma);
      await foldPendingPromptChanges(services.prisma);
    },
  });
  await heartbeat.beat();
  return {
    get runner() {
      return runner;
    },
    heartbeat,
    stop() {
      stopping ??= (async () => {
        cancelDelay?.();
        // Our own shutdown can meet the same hang (stopping while PostgreSQL is away): bounded the same way.
        const stopped = runner
          .stop()
          .catch((error: unknown) => services.logger.warn({ err: error }, 'the job runner did not stop cleanly'));
        await Promise.race([stopped, ended(runner, poolId)]);
        await heartbeat.stop();
      })();
      return stopping;
    },
  };
}

/**
 * The pool graphile-worker uses, where releasing a client a second time is a no-op: graphile-worker 0.17 can release
 * its LISTEN client twice, and the second release crashed the process (see RELIABILITY.md, bug 7).
 */
export function toleratingDoubleRelease(pool: pg.Pool): pg.Pool {
  type Done = (release?: unknown) => void;
  type Callback = (error: Error | undefined, client: pg.PoolClient | undefined, done: Done) => void;
  const guard = (client: pg.PoolClient): Done => {
    const release = client.release.bind(client) as Done;
    let released = false;
    const once: Done = (error) => {
      if (released) return;
      released = true;
      release(error);
    };
    client.release = once as pg.PoolClient['release'];
    return once;
  };
  const connect = pool.connect.bind(pool) as (callback?: Callback) => Promise<pg.PoolClient> | void;
  const guarded = (callback?: Callback) => {
    if (!callback) return (connect() as Promise<pg.PoolClient>).then((client) => (guard(client), client));
    connect((error, client, done) =>
      error || !client ? callback(error, client, done) : callback(error, client, guard(client)),
    );
    return undefined;
  };
  pool.connect = guarded as pg.Pool['connect'];
  return pool;
}
