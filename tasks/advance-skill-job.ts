// advance_skill_job: runs the job's next phase. A throwing phase is retried by graphile-worker with backoff; on the
// last attempt the job is marked FAILED with a readable error instead.
import type { Task } from 'graphile-worker';
import { ADVANCE_SKILL_JOB, advanceSkillJobPayload } from '../resolvers/task-contracts';
import type { Services } from '../resolvers/services';
import { advanceSkillJob, failJob, recordFailedAttempt } from '../resolvers/workflow/advance';

export function makeAdvanceSkillJobTask(services: Services): Task {
  return async (payload, helpers) => {
    const parsed = advanceSkillJobPayload.safeParse(payload);
    if (!parsed.success) {
      helpers.logger.error(`dropping advance_skill_job with an invalid payload: ${parsed.error.message}`);
      return;
    }
    const { jobId } = parsed.data;
    try {
      const outcome = await advanceSkillJob(services, jobId);
      services.logger.debug({ jobId, outcome }, 'advanced skill job');
    } catch (error) {
      const { attempts, max_attempts: maxAttempts } = helpers.job;
      services.logger.warn({ err: error, jobId, attempt: attempts, maxAttempts }, 'phase failed');
      if (attempts >= maxAttempts) {
        await failJob(services, jobId, error, attempts);
        return;
      }
      await recordFailedAttempt(services, jobId, error, attempts, maxAttempts).catch(() => undefined);
      throw error;
    }
  };
}

/** What a job FAILED by failAbandonedJobs says happened. */
export const ABANDONED_MESSAGE = 'the worker running the phase stopped during its last attempt (the process died or lost its database)';

/**
 * A job whose advance task used its last attempt without recording an outcome would stay RUNNING (or PENDING)
 * forever: the worker running that attempt died (SIGKILL, a runner that lost the database), the stale-worker sweep
 * released its lock, and graphile-worker never runs an exhausted task again. Such a job is FAILED like a phase that
 * threw on its last attempt (retryJob starts it again). Only jobs with no task that can still run or is running,
 * and unchanged for `staleSeconds`, qualify; run after each stale-worker sweep. Returns the jobs it failed.
 */
export async function failAbandonedJobs(services: Services, staleSeconds: number): Promise<string[]> {
  const rows = await services.prisma.$queryRaw<Array<{ job_id: string; attempts: number }>>`
    SELECT j.job_id::text AS job_id, max(gj.attempts)::int AS attempts
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
  for (const row of rows) {
    services.logger.warn({ jobId: row.job_id, attempts: row.attempts }, 'failing a job whose worker died during the last attempt of its phase');
    await failJob(services, row.job_id, new Error(ABANDONED_MESSAGE), row.attempts);
  }
  return rows.map((r) => r.job_id);
}
