// Looking up a job the viewer may see; anything else is "not found".
import type { Job } from '../../prisma/database';
import { NotFoundError } from '../errors';
import type { Services } from '../services';
import { canSee, type Viewer } from '../viewer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export async function findVisibleJob(services: Services, viewer: Viewer, jobId: string): Promise<Job> {
  const job = isUuid(jobId) ? await services.prisma.job.findUnique({ where: { jobId: jobId.toLowerCase() } }) : null;
  if (!job || !canSee(viewer, job)) throw new NotFoundError('job not found');
  return job;
}
