// What operators ask of the job table (the original design's monitoring queries): counts and average durations
// per status, and jobs that are RUNNING but have not moved for a while. None of them reads every job: an admin's
// counts come from the totals the status trigger keeps, a user's from their part of an index.
import type { Job, Prisma } from '../../prisma/database';
import { COUNTED_JOBS_SQL } from '../metric-counts';
import { ValidationError } from '../errors';
import type { Services } from '../services';
import type { Viewer } from '../viewer';
import { JOB_STATUSES, type JobStatus } from '../workflow/machine';

export interface JobStatusStat {
  status: JobStatus;
  count: number;
  /** completed_at - created_at, over the jobs that have completed_at; null when none has. */
  avgDurationSeconds: number | null;
}

/** What a GraphQL selection asks of the rows (Prisma's select or include), passed through to the read. */
export interface JobRowQuery {
  select?: Prisma.JobSelect;
  include?: Prisma.JobInclude;
}

interface StatusRow {
  status: JobStatus;
  count: bigint | number;
  finished: bigint | number;
  /** numeric arrives as a string (exact); float from the user's query. */
  duration_seconds: string | number | null;
}

function toStats(rows: StatusRow[]): JobStatusStat[] {
  const byStatus = new Map(rows.map((r) => [r.status, r]));
  // Every status, in lifecycle order, zeros included: dashboards want a stable shape.
  return JOB_STATUSES.map((status) => {
    const row = byStatus.get(status);
    const finished = Number(row?.finished ?? 0);
    return {
      status,
      count: Number(row?.count ?? 0),
      avgDurationSeconds: finished > 0 ? Number(row!.duration_seconds) / finished : null,
    };
  });
}

/** Every job per status (admins' view), from the counts the status trigger keeps: a handful of rows. */
export async function countedJobsByStatus(services: Services): Promise<JobStatusStat[]> {
  const rows = await services.prisma.$queryRawUnsafe<StatusRow[]>(
    `SELECT status::text AS status, count, finished, duration_seconds::text AS duration_seconds FROM (${COUNTED_JOBS_SQL}) c`,
  );
  return toStats(rows);
}

export async function jobStats(services: Services, viewer: Viewer): Promise<JobStatusStat[]> {
  if (viewer.isAdmin) return countedJobsByStatus(services);
  // Index-only over (user_id, status, created_at) INCLUDE (completed_at).
  const rows = await services.prisma.$queryRaw<StatusRow[]>`
    SELECT status::text AS status, count(*) AS count, count(completed_at) AS finished,
           sum(extract(epoch FROM completed_at - created_at))::float8 AS duration_seconds
    FROM jobs WHERE user_id = ${viewer.userId}
    GROUP BY status`;
  return toStats(rows);
}

export const MAX_STUCK_MINUTES = 30 * 24 * 60;

/** RUNNING jobs whose row has not changed (no progress, no event) for `olderThanMinutes`, oldest first. */
export async function stuckJobs(
  services: Services,
  viewer: Viewer,
  olderThanMinutes: number,
  query: JobRowQuery = {},
): Promise<Job[]> {
  if (!Number.isInteger(olderThanMinutes) || olderThanMinutes < 1 || olderThanMinutes > MAX_STUCK_MINUTES) {
    throw new ValidationError(`must be an integer between 1 and ${MAX_STUCK_MINUTES}`, 'olderThanMinutes');
  }
  return services.prisma.job.findMany({
    ...query,
    where: {
      status: 'RUNNING',
      updatedAt: { lt: new Date(Date.now() - olderThanMinutes * 60_000) },
      ...(viewer.isAdmin ? {} : { userId: viewer.userId }),
    },
    orderBy: [{ updatedAt: 'asc' }, { jobId: 'asc' }],
    take: 500,
  }) as Promise<Job[]>;
}

/** The viewer's own jobs waiting for their input (admins included: these are prompts to answer), oldest first. */
export async function pendingHitlJobs(services: Services, viewer: Viewer, query: JobRowQuery = {}): Promise<Job[]> {
  return services.prisma.job.findMany({
    ...query,
    where: { status: 'PENDING_HITL', userId: viewer.userId },
    orderBy: [{ createdAt: 'asc' }, { jobId: 'asc' }],
    take: 500,
  }) as Promise<Job[]>;
}
