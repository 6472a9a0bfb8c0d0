// The job counts behind skills_fleet_jobs and the pending prompts behind skills_fleet_hitl_pending: the triggers' change
// logs are folded into the totals by a scrape and by every worker sweep, so they stay short when nothing scrapes
// /metrics, and the totals stay exact either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import {
  foldJobStatusChanges,
  foldPendingPromptChanges,
  jobStatusCounts,
  pendingPromptCounts,
} from '../resolvers/metric-counts';
import type { Viewer } from '../resolvers/viewer';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { stopWhenTestEnds } from './helpers/cleanup';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { insertPausedJob } from './helpers/graphql';
import { makeTestServices, startTestWorker, waitForJob } from './helpers/services';

const carol: Viewer = { userId: 'carol', isAdmin: false };

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const changesLeft = async () =>
  Number((await db.prisma.$queryRaw<[{ n: bigint }]>`SELECT count(*) AS n FROM job_status_changes`)[0].n);
const totals = async () =>
  Object.fromEntries(
    (
      await db.prisma.$queryRaw<
        Array<{ status: string; count: bigint }>
      >`SELECT status::text, count FROM job_status_counts`
    ).map((r) => [r.status, Number(r.count)]),
  );

describe('job status counts', () => {
  it('a worker sweep folds the change log into the totals without any scrape', async () => {
    const services = makeTestServices(db);
    // No periodic sweep during the test (the first beat runs at start): the test's own beat is the only fold.
    const worker = await startTestWorker(db, services, { heartbeatSeconds: 3600, staleSeconds: 7200 });
    stopWhenTestEnds(() => worker.close());
    const job = await createSkillJob(services, carol, {
      taskDescription: 'a skill for writing release notes',
      hitl: ALL_PROMPTS_OFF,
    });
    await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED', { description: 'COMPLETED' });
    expect(await changesLeft()).toBeGreaterThan(0); // created, PENDING -> RUNNING, RUNNING -> COMPLETED

    await worker.heartbeat.beat(); // one beat and one sweep, now
    expect(await changesLeft()).toBe(0);
    expect(await totals()).toMatchObject({ COMPLETED: 1, PENDING: 0, RUNNING: 0 });
    expect(await foldJobStatusChanges(db.prisma)).toBe(0); // nothing left to fold
  });

  it('a scrape after a fold reports what a real count says', async () => {
    const services = makeTestServices(db);
    await foldJobStatusChanges(db.prisma); // whatever earlier tests left
    await createSkillJob(services, carol, { taskDescription: 'a skill for naming database tables' }); // stays PENDING
    expect(await foldJobStatusChanges(db.prisma)).toBe(1);
    const counted = Object.fromEntries((await jobStatusCounts(db.prisma)).map((c) => [c.labels.status, c.count]));
    const real = Object.fromEntries(
      (await db.prisma.job.groupBy({ by: ['status'], _count: true })).map((g) => [g.status, g._count]),
    );
    expect(counted).toMatchObject(real);
    expect(counted.PENDING).toBe(1);
  });
});

describe('pending prompt counts', () => {
  const pendingChangesLeft = async () =>
    Number((await db.prisma.$queryRaw<[{ n: bigint }]>`SELECT count(*) AS n FROM hitl_pending_changes`)[0].n);
  const counted = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await pendingPromptCounts(db.prisma)).map((c) => [c.labels.type, c.count]));
  const real = async () =>
    Object.fromEntries(
      (
        await db.prisma.hitlInteraction.groupBy({ by: ['interactionType'], where: { status: 'PENDING' }, _count: true })
      ).map((g) => [g.interactionType, g._count]),
    );

  it('follow prompts into and out of PENDING (created, answered, type changed, deleted with their job)', async () => {
    await foldPendingPromptChanges(db.prisma);
    const base = await counted();
    const one = await insertPausedJob(db.prisma, 'carol', 'questions');
    const two = await insertPausedJob(db.prisma, 'carol', 'review');
    const three = await insertPausedJob(db.prisma, 'carol', 'review');
    expect(await pendingChangesLeft()).toBe(3);
    expect(await counted()).toMatchObject({ CLARIFY: (base.CLARIFY ?? 0) + 1, CONFIRM: (base.CONFIRM ?? 0) + 2 });
    expect(await pendingChangesLeft()).toBe(0); // the scrape folded them

    await db.prisma.hitlInteraction.update({
      where: { interactionId: one.interaction.interactionId },
      data: { status: 'RESPONDED' },
    });
    await db.prisma.hitlInteraction.update({
      where: { interactionId: two.interaction.interactionId },
      data: { interactionType: 'PREVIEW' },
    });
    await db.prisma.hitlInteraction.update({
      where: { interactionId: two.interaction.interactionId },
      data: { promptData: { kind: 'review' } }, // neither status nor type: not a change
    });
    await db.prisma.job.delete({ where: { jobId: three.job.jobId } }); // its prompt goes with it
    expect(await pendingChangesLeft()).toBe(4); // answered -1; retyped -1 +1; neither: nothing; deleted -1
    expect(await foldPendingPromptChanges(db.prisma)).toBe(4);
    expect(await pendingChangesLeft()).toBe(0);
    const now = await counted();
    expect(now).toMatchObject({
      CLARIFY: base.CLARIFY ?? 0,
      CONFIRM: base.CONFIRM ?? 0,
      PREVIEW: (base.PREVIEW ?? 0) + 1,
    });
    const positive = Object.fromEntries(Object.entries(now).filter(([, n]) => n > 0));
    expect(positive).toEqual(await real());
  });
});
