// Looking up a job the viewer may see (anything else is "not found"), and the job list's filter and count.
import type { Job, Prisma } from '../../prisma/database';
import { NotFoundError, ValidationError } from '../errors';
import { countedJobsByStatus } from './monitoring';
import type { Services } from '../services';
import { checkPlainText } from '../text-input';
import { canSee, visibleJobs, type Viewer } from '../viewer';
import type { JobStatus } from '../workflow/machine';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export async function findVisibleJob(services: Services, viewer: Viewer, jobId: string): Promise<Job> {
  const job = isUuid(jobId) ? await services.prisma.job.findUnique({ where: { jobId: jobId.toLowerCase() } }) : null;
  if (!job || !canSee(viewer, job)) throw new NotFoundError('job not found');
  return job;
}

export interface JobListFilter {
  status?: readonly JobStatus[] | null;
  phase?: readonly string[] | null;
  /** Admins only; others always see only their own jobs. */
  userId?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
  /** Text in the task or the skill name, case-insensitive. */
  search?: string | null;
}

export const MAX_JOB_SEARCH_LENGTH = 200;

/** The rows of the job list: the viewer's jobs (every job for admins) narrowed by the filter. */
export function jobListWhere(viewer: Viewer, filter: JobListFilter | null | undefined): Prisma.JobWhereInput {
  const where: Prisma.JobWhereInput = { ...visibleJobs(viewer) };
  // PostgreSQL text cannot hold NUL: no job belongs to such a user (sent as a parameter it failed the statement).
  if (filter?.userId && viewer.isAdmin) where.userId = filter.userId.includes('\u0000') ? { in: [] } : filter.userId;
  if (filter?.status?.length) where.status = { in: [...filter.status] };
  if (filter?.phase?.length) where.currentPhase = { in: [...filter.phase] as never };
  if (filter?.createdAfter || filter?.createdBefore) {
    where.createdAt = {
      ...(filter.createdAfter ? { gte: filter.createdAfter } : {}),
      ...(filter.createdBefore ? { lt: filter.createdBefore } : {}),
    };
  }
  const search = filter?.search?.trim();
  if (search && search.length > MAX_JOB_SEARCH_LENGTH)
    throw new ValidationError(`must be at most ${MAX_JOB_SEARCH_LENGTH} characters`, 'filter.search');
  if (search) {
    // Like the skills search: NUL (which a text parameter cannot carry) and an unpaired surrogate (which it carries as
    // U+FFFD, i.e. a search for other text) are refused, as no task or skill name can hold them.
    checkPlainText(search, 'filter.search');
    // Prisma puts `contains` into ILIKE '%...%' as it is: LIKE's wildcards (and its escape, \\) are escaped to be text.
    const contains = { contains: search.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' as const };
    where.OR = [{ taskDescription: contains }, { skillName: contains }];
  }
  return where;
}

/**
 * How many jobs the list holds over all its pages. Every job, or every job in some statuses, is read from the counts
 * the status trigger keeps (a handful of rows at any size); one user's jobs are counted in that user's part of the
 * (user_id, status, created_at) index. Only an admin's filter by phase, creation time or text over all users counts rows.
 */
export async function countJobList(
  services: Services,
  viewer: Viewer,
  filter: JobListFilter | null | undefined,
): Promise<number> {
  const acrossUsers = viewer.isAdmin && !filter?.userId;
  if (
    acrossUsers &&
    !filter?.phase?.length &&
    !filter?.createdAfter &&
    !filter?.createdBefore &&
    !filter?.search?.trim()
  ) {
    const counted = await countedJobsByStatus(services);
    const statuses = filter?.status?.length ? new Set(filter.status) : null;
    return counted.reduce((sum, row) => (statuses && !statuses.has(row.status) ? sum : sum + row.count), 0);
  }
  return services.prisma.job.count({ where: jobListWhere(viewer, filter) });
}
