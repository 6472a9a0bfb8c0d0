// When a phase fails: a failed attempt that will be retried is recorded (the job stays RUNNING), the last one fails
// the job with a readable error, and a job whose last attempt died with its worker is found and failed the same way.
import type { Job, Prisma } from '../../prisma/database';
import { isConnectionError } from '../../prisma/connection-errors';
import { applyTransition, lockJob, statusChange } from '../jobs/journal';
import { findAbandonedJobs } from '../queue/worker-tables';
import type { Services } from '../services';

/** What a job FAILED by failAbandonedJobs says happened. */
export const ABANDONED_MESSAGE =
  'the worker running the phase stopped during its last attempt (the process died or lost its database)';

/** A phase ran out of attempts: the job is FAILED with a readable error; the stack stays in error_stack. */
export async function failJob(services: Services, jobId: string, error: unknown, attempts: number): Promise<void> {
  const err = error instanceof Error ? error : new Error(String(error));
  await services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId);
    if (!job || (job.status !== 'RUNNING' && job.status !== 'PENDING')) return;
    const phase = job.currentPhase ?? 'TASK_REFINEMENT';
    const message = `${phase} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${readableMessage(err)}`;
    await applyTransition(tx, job, {
      to: 'FAILED',
      message,
      patch: { error: message, errorStack: err.stack ?? null },
      events: [statusChange(job.status, 'FAILED', message)],
    });
  });
}

/**
 * A failed attempt that will be retried: tell watchers, keep the job RUNNING. `retry`: the task that retries it
 * (added with the event, made from the job as locked), when the failing task itself is not retried.
 */
export async function recordFailedAttempt(
  services: Services,
  jobId: string,
  error: unknown,
  attempt: number,
  maxAttempts: number,
  retry?: (job: Job) => Prisma.Sql,
): Promise<void> {
  await services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId);
    if (!job || job.status !== 'RUNNING') return;
    const message = `${job.currentPhase} attempt ${attempt} of ${maxAttempts} failed: ${readableMessage(error)}; retrying`;
    await applyTransition(tx, job, {
      message,
      events: [{ type: 'PROGRESS', message }],
      ...(retry ? { task: retry(job) } : {}),
    });
  });
}

/**
 * A phase failed after earlier phases of the same task were committed: its first attempt. It gets a task of its own
 * (after the backoff, with the attempts it has left), or fails the job when it has only one.
 */
export async function retryLaterPhase(services: Services, jobId: string, error: unknown): Promise<void> {
  const { phaseMaxAttempts } = services.queue;
  // A lost database is reported once by the outage tracker; its phase failures need no stack trace each.
  const cause = isConnectionError(error) ? { error: readableMessage(error) } : { err: error };
  services.logger.warn({ ...cause, jobId, attempt: 1, maxAttempts: phaseMaxAttempts }, 'phase failed');
  if (phaseMaxAttempts <= 1) return failJob(services, jobId, error, 1);
  const retry = (job: Job) => services.queue.retryAdvanceLater(jobId, 1, job.traceParent);
  await recordFailedAttempt(services, jobId, error, 1, phaseMaxAttempts, retry);
}

/**
 * A job whose advance task used its last attempt without recording an outcome would stay RUNNING (or PENDING)
 * forever (its worker died; graphile-worker never runs an exhausted task again): FAILED like a phase that threw on
 * its last attempt (retryJob starts it again). Run after each stale-worker sweep; see RELIABILITY.md, bug 3.
 * Returns the jobs it failed.
 */
export async function failAbandonedJobs(services: Services, staleSeconds: number): Promise<string[]> {
  const abandoned = await findAbandonedJobs(services.prisma, staleSeconds);
  for (const { jobId, attempts } of abandoned) {
    services.logger.warn({ jobId, attempts }, 'failing a job whose worker died during the last attempt of its phase');
    await failJob(services, jobId, new Error(ABANDONED_MESSAGE), attempts);
  }
  return abandoned.map((row) => row.jobId);
}

/** First line of an error, bounded: what a person can read; never a stack trace. */
export function readableMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0]?.trim() || 'unknown error';
  return firstLine.length > 500 ? `${firstLine.slice(0, 497)}...` : firstLine;
}
