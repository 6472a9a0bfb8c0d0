// job(id) as one hand-written statement through `pg`: the job's selected columns, its pending prompt and its events
// after a sequence, when the selection asks for them (the job page: what the console and the benchmarks read, again
// and again). Prisma's client costs more CPU per call (~0.5-0.7 ms with two relations) than the rest of such a request.
// The plan is read from the query Pothos built for the selection (Prisma's select), so what is fetched is exactly what
// the Prisma path would fetch; any selection the statement does not cover goes through Prisma as before.
import type pg from 'pg';
import { poolOf, preparedStatementName, type Job, type Prisma } from '../../prisma/database';
import type { Services } from '../services';
import { visibleJobs, type Viewer } from '../viewer';
import { isJobField, JOB_COLUMNS, type JobField } from '../jobs/job-columns';
import { toHitlInteraction, toJobEvent, type HitlInteractionRow, type JobEventRow } from './rows';

/** What a GraphQL selection asks of the job row (Prisma's select or include), as Pothos plans it. */
export interface JobPageQuery {
  select?: Prisma.JobSelect;
  include?: Prisma.JobInclude;
}

export interface JobPagePlan {
  /** The job's fields to read (Prisma names). */
  fields: JobField[];
  /** Read the PENDING prompt (Job.pendingInteraction: `hitlInteractions` with one row or none). */
  pendingPrompt: boolean;
  /** Read the events after this sequence, ascending (Job.events); null when they are not selected. */
  eventsAfter: number | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` is an object with exactly these keys. */
function hasKeys(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  return isRecord(value) && Object.keys(value).length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

/** Job.pendingInteraction's select: `{ where: { status: 'PENDING' }, take: 1 }`, no nested relation. */
function isPendingPromptSelect(value: unknown): boolean {
  return (
    hasKeys(value, ['where', 'take']) &&
    value.take === 1 &&
    hasKeys(value.where, ['status']) &&
    value.where.status === 'PENDING'
  );
}

/** Job.events' select: `{ where: { sequence: { gt: n } }, orderBy: { sequence: 'asc' } }`; the `n`, or null. */
function eventsAfterOf(value: unknown): number | null {
  if (!hasKeys(value, ['where', 'orderBy'])) return null;
  if (!hasKeys(value.orderBy, ['sequence']) || value.orderBy.sequence !== 'asc') return null;
  if (!hasKeys(value.where, ['sequence']) || !hasKeys(value.where.sequence, ['gt'])) return null;
  const after = value.where.sequence.gt;
  return Number.isSafeInteger(after) ? (after as number) : null;
}

/**
 * The statement's plan for a selection, or null when the selection needs what only Prisma reads: any other relation
 * (hitlInteractions, deepUnderstanding, tddWorkflow, llmUsage, skill, ...), a nested relation under the prompt or the
 * events (events { job }), or an include-mode query.
 */
export function planJobPage(query: JobPageQuery): JobPagePlan | null {
  if (query.include !== undefined || !isRecord(query.select)) return null;
  const plan: JobPagePlan = { fields: [], pendingPrompt: false, eventsAfter: null };
  for (const [name, value] of Object.entries(query.select)) {
    if (value === true && isJobField(name)) {
      plan.fields.push(name);
      continue;
    }
    if (name === 'hitlInteractions' && isPendingPromptSelect(value)) {
      plan.pendingPrompt = true;
      continue;
    }
    const after = name === 'events' ? eventsAfterOf(value) : null;
    if (after === null) return null;
    plan.eventsAfter = after;
  }
  return plan;
}

/**
 * The statement of each plan shape, built once. Parameters: $1 job id, $2 owner (null: any), $3 events after. Capped
 * like the statement names (prisma/database.ts): clients choose the field sets, so past the cap they are built anew.
 */
const statements = new Map<string, string>();
const MAX_STATEMENTS = 1000;

function statementFor(plan: JobPagePlan): string {
  const key = `${plan.fields.join(',')}|${plan.pendingPrompt}|${plan.eventsAfter !== null}`;
  let sql = statements.get(key);
  if (sql === undefined) {
    const columns = plan.fields.map((field) => `j.${JOB_COLUMNS[field]} AS "${field}"`);
    if (plan.pendingPrompt)
      columns.push(`(SELECT row_to_json(h) FROM hitl_interactions h
        WHERE h.job_id = j.job_id AND h.status = 'PENDING' LIMIT 1) AS "pendingPrompt"`);
    if (plan.eventsAfter !== null)
      columns.push(`(SELECT json_agg(row_to_json(e) ORDER BY e.sequence) FROM job_events e
        WHERE e.job_id = j.job_id AND e.sequence > $3) AS "eventRows"`);
    // Pothos always selects jobId and userId (the node's own select); a hand-made plan of nothing reads the id.
    if (columns.length === 0) columns.push('j.job_id AS "jobId"');
    sql = `SELECT ${columns.join(', ')} FROM jobs j WHERE j.job_id = $1::uuid AND ($2::text IS NULL OR j.user_id = $2)`;
    if (statements.size < MAX_STATEMENTS) statements.set(key, sql);
  }
  return sql;
}

type JobPageRow = Partial<Job> & { pendingPrompt?: HitlInteractionRow | null; eventRows?: JobEventRow[] | null };

/**
 * The job as the viewer may see it (resolvers/viewer.ts decides), with what the plan asks for, shaped as Prisma's
 * result for the same select; null when there is no such job or it is not the viewer's.
 */
export async function readJobPage(
  pool: pg.Pool,
  viewer: Viewer,
  jobId: string,
  plan: JobPagePlan,
): Promise<Job | null> {
  const text = statementFor(plan);
  const values: unknown[] = [jobId, visibleJobs(viewer).userId ?? null];
  if (plan.eventsAfter !== null) values.push(plan.eventsAfter);
  const { rows } = await pool.query<JobPageRow>({ name: preparedStatementName({ sql: text }), text, values });
  const row = rows[0];
  if (!row) return null;
  const { pendingPrompt, eventRows, ...job } = row;
  const page: Record<string, unknown> = job;
  if (plan.pendingPrompt) page.hitlInteractions = pendingPrompt ? [toHitlInteraction(pendingPrompt)] : [];
  if (plan.eventsAfter !== null) page.events = (eventRows ?? []).map(toJobEvent);
  return page as unknown as Job;
}

/**
 * job(id): the lean statement when it covers the selection (and the client has its pool: poolOf), otherwise Prisma
 * with the same visibility rule.
 */
export async function findJobPage(
  services: Services,
  viewer: Viewer,
  jobId: string,
  query: JobPageQuery,
): Promise<Job | null> {
  const plan = planJobPage(query);
  const pool = plan && poolOf(services.prisma);
  if (plan && pool) return readJobPage(pool, viewer, jobId, plan);
  return services.prisma.job.findFirst({ ...(query as object), where: { jobId, ...visibleJobs(viewer) } });
}
