// The only way a job's status, phase or progress changes: check the move against the state machine, update the job,
// append its events with the next sequences, and ring the doorbell (pg_notify), in one statement: so an event exists
// exactly when the change it describes was committed. Either on a row the caller's transaction locked (lockJob,
// applyTransition) or as a compare-and-set outside any transaction (applyTransitionIfUnchanged, applyGuardedTransition).
import {
  Prisma,
  rawRows,
  type Job,
  type JobEventType,
  type PrismaClient,
  type Tx,
  type WorkflowPhase,
} from '../../prisma/database';
import { JOB_EVENTS_CHANNEL, type NotificationPayload } from '../events/channel';
import { addTasks, type TaskSpec } from '../queue/queue';
import { assertTransition, isTerminal, nextProgress, type JobStatus, type Phase } from '../workflow/machine';
import { JOB_COLUMNS } from './job-columns';
import { STATE_ROWS_JSON, type StateRowsJson } from './state-rows-read';

export interface EventSpec {
  type: JobEventType;
  message?: string;
  data?: Prisma.InputJsonValue;
  /** Defaults to the job's phase after the change (a PHASE_COMPLETED names the phase that ended). */
  phase?: Phase | null;
}

/** Columns a transition itself sets, or that never change. */
type NotPatched = 'jobId' | 'status' | 'currentPhase' | 'progressPercent' | 'lastSequence' | 'createdAt' | 'updatedAt';

/** Other columns of a job, written with a transition: plain values (JSON columns as JSON to store). */
export type JobPatch = Partial<Omit<Job, NotPatched | 'result' | 'hitlPolicy'>> & {
  result?: Prisma.InputJsonValue;
  hitlPolicy?: Prisma.InputJsonValue;
};

export interface TransitionSpec {
  to?: JobStatus;
  phase?: Phase | null;
  progress?: number;
  message?: string | null;
  /** Other columns written with the change (outputs of a phase, error, result, ...). */
  patch?: JobPatch;
  events: EventSpec[];
  /**
   * A graphile-worker task to add with the change, in the same statement as the events (from the queue,
   * e.g. queue.advance): one round trip fewer per transition, and the task exists exactly when the change was committed.
   */
  task?: Prisma.Sql;
}

/** `SELECT <this> FROM jobs` gives rows shaped like Prisma's Job (enums as text, JSON parsed, timestamps as Date). */
const JOB_SELECT = Prisma.raw(
  Object.entries(JOB_COLUMNS)
    .map(([field, column]) =>
      /^(status|current_phase)$/.test(column) ? `"${column}"::text AS "${field}"` : `"${column}" AS "${field}"`,
    )
    .join(', '),
);

/** Locks the job row for the rest of the transaction and reads it (one statement); null when it does not exist. */
export async function lockJob(tx: Tx, jobId: string): Promise<Job | null> {
  const rows = await rawRows<Job>(
    tx,
    Prisma.sql`SELECT ${JOB_SELECT} FROM jobs WHERE job_id = ${jobId}::uuid FOR UPDATE`,
  );
  return rows[0] ?? null;
}

/** Reads the job (no lock); null when it does not exist. */
export async function readJob(db: PrismaClient | Tx, jobId: string): Promise<Job | null> {
  const rows = await rawRows<Job>(db, Prisma.sql`SELECT ${JOB_SELECT} FROM jobs WHERE job_id = ${jobId}::uuid`);
  return rows[0] ?? null;
}

/**
 * A condition that is always true and reads every CTE of eventsDoorbellAndTask: PostgreSQL runs a data-modifying
 * CTE on its own, but a SELECT one (the doorbell, the task) only when the statement reads it.
 */
const EVERY_CTE_RUNS = Prisma.sql`(SELECT count(*) FROM inserted) >= 0 AND (SELECT count(*) FROM doorbell) >= 0 AND (SELECT count(*) FROM task) >= 0`;

