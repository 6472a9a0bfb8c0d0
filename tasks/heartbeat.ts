// Crash recovery. graphile-worker keeps a dead worker's jobs locked for 4 hours; we record a heartbeat per worker
// process and, from every live process, release the jobs of processes whose heartbeat went stale, so the job of a
// worker killed with SIGKILL continues elsewhere within seconds.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from '../resolvers/logger';

export interface HeartbeatOptions {
  pool: pg.Pool;
  intervalSeconds: number;
  staleSeconds: number;
  /** The graphile-worker worker ids running in this process (read at each beat). */
  graphileWorkerIds: () => string[];
  logger: Logger;
  /** Runs after each sweep (the runner fails jobs whose last attempt died with its worker). */
  afterSweep?: () => Promise<unknown>;
}

export interface Heartbeat {
  processId: string;
  /** Runs one beat and one sweep now (used at start and by tests). */
  beat(): Promise<void>;
  stop(): Promise<void>;
}

export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const processId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let running: Promise<void> | undefined;

  async function beatOnce(): Promise<void> {
    const { pool } = options;
    await pool.query(
      `INSERT INTO worker_heartbeats (worker_id, pid, hostname, graphile_worker_ids, last_seen_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now(), graphile_worker_ids = EXCLUDED.graphile_worker_ids`,
      [processId, process.pid, os.hostname(), options.graphileWorkerIds()],
    );
    const released = await sweepStaleWorkers(pool, options.staleSeconds);
    if (released.length > 0)
      options.logger.warn({ workerIds: released }, 'released the jobs of workers that stopped sending heartbeats');
    await options.afterSweep?.();
  }

  const beat = () => {
    running ??= beatOnce()
      .catch((error: unknown) => options.logger.warn({ err: error }, 'worker heartbeat failed'))
      .finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void beat(), options.intervalSeconds * 1000);
  timer.unref();

  return {
    processId,
    beat,
    async stop() {
      clearInterval(timer);
      await running;
      await options.pool
        .query('DELETE FROM worker_heartbeats WHERE worker_id = $1', [processId])
        .catch(() => undefined);
    },
  };
}

/**
 * Releases jobs locked by dead workers: those of heartbeats older than `staleSeconds`, and locks older than that
 * held by worker ids no live heartbeat claims (a process that died before its first beat). Returns the worker ids.
 */
export async function sweepStaleWorkers(pool: pg.Pool, staleSeconds: number): Promise<string[]> {
  const { rows } = await pool.query<{ ids: string[] }>(
    `WITH dead AS (
       DELETE FROM worker_heartbeats WHERE last_seen_at < now() - make_interval(secs => $1) RETURNING graphile_worker_ids
     ),
     orphaned AS (
       SELECT DISTINCT j.locked_by AS id
       FROM graphile_worker._private_jobs j
       WHERE j.locked_by IS NOT NULL
         AND j.locked_at < now() - make_interval(secs => $1)
         AND NOT EXISTS (
           SELECT 1 FROM worker_heartbeats h
           WHERE j.locked_by = ANY (h.graphile_worker_ids) AND h.last_seen_at >= now() - make_interval(secs => $1)
         )
     )
     SELECT coalesce(array_agg(DISTINCT id), '{}') AS ids
     FROM (SELECT unnest(graphile_worker_ids) AS id FROM dead UNION SELECT id FROM orphaned) all_ids`,
    [staleSeconds],
  );
  const ids = rows[0]?.ids ?? [];
  if (ids.length > 0) await pool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [ids]);
  return ids;
}
