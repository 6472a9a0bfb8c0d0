// advance_skill_job: runs the job's next phases (up to PHASES_PER_TASK, one after the other while no person is
// needed). A throwing phase is retried by graphile-worker with backoff; on its last attempt the job is marked FAILED
// with a readable error instead. Every phase gets PHASE_MAX_ATTEMPTS attempts, also one that fails after other
// phases of the same task succeeded: it gets a task of its own with the attempts it has left. After
// `settings.taskSliceMs` the next phase goes to a new task at the back of the queue (see WorkflowSettings).
import type { Task } from 'graphile-worker';
import { LlmBudgetExceeded } from '../resolvers/llm-usage/sink';
import { ADVANCE_SKILL_JOB, advanceSkillJobPayload } from '../resolvers/queue/contracts';
import type { Services } from '../resolvers/services';
import { advanceSkillJob, LaterPhaseFailed } from '../resolvers/workflow/advance';
import { isConnectionError } from '../prisma/connection-errors';
import { failJob, readableMessage, recordFailedAttempt, retryLaterPhase } from '../resolvers/workflow/failures';
import { taskWithPayload } from './payload';

/** Enough for a whole job without prompts (seven phases and a validation retry); a bound on one task's run. */
export const PHASES_PER_TASK = 10;

/** The default of `WorkflowSettings.taskSliceMs`. */
export const TASK_SLICE_MS = 1000;

export function makeAdvanceSkillJobTask(services: Services): Task {
  const sliceMs = services.settings.taskSliceMs ?? TASK_SLICE_MS;
  return taskWithPayload(ADVANCE_SKILL_JOB, advanceSkillJobPayload, async ({ jobId, priorAttempts = 0 }, helpers) => {
    const attempt = helpers.job.attempts + priorAttempts;
    const maxAttempts = helpers.job.max_attempts + priorAttempts;
    const started = performance.now();
    try {
      const outcome = await advanceSkillJob(services, jobId, {
        maxPhases: PHASES_PER_TASK,
        stopping: () => helpers.abortSignal.aborted || performance.now() - started >= sliceMs,
      });
      services.logger.debug({ jobId, outcome }, 'advanced skill job');
    } catch (error) {
      // This task's earlier phases were committed; the failing phase starts its own count of attempts.
      // A spent budget stays spent: no retry, the job fails at once.
      const cause = error instanceof LaterPhaseFailed ? error.cause : error;
      if (cause instanceof LlmBudgetExceeded) return failJob(services, jobId, cause, attempt);
      if (error instanceof LaterPhaseFailed) return retryLaterPhase(services, jobId, error.cause);
      // A lost database is reported once by the outage tracker; its phase failures need no stack trace each.
      const logged = isConnectionError(error) ? { error: readableMessage(error) } : { err: error };
      services.logger.warn({ ...logged, jobId, attempt, maxAttempts }, 'phase failed');
      if (attempt >= maxAttempts) {
        await failJob(services, jobId, error, attempt);
        return;
      }
      await recordFailedAttempt(services, jobId, error, attempt, maxAttempts).catch(() => undefined);
      throw error;
    }
  });
}
