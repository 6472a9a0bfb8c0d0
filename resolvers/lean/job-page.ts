// job(id) as one hand-written statement through `pg`: the job's selected columns, its pending prompt and its events
// after a sequence, when the selection asks for them (the job page: what the console and the benchmarks read, again
// and again). Prisma's client costs more CPU per call (~0.5-0.7 ms with two relations) than the rest of such a request.
// The plan is read from the query Pothos built for the selection (Prisma's select), so what is fetched is exactly what
// the Prisma path would fetch; any selection the statement does not cover goes through Prisma as before.
import type pg from 'pg';
import { poolOf, pooledQuery, preparedStatementName, type Job, type Prisma } from '../../prisma/database';
import type { Services } from '../services';
import { visibleJobs, type Viewer } from '../viewer';
import { isJobField, JOB_COLUMNS, type JobField } from '../jobs/job-columns';
import { coalesceReads } from './coalesced-reads';
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

/** The statements of a plan shape: for one job, and for several at once (coalesced reads, below). */
interface JobPageStatements {
  /** Parameters: $1 job id, $2 owner (null: any), $3 events after (when the plan reads events). */
  one: string;
  /** Parameters: $1 job ids, $2 owners, $3 events after, one element per read; each row carries its read's index. */
  many: string;
}

/**
 * The statements of each plan shape, built once. Capped like the statement names (prisma/database.ts): clients
 * choose the field sets, so past the cap they are built anew.
 */
const statements = new Map<string, JobPageStatements>();
const MAX_STATEMENTS = 1000;

function planKey(plan: JobPagePlan): string {
  return `${plan.fields.join(',')}|${plan.pendingPrompt}|${plan.eventsAfter !== null}`;
}

/** The selected columns, the events' lower bound written as `after` (a parameter, or a column of the batch). */
function columnsOf(plan: JobPagePlan, after: string): string {
  const columns = plan.fields.map((field) => `j.${JOB_COLUMNS[field]} AS "${field}"`);
  if (plan.pendingPrompt)
    columns.push(`(SELECT row_to_json(h) FROM hitl_interactions h
        WHERE h.job_id = j.job_id AND h.status = 'PENDING' LIMIT 1) AS "pendingPrompt"`);
  if (plan.eventsAfter !== null)
    columns.push(`(SELECT json_agg(row_to_json(e) ORDER BY e.sequence) FROM job_events e
        WHERE e.job_id = j.job_id AND e.sequence > ${after}) AS "eventRows"`);
  // Pothos always selects jobId and userId (the node's own select); a hand-made plan of nothing reads the id.
  if (columns.length === 0) columns.push('j.job_id AS "jobId"');
  return columns.join(', ');
}

function statementsFor(key: string, plan: JobPagePlan): JobPageStatements {
  let built = statements.get(key);
  if (built === undefined) {
    built = {
      one: `SELECT ${columnsOf(plan, '$3')} FROM jobs j WHERE j.job_id = $1::uuid AND ($2::text IS NULL OR j.user_id = $2)`,
      many: `SELECT r.i::int AS "readIndex", ${columnsOf(plan, 'r.after')}
        FROM unnest($1::uuid[], $2::text[], $3::int[]) WITH ORDINALITY AS r(job_id, owner, after, i)
        JOIN jobs j ON j.job_id = r.job_id AND (r.owner IS NULL OR j.user_id = r.owner)`,
    };
    if (statements.size < MAX_STATEMENTS) statements.set(key, built);
  }
  return built;
}

type JobPageRow = Partial<Job> & { pendingPrompt?: HitlInteractionRow | null; eventRows?: JobEventRow[] | null };

/** A row shaped as Prisma's result for the plan's select. */
function toJobPage(row: JobPageRow, plan: JobPagePlan): Job {
  const { pendingPrompt, eventRows, ...job } = row;
  const page: Record<string, unknown> = job;
  if (plan.pendingPrompt) page.hitlInteractions = pendingPrompt ? [toHitlInteraction(pendingPrompt)] : [];
  if (plan.eventsAfter !== null) page.events = (eventRows ?? []).map(toJobEvent);
  return page as unknown as Job;
}

interface JobPageRead {
  plan: JobPagePlan;
  jobId: string;
  /** The owner the job must have; null: any (an admin). */
  owner: string | null;
}

function jobPageReads(pool: pg.Pool): (key: string, read: JobPageRead) => Promise<Job | null> {
  return coalesceReads<JobPageRead, Job | null>({
    maxBatch: 64,
    async one(key, { plan, jobId, owner }) {
      const text = statementsFor(key, plan).one;
      const values: unknown[] = [jobId, owner];
      if (plan.eventsAfter !== null) values.push(plan.eventsAfter);
      const { rows } = await pooledQuery<JobPageRow>(pool, {
        name: preparedStatementName({ sql: text }),
        text,
        values,
      });
      return rows[0] ? toJobPage(rows[0], plan) : null;
    },
    async many(key, reads) {
      const text = statementsFor(key, reads[0]!.plan).many;
      const values = [
        reads.map((read) => read.jobId),
        reads.map((read) => read.owner),
        reads.map((read) => read.plan.eventsAfter),
      ];
      const { rows } = await pooledQuery<JobPageRow & { readIndex: number }>(pool, {
        name: preparedStatementName({ sql: text }),
        text,
        values,
      });
      const pages: Array<Job | null> = reads.map(() => null);
      for (const { readIndex, ...row } of rows) pages[readIndex - 1] = toJobPage(row, reads[readIndex - 1]!.plan);
      return pages;
    },
  });
}

/** One coalescer per pool: reads on different pools (databases) never share a statement. */
const readsOfPools = new WeakMap<pg.Pool, (key: string, read: JobPageRead) => Promise<Job | null>>();

/**
 * The job as the viewer may see it (resolvers/viewer.ts decides), with what the plan asks for, shaped as Prisma's
 * result for the same select; null when there is no such job or it is not the viewer's. Reads of the same plan shape
 * that arrive together (concurrent requests) share one statement.
 */
export function readJobPage(pool: pg.Pool, viewer: Viewer, jobId: string, plan: JobPagePlan): Promise<Job | null> {
  let reads = readsOfPools.get(pool);
  if (!reads) readsOfPools.set(pool, (reads = jobPageReads(pool)));
  return reads(planKey(plan), { plan, jobId, owner: visibleJobs(viewer).userId ?? null });
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
