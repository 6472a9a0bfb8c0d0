// jobs { totalCount } and jobStats without reading every job: an admin's counts and average durations come from the
// totals the status trigger keeps, a user's from their part of an index. Whatever the path, they must equal a real
// count of the rows, through GraphQL, with and without filters, after changes of status, of completed_at alone, and
// deletes.
import { beforeAll, describe, expect, it } from 'vitest';
import { foldJobStatusChanges, jobTransitionCounts } from '../resolvers/metric-counts';
import { JOB_STATUSES } from '../resolvers/workflow/machine';
import { admin, alice, db, useApi } from './helpers/api-setup';
import { insertJob } from './helpers/graphql';

useApi();

const HOUR = 3_600_000;

beforeAll(async () => {
  const now = Date.now();
  const jobs: Array<[string, (typeof JOB_STATUSES)[number], number | null]> = [
    ['alice', 'COMPLETED', 60],
    ['alice', 'COMPLETED', 120],
    ['alice', 'FAILED', 30],
    ['alice', 'PENDING_HITL', null],
    ['bob', 'COMPLETED', 600],
    ['bob', 'CANCELLED', 45],
    ['bob', 'PENDING', null],
    ['carol', 'PENDING_REVIEW', 300],
  ];
  for (const [i, [userId, status, seconds]] of jobs.entries()) {
    const createdAt = new Date(now - (i + 1) * HOUR);
    await insertJob(db.prisma, {
      userId,
      status,
      currentPhase: status === 'PENDING' ? null : 'TDD_GREEN',
      createdAt,
      completedAt: seconds === null ? null : new Date(createdAt.getTime() + seconds * 1000),
    });
  }
});

type Stats = Array<{ status: string; count: number; avgDurationSeconds: number | null }>;

/** What a GROUP BY over every row says, as jobStats shapes it. */
async function realStats(userId?: string): Promise<Stats> {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ status: string; count: bigint; avg: number | null }>>(
    `SELECT status::text AS status, count(*) AS count,
            avg(extract(epoch FROM completed_at - created_at))::float8 AS avg
     FROM jobs ${userId ? 'WHERE user_id = $1' : ''} GROUP BY status`,
    ...(userId ? [userId] : []),
  );
  const by = new Map(rows.map((r) => [r.status, r]));
  return JOB_STATUSES.map((status) => ({
    status,
    count: Number(by.get(status)?.count ?? 0),
    avgDurationSeconds: by.get(status)?.avg ?? null,
  }));
}

const STATS = `{ jobStats { status count avgDurationSeconds } }`;

function expectSameStats(actual: Stats, expected: Stats) {
  expect(actual.map((s) => [s.status, s.count])).toEqual(expected.map((s) => [s.status, s.count]));
  for (const [i, stat] of actual.entries()) {
    const want = expected[i]!.avgDurationSeconds;
    if (want === null) expect(stat.avgDurationSeconds).toBeNull();
    else expect(stat.avgDurationSeconds).toBeCloseTo(want, 6);
  }
}

const TOTAL = `query($filter: JobFilter) { jobs(first: 1, filter: $filter) { totalCount } }`;

describe('jobs { totalCount }', () => {
  const filters: Array<Record<string, unknown> | undefined> = [
    undefined,
    { status: ['COMPLETED'] },
    { status: ['COMPLETED', 'PENDING', 'PENDING_HITL'] },
    { userId: 'bob' },
    { userId: 'bob', status: ['COMPLETED'] },
    { phase: ['TDD_GREEN'] },
    { createdAfter: new Date(Date.now() - 3.5 * HOUR).toISOString() },
  ];

  it('as an admin, equals a count of the rows with every filter (from the totals when only statuses narrow it)', async () => {
    for (const filter of filters) {
      const { jobs } = await admin.data<{ jobs: { totalCount: number } }>(TOTAL, { filter });
      const where = [
        filter?.status ? `status::text = ANY($1)` : 'true',
        filter?.userId ? `user_id = '${filter.userId as string}'` : 'true',
        filter?.phase ? `current_phase = 'TDD_GREEN'` : 'true',
        filter?.createdAfter ? `created_at >= '${filter.createdAfter as string}'` : 'true',
      ].join(' AND ');
      const [row] = await db.prisma.$queryRawUnsafe<[{ n: bigint }]>(
        `SELECT count(*) AS n FROM jobs WHERE ${where}`,
        ...(filter?.status ? [filter.status] : []),
      );
      expect({ filter, totalCount: jobs.totalCount }).toEqual({ filter, totalCount: Number(row.n) });
    }
  });

  it("as a user, counts only the user's own jobs, whatever userId the filter names", async () => {
    const all = await alice.data<{ jobs: { totalCount: number } }>(TOTAL);
    const completed = await alice.data<{ jobs: { totalCount: number } }>(TOTAL, { filter: { status: ['COMPLETED'] } });
    const others = await alice.data<{ jobs: { totalCount: number } }>(TOTAL, { filter: { userId: 'bob' } });
    expect([all.jobs.totalCount, completed.jobs.totalCount, others.jobs.totalCount]).toEqual([4, 2, 4]);
  });
});

describe('jobStats', () => {
  it('equals a GROUP BY over the rows, for an admin and for a user', async () => {
    expectSameStats((await admin.data<{ jobStats: Stats }>(STATS)).jobStats, await realStats());
    expectSameStats((await alice.data<{ jobStats: Stats }>(STATS)).jobStats, await realStats('alice'));
  });

  it('stays exact after status changes, a completed_at change alone, a delete, and a fold', async () => {
    const [bobsCompleted] = await db.prisma.job.findMany({ where: { userId: 'bob', status: 'COMPLETED' } });
    const [pending] = await db.prisma.job.findMany({ where: { status: 'PENDING' } });
    const [cancelled] = await db.prisma.job.findMany({ where: { status: 'CANCELLED' } });
    const transitionsBefore = await jobTransitionCounts(db.prisma);
    // completed_at moves, the status does not: a change of the duration only, which is no transition.
    await db.prisma.job.update({
      where: { jobId: bobsCompleted!.jobId },
      data: { completedAt: new Date(bobsCompleted!.createdAt.getTime() + 1_234_500) },
    });
    await db.prisma.job.update({
      where: { jobId: pending!.jobId },
      data: { status: 'COMPLETED', completedAt: new Date(pending!.createdAt.getTime() + 42_000) },
    });
    await db.prisma.job.delete({ where: { jobId: cancelled!.jobId } });
    expectSameStats((await admin.data<{ jobStats: Stats }>(STATS)).jobStats, await realStats());

    expect(await foldJobStatusChanges(db.prisma)).toBeGreaterThan(0);
    expectSameStats((await admin.data<{ jobStats: Stats }>(STATS)).jobStats, await realStats());
    // Only PENDING -> COMPLETED is a new transition.
    const count = (list: typeof transitionsBefore, from: string, to: string) =>
      list.find((t) => t.labels.from === from && t.labels.to === to)?.count ?? 0;
    const transitionsAfter = await jobTransitionCounts(db.prisma);
    expect(count(transitionsAfter, 'PENDING', 'COMPLETED')).toBe(count(transitionsBefore, 'PENDING', 'COMPLETED') + 1);
    expect(count(transitionsAfter, 'COMPLETED', 'COMPLETED')).toBe(0);
    expect(transitionsAfter.reduce((n, t) => n + t.count, 0)).toBe(
      transitionsBefore.reduce((n, t) => n + t.count, 0) + 1,
    );
  });
});
