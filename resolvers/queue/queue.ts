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

/** One graphile-worker task to add (the fields of graphile_worker.job_spec this service uses), as plain data. */
export interface TaskSpec {
  identifier: string;
  payload: Record<string, unknown>;
  jobKey: string | null;
  maxAttempts: number;
  runAt: Date | null;
}

/**
 * One graphile_worker.add_jobs call for the tasks in `specs`, an SQL expression of a jsonb array of TaskSpecs (as
 * JSON.stringify writes them): a batch of new jobs adds its tasks in one call, as graphile-worker's addJobs does.
 */
export function addTasks(specs: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`graphile_worker.add_jobs(ARRAY(
    SELECT ROW(s.identifier, s.payload, NULL, s."runAt", s."maxAttempts", s."jobKey", NULL, NULL)::graphile_worker.job_spec
    FROM jsonb_to_recordset(${specs}) AS s(identifier text, payload json, "runAt" timestamptz, "maxAttempts" smallint, "jobKey" text)
  ))`;
}

/** One add_job call for a task (SQL), to run with a transition. */
function addTask(spec: TaskSpec): Prisma.Sql {
  return Prisma.sql`graphile_worker.add_job(
    identifier => ${spec.identifier}::text,
    payload => ${JSON.stringify(spec.payload)}::json,
    job_key => ${spec.jobKey}::text,
    max_attempts => ${spec.maxAttempts}::int,
    run_at => ${spec.runAt}::timestamptz
  )`;
}

export interface Queue {
  readonly phaseMaxAttempts: number;
  /** The job's next advance_skill_job task as data (for addTasks: a batch of new jobs). */
  advanceSpec(jobId: string, traceParent: string | null): TaskSpec;
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
  // The spec of an advance_skill_job task is built here only: add_job (a transition's) and add_jobs (a batch's) alike.
  const advanceSpec = (
    jobId: string,
    traceParent: string | null,
    retry?: { runAt: Date; priorAttempts: number },
  ): TaskSpec => ({
    identifier: ADVANCE_SKILL_JOB,
    payload: advanceSkillJobPayload.parse({
      jobId,
      ...(retry ? { priorAttempts: retry.priorAttempts } : {}),
      ...(traceParent ? { traceparent: traceParent } : {}),
    }),
    jobKey: advanceJobKey(jobId),
    maxAttempts: phaseMaxAttempts - (retry?.priorAttempts ?? 0),
    runAt: retry?.runAt ?? null,
  });
  const addAdvance = (jobId: string, traceParent: string | null, retry?: { runAt: Date; priorAttempts: number }) =>
    addTask(advanceSpec(jobId, traceParent, retry));
  return {
    phaseMaxAttempts,
    advanceSpec: (jobId, traceParent) => advanceSpec(jobId, traceParent),
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
      return addTask({
        identifier: HITL_TIMEOUT,
        payload,
        jobKey: timeoutJobKey(interactionId),
        maxAttempts: TIMEOUT_MAX_ATTEMPTS,
        runAt,
      });
    },
    async removeTimeout(tx, interactionId) {
      await tx.$executeRaw`SELECT graphile_worker.remove_job(${timeoutJobKey(interactionId)}::text)`;
    },
  };
}
