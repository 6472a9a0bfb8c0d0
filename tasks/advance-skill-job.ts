// advance_skill_job: runs the job's next phases (up to PHASES_PER_TASK, one after the other while no person is
// needed). A throwing phase is retried by graphile-worker with backoff; on its last attempt the job is marked FAILED
// with a readable error instead. Every phase gets PHASE_MAX_ATTEMPTS attempts, also one that fails after other
// phases of the same task succeeded: it gets a task of its own with the attempts it has left.
import type { Task } from 'graphile-worker';
import { ADVANCE_SKILL_JOB, advanceSkillJobPayload } from '../resolvers/task-contracts';
import type { Services } from '../resolvers/services';
import { advanceSkillJob, failJob, LaterPhaseFailed, recordFailedAttempt } from '../resolvers/workflow/advance';
import { advanceTask } from '../resolvers/workflow/queue';

/** Enough for a whole job without prompts (seven phases and a validation retry); a bound on one task's run. */
export const PHASES_PER_TASK = 10;

/** graphile-worker's own backoff after attempt n: exp(min(n, 10)) seconds. */
const backoffMs = (attempt: number) => Math.exp(Math.min(attempt, 10)) * 1000;

export function makeAdvanceSkillJobTask(services: Services): Task {
  return async (payload, helpers) => {
    const parsed = advanceSkillJobPayload.safeParse(payload);
    if (!parsed.success) {
      helpers.logger.error(`dropping advance_skill_job with an invalid payload: ${parsed.error.message}`);
      return;
    }
    const { jobId, priorAttempts = 0 } = parsed.data;
    const attempt = helpers.job.attempts + priorAttempts;
    const maxAttempts = helpers.job.max_attempts + priorAttempts;
    try {
      const outcome = await advanceSkillJob(services, jobId, {
        maxPhases: PHASES_PER_TASK,
        stopping: () => helpers.abortSignal.aborted,
      });
      services.logger.debug({ jobId, outcome }, 'advanced skill job');
    } catch (error) {
      if (error instanceof LaterPhaseFailed) {
        // This task's earlier phases were committed; the failing phase starts its own count of attempts.
        const cause = error.cause;
        services.logger.warn(
          { err: cause, jobId, attempt: 1, maxAttempts: services.settings.phaseMaxAttempts },
          'phase failed',
        );
        if (services.settings.phaseMaxAttempts <= 1) return failJob(services, jobId, cause, 1);
        const retry = advanceTask(jobId, services.settings.phaseMaxAttempts, {
          runAt: new Date(Date.now() + backoffMs(1)),
          priorAttempts: 1,
        });
        await recordFailedAttempt(services, jobId, cause, 1, services.settings.phaseMaxAttempts, retry);
        return;
      }
      services.logger.warn({ err: error, jobId, attempt, maxAttempts }, 'phase failed');
      if (attempt >= maxAttempts) {
        await failJob(services, jobId, error, attempt);
        return;
      }
      await recordFailedAttempt(services, jobId, error, attempt, maxAttempts).catch(() => undefined);
      throw error;
    }
  };
}

/** What a job FAILED by failAbandonedJobs says happened. */
export const ABANDONED_MESSAGE =
  'the worker running the phase stopped during its last attempt (the process died or lost its database)';

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
    services.logger.warn(
      { jobId: row.job_id, attempts: row.attempts },
      'failing a job whose worker died during the last attempt of its phase',
    );
    await failJob(services, row.job_id, new Error(ABANDONED_MESSAGE), row.attempts);
  }
  return rows.map((r) => r.job_id);
}
