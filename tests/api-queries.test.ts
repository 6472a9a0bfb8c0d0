// The job queries of the contract over HTTP (yoga's fetch), against a real database: what each user sees, ids in
// both forms, other users' objects as null, and errors with stable codes. Skills and validateSkill: api-skills.test.ts.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../prisma/database';
import { JOB_STATUSES } from '../resolvers/workflow/machine';
import { admin, alice, app, bob, db, goodSkill, useApi } from './helpers/api-setup';
import { gql, insertJob, insertPausedJob } from './helpers/graphql';

let aliceJob: Job;
let aliceInteractionId: number;
let bobJob: Job;

useApi();
beforeAll(async () => {
  const paused = await insertPausedJob(db.prisma, 'alice');
  aliceJob = paused.job;
  aliceInteractionId = paused.interaction.interactionId;
  const now = Date.now();
  bobJob = await insertJob(db.prisma, {
    userId: 'bob',
    status: 'FAILED',
    error: 'the author gave up',
    createdAt: new Date(now - 90_000),
    completedAt: new Date(now),
  });
});

const JOB_FIELDS = `id jobId status userId taskDescription currentPhase progressPercent promoted createdAt updatedAt
  pendingInteraction { id interactionId interactionType status }
  hitlInteractions { id interactionId }
  skill { name }`;

describe('viewer', () => {
  it('is the dev-mode user of the x-user-id header; "admin" is an admin; no header is "local"', async () => {
    expect(await alice.data(`{ viewer { userId isAdmin } }`)).toEqual({ viewer: { userId: 'alice', isAdmin: false } });
    expect(await admin.data(`{ viewer { userId isAdmin } }`)).toEqual({ viewer: { userId: 'admin', isAdmin: true } });
    const anonymous = await gql<{ viewer: { userId: string } }>(app, `{ viewer { userId } }`);
    expect(anonymous.body.data?.viewer.userId).toBe('local');
  });

  it('rejects a malformed x-user-id with 401 and no data', async () => {
    const response = await gql(app, `{ viewer { userId } }`, undefined, { headers: { 'x-user-id': 'not valid!' } });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.body.data ?? null).toBeNull();
  });
});

describe('job(id)', () => {
  const query = `query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`;

  it('accepts the global id and the UUID (any case)', async () => {
    const globalId = encodeGlobalID('Job', aliceJob.jobId);
    const byGlobal = await alice.data<{
      job: { id: string; jobId: string; pendingInteraction: { interactionId: number } };
    }>(query, { id: globalId });
    expect(byGlobal.job.id).toBe(globalId);
    expect(byGlobal.job.jobId).toBe(aliceJob.jobId);
    expect(byGlobal.job.pendingInteraction.interactionId).toBe(aliceInteractionId);
    const byUuid = await alice.data<{ job: { id: string } }>(query, { id: aliceJob.jobId.toUpperCase() });
    expect(byUuid.job.id).toBe(globalId);
  });

  it("is null for another user's job, an unknown id, a malformed id and a global id of another type; admins see all", async () => {
    expect((await bob.data(query, { id: aliceJob.jobId })).job).toBeNull();
    expect((await bob.data(query, { id: encodeGlobalID('Job', aliceJob.jobId) })).job).toBeNull();
    expect((await alice.data(query, { id: crypto.randomUUID() })).job).toBeNull();
    expect((await alice.data(query, { id: 'not-an-id' })).job).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('Skill', aliceJob.jobId) })).job).toBeNull();
    expect((await admin.data<{ job: { userId: string } }>(query, { id: aliceJob.jobId })).job.userId).toBe('alice');
    expect((await admin.data<{ job: { userId: string } }>(query, { id: bobJob.jobId })).job.userId).toBe('bob');
  });
});

