// Every read of graphile-worker's private tables (graphile_worker._private_jobs, _private_tasks) lives here: they
// are not its public API and may change between versions. Checked against graphile-worker 0.17.3; re-check on an
// upgrade. Columns used: _private_jobs.(task_id, payload, key, attempts, max_attempts, locked_at, locked_by),
// _private_tasks.(id, identifier).
import type pg from 'pg';
import type { PrismaClient } from '../../prisma/database';
import { ADVANCE_SKILL_JOB, TIMEOUT_JOB_KEY_PREFIX } from './contracts';

/**
 * SQL (text, for raw queries) true when the job `jobIdExpr` (e.g. `j.job_id`) has an advance task that will run:
 * attempts left, or locked by a worker whose heartbeat is fresher than `staleSecondsExpr` seconds (e.g. `$1`).
 * A task that used its last attempt and is locked by a dead worker, or not locked at all, never runs again.
 */
export function advanceTaskWillRunSql(jobIdExpr: string, staleSecondsExpr: string): string {
  return `EXISTS (
    SELECT 1 FROM graphile_worker._private_jobs gj
    JOIN graphile_worker._private_tasks t ON t.id = gj.task_id
    WHERE t.identifier = '${ADVANCE_SKILL_JOB}' AND gj.payload->>'jobId' = ${jobIdExpr}::text
      AND (
        gj.attempts < gj.max_attempts
        OR (gj.locked_by IS NOT NULL AND EXISTS (
          SELECT 1 FROM worker_heartbeats h
          WHERE gj.locked_by = ANY (h.graphile_worker_ids) AND h.last_seen_at >= now() - make_interval(secs => ${staleSecondsExpr})
        ))
      )
  )`;
}

/** SQL (text) true when the prompt `interactionIdExpr` (e.g. `i.interaction_id`) has its timeout task queued. */
export function timeoutTaskExistsSql(interactionIdExpr: string): string {
  return `EXISTS (
    SELECT 1 FROM graphile_worker._private_jobs gj
    WHERE gj.key = '${TIMEOUT_JOB_KEY_PREFIX}' || ${interactionIdExpr}
  )`;
}

/**
 * PENDING or RUNNING jobs, unchanged for `staleSeconds`, whose advance task used its last attempt, is not locked,
 * and has no other advance task that can still run or is running: no worker will ever touch them again.
 */
export async function findAbandonedJobs(
  prisma: PrismaClient,
  staleSeconds: number,
): Promise<Array<{ jobId: string; attempts: number }>> {
  return prisma.$queryRaw<Array<{ jobId: string; attempts: number }>>`
    SELECT j.job_id::text AS "jobId", max(gj.attempts)::int AS attempts
    FROM jobs j
    JOIN graphile_worker._private_jobs gj ON gj.payload->>'jobId' = j.job_id::text
    JOIN graphile_worker._private_tasks t ON t.id = gj.task_id AND t.identifier = ${ADVANCE_SKILL_JOB}
    WHERE j.status IN ('PENDING', 'RUNNING')
      AND j.updated_at < now() - make_interval(secs => ${staleSeconds}::int)
      AND gj.locked_at IS NULL AND gj.attempts >= gj.max_attempts
      AND NOT EXISTS (
        SELECT 1 FROM graphile_worker._private_jobs other
        JOIN graphile_worker._private_tasks ot ON ot.id = other.task_id AND ot.identifier = ${ADVANCE_SKILL_JOB}
        WHERE other.payload->>'jobId' = j.job_id::text AND (other.attempts < other.max_attempts OR other.locked_at IS NOT NULL)
      )
    GROUP BY j.job_id
    LIMIT 100`;
}

/**
 * Releases jobs locked by dead workers: those of heartbeats older than `staleSeconds`, and locks older than that
 * held by worker ids no live heartbeat claims (a process that died before its first beat). Returns the worker ids.
 */
export async function releaseStaleWorkers(pool: pg.Pool, staleSeconds: number): Promise<string[]> {
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
