// The stream behind jobsChanged: every job the viewer may see (every job for admins) that matches a filter, each
// time one is created or its status, phase or progress changes, re-read from the table as it is then.
//
// It rides the same doorbell as the other streams, with one difference: the bell keeps WHICH jobs rang it (the
// notification payload names the job), so a ring costs a read of those rows, not a scan of the viewer's jobs. The
// hub's resync after a lost LISTEN names no job: then the stream re-reads every job updated since shortly before
// its previous read, so a change made while the hub was deaf is still delivered.
// Position, as in streams.ts: the stream remembers the version (last event sequence, update time) it delivered of
// each job and skips a row that has not moved since, so a re-read never repeats a state.
import type { Job, Prisma } from '../../prisma/database';
import { ValidationError } from '../errors';
import type { Services } from '../services';
import { visibleJobs, type Viewer } from '../viewer';
import type { JobsBell } from './doorbell';
import { delivered as measureDelivery, opened } from './measure';
import { cancellable, hubOf, withStateKeys, type JobSelection } from './streams';

/**
 * How far before its previous read a broad re-read looks: covers a transaction that was in flight during that read
 * and the clock difference between processes (updated_at is stamped by the process that writes the change).
 */
export const RESYNC_OVERLAP_MS = 60_000;
/** Rows read per query in a broad re-read. */
const BATCH_SIZE = 500;
/** Jobs whose delivered version is remembered; the oldest are forgotten (costing at most a repeated state). */
const REMEMBERED_JOBS = 10_000;

export interface FollowJobChangesInput {
  /**
   * Which of the viewer's jobs to follow: the job list's filter (resolvers/jobs/find.ts, jobListWhere). The stream
   * adds the viewer's own scope itself, so no filter can widen it to another user's jobs.
   */
  where: Prisma.JobWhereInput;
  /**
   * First deliver the jobs that changed in the last this many seconds (0..MAX_REPLAY_SECONDS; default 0): a client
   * that read the list just before subscribing closes the gap between its read and the subscription's start.
   */
  replaySeconds?: number | null;
  /**
   * What the subscriber selects of each job: every state is read with it, so what is compared with what was
   * delivered is what is delivered (see followJobUpdates).
   */
  selection?: JobSelection;
}

export const MAX_REPLAY_SECONDS = 3600;

/** Runs until the client leaves. Before what changes after it opened, only the `replaySeconds` asked for. */
export async function followJobChanges(
  services: Services,
  viewer: Viewer,
  input: FollowJobChangesInput,
): Promise<AsyncIterableIterator<Job>> {
  const replaySeconds = input.replaySeconds ?? 0;
  if (!Number.isSafeInteger(replaySeconds) || replaySeconds < 0 || replaySeconds > MAX_REPLAY_SECONDS)
    throw new ValidationError(`must be a whole number from 0 to ${MAX_REPLAY_SECONDS}`, 'replaySeconds');
  const hub = hubOf(services);
  const bell: JobsBell = viewer.isAdmin ? hub.watchAllJobs() : hub.watchUserJobs(viewer.userId);
  const scope: Prisma.JobWhereInput = { AND: [visibleJobs(viewer), input.where] };
  const { prisma } = services;
  const query = withStateKeys(input.selection ?? {}) as object;

  async function* changedSince(since: Date): AsyncGenerator<Job> {
    let cursor: { updatedAt: Date; jobId: string } | null = null;
    for (;;) {
      const after: Prisma.JobWhereInput = cursor
        ? {
            OR: [{ updatedAt: { gt: cursor.updatedAt } }, { updatedAt: cursor.updatedAt, jobId: { gt: cursor.jobId } }],
          }
        : {};
      const rows = (await prisma.job.findMany({
        ...query,
        where: { AND: [scope, { updatedAt: { gte: since } }, after] },
        orderBy: [{ updatedAt: 'asc' }, { jobId: 'asc' }],
        take: BATCH_SIZE,
      })) as Job[];
      yield* rows;
      const last = rows.at(-1);
      if (!last || rows.length < BATCH_SIZE) return;
      cursor = { updatedAt: last.updatedAt, jobId: last.jobId };
    }
  }

  return cancellable(bell, opened(services, 'jobsChanged'), async function* (stopped) {
    const delivered = new Map<string, string>();
    let previousRead = new Date();
    // The replay (read after the bell opened, so nothing falls between it and the live part), then the live part.
    let replay = replaySeconds > 0;
    while (!stopped.aborted) {
      const outcome = replay ? 'rang' : await bell.wait();
      if (outcome === 'closed') return;
      const rung = replay ? { all: false, jobIds: [] } : bell.take();
      const readAt = new Date();
      const rows: AsyncIterable<Job> | Job[] = replay
        ? changedSince(new Date(previousRead.getTime() - replaySeconds * 1000))
        : rung.all
          ? changedSince(new Date(previousRead.getTime() - RESYNC_OVERLAP_MS))
          : rung.jobIds.length === 0
            ? []
            : ((await prisma.job.findMany({
                ...query,
                where: { AND: [scope, { jobId: { in: rung.jobIds } }] },
                orderBy: [{ createdAt: 'asc' }, { jobId: 'asc' }],
              })) as Job[]);
      previousRead = readAt;
      // Only live changes are timed from their commit: a replay or a resync re-reads older ones.
      const live = !replay && !rung.all;
      replay = false;
      for await (const job of rows) {
        const version = `${job.lastSequence}:${job.updatedAt.getTime()}`;
        if (delivered.get(job.jobId) === version) continue;
        if (stopped.aborted) return;
        yield job;
        if (live) measureDelivery(services, 'jobsChanged', job.updatedAt);
        delivered.delete(job.jobId); // re-inserted last: the map forgets the jobs that moved least recently
        delivered.set(job.jobId, version);
        if (delivered.size > REMEMBERED_JOBS) delivered.delete(delivered.keys().next().value!);
      }
    }
  });
}
