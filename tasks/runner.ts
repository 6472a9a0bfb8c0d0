// Starts a graphile-worker runner with our tasks, a heartbeat and the stale-worker sweep. Used by the worker entry
// and, in-process, by the API entry (RUN_WORKER=true).
import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import { ADVANCE_SKILL_JOB, HITL_TIMEOUT } from '../resolvers/queue/contracts';
import type { Services } from '../resolvers/services';
import { isConnectionError } from '../prisma/connection-errors';
import { makeDatabaseOutage, type DatabaseOutage } from '../resolvers/database-outage';
import { foldJobStatusChanges, foldPendingPromptChanges } from '../resolvers/metric-counts';
import { failAbandonedJobs, readableMessage } from '../resolvers/workflow/failures';
import { makeAdvanceSkillJobTask } from './advance-skill-job';
import { startHeartbeat, type Heartbeat } from './heartbeat';
import { purgeExpiredEvents } from '../resolvers/jobs/event-retention';
import { makeHitlTimeoutTask } from './hitl-timeout';
import { measured } from './measured';

export interface WorkerOptions {
  pool: pg.Pool;
  concurrency: number;
  heartbeatSeconds: number;
  staleSeconds: number;
  /** How often idle workers look for jobs whose run_at arrived (ms); a sweep that releases jobs wakes them at once. */
  pollIntervalMs?: number;
  /** Where lost database connections are reported (main.ts shares one per process). */
  outage?: DatabaseOutage;
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

function workerLogger(services: Services, outage: DatabaseOutage): WorkerLogger {
  const log = services.logger.child({ component: 'graphile-worker' });
  return new WorkerLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    // Its listener and pool retry on their own; a lost database is reported once, by the outage, not per retry.
    if ((level === 'error' || level === 'warning') && isConnectionError(meta?.error ?? { message }))
      outage.failed('graphile-worker', meta?.error ?? new Error(message));
    else if (level === 'error') log.error(fields, message);
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

  const outage = options.outage ?? makeDatabaseOutage(services.logger);
  const pgPool = toleratingDoubleRelease(options.pool);
  // Before run(): the liveness lock tags the pool's connections, graphile-worker's included (./liveness-lock.ts).
  const heartbeat = await startHeartbeat({
    pool: options.pool,
    intervalSeconds: options.heartbeatSeconds,
    staleSeconds: options.staleSeconds,
    graphileWorkerIds: () => [...claimedIds],
    logger: services.logger,
    outage,
    onTakeOver: (jobs) => services.metrics.workersRecovered(jobs),
    afterSweep: async () => {
      await failAbandonedJobs(services, options.staleSeconds);
      // Keeps the metrics' change log short when nothing scrapes /metrics (see resolvers/metric-counts.ts).
      await foldJobStatusChanges(services.prisma);
      await foldPendingPromptChanges(services.prisma);
      await purgeExpiredEvents(services); // EVENT_RETENTION_DAYS (resolvers/jobs/event-retention.ts)
    },
  });
  const start = async () => {
    const started = await run({
      events,
      pgPool,
      concurrency: options.concurrency,
      taskList: makeTaskList(services),
      noHandleSignals: true,
      pollInterval: options.pollIntervalMs ?? 1000,
      logger: workerLogger(services, outage),
      // Batched releases: a failed one reaches the pool's error handler (and the supervisor below) instead of
      // crashing the process (see RELIABILITY.md, bug 1).
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    return { runner: started, poolId: createdPoolId };
  };

  let started: Awaited<ReturnType<typeof start>>;
  try {
    started = await start();
  } catch (error) {
    await heartbeat.stop();
    throw error;
  }
  let { runner, poolId } = started;
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
    const message = 'the job runner stopped on its own; starting a new one';
    if (isConnectionError(error)) {
      outage.failed('job runner', error);
      services.logger.debug({ error: readableMessage(error) }, message);
    } else services.logger.error({ err: error ?? undefined }, message);
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
        // Claim the new runner's ids now, not at the next beat: if this process dies, its jobs move at once.
        void heartbeat.beat();
        outage.succeeded('job runner');
        services.logger.info({ attempt: attempt + 1 }, 'job runner restarted');
        return;
      } catch (startError) {
        if (isConnectionError(startError)) outage.failed('job runner', startError);
        else
          services.logger.warn({ err: startError, attempt: attempt + 1 }, 'starting a new job runner failed; retrying');
      }
    }
  };
  supervise(runner, poolId);

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
