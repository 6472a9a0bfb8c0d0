// retryJob: a FAILED or CANCELLED job starts again from the phase where it stopped, keeping what earlier phases
// stored.
import type { Job } from '../../prisma/database';
import { InvalidStateError, NotFoundError } from '../errors';
import type { Services } from '../services';
import { canSee, type Viewer } from '../viewer';
import { canRetry, type JobStatus } from '../workflow/machine';
import { applyTransition, lockJob, statusChange } from './journal';
import { findVisibleJob } from './find';

export async function retryJob(services: Services, viewer: Viewer, input: { jobId: string }): Promise<Job> {
  const found = await findVisibleJob(services, viewer, input.jobId);
  return services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, found.jobId);
    if (!job || !canSee(viewer, job)) throw new NotFoundError('job not found');
    if (!canRetry(job.status as JobStatus))
      throw new InvalidStateError(`a ${job.status} job cannot be retried`, job.status);
    const from = job.currentPhase ?? 'TASK_REFINEMENT';
    const retried = await applyTransition(tx, job, {
      to: 'PENDING',
      message: `Retrying from ${from}`,
      patch: { error: null, errorStack: null, cancelReason: null },
      events: [statusChange(job.status, 'PENDING', `retry from ${from}`)],
      task: services.queue.advance(job.jobId, job.traceParent),
    });
    return retried;
  });
}
