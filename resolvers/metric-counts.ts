// The counts that every process must report alike, read from PostgreSQL at scrape time, cheap at any size: job
// counts come from the totals a trigger on jobs keeps (prisma/migrations/*_job_status_counts), pending prompts from the
// totals triggers on hitl_interactions keep (prisma/migrations/*_hitl_pending_counts).
import { Prisma, type PrismaClient } from '../prisma/database';
import { JOB_STATUSES } from './workflow/machine';

export interface LabelledCount {
  labels: Record<string, string>;
  count: number;
}

/**
 * Changes as +1 for the status entered and -1 for the one left, with the finished job (one that has completed_at) and
 * its duration in seconds added to / taken from the same status. A change from a status to itself (only the duration
 * changed) nets 0 jobs.
 */
const statusDeltas = (changes: string) => `
  SELECT to_status AS status, 1 AS n, (to_seconds IS NOT NULL)::int AS finished, coalesce(to_seconds, 0) AS seconds
  FROM ${changes} WHERE to_status IS NOT NULL
  UNION ALL SELECT from_status, -1, -(from_seconds IS NOT NULL)::int, -coalesce(from_seconds, 0)
  FROM ${changes} WHERE from_status IS NOT NULL`;

/**
 * Counted jobs per status: the totals plus the changes not folded into them yet (one snapshot, so exact); also how
 * many of them have completed_at and the sum of their completed_at - created_at (jobStats).
 */
export const COUNTED_JOBS_SQL = `
  SELECT status, sum(n)::bigint AS count, sum(finished)::bigint AS finished, sum(seconds) AS duration_seconds
  FROM (SELECT status, count AS n, finished, duration_seconds AS seconds FROM job_status_counts
        UNION ALL ${statusDeltas('job_status_changes')}) c
  GROUP BY status`;

/**
 * Folds the changes the trigger appended into the totals, one folder at a time (the others skip it). Data-modifying
 * CTEs run whether or not the main query reads them; a main query reads the snapshot before the fold, where totals +
 * changes are the same sum, so it stays exact.
 */
const FOLD_CHANGES = Prisma.sql`
  folder AS (
    SELECT pg_try_advisory_xact_lock(hashtext('skills_fleet.job_status_changes')) AS got
  ), moved AS (
    DELETE FROM job_status_changes WHERE (SELECT got FROM folder) RETURNING from_status, to_status, from_seconds, to_seconds
  ), statuses AS (
    INSERT INTO job_status_counts (status, count, finished, duration_seconds)
    SELECT status, sum(n), sum(finished), sum(seconds) FROM (${Prisma.raw(statusDeltas('moved'))}) d
    GROUP BY status
    ON CONFLICT (status) DO UPDATE SET count = job_status_counts.count + excluded.count,
      finished = job_status_counts.finished + excluded.finished,
      duration_seconds = job_status_counts.duration_seconds + excluded.duration_seconds
    RETURNING 1
  ), transitions AS (
    INSERT INTO job_transition_counts (from_status, to_status, count)
    SELECT from_status, to_status, count(*) FROM moved
    WHERE from_status IS NOT NULL AND to_status IS NOT NULL AND from_status <> to_status
    GROUP BY from_status, to_status
    ON CONFLICT (from_status, to_status) DO UPDATE SET count = job_transition_counts.count + excluded.count
    RETURNING 1
  )`;

/** Jobs per status, every status present (folding the appended changes on the way). */
export async function jobStatusCounts(prisma: PrismaClient): Promise<LabelledCount[]> {
  const rows = await prisma.$queryRaw<Array<{ status: string; count: bigint }>>`
    WITH ${FOLD_CHANGES}
    SELECT status::text AS status, count FROM (${Prisma.raw(COUNTED_JOBS_SQL)}) counted`;
  const byStatus = new Map(rows.map((r) => [r.status, Number(r.count)]));
  return JOB_STATUSES.map((status) => ({ labels: { status }, count: byStatus.get(status) ?? 0 }));
}

/**
 * Folds the appended changes without reading: the worker's sweep runs it, so the changes table stays short when
 * nothing scrapes /metrics. Returns how many changes it folded (0 when another folder held the lock).
 */
export async function foldJobStatusChanges(prisma: PrismaClient): Promise<number> {
  const [row] = await prisma.$queryRaw<Array<{ folded: bigint }>>`
    WITH ${FOLD_CHANGES}
    SELECT count(*) AS folded FROM moved`;
  return Number(row?.folded ?? 0);
}

/** Committed status changes per (from, to): the totals plus the changes not folded yet. */
const COUNTED_TRANSITIONS_SQL = `
  SELECT from_status::text AS "from", to_status::text AS "to", sum(n)::bigint AS count
  FROM (
    SELECT from_status, to_status, count AS n FROM job_transition_counts
    UNION ALL SELECT from_status, to_status, 1 FROM job_status_changes
    WHERE from_status IS NOT NULL AND to_status IS NOT NULL AND from_status <> to_status
  ) c
  GROUP BY from_status, to_status`;

