// Crash recovery. graphile-worker keeps a dead worker's jobs locked for 4 hours; we do better in two ways, run from
// every live worker process:
// - each process holds a liveness lock (./liveness-lock.ts) that PostgreSQL frees the instant the process dies; a
//   sweep every SWEEP_MS takes over the jobs of workers whose lock is free, so a SIGKILLed worker's job moves within
//   about a second;
// - each process records a heartbeat every `intervalSeconds`; a worker silent for `staleSeconds` (alive but hung, or
//   one that died while PostgreSQL was away and no lock can tell) is dead too, and its jobs are released.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { isConnectionError } from '../prisma/connection-errors';
import { makeDatabaseOutage, type DatabaseOutage } from '../resolvers/database-outage';
import type { Logger } from '../resolvers/logger';
import { findDeadWorkers, findStaleWorkers, releaseJobsOf } from '../resolvers/queue/worker-tables';
import { takeLivenessLock, type LivenessLock } from './liveness-lock';

/** How often the cheap dead-worker sweep runs (a read of pg_locks and the heartbeats). */
export const SWEEP_MS = 500;

export interface HeartbeatOptions {
  pool: pg.Pool;
  intervalSeconds: number;
  staleSeconds: number;
  /** The graphile-worker worker ids running in this process (read at each beat). */
  graphileWorkerIds: () => string[];
  logger: Logger;
  /** Where lost connections are reported (one line per outage); a tracker of its own when not given. */
  outage?: DatabaseOutage;
  /** Runs after each beat's sweep (the runner fails jobs whose last attempt died with its worker). */
  afterSweep?: () => Promise<unknown>;
  /** Called with the number of skill jobs taken over from dead workers, when there were any. */
  onTakeOver?: (jobs: number) => void;
}

export interface Heartbeat {
  processId: string;
  /** Runs one beat and one sweep now (used at start, when the claimed ids change, and by tests). */
  beat(): Promise<void>;
  /** Runs one dead-worker sweep now. */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHeartbeat(options: HeartbeatOptions): Promise<Heartbeat> {
  const { pool, logger } = options;
  const outage = options.outage ?? makeDatabaseOutage(logger);
  const processId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const lock: LivenessLock = await takeLivenessLock(pool);
  let beating: Promise<void> | undefined;
  let again = false;
  let sweeping: Promise<void> | undefined;
  let stopped = false;

  const failed = (what: string, error: unknown) => {
    if (isConnectionError(error)) outage.failed(what, error);
    else logger.warn({ err: error }, `${what} failed`);
  };

  const takeOver = async (ids: string[], why: string) => {
    if (ids.length === 0) return;
    const jobs = await releaseJobsOf(pool, ids);
    if (jobs > 0) options.onTakeOver?.(jobs);
    logger.warn({ workerIds: ids, jobs }, why);
  };

  async function beatOnce(): Promise<void> {
    const held = await lock.ensure();
    await pool.query(
      `INSERT INTO worker_heartbeats
         (worker_id, pid, hostname, graphile_worker_ids, last_seen_at, liveness_lock_key, liveness_locked_at, application_name)
       VALUES ($1, $2, $3, $4, now(), $5, $6, $7)
       ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now(), graphile_worker_ids = EXCLUDED.graphile_worker_ids,
         liveness_lock_key = EXCLUDED.liveness_lock_key, liveness_locked_at = EXCLUDED.liveness_locked_at`,
      [processId, process.pid, os.hostname(), options.graphileWorkerIds(), held.key, held.lockedAt, lock.tag],
    );
    outage.succeeded('worker heartbeat');
    await takeOver(
      await findStaleWorkers(pool, options.staleSeconds),
      'released the jobs of workers that stopped sending heartbeats',
    );
    await options.afterSweep?.();
  }

  // One beat at a time; a beat asked for while one runs (new claimed ids) runs right after it.
  const beat = (): Promise<void> => {
    if (beating) {
      again = true;
      return beating;
    }
    beating = beatOnce()
      .catch((error: unknown) => failed('worker heartbeat', error))
      .finally(() => {
        beating = undefined;
        if (again && !stopped) {
          again = false;
          void beat();
        }
      });
    return beating;
  };

  const sweep = (): Promise<void> => {
    // Skipped while PostgreSQL is away: the beat reports the outage and takes the lock again.
    if (outage.down) return Promise.resolve();
    sweeping ??= findDeadWorkers(pool)
      .then((ids) => takeOver(ids, 'took over the jobs of workers that died (their liveness lock was freed)'))
      .catch((error: unknown) => failed('dead-worker sweep', error))
      .finally(() => (sweeping = undefined));
    return sweeping;
  };

  const beatTimer = setInterval(() => void beat(), options.intervalSeconds * 1000);
  beatTimer.unref();
  const sweepTimer = setInterval(() => void sweep(), SWEEP_MS);
  sweepTimer.unref();

  return {
    processId,
    beat,
    sweep,
    async stop() {
      stopped = true;
      clearInterval(beatTimer);
      clearInterval(sweepTimer);
      await Promise.all([beating, sweeping]);
      // The heartbeat first, then the lock: a sweep never sees this process's row with its lock free.
      await pool.query('DELETE FROM worker_heartbeats WHERE worker_id = $1', [processId]).catch(() => undefined);
      await lock.release();
    },
  };
}
