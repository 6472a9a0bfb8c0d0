// advance_skill_job: runs the job's next phase. A throwing phase is retried by graphile-worker with backoff; on the
// last attempt the job is marked FAILED with a readable error instead.
import type { Task } from 'graphile-worker';
import { advanceSkillJobPayload } from '../resolvers/task-contracts';
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
