// Enqueueing graphile-worker tasks through the caller's Prisma transaction, so a task exists exactly when the row
// change it acts on was committed (never "write, commit, then enqueue").
import {
  ADVANCE_SKILL_JOB,
  HITL_TIMEOUT,
  advanceJobKey,
  advanceSkillJobPayload,
  hitlTimeoutPayload,
  timeoutJobKey,
} from '../task-contracts';
import type { Tx } from './journal';

export async function enqueueAdvance(tx: Tx, jobId: string, maxAttempts: number): Promise<void> {
  const payload = advanceSkillJobPayload.parse({ jobId });
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    identifier => ${ADVANCE_SKILL_JOB}::text,
    payload => ${JSON.stringify(payload)}::json,
    job_key => ${advanceJobKey(jobId)}::text,
    max_attempts => ${maxAttempts}::int
  )`;
}

export async function scheduleTimeout(tx: Tx, interactionId: number, runAt: Date): Promise<void> {
  const payload = hitlTimeoutPayload.parse({ interactionId });
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    identifier => ${HITL_TIMEOUT}::text,
    payload => ${JSON.stringify(payload)}::json,
    run_at => ${runAt}::timestamptz,
    job_key => ${timeoutJobKey(interactionId)}::text,
    max_attempts => 10
  )`;
}

/** Removes a prompt's timeout task unless a worker is already running it (then the task finds the prompt answered). */
export async function cancelTimeout(tx: Tx, interactionId: number): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.remove_job(${timeoutJobKey(interactionId)}::text)`;
}
