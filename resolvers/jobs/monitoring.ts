// What operators ask of the job table (the original design's monitoring queries): counts and average durations
// per status, and jobs that are RUNNING but have not moved for a while.
import type { Job } from '../../prisma/database';
import { Prisma } from '../../prisma/database';
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

export async function jobStats(services: Services, viewer: Viewer): Promise<JobStatusStat[]> {
  const scope = viewer.isAdmin ? Prisma.empty : Prisma.sql`WHERE user_id = ${viewer.userId}`;
  const rows = await services.prisma.$queryRaw<Array<{ status: JobStatus; count: bigint; avg_seconds: number | null }>>`
    SELECT status::text AS status, count(*) AS count,
           avg(extract(epoch FROM completed_at - created_at)) FILTER (WHERE completed_at IS NOT NULL)::float8 AS avg_seconds
    FROM jobs ${scope}
    GROUP BY status`;
  const byStatus = new Map(rows.map((r) => [r.status, r]));
  // Every status, in lifecycle order, zeros included: dashboards want a stable shape.
  return JOB_STATUSES.map((status) => {
    const row = byStatus.get(status);
    return { status, count: Number(row?.count ?? 0), avgDurationSeconds: row?.avg_seconds ?? null };
  });
}

export const MAX_STUCK_MINUTES = 30 * 24 * 60;

/** RUNNING jobs whose row has not changed (no progress, no event) for `olderThanMinutes`, oldest first. */
export async function stuckJobs(services: Services, viewer: Viewer, olderThanMinutes: number): Promise<Job[]> {
  if (!Number.isInteger(olderThanMinutes) || olderThanMinutes < 1 || olderThanMinutes > MAX_STUCK_MINUTES) {
    throw new ValidationError(`must be an integer between 1 and ${MAX_STUCK_MINUTES}`, 'olderThanMinutes');
  }
  return services.prisma.job.findMany({
    where: {
      status: 'RUNNING',
      updatedAt: { lt: new Date(Date.now() - olderThanMinutes * 60_000) },
      ...(viewer.isAdmin ? {} : { userId: viewer.userId }),
    },
    orderBy: { updatedAt: 'asc' },
    take: 500,
  });
}

/** The viewer's own jobs waiting for their input (admins included: these are prompts to answer), oldest first. */
export async function pendingHitlJobs(services: Services, viewer: Viewer): Promise<Job[]> {
  return services.prisma.job.findMany({
    where: { status: 'PENDING_HITL', userId: viewer.userId },
    orderBy: { createdAt: 'asc' },
    take: 500,
  });
}
