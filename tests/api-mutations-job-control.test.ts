// cancelJob, retryJob and promoteSkill over HTTP (yoga's fetch), against a real database: success payloads, each
// typed error, other users' objects as NOT_FOUND, admins; and unexpected errors masked (logged with the request id).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../prisma/database';
import type { Services } from '../resolvers/services';
import { gql, insertJob, insertPausedJob, makeTestApp } from './helpers/graphql';
import { admin, alice, bob, db, goodSkill, services, useApi } from './helpers/api-setup';

useApi();
import { CANCEL, CREATE, PROMOTE, type Payload, RETRY, expectNotFound, mutate } from './helpers/mutations';

describe('cancelJob', () => {
  let job: Payload['job'];
  beforeAll(async () => {
    job = (await mutate(bob, CREATE, { taskDescription: 'a skill that teaches an agent to cancel things' })).job;
  });

  it("is NOT_FOUND for another user's job and for ids that are not job ids", async () => {
    const interaction = await insertPausedJob(db.prisma, 'bob');
    for (const jobId of [
      job!.id,
      job!.jobId,
      crypto.randomUUID(),
      'nope',
      encodeGlobalID('HitlInteraction', interaction.interaction.interactionId),
      encodeGlobalID('Skill', job!.jobId),
    ]) {
      expectNotFound(await mutate(alice, CANCEL, { jobId }));
    }
    expectNotFound(
      await mutate(bob, CANCEL, { jobId: encodeGlobalID('HitlInteraction', interaction.interaction.interactionId) }),
    );
    expect((await db.prisma.job.findUniqueOrThrow({ where: { jobId: job!.jobId } })).status).toBe('PENDING');
  });

  it('cancels by global id; cancelling again is INVALID_STATE with currentStatus CANCELLED', async () => {
    const payload = await mutate(bob, CANCEL, { jobId: job!.id, reason: 'changed my mind' });
    expect(payload).toMatchObject({ __typename: 'CancelJobSuccess', job: { jobId: job!.jobId, status: 'CANCELLED' } });
    const row = await db.prisma.job.findUniqueOrThrow({ where: { jobId: job!.jobId } });
    expect(row.cancelReason).toBe('changed my mind');
    const again = await mutate(bob, CANCEL, { jobId: job!.jobId });
    expect(again).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE', currentStatus: 'CANCELLED' });
  });

  it("lets an admin cancel anyone's job, and cancels the pending prompt with it", async () => {
    const { job: paused, interaction } = await insertPausedJob(db.prisma, 'alice');
    const payload = await mutate(admin, CANCEL, { jobId: paused.jobId });
    expect(payload).toMatchObject({ __typename: 'CancelJobSuccess', job: { userId: 'alice', status: 'CANCELLED' } });
    expect(
      (await db.prisma.hitlInteraction.findUniqueOrThrow({ where: { interactionId: interaction.interactionId } }))
        .status,
    ).toBe('CANCELLED');
  });

  it('a reason over 1000 characters is a VALIDATION_FAILED error (the payload has no ValidationError member), not a masked one', async () => {
    const fresh = await insertJob(db.prisma, { userId: 'alice' });
    const response = await alice.gql(CANCEL, { input: { jobId: fresh.jobId, reason: 'x'.repeat(1001) } });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
    expect(response.body.errors?.[0]?.message).toMatch(/at most 1000/);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { jobId: fresh.jobId } })).status).toBe('PENDING');
  });
});

describe('retryJob', () => {
  let failed: Job;
  beforeAll(async () => {
    failed = await insertJob(db.prisma, {
      userId: 'alice',
      status: 'FAILED',
      currentPhase: 'TDD_GREEN',
      error: 'the author gave up',
      completedAt: new Date(),
    });
  });

  it("is NOT_FOUND for another user's job and for bad ids", async () => {
    for (const jobId of [
      failed.jobId,
      encodeGlobalID('Job', failed.jobId),
      'x',
      encodeGlobalID('HitlInteraction', '1'),
    ]) {
      expectNotFound(await mutate(bob, RETRY, { jobId }));
    }
    expect((await db.prisma.job.findUniqueOrThrow({ where: { jobId: failed.jobId } })).status).toBe('FAILED');
  });

  it('retries a FAILED job from where it stopped; retrying a PENDING job is INVALID_STATE', async () => {
    const payload = await mutate(alice, RETRY, { jobId: encodeGlobalID('Job', failed.jobId) });
    expect(payload).toMatchObject({ __typename: 'RetryJobSuccess', job: { jobId: failed.jobId, status: 'PENDING' } });
    const row = await db.prisma.job.findUniqueOrThrow({ where: { jobId: failed.jobId } });
    expect(row.error).toBeNull();
    expect(row.currentPhase).toBe('TDD_GREEN');
    const again = await mutate(alice, RETRY, { jobId: failed.jobId });
    expect(again).toMatchObject({ __typename: 'InvalidStateError', currentStatus: 'PENDING' });
  });

  it("lets an admin retry anyone's job", async () => {
    const cancelled = await insertJob(db.prisma, { userId: 'bob', status: 'CANCELLED', completedAt: new Date() });
    expect(await mutate(admin, RETRY, { jobId: cancelled.jobId })).toMatchObject({
      __typename: 'RetryJobSuccess',
      job: { userId: 'bob', status: 'PENDING' },
    });
  });
});