export interface NewJob {
  jobId: string;
  userId: string;
  taskDescription: string;
  hitlPolicy: Prisma.InputJsonValue;
  idempotencyKey: string | null;
  /** The W3C traceparent of the creating request (null without tracing): every later task of the job carries it. */
  traceParent: string | null;
  /** The CREATED event's message, data and the job's first progress message. */
  created: { message: string; data: Prisma.InputJsonValue; progressMessage: string };
  /** The job's first task (queue.advanceSpec). */
  task: TaskSpec;
}

/**
 * What insertJobs did with one NewJob: wrote it (`created`), or found the user's job with that idempotency key
 * (`existing`: committed before the statement, or an earlier item of the same batch). `existing: null`: the key
 * was taken by a transaction that committed while the statement ran (so it could not see that job): read it again.
 */
export type NewJobOutcome = { created: Job } | { existing: Job | null };

/**
 * New jobs, each with its CREATED event (sequence 1) and doorbell, and one graphile_worker.add_jobs call for all
 * their first tasks, in one statement (one implicit transaction, one round trip for a whole batch). An item whose
 * idempotency key the user already used writes nothing: the unique index decides (ON CONFLICT), and the job that
 * holds the key comes back in the same statement, so no look-up precedes the insert. One outcome per item, in order.
 */