describe('node(id)', () => {
  const query = `query($id: ID!) { node(id: $id) { __typename id ... on Job { jobId } ... on HitlInteraction { interactionId job { jobId } } ... on Skill { name } } }`;

  it('resolves a Job, a HitlInteraction and a Skill by their global ids', async () => {
    const skill = await db.prisma.skill.create({
      data: {
        name: 'node-skill',
        taxonomyPath: 'testing/node-skill',
        description: 'Use when testing.',
        content: goodSkill,
        status: 'ACTIVE',
        jobId: bobJob.jobId,
      },
    });
    const job = await alice.data<{ node: { __typename: string; jobId: string } }>(query, {
      id: encodeGlobalID('Job', aliceJob.jobId),
    });
    expect(job.node).toMatchObject({ __typename: 'Job', jobId: aliceJob.jobId });
    const interaction = await alice.data<{
      node: { __typename: string; interactionId: number; job: { jobId: string } };
    }>(query, {
      id: encodeGlobalID('HitlInteraction', aliceInteractionId),
    });
    expect(interaction.node).toMatchObject({
      __typename: 'HitlInteraction',
      interactionId: aliceInteractionId,
      job: { jobId: aliceJob.jobId },
    });
    // Skills are visible to everyone, even when their job is not.
    const bySkill = await alice.data<{ node: { __typename: string; name: string; id: string } }>(query, {
      id: encodeGlobalID('Skill', skill.skillId),
    });
    expect(bySkill.node).toMatchObject({
      __typename: 'Skill',
      name: 'node-skill',
      id: encodeGlobalID('Skill', skill.skillId),
    });
    const skillJob = await alice.data<{ node: { job: unknown } }>(
      `query($id: ID!) { node(id: $id) { ... on Skill { job { jobId } } } }`,
      {
        id: encodeGlobalID('Skill', skill.skillId),
      },
    );
    expect(skillJob.node.job).toBeNull();
    const skillJobForOwner = await bob.data<{ node: { job: { jobId: string } } }>(
      `query($id: ID!) { node(id: $id) { ... on Skill { job { jobId } } } }`,
      {
        id: encodeGlobalID('Skill', skill.skillId),
      },
    );
    expect(skillJobForOwner.node.job.jobId).toBe(bobJob.jobId);
  });

  it("is null for another user's job or prompt and for ids that match nothing; admins see them", async () => {
    expect((await bob.data(query, { id: encodeGlobalID('Job', aliceJob.jobId) })).node).toBeNull();
    expect((await bob.data(query, { id: encodeGlobalID('HitlInteraction', aliceInteractionId) })).node).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('Job', crypto.randomUUID()) })).node).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('Job', 'not-a-uuid') })).node).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('HitlInteraction', '99999999999') })).node).toBeNull();
    expect((await alice.data(query, { id: encodeGlobalID('Skill', crypto.randomUUID()) })).node).toBeNull();
    expect(
      (
        await admin.data<{ node: { __typename: string } }>(query, {
          id: encodeGlobalID('HitlInteraction', aliceInteractionId),
        })
      ).node.__typename,
    ).toBe('HitlInteraction');
  });

  it('answers a malformed id or a type that is no node with an error (never an unexpected one)', async () => {
    for (const id of ['%%%', encodeGlobalID('JobEvent', '1'), encodeGlobalID('Nope', '1')]) {
      const response = await alice.gql<{ node: unknown }>(query, { id });
      expect(response.status).toBe(200);
      expect(response.body.data?.node ?? null).toBeNull();
      expect(response.body.errors?.[0]?.extensions?.code, JSON.stringify(response.body)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('jobs', () => {
  it("lists the viewer's own jobs only; admins see all and may filter by user", async () => {
    const query = `query($filter: JobFilter) { jobs(first: 100, filter: $filter) { totalCount edges { node { jobId userId } } } }`;
    type Jobs = { jobs: { totalCount: number; edges: Array<{ node: { jobId: string; userId: string } }> } };
    const mine = await alice.data<Jobs>(query);
    expect(mine.jobs.edges.map((e) => e.node.userId)).toEqual(mine.jobs.edges.map(() => 'alice'));
    expect(mine.jobs.edges.map((e) => e.node.jobId)).toContain(aliceJob.jobId);
    expect(mine.jobs.totalCount).toBe(mine.jobs.edges.length);
    const bobAsks = await bob.data<Jobs>(query, { filter: { userId: 'alice' } });
    expect(bobAsks.jobs.edges.every((e) => e.node.userId === 'bob')).toBe(true);
    const all = await admin.data<Jobs>(query);
    expect(new Set(all.jobs.edges.map((e) => e.node.userId))).toEqual(new Set(['alice', 'bob']));
    const adminFiltered = await admin.data<Jobs>(query, { filter: { userId: 'bob', status: ['FAILED'] } });
    expect(adminFiltered.jobs.edges.map((e) => e.node.jobId)).toEqual([bobJob.jobId]);
  });
});

describe('monitoring queries', () => {
  it("pendingHitlJobs: the viewer's jobs waiting for input, oldest first", async () => {
    const second = await insertPausedJob(db.prisma, 'alice', 'review');
    const result = await alice.data<{
      pendingHitlJobs: Array<{ jobId: string; pendingInteraction: { interactionType: string } }>;
    }>(`{ pendingHitlJobs { jobId pendingInteraction { interactionType } } }`);
    expect(result.pendingHitlJobs.map((j) => j.jobId)).toEqual([aliceJob.jobId, second.job.jobId]);
    expect(result.pendingHitlJobs.map((j) => j.pendingInteraction.interactionType)).toEqual(['CLARIFY', 'CONFIRM']);
    expect((await bob.data<{ pendingHitlJobs: unknown[] }>(`{ pendingHitlJobs { jobId } }`)).pendingHitlJobs).toEqual(
      [],
    );
    await db.prisma.hitlInteraction.deleteMany({ where: { jobId: second.job.jobId } });
    await db.prisma.job.delete({ where: { jobId: second.job.jobId } });
  });

  it('jobStats: every status, counting what the viewer may see, with average durations', async () => {
    const query = `{ jobStats { status count avgDurationSeconds } }`;
    type Stats = { jobStats: Array<{ status: string; count: number; avgDurationSeconds: number | null }> };
    const bobs = await bob.data<Stats>(query);
    expect(bobs.jobStats.map((s) => s.status)).toEqual([...JOB_STATUSES]);
    expect(bobs.jobStats.find((s) => s.status === 'FAILED')).toMatchObject({ count: 1 });
    expect(bobs.jobStats.find((s) => s.status === 'FAILED')!.avgDurationSeconds).toBeCloseTo(90, 3);
    expect(bobs.jobStats.find((s) => s.status === 'PENDING_HITL')).toEqual({
      status: 'PENDING_HITL',
      count: 0,
      avgDurationSeconds: null,
    });
    const admins = await admin.data<Stats>(query);
    expect(admins.jobStats.find((s) => s.status === 'PENDING_HITL')!.count).toBeGreaterThanOrEqual(1);
  });

  it('stuckJobs: RUNNING without change for olderThanMinutes (default 60); out of range is VALIDATION_FAILED', async () => {
    const stuck = await insertJob(db.prisma, { userId: 'alice', status: 'RUNNING', currentPhase: 'TDD_RED' });
    await db.prisma
      .$executeRaw`UPDATE jobs SET updated_at = now() - interval '2 hours' WHERE job_id = ${stuck.jobId}::uuid`;
    const fresh = await insertJob(db.prisma, { userId: 'alice', status: 'RUNNING', currentPhase: 'TDD_RED' });
    const byDefault = await alice.data<{ stuckJobs: Array<{ jobId: string }> }>(`{ stuckJobs { jobId } }`);
    expect(byDefault.stuckJobs.map((j) => j.jobId)).toEqual([stuck.jobId]);
    const longer = await alice.data<{ stuckJobs: Array<{ jobId: string }> }>(
      `{ stuckJobs(olderThanMinutes: 180) { jobId } }`,
    );
    expect(longer.stuckJobs).toEqual([]);
    expect((await bob.data<{ stuckJobs: unknown[] }>(`{ stuckJobs { jobId } }`)).stuckJobs).toEqual([]);
    expect(
      (await admin.data<{ stuckJobs: Array<{ jobId: string }> }>(`{ stuckJobs { jobId } }`)).stuckJobs.map(
        (j) => j.jobId,
      ),
    ).toEqual([stuck.jobId]);
    const invalid = await alice.gql(`{ stuckJobs(olderThanMinutes: 0) { jobId } }`);
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'olderThanMinutes',
    });
    expect(invalid.body.errors?.[0]?.message).not.toBe('Unexpected error.');
    await db.prisma.job.deleteMany({ where: { jobId: { in: [stuck.jobId, fresh.jobId] } } });
  });
});