describe('promoteSkill', () => {
  async function reviewJob(userId: string, name: string, content: string): Promise<Job> {
    return insertJob(db.prisma, {
      userId,
      status: 'PENDING_REVIEW',
      currentPhase: 'VALIDATION',
      progressPercent: 95,
      skillName: name,
      skillDescription: 'Use when writing PostgreSQL migrations.',
      taxonomyPath: `development/practices/${name}`,
      draftContent: content,
      draftPath: `_drafts/x/development/practices/${name}`,
      validationScore: 0.5,
      validationPassed: false,
    });
  }

  it("is NOT_FOUND for another user's job and bad ids, INVALID_STATE for a job that is not reviewable", async () => {
    const job = await reviewJob('alice', 'postgres-migrations', goodSkill);
    for (const jobId of [job.jobId, encodeGlobalID('Job', job.jobId), 'bad', encodeGlobalID('Skill', job.jobId)]) {
      expectNotFound(await mutate(bob, PROMOTE, { jobId }));
    }
    const running = await insertJob(db.prisma, { userId: 'alice', status: 'RUNNING' });
    expect(await mutate(alice, PROMOTE, { jobId: running.jobId })).toMatchObject({
      __typename: 'InvalidStateError',
      code: 'INVALID_STATE',
      currentStatus: 'RUNNING',
    });
    expect(await db.prisma.skill.count()).toBe(0);
  });

  it('publishes a PENDING_REVIEW draft: the job is COMPLETED and Job.skill is the new skill', async () => {
    const job = await reviewJob('alice', 'postgres-migrations', goodSkill);
    const payload = await mutate(alice, PROMOTE, { jobId: encodeGlobalID('Job', job.jobId) });
    expect(payload).toMatchObject({
      __typename: 'PromoteSkillSuccess',
      job: { jobId: job.jobId, status: 'COMPLETED', skill: { name: 'postgres-migrations' } },
      skill: { name: 'postgres-migrations', status: 'ACTIVE', version: '1.0.0' },
    });
    const skills = await bob.data<{ skills: { edges: Array<{ node: { name: string } }> } }>(
      `{ skills { edges { node { name } } } }`,
    );
    expect(skills.skills.edges.map((e) => e.node.name)).toContain('postgres-migrations');
    // Another job drafting the same name needs overwrite.
    const rival = await reviewJob('bob', 'postgres-migrations', goodSkill);
    expect(await mutate(bob, PROMOTE, { jobId: rival.jobId })).toMatchObject({
      __typename: 'InvalidStateError',
      currentStatus: 'ACTIVE',
    });
    expect(await mutate(bob, PROMOTE, { jobId: rival.jobId, overwrite: true })).toMatchObject({
      __typename: 'PromoteSkillSuccess',
      skill: { name: 'postgres-migrations', version: '1.1.0' },
    });
  });

  it('refuses a draft that fails validation with ValidationError on force; force: true publishes it', async () => {
    const job = await reviewJob('alice', 'broken-skill', 'no frontmatter, no sections');
    const refused = await mutate(alice, PROMOTE, { jobId: job.jobId });
    expect(refused).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', field: 'force' });
    expect(await db.prisma.skill.findUnique({ where: { name: 'broken-skill' } })).toBeNull();
    const forced = await mutate(admin, PROMOTE, { jobId: job.jobId, force: true });
    expect(forced).toMatchObject({
      __typename: 'PromoteSkillSuccess',
      skill: { name: 'broken-skill', status: 'ACTIVE' },
      job: { userId: 'alice' },
    });
  });
});

describe('unexpected errors', () => {
  it('are masked as "Unexpected error." and logged with the request id; the server keeps serving', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const broken: Services = {
      ...services,
      logger,
      prisma: new Proxy(services.prisma, {
        get(target, property, receiver) {
          if (property === '$transaction' || property === '$queryRaw')
            return () => Promise.reject(new Error('connection to the database lost at 10.0.0.7:5432'));
          return Reflect.get(target, property, receiver) as unknown;
        },
      }),
    };
    const brokenApp = makeTestApp(broken);
    const response = await gql<{ createSkillJob: unknown }>(
      brokenApp,
      CREATE,
      { input: { taskDescription: 'a skill about safe migrations' } },
      {
        user: 'alice',
        headers: { 'x-request-id': 'req-12345' },
      },
    );
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(response.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(response.text).not.toContain('10.0.0.7');
    expect(response.text).not.toMatch(/at \w+ \(|\.ts:\d+/);
    const logged = lines.map(
      (line) => JSON.parse(line) as { msg: string; requestId?: string; err?: { message: string } },
    );
    const entries = logged.filter((l) => l.msg === 'unexpected error');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.requestId).toBe('req-12345');
    expect(entries[0]?.err?.message).toContain('connection to the database lost');
    // Logged once: yoga does not log the masked error a second time.
    expect(lines.filter((line) => line.includes('connection to the database lost'))).toHaveLength(1);
    expect((await gql<{ __typename: string }>(brokenApp, '{ __typename }')).body.data?.__typename).toBe('Query');
  });
});
