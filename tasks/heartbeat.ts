// Crash recovery. graphile-worker keeps a dead worker's jobs locked for 4 hours; we record a heartbeat per worker
// process and, from every live process, release the jobs of processes whose heartbeat went stale, so the job of a
// worker killed with SIGKILL continues elsewhere within seconds.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from '../resolvers/logger';
import { releaseStaleWorkers } from '../resolvers/queue/worker-tables';

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
    const released = await releaseStaleWorkers(pool, options.staleSeconds);
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
