// A prompt nobody answered in time: it becomes TIMEOUT. A review prompt that declares a default proceeds with it;
// otherwise the job fails with an error naming the prompt.
import type { Prisma } from '../../prisma/database';
import { cancelLockedJob } from '../jobs/cancel-job';
import { waitedSeconds } from '../metrics';
import type { Services } from '../services';
import { applyTransition, lockJob, statusChange, type EventSpec } from '../jobs/journal';
import { parsePrompt, type ResponseData } from './prompts';

export type TimeoutOutcome = 'not-pending' | 'proceeded' | 'cancelled' | 'failed';

export async function timeOutPrompt(services: Services, interactionId: number): Promise<TimeoutOutcome> {
  const found = await services.prisma.hitlInteraction.findUnique({ where: { interactionId } });
  if (!found || found.status !== 'PENDING') return 'not-pending';
  const prompt = parsePrompt(found.promptData);
  const defaultAction = prompt.kind === 'review' ? (prompt.defaultAction ?? null) : null;

  let timedOutPrompt = false;
  const outcome = await services.prisma.$transaction(async (tx) => {
    timedOutPrompt = false;
    const job = await lockJob(tx, found.jobId);
    if (!job) return 'not-pending';
    const response: ResponseData | null = defaultAction
      ? { action: defaultAction, answers: [], feedback: null, respondedBy: 'system:timeout', timedOut: true }
      : null;
    const changed = await tx.hitlInteraction.updateMany({
      where: { interactionId, status: 'PENDING' },
      data: { status: 'TIMEOUT', ...(response ? { responseData: response as unknown as Prisma.InputJsonValue } : {}) },
    });
    if (changed.count !== 1) return 'not-pending';
    timedOutPrompt = true;
    const seconds = Math.round(((found.timeoutAt ?? new Date()).getTime() - found.createdAt.getTime()) / 1000);
    const timedOut: EventSpec = {
      type: 'HITL_TIMED_OUT',
      message: defaultAction
        ? `No response to the ${found.interactionType} prompt within ${seconds} s; continuing with ${defaultAction}`
        : `No response to the ${found.interactionType} prompt within ${seconds} s`,
      data: { interactionId, interactionType: found.interactionType, defaultAction },
    };
    if (job.status !== 'PENDING_HITL') {
      await applyTransition(tx, job, { events: [timedOut] });
      return 'not-pending';
    }
    if (defaultAction === 'PROCEED' || defaultAction === 'REVISE') {
      await applyTransition(tx, job, {
        to: 'RUNNING',
        message: `Continuing after the ${found.interactionType} prompt timed out`,
        events: [timedOut, statusChange('PENDING_HITL', 'RUNNING')],
        task: services.queue.advance(job.jobId, job.traceParent),
      });
      return 'proceeded';
    }
    if (defaultAction === 'CANCEL') {
      await cancelLockedJob(services, tx, job, `the ${found.interactionType} prompt timed out`, [timedOut]);
      return 'cancelled';
    }
    const error = `No response to the ${found.interactionType} prompt (interaction ${interactionId}) within ${seconds} s`;
    await applyTransition(tx, job, {
      to: 'FAILED',
      message: error,
      patch: { error },
      events: [timedOut, statusChange('PENDING_HITL', 'FAILED', error)],
    });
    return 'failed';
  });
  if (timedOutPrompt)
    services.metrics.promptFinished(found.interactionType, 'timed_out', waitedSeconds(found.createdAt));
  return outcome;
}
