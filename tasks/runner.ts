// Starts a graphile-worker runner with our tasks, a heartbeat and the stale-worker sweep. Used by the worker entry
// and, in-process, by the API entry (RUN_WORKER=true).
import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import { ADVANCE_SKILL_JOB, HITL_TIMEOUT } from '../resolvers/task-contracts';
import type { Services } from '../resolvers/services';
import { makeAdvanceSkillJobTask } from './advance-skill-job';
import { startHeartbeat, type Heartbeat } from './heartbeat';
import { makeHitlTimeoutTask } from './hitl-timeout';

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
    [ADVANCE_SKILL_JOB]: makeAdvanceSkillJobTask(services),
    [HITL_TIMEOUT]: makeHitlTimeoutTask(services),
  };
}

function workerLogger(services: Services): WorkerLogger {
  const log = services.logger.child({ component: 'graphile-worker' });
  return new WorkerLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else if (level === 'info') log.debug(fields, message); // per-job chatter: debug, not info
    else log.trace(fields, message);
  });
}

export async function startWorker(services: Services, options: WorkerOptions): Promise<WorkerHandle> {
  const workerIds = new Set<string>();
  // Listen before run() creates the workers, so every worker id is known to the heartbeat.
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
  events.on('worker:release', ({ worker }) => workerIds.delete(worker.workerId));
  const runner = await run({
    events,
    pgPool: options.pool,
    concurrency: options.concurrency,
    taskList: makeTaskList(services),
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 1000,
    logger: workerLogger(services),
  });
  const heartbeat = startHeartbeat({
    pool: options.pool,
    intervalSeconds: options.heartbeatSeconds,
    staleSeconds: options.staleSeconds,
    graphileWorkerIds: () => [...workerIds],
    logger: services.logger,
  });
  await heartbeat.beat();
  let stopping: Promise<void> | undefined;
  return {
    runner,
    heartbeat,
    stop() {
      stopping ??= (async () => {
        await runner.stop();
        await heartbeat.stop();
      })();
      return stopping;
    },
  };
}
