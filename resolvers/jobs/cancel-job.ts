// cancelJob: allowed in every non-terminal status. Pending prompts are cancelled, queued work is removed, and a
// phase still running notices at its commit (the guard) and stops without writing its output.
import type { Job, Tx } from '../../prisma/database';
import { InvalidStateError, NotFoundError } from '../errors';
import { waitedSeconds } from '../metrics';
import type { Services } from '../services';
import { canSee, type Viewer } from '../viewer';
import { canCancel, type JobStatus } from '../workflow/machine';
import { applyTransition, lockJob, statusChange, type EventSpec } from './journal';
import { validateReason } from './validation';
import { findVisibleJob } from './find';

export async function cancelJob(
  services: Services,
  viewer: Viewer,
  input: { jobId: string; reason?: string | null },
): Promise<Job> {
  const reason = validateReason(input.reason) ?? 'cancelled by the user';
  const found = await findVisibleJob(services, viewer, input.jobId);
  return services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, found.jobId);
    if (!job || !canSee(viewer, job)) throw new NotFoundError('job not found');
    return cancelLockedJob(services, tx, job, reason, []);
  });
}

/** Cancels a job locked with lockJob, inside the caller's transaction. */
export async function cancelLockedJob(
  services: Services,
  tx: Tx,
  job: Job,
  reason: string,
  leadingEvents: EventSpec[],
): Promise<Job> {
  if (!canCancel(job.status as JobStatus))
    throw new InvalidStateError(`a ${job.status} job cannot be cancelled`, job.status);
  const pending = await tx.hitlInteraction.findMany({
    where: { jobId: job.jobId, status: 'PENDING' },
    select: { interactionId: true, interactionType: true, createdAt: true },
  });
  if (pending.length > 0) {
    await tx.hitlInteraction.updateMany({
      where: { jobId: job.jobId, status: 'PENDING' },
      data: { status: 'CANCELLED' },
    });
    for (const { interactionId } of pending) await services.queue.removeTimeout(tx, interactionId);
    // Observed before the caller commits (a cancel is the last write of its transaction).
    for (const prompt of pending)
      services.metrics.promptFinished(prompt.interactionType, 'cancelled', waitedSeconds(prompt.createdAt));
  }
  // A queued (not yet running) advance is dropped; a running one stops at its guard.
  await services.queue.removeAdvance(tx, job.jobId);
  return applyTransition(tx, job, {
    to: 'CANCELLED',
    message: `Cancelled: ${reason}`,
    patch: { cancelReason: reason },
    events: [...leadingEvents, statusChange(job.status, 'CANCELLED', reason)],
  });
}
