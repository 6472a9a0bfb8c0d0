// Enqueueing graphile-worker tasks through the caller's Prisma transaction, so a task exists exactly when the row
// change it acts on was committed (never "write, commit, then enqueue"). The *Task functions give the add_job call
// as SQL, for the journal to run in the same statement as a transition's events.
import { Prisma } from '../../prisma/database';
import {
  ADVANCE_SKILL_JOB,
  HITL_TIMEOUT,
  advanceJobKey,
  advanceSkillJobPayload,
  hitlTimeoutPayload,
  timeoutJobKey,
} from '../task-contracts';
import type { PrismaClient } from '../../prisma/database';
import type { Tx } from './journal';

/**
 * The job's next advance_skill_job task. A retry of a phase that already failed `priorAttempts` times elsewhere
 * starts at `runAt` with the attempts it has left.
 */
export function advanceTask(
  jobId: string,
  maxAttempts: number,
  retry?: { runAt: Date; priorAttempts: number },
): Prisma.Sql {
  const payload = advanceSkillJobPayload.parse(retry ? { jobId, priorAttempts: retry.priorAttempts } : { jobId });
  const runAt = retry?.runAt;
  maxAttempts -= retry?.priorAttempts ?? 0;
  return Prisma.sql`graphile_worker.add_job(
    identifier => ${ADVANCE_SKILL_JOB}::text,
    payload => ${JSON.stringify(payload)}::json,
    job_key => ${advanceJobKey(jobId)}::text,
    max_attempts => ${maxAttempts}::int,
    run_at => ${runAt ?? null}::timestamptz
  )`;
}

export async function enqueueAdvance(db: PrismaClient | Tx, jobId: string, maxAttempts: number): Promise<void> {
  await db.$queryRaw`SELECT 1 FROM ${advanceTask(jobId, maxAttempts)}`;
}

export function timeoutTask(interactionId: number, runAt: Date): Prisma.Sql {
  const payload = hitlTimeoutPayload.parse({ interactionId });
  return Prisma.sql`graphile_worker.add_job(
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
