// The task queue, made once from the settings (main.ts, or a test) and held by Services: every add and remove of a
// graphile-worker task, the attempts each gets and the delay before a retry. Tasks are added through the caller's
// Prisma transaction (or as SQL the journal runs with a transition's events), so a task exists exactly when the row
// change it acts on was committed: never "write, commit, then enqueue".
import { Prisma, type PrismaClient, type Tx } from '../../prisma/database';
import {
  ADVANCE_SKILL_JOB,
  HITL_TIMEOUT,
  advanceJobKey,
  advanceSkillJobPayload,
  hitlTimeoutPayload,
  timeoutJobKey,
} from './contracts';

export interface QueueSettings {
  /** graphile-worker attempts of one phase before the job is FAILED. */
  phaseMaxAttempts: number;
}

/** Attempts of a prompt's timeout task (it only writes rows; a failure is the database's). */
const TIMEOUT_MAX_ATTEMPTS = 10;

/** graphile-worker's own delay after failed attempt n (0.17.3): exp(min(n, 10)) seconds. */
export function backoffMs(attempt: number): number {
  return Math.exp(Math.min(attempt, 10)) * 1000;
}

export interface Queue {
  readonly phaseMaxAttempts: number;
  /**
   * The job's next advance_skill_job task, as an add_job call (SQL) to run with a transition. `traceParent`: the
   * job's (jobs.trace_parent), carried in the payload so the task's spans join the job's trace.
   */
  advance(jobId: string, traceParent: string | null): Prisma.Sql;
  /**
   * The retry of a phase that already used `priorAttempts` attempts in an earlier task (it failed after other phases
   * of that task were committed): after graphile-worker's backoff, with the attempts it has left.
   */
  retryAdvanceLater(jobId: string, priorAttempts: number, traceParent: string | null): Prisma.Sql;
  /** Adds the job's next advance task on its own (when no transition carries it). */
  enqueueAdvance(db: PrismaClient | Tx, jobId: string, traceParent: string | null): Promise<void>;
  /** Removes the job's queued advance task; one a worker is running is left to stop at its guard. */
  removeAdvance(tx: Tx, jobId: string): Promise<void>;
  /** A prompt's timeout task, run at `runAt`, as an add_job call (SQL) to run with a transition. */
  timeout(interactionId: number, runAt: Date, traceParent: string | null): Prisma.Sql;
  /** Removes a prompt's timeout task unless a worker is already running it (it then finds the prompt answered). */
  removeTimeout(tx: Tx, interactionId: number): Promise<void>;
}

export function makeQueue(settings: QueueSettings): Queue {
  const { phaseMaxAttempts } = settings;
  const addAdvance = (
    jobId: string,
    traceParent: string | null,
    retry?: { runAt: Date; priorAttempts: number },
  ): Prisma.Sql => {
    const payload = advanceSkillJobPayload.parse({
      jobId,
      ...(retry ? { priorAttempts: retry.priorAttempts } : {}),
      ...(traceParent ? { traceparent: traceParent } : {}),
    });
    return Prisma.sql`graphile_worker.add_job(
    identifier => ${ADVANCE_SKILL_JOB}::text,
    payload => ${JSON.stringify(payload)}::json,
    job_key => ${advanceJobKey(jobId)}::text,
    max_attempts => ${phaseMaxAttempts - (retry?.priorAttempts ?? 0)}::int,
    run_at => ${retry?.runAt ?? null}::timestamptz
  )`;
  };
  return {
    phaseMaxAttempts,
    advance: (jobId, traceParent) => addAdvance(jobId, traceParent),
    retryAdvanceLater: (jobId, priorAttempts, traceParent) =>
      addAdvance(jobId, traceParent, { runAt: new Date(Date.now() + backoffMs(priorAttempts)), priorAttempts }),
    async enqueueAdvance(db, jobId, traceParent) {
      await db.$queryRaw`SELECT 1 FROM ${addAdvance(jobId, traceParent)}`;
    },
    async removeAdvance(tx, jobId) {
      await tx.$executeRaw`SELECT graphile_worker.remove_job(${advanceJobKey(jobId)}::text)`;
    },
    timeout(interactionId, runAt, traceParent) {
      const payload = hitlTimeoutPayload.parse({ interactionId, ...(traceParent ? { traceparent: traceParent } : {}) });
      return Prisma.sql`graphile_worker.add_job(
    identifier => ${HITL_TIMEOUT}::text,
    payload => ${JSON.stringify(payload)}::json,
    run_at => ${runAt}::timestamptz,
    job_key => ${timeoutJobKey(interactionId)}::text,
    max_attempts => ${TIMEOUT_MAX_ATTEMPTS}::int
  )`;
    },
    async removeTimeout(tx, interactionId) {
      await tx.$executeRaw`SELECT graphile_worker.remove_job(${timeoutJobKey(interactionId)}::text)`;
    },
  };
}