export async function insertJobs(db: PrismaClient | Tx, jobs: readonly NewJob[]): Promise<NewJobOutcome[]> {
  // The same key twice in one batch: only the first is sent, the others get its job.
  const firstWithKey = new Map<string, number>();
  const sameAs = jobs.map((job, index) => {
    if (job.idempotencyKey === null) return index;
    const key = JSON.stringify([job.userId, job.idempotencyKey]);
    const first = firstWithKey.get(key);
    if (first !== undefined) return first;
    firstWithKey.set(key, index);
    return index;
  });
  const input = jobs.flatMap((job, ord) =>
    sameAs[ord] === ord
      ? [
          {
            ord,
            job_id: job.jobId,
            user_id: job.userId,
            task_description: job.taskDescription,
            hitl_policy: job.hitlPolicy,
            idempotency_key: job.idempotencyKey,
            progress_message: job.created.progressMessage,
            trace_parent: job.traceParent,
            message: job.created.message,
            data: job.created.data,
            doorbell: JSON.stringify({
              jobId: job.jobId,
              userId: job.userId,
              sequence: 1,
            } satisfies NotificationPayload),
            task: job.task,
          },
        ]
      : [],
  );
  // A job's first state (PENDING, no phase, 0 %), written to the job and to its CREATED event alike.
  const rows = await rawRows<Job & { ord: number; isNew: boolean }>(
    db,
    Prisma.sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS i(ord int, job_id uuid, user_id text,
        task_description text, hitl_policy jsonb, idempotency_key text, progress_message text, trace_parent text,
        message text, data jsonb, doorbell text, task jsonb)
    ), job AS (
      INSERT INTO jobs (job_id, user_id, task_description, hitl_policy, idempotency_key, status, current_phase, progress_percent, progress_message, last_sequence, trace_parent)
      SELECT i.job_id, i.user_id, i.task_description, i.hitl_policy, i.idempotency_key,
        'PENDING'::job_status, NULL::workflow_phase, 0, i.progress_message, 1, i.trace_parent
      FROM input i ORDER BY i.ord
      -- A conflict writes nothing: no row here, so no event, doorbell or task below for that item.
      ON CONFLICT (user_id, idempotency_key) DO NOTHING
      RETURNING ${JOB_SELECT}
    ), fresh AS (
      SELECT i.* FROM input i JOIN job ON job."jobId" = i.job_id
    ), inserted AS (
      INSERT INTO job_events (job_id, sequence, event_type, status, phase, progress_percent, message, data)
      SELECT n.job_id, 1, 'CREATED'::job_event_type, 'PENDING'::job_status, NULL::workflow_phase, 0, n.message, n.data
      FROM fresh n
      RETURNING 1
    ), doorbell AS (
      SELECT pg_notify(${JOB_EVENTS_CHANNEL}, n.doorbell) FROM fresh n
    ), task AS (
      SELECT (SELECT count(*) FROM ${addTasks(Prisma.sql`(SELECT jsonb_agg(n.task ORDER BY n.ord) FROM fresh n)`)})
      WHERE EXISTS (SELECT 1 FROM fresh)
    )
    SELECT i.ord, true AS "isNew", job.* FROM job JOIN input i ON i.job_id = job."jobId"
    WHERE ${EVERY_CTE_RUNS}
    UNION ALL
    -- The statement's snapshot: a job committed before it began, not one it inserted.
    SELECT i.ord, false, held.* FROM input i
    CROSS JOIN LATERAL (
      SELECT ${JOB_SELECT} FROM jobs WHERE jobs.user_id = i.user_id AND jobs.idempotency_key = i.idempotency_key
    ) held
    WHERE i.idempotency_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM job WHERE job."jobId" = i.job_id)`,
  );
  const byOrd = new Map<number, NewJobOutcome>();
  for (const { ord, isNew, ...job } of rows) byOrd.set(ord, isNew ? { created: job } : { existing: job });
  return jobs.map((_, ord) => {
    const own = byOrd.get(sameAs[ord]!) ?? { existing: null };
    if (sameAs[ord] === ord) return own;
    return { existing: 'created' in own ? own.created : own.existing };
  });
}

/** One new job (insertJobs of one): null when the user already has a job with this idempotency key. */
export async function insertJob(db: PrismaClient | Tx, job: NewJob): Promise<Job | null> {
  const [outcome] = await insertJobs(db, [job]);
  return outcome && 'created' in outcome ? outcome.created : null;
}

/** What a transition writes, worked out once from the job as it is and the spec (the rules of the change). */
interface TransitionPlan {
  data: {
    status: JobStatus;
    currentPhase: WorkflowPhase | null;
    progressPercent: number;
    progressMessage?: string | null;
    lastSequence: number;
    startedAt?: Date;
    completedAt?: Date | null;
  };
  events: Array<{
    sequence: number;
    event_type: JobEventType;
    status: JobStatus;
    phase: WorkflowPhase | null;
    progress_percent: number;
    message: string | null;
    data: Prisma.InputJsonValue | undefined;
  }>;
  payload: NotificationPayload;
}

function planTransition(job: Job, spec: TransitionSpec): TransitionPlan {
  const status = (spec.to ?? job.status) as JobStatus;
  if (spec.to && spec.to !== job.status) assertTransition(job.status as JobStatus, spec.to);
  const phase = (spec.phase === undefined ? job.currentPhase : spec.phase) as WorkflowPhase | null;
  const progress = nextProgress(job.progressPercent, spec.progress ?? job.progressPercent, status);
  const now = new Date();
  const statusChanged = status !== job.status;
  const lastSequence = job.lastSequence + spec.events.length;
  return {
    data: {
      status,
      currentPhase: phase,
      progressPercent: progress,
      ...(spec.message !== undefined ? { progressMessage: spec.message } : {}),
      lastSequence,
      ...(status === 'RUNNING' && !job.startedAt ? { startedAt: now } : {}),
      ...(statusChanged && (isTerminal(status) || status === 'PENDING_REVIEW') ? { completedAt: now } : {}),
      ...(statusChanged && status === 'PENDING' ? { completedAt: null } : {}),
    },
    events: spec.events.map((event, index) => ({
      sequence: job.lastSequence + index + 1,
      event_type: event.type,
      status,
      phase: (event.phase === undefined ? phase : event.phase) as WorkflowPhase | null,
      progress_percent: progress,
      message: event.message ?? null,
      data: event.data,
    })),
    payload: { jobId: job.jobId, userId: job.userId, sequence: lastSequence },
  };
}

/**
 * The events of a plan, the doorbell (pg_notify: delivered on commit) and a task, as CTEs of one statement.
 * `userFromRow`: the payload's user is the updated row's (a plan made without reading the job, applyTransitionIfFresh).
 */
function eventsDoorbellAndTask(
  jobId: string,
  plan: Pick<TransitionPlan, 'events' | 'payload'>,
  task: Prisma.Sql | undefined,
  when: Prisma.Sql,
  userFromRow = false,
): Prisma.Sql {
  const { sequence } = plan.payload;
  const payload = userFromRow
    ? Prisma.sql`json_build_object('jobId', ${jobId}::text, 'userId', (SELECT "userId" FROM updated), 'sequence', ${sequence}::int)::text`
    : Prisma.sql`${JSON.stringify(plan.payload)}`;
  return Prisma.sql`
    inserted AS (
      INSERT INTO job_events (job_id, sequence, event_type, status, phase, progress_percent, message, data)
      SELECT ${jobId}::uuid, e.sequence, e.event_type, e.status, e.phase, e.progress_percent, e.message, e.data
      FROM jsonb_to_recordset(${JSON.stringify(plan.events)}::jsonb)
        AS e(sequence int, event_type job_event_type, status job_status, phase workflow_phase, progress_percent int, message text, data jsonb)
      WHERE ${when}
      RETURNING 1
    ), doorbell AS (
      SELECT pg_notify(${JOB_EVENTS_CHANNEL}, ${payload}) WHERE ${plan.events.length > 0} AND ${when}
    ), task AS (
      ${task ? Prisma.sql`SELECT (${task}).id WHERE ${when}` : Prisma.sql`SELECT 1 WHERE false`}
    )`;
}

/**
 * The UPDATE of a transition as the CTE `updated`: the plan's columns and the patch, typed by the table itself
 * (jsonb_populate_record of a jobs row), where the job is as `guard` shows it (null: any state, for a locked row).
 */
function updatedCte(
  jobId: string,
  plan: TransitionPlan,
  patch: JobPatch | undefined,
  guard: Job | null,
  extra: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries({ ...patch, ...plan.data })) {
    if (value !== undefined) values[JOB_COLUMNS[field as keyof Job]] = value;
  }
  const columns = Object.keys(values).map((column) => `"${column}"`);
  const condition = guard
    ? Prisma.sql`AND status = ${guard.status}::job_status AND current_phase IS NOT DISTINCT FROM ${guard.currentPhase}::workflow_phase AND last_sequence = ${guard.lastSequence}`
    : Prisma.empty;
  return Prisma.sql`
    updated AS (
      UPDATE jobs SET (${Prisma.raw(columns.join(', '))}) = (
        SELECT ${Prisma.raw(columns.map((c) => `p.${c}`).join(', '))} FROM jsonb_populate_record(NULL::jobs, ${JSON.stringify(values)}::jsonb) p
      )
      WHERE job_id = ${jobId}::uuid ${condition} ${extra}
      RETURNING ${JOB_SELECT}
    )`;
}

/**
 * A row written with a transition in the same statement, only when the job's update happened: `cte` is a
 * data-modifying statement that tests `EXISTS (SELECT 1 FROM updated)` and returns at most one row, its columns
 * named `<name>.<field>`.
 */
export interface GuardedRow {
  name: string;
  cte: Prisma.Sql;
}

export interface GuardedOutcome {
  job: Job;
  /** Each GuardedRow's returned row by name (fields without the prefix); null when it returned none. */
  rows: Record<string, Record<string, unknown> | null>;
}

async function transitionStatement(
  db: PrismaClient | Tx,
  job: Job,
  spec: TransitionSpec,
  guard: Job | null,
  also: readonly GuardedRow[],
): Promise<GuardedOutcome | null> {
  const plan = planTransition(job, spec);
  const written = Prisma.sql`EXISTS (SELECT 1 FROM updated)`;
  const ctes = [
    updatedCte(job.jobId, plan, spec.patch, guard),
    eventsDoorbellAndTask(job.jobId, plan, spec.task, written),
    ...alsoCtes(also),
  ];
  const rows = await rawRows<Record<string, unknown>>(
    db,
    Prisma.sql`
    WITH ${Prisma.join(ctes, ', ')}
    SELECT * FROM updated ${alsoJoins(also)}
    WHERE ${EVERY_CTE_RUNS}`,
  );
  const row = rows[0];
  return row ? splitRow(row, also) : null;
}

const alsoCtes = (also: readonly GuardedRow[]) =>
  also.map((row) => Prisma.sql`${Prisma.raw(`"${row.name}"`)} AS (${row.cte})`);
const alsoJoins = (also: readonly GuardedRow[]) =>
  also.length > 0 ? Prisma.raw(also.map((row) => `LEFT JOIN "${row.name}" ON true`).join(' ')) : Prisma.empty;

/**
 * A row written before the transition, which the transition needs (a scenario run, a skill): `cte` tests
 * `EXISTS (SELECT 1 FROM locked)` (the job, locked, as the guard shows it) and returns a row when it wrote; the
 * transition is written only when it did (e.g. not on `ON CONFLICT DO NOTHING`).
 */
export type RequiredRow = GuardedRow;

export interface RequiredOutcome {
  /** The job was as `job` shows it (so it was locked for the statement). */
  held: boolean;
  /** The required row as written; null when it wrote none (nor then the transition). */
  required: Record<string, unknown> | null;
  /** The transition and its other rows; null when it was not written. */
  written: GuardedOutcome | null;
}

/**
 * applyGuardedTransition whose transition also requires a row written first in the same statement (one statement
 * where a lock, an insert and the transition took a transaction of three). Nothing is written unless the job is as
 * `job` shows it; then the required row, and the transition only when that row was written.
 */
export async function applyTransitionRequiring(
  db: PrismaClient | Tx,
  job: Job,
  spec: TransitionSpec,
  required: RequiredRow,
  also: readonly GuardedRow[] = [],
): Promise<RequiredOutcome> {
  const plan = planTransition(job, spec);
  const written = Prisma.sql`EXISTS (SELECT 1 FROM updated)`;
  const requiredName = Prisma.raw(`"${required.name}"`);
  const ctes = [
    Prisma.sql`locked AS (
      SELECT 1 FROM jobs
      WHERE job_id = ${job.jobId}::uuid AND status = ${job.status}::job_status
        AND current_phase IS NOT DISTINCT FROM ${job.currentPhase}::workflow_phase AND last_sequence = ${job.lastSequence}
      FOR UPDATE
    )`,
    Prisma.sql`${requiredName} AS (${required.cte})`,
    updatedCte(job.jobId, plan, spec.patch, job, Prisma.sql`AND EXISTS (SELECT 1 FROM ${requiredName})`),
    eventsDoorbellAndTask(job.jobId, plan, spec.task, written),
    ...alsoCtes(also),
  ];
  const rows = await rawRows<Record<string, unknown>>(
    db,
    Prisma.sql`
    WITH ${Prisma.join(ctes, ', ')}
    SELECT * FROM (SELECT EXISTS (SELECT 1 FROM locked) AS "locked.held") held
      LEFT JOIN updated ON true LEFT JOIN ${requiredName} ON true ${alsoJoins(also)}
    WHERE ${EVERY_CTE_RUNS}`,
  );
  const split = splitRow(rows[0]!, [{ name: 'locked', cte: Prisma.empty }, required, ...also]);
  const { locked, [required.name]: requiredRow, ...others } = split.rows;
  return {
    held: locked?.['held'] === true,
    required: requiredRow ?? null,
    written: split.job.jobId ? { job: split.job, rows: others } : null,
  };
}

/** Splits the statement's row into the job's fields and each guarded row's (by their `<name>.` prefix). */
function splitRow(row: Record<string, unknown>, also: readonly GuardedRow[]): GuardedOutcome {
  const job: Record<string, unknown> = {};
  const rows: GuardedOutcome['rows'] = Object.fromEntries(also.map((a) => [a.name, null]));
  for (const [key, value] of Object.entries(row)) {
    const dot = key.indexOf('.');
    const name = dot > 0 ? key.slice(0, dot) : null;
    if (name === null || !(name in rows)) {
      job[key] = value;
      continue;
    }
    // A LEFT JOIN that found no row gives nulls in every column: the primary key says whether there was one.
    rows[name] = { ...rows[name], [key.slice(dot + 1)]: value };
  }
  for (const name of Object.keys(rows)) {
    if (rows[name] && Object.values(rows[name]).every((v) => v === null)) rows[name] = null;
  }
  return { job: job as unknown as Job, rows };
}

/** Applies a change to a job locked with lockJob (one statement). Throws IllegalTransitionError for a move the machine forbids. */
export async function applyTransition(tx: Tx, job: Job, spec: TransitionSpec): Promise<Job> {
  const outcome = await transitionStatement(tx, job, spec, null, []);
  if (!outcome) throw new Error(`job ${job.jobId} vanished while locked`);
  return outcome.job;
}

/**
 * The same change as one statement outside any transaction, applied only if the job is still as `job` shows it (same
 * status, phase and last sequence): a compare-and-set instead of lock, read, write, commit. Null when the job changed
 * meanwhile (the caller reads it again and decides anew): nothing was written then. For the hot path of a worker
 * picking a job up: one round trip where the locked path takes four.
 */
export async function applyTransitionIfUnchanged(
  db: PrismaClient,
  job: Job,
  spec: TransitionSpec,
): Promise<Job | null> {
  return (await transitionStatement(db, job, spec, job, []))?.job ?? null;
}

/** A job as insertJob writes it (PENDING, no phase, only its CREATED event): known without reading it. */
const FRESH = { status: 'PENDING', currentPhase: null, progressPercent: 0, lastSequence: 1, startedAt: null } as const;

export interface FreshStart {
  /** The job as stored after the statement. */
  job: Job;
  /** Whether this statement started it (it was fresh); else it is as it was, unchanged. */
  started: boolean;
  /** A job not started here: its state rows, read with it (state-rows-read.ts); null when no task runs it. */
  stateRows: StateRowsJson | null;
}

/**
 * `spec` applied to the job if it is fresh (as insertJob wrote it: its state known without reading it), in one
 * statement that otherwise only reads the job: one round trip where a read, then a compare-and-set took two. Null when
 * the job does not exist.
 */
export async function applyTransitionIfFresh(
  db: PrismaClient,
  jobId: string,
  spec: TransitionSpec,
): Promise<FreshStart | null> {
  // The user is not known before the row is: the doorbell takes it from the updated row.
  const fresh = { ...FRESH, jobId, userId: '' } as unknown as Job;
  const plan = planTransition(fresh, spec);
  const written = Prisma.sql`EXISTS (SELECT 1 FROM updated)`;
  const rows = await rawRows<Job & { started: boolean; stateRows: StateRowsJson | null }>(
    db,
    Prisma.sql`
    WITH ${updatedCte(jobId, plan, spec.patch, fresh)}, ${eventsDoorbellAndTask(jobId, plan, spec.task, written, true)}
    SELECT *, true AS "started", NULL::json AS "stateRows" FROM updated WHERE ${EVERY_CTE_RUNS}
    UNION ALL
    SELECT ${JOB_SELECT}, false, ${STATE_ROWS_JSON}
    FROM jobs WHERE job_id = ${jobId}::uuid AND NOT EXISTS (SELECT 1 FROM updated)`,
  );
  const row = rows[0];
  if (!row) return null;
  const { started, stateRows, ...job } = row;
  return { job: job as Job, started, stateRows };
}

/**
 * applyTransitionIfUnchanged with other rows written in the same statement, only when the change is (the state rows
 * of a phase's commit). In a transaction that locked the job it is the locked path's write, in one statement.
 */
export function applyGuardedTransition(
  db: PrismaClient | Tx,
  job: Job,
  spec: TransitionSpec,
  also: readonly GuardedRow[],
): Promise<GuardedOutcome | null> {
  return transitionStatement(db, job, spec, job, also);
}

/** The message of a status change event, e.g. "RUNNING -> PENDING_HITL". */
export function statusChange(from: string, to: string, reason?: string): EventSpec {
  return {
    type: 'STATUS_CHANGED',
    message: reason ? `${from} -> ${to}: ${reason}` : `${from} -> ${to}`,
    data: { from, to },
  };
}