export async function jobTransitionCounts(prisma: PrismaClient): Promise<LabelledCount[]> {
  const rows = await prisma.$queryRaw<Array<{ from: string; to: string; count: bigint }>>(
    Prisma.raw(COUNTED_TRANSITIONS_SQL),
  );
  return rows.map((r) => ({ labels: { from: r.from, to: r.to }, count: Number(r.count) }));
}

/** Counted PENDING prompts per type: the totals plus the changes not folded into them yet (one snapshot, so exact). */
export const COUNTED_PENDING_PROMPTS_SQL = `
  SELECT interaction_type, sum(n)::bigint AS count
  FROM (
    SELECT interaction_type, count AS n FROM hitl_pending_counts
    UNION ALL SELECT interaction_type, delta FROM hitl_pending_changes
  ) c
  GROUP BY interaction_type`;

/** Folds the pending-prompt changes into their totals, like FOLD_CHANGES for the jobs (names of its own: see scrape). */
const FOLD_PENDING_CHANGES = Prisma.sql`
  prompt_folder AS (
    SELECT pg_try_advisory_xact_lock(hashtext('skills_fleet.hitl_pending_changes')) AS got
  ), prompt_moved AS (
    DELETE FROM hitl_pending_changes WHERE (SELECT got FROM prompt_folder) RETURNING interaction_type, delta
  ), prompt_totals AS (
    INSERT INTO hitl_pending_counts (interaction_type, count)
    SELECT interaction_type, sum(delta) FROM prompt_moved GROUP BY interaction_type
    ON CONFLICT (interaction_type) DO UPDATE SET count = hitl_pending_counts.count + excluded.count
    RETURNING 1
  )`;

/** PENDING prompts per type, from the totals the triggers keep (folding the appended changes on the way). */
export async function pendingPromptCounts(prisma: PrismaClient): Promise<LabelledCount[]> {
  const rows = await prisma.$queryRaw<Array<{ type: string; count: bigint }>>`
    WITH ${FOLD_PENDING_CHANGES}
    SELECT interaction_type::text AS type, count FROM (${Prisma.raw(COUNTED_PENDING_PROMPTS_SQL)}) counted`;
  return rows.map((r) => ({ labels: { type: r.type }, count: Number(r.count) }));
}

/** Folds the pending-prompt changes without reading (the worker's sweep); how many it folded. */
export async function foldPendingPromptChanges(prisma: PrismaClient): Promise<number> {
  const [row] = await prisma.$queryRaw<Array<{ folded: bigint }>>`
    WITH ${FOLD_PENDING_CHANGES}
    SELECT count(*) AS folded FROM prompt_moved`;
  return Number(row?.folded ?? 0);
}

export interface ScrapeCounts {
  jobs: LabelledCount[];
  transitions: LabelledCount[];
  pendingPrompts: LabelledCount[];
}

/**
 * What a scrape of /metrics reads, in one statement (one round trip, one snapshot) instead of three: jobs per status
 * and pending prompts per type (folding both change logs on the way, as jobStatusCounts and pendingPromptCounts do)
 * and the transitions (as jobTransitionCounts). The main query reads the snapshot before the folds, so it is exact.
 */
export async function scrapeCounts(prisma: PrismaClient): Promise<ScrapeCounts> {
  const rows = await prisma.$queryRaw<Array<{ metric: string; a: string; b: string | null; count: bigint }>>`
    WITH ${FOLD_CHANGES}, ${FOLD_PENDING_CHANGES}
    SELECT 'jobs' AS metric, status::text AS a, NULL::text AS b, count FROM (${Prisma.raw(COUNTED_JOBS_SQL)}) j
    UNION ALL SELECT 'transitions', "from", "to", count FROM (${Prisma.raw(COUNTED_TRANSITIONS_SQL)}) t
    UNION ALL SELECT 'prompts', interaction_type::text, NULL, count
      FROM (${Prisma.raw(COUNTED_PENDING_PROMPTS_SQL)}) p`;
  const byStatus = new Map<string, number>();
  const transitions: LabelledCount[] = [];
  const pendingPrompts: LabelledCount[] = [];
  for (const row of rows) {
    const count = Number(row.count);
    if (row.metric === 'jobs') byStatus.set(row.a, count);
    else if (row.metric === 'transitions') transitions.push({ labels: { from: row.a, to: row.b! }, count });
    else pendingPrompts.push({ labels: { type: row.a }, count });
  }
  return {
    jobs: JOB_STATUSES.map((status) => ({ labels: { status }, count: byStatus.get(status) ?? 0 })),
    transitions,
    pendingPrompts,
  };
}
