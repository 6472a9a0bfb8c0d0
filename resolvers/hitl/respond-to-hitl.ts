// respondToHitl: validate the answer against its prompt before writing anything, then in one transaction accept it
// with a guarded update (of two concurrent answers exactly one wins), put the job back to RUNNING, enqueue the
// next step and drop the prompt's timeout.
import type { HitlInteraction, Job, Prisma } from '../../prisma/database';
import { InvalidStateError, NotFoundError } from '../errors';
import { cancelLockedJob } from '../jobs/cancel-job';
import { waitedSeconds } from '../metrics';
import type { Services } from '../services';
import { canSee, type Viewer } from '../viewer';
import { applyTransition, lockJob, statusChange, type EventSpec } from '../jobs/journal';
import { parsePrompt, validateResponse, type ResponseInput } from './prompts';

export interface RespondToHitlInput extends ResponseInput {
  interactionId: number;
}

export async function respondToHitl(
  services: Services,
  viewer: Viewer,
  input: RespondToHitlInput,
): Promise<{ interaction: HitlInteraction; job: Job }> {
  // Interaction ids are PostgreSQL integers: anything outside 1..2^31-1 cannot exist (and Prisma would throw on it).
  const found =
    Number.isSafeInteger(input.interactionId) && input.interactionId >= 1 && input.interactionId <= 2_147_483_647
      ? await services.prisma.hitlInteraction.findUnique({
          where: { interactionId: input.interactionId },
          include: { job: true },
        })
      : null;
  if (!found || !canSee(viewer, found.job)) throw new NotFoundError('interaction not found');
  if (found.status !== 'PENDING')
    throw new InvalidStateError(`the prompt is ${found.status}, not PENDING`, found.status);
  const response = validateResponse(parsePrompt(found.promptData), input, viewer.userId);

  const answered = await services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, found.jobId);
    if (!job) throw new NotFoundError('interaction not found');
    const accepted = await tx.hitlInteraction.updateMany({
      where: { interactionId: found.interactionId, status: 'PENDING' },
      data: {
        status: 'RESPONDED',
        responseData: response as unknown as Prisma.InputJsonValue,
        respondedAt: new Date(),
      },
    });
    if (accepted.count !== 1) {
      const current = await tx.hitlInteraction.findUnique({
        where: { interactionId: found.interactionId },
        select: { status: true },
      });
      throw new InvalidStateError(`the prompt is ${current?.status ?? 'gone'}, not PENDING`, current?.status ?? null);
    }
    await services.queue.removeTimeout(tx, found.interactionId);
    const responded: EventSpec = {
      type: 'HITL_RESPONDED',
      message: `${found.interactionType} answered: ${response.action}`,
      data: { interactionId: found.interactionId, interactionType: found.interactionType, action: response.action },
    };
    let updated: Job;
    if (response.action === 'CANCEL') {
      updated = await cancelLockedJob(services, tx, job, `cancelled at the ${found.interactionType} prompt`, [
        responded,
      ]);
    } else {
      if (job.status !== 'PENDING_HITL')
        throw new InvalidStateError(`the job is ${job.status}, not waiting for input`, job.status);
      updated = await applyTransition(tx, job, {
        to: 'RUNNING',
        message: `Resuming after ${found.interactionType}`,
        events: [responded, statusChange('PENDING_HITL', 'RUNNING')],
        task: services.queue.advance(job.jobId, job.traceParent),
      });
    }
    const interaction = await tx.hitlInteraction.findUniqueOrThrow({ where: { interactionId: found.interactionId } });
    return { interaction, job: updated };
  });
  services.metrics.promptFinished(found.interactionType, 'responded', waitedSeconds(found.createdAt));
  return answered;
}
