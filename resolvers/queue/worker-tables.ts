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
 * Workers that died a moment ago: their liveness lock (tasks/liveness-lock.ts) is free and no connection carrying
 * their tag is left. A lock taken before PostgreSQL last restarted proves nothing (a restart frees every lock, and a
 * crash of one backend makes the postmaster restart all of them and its checkpointer): such workers stay with the
 * heartbeat rule until they take their lock again. Deletes their heartbeats; returns their graphile-worker ids.
 */
export async function findDeadWorkers(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ ids: string[] }>(
    `WITH reset AS (
       SELECT greatest(
         pg_postmaster_start_time(),
         (SELECT max(backend_start) FROM pg_stat_activity WHERE backend_type = 'checkpointer')
       ) AS at
     ),
     dead AS (
       DELETE FROM worker_heartbeats h
       WHERE h.liveness_lock_key IS NOT NULL
         AND h.liveness_locked_at > (SELECT at FROM reset)
         AND NOT EXISTS (
           SELECT 1 FROM pg_locks l
           WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND l.classid = (h.liveness_lock_key >> 32)::oid
             AND l.objid = (h.liveness_lock_key & 4294967295)::oid
         )
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = h.application_name)
       RETURNING graphile_worker_ids
     )
     SELECT coalesce(array_agg(DISTINCT id), '{}') AS ids FROM (SELECT unnest(graphile_worker_ids) AS id FROM dead) d`,
  );
  return rows[0]?.ids ?? [];
}

/**
 * Workers whose heartbeat went stale (alive but hung, or dead while PostgreSQL restarted), and locks older than that
 * held by worker ids no live heartbeat claims (a process that died before its first beat). Deletes those
 * heartbeats; returns the graphile-worker ids.
 */
export async function findStaleWorkers(pool: pg.Pool, staleSeconds: number): Promise<string[]> {
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
  return rows[0]?.ids ?? [];
}

/**
 * Unlocks every task the dead worker ids held and wakes idle workers at once (graphile-worker's own "new job"
 * channel), instead of at their next poll. Returns how many skill jobs were taken over.
 */
export async function releaseJobsOf(pool: pg.Pool, workerIds: string[]): Promise<number> {
  if (workerIds.length === 0) return 0;
  const { rows } = await pool.query<{ jobs: number; tasks: number }>(
    `SELECT count(DISTINCT payload->>'jobId')::int AS jobs, count(*)::int AS tasks
     FROM graphile_worker._private_jobs WHERE locked_by = ANY ($1::text[])`,
    [workerIds],
  );
  await pool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [workerIds]);
  const tasks = rows[0]?.tasks ?? 0;
  if (tasks > 0) await pool.query(`SELECT pg_notify('jobs:insert', $1)`, [JSON.stringify({ count: tasks })]);
  return rows[0]?.jobs ?? 0;
}
