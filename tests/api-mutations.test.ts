// Every mutation of the contract over HTTP (yoga's fetch), against a real database: success payloads, each typed
// error, other users' objects as NOT_FOUND, ids in every accepted form, nothing written on refusal, idempotency,
// and unexpected errors masked (and logged with the request id).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../prisma/database';
import type { Services } from '../resolvers/services';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { clientFor, gql, insertJob, insertPausedJob, makeTestApp, rowCounts, type Client } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'skills');
const goodSkill = fs.readFileSync(path.join(FIXTURES, 'good-postgres-migrations.md'), 'utf8');

let db: TestDatabase;
let services: Services;
let app: App;
let alice: Client;
let bob: Client;
let admin: Client;

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db);
  app = makeTestApp(services);
  alice = clientFor(app, 'alice');
  bob = clientFor(app, 'bob');
  admin = clientFor(app, 'admin');
});

afterAll(async () => {
  await db?.drop();
});

const ERROR = `... on Error { message code }`;
const VALIDATION = `... on ValidationError { field }`;
const INVALID_STATE = `... on InvalidStateError { currentStatus }`;

interface Payload {
  __typename: string;
  message?: string;
  code?: string;
  field?: string | null;
  currentStatus?: string | null;
  job?: { id: string; jobId: string; status: string; userId: string };
  interaction?: { id: string; interactionId: number; status: string; responseData: unknown };
  skill?: { id: string; name: string; status: string; version: string };
}

const CREATE = `mutation($input: CreateSkillJobInput!) {
  createSkillJob(input: $input) { __typename ... on CreateSkillJobSuccess { job { id jobId status userId taskDescription hitlPolicy events { type } } } ${ERROR} ${VALIDATION} }
}`;
const RESPOND = `mutation($input: RespondToHitlInput!) {
  respondToHitl(input: $input) { __typename ... on RespondToHitlSuccess { interaction { id interactionId status responseData } job { id jobId status userId } } ${ERROR} ${VALIDATION} ${INVALID_STATE} }
}`;
const CANCEL = `mutation($input: CancelJobInput!) { cancelJob(input: $input) { __typename ... on CancelJobSuccess { job { id jobId status userId } } ${ERROR} ${INVALID_STATE} } }`;
const RETRY = `mutation($input: RetryJobInput!) { retryJob(input: $input) { __typename ... on RetryJobSuccess { job { id jobId status userId } } ${ERROR} ${INVALID_STATE} } }`;
const PROMOTE = `mutation($input: PromoteSkillInput!) {
  promoteSkill(input: $input) { __typename ... on PromoteSkillSuccess { job { id jobId status userId skill { name } } skill { id name status version } } ${ERROR} ${VALIDATION} ${INVALID_STATE} }
}`;

async function mutate(client: Client, mutation: string, input: Record<string, unknown>): Promise<Payload> {
  const response = await client.gql<Record<string, Payload>>(mutation, { input });
  expect(response.status, response.text).toBe(200);
  expect(response.body.errors, response.text).toBeUndefined();
  const payload = Object.values(response.body.data ?? {})[0];
  if (!payload) throw new Error(`no payload: ${response.text}`);
  return payload;
}

function expectNotFound(payload: Payload) {
  expect(payload).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  expect(payload.message).toMatch(/not found/);
}

describe('createSkillJob', () => {
  it('creates a PENDING job with its CREATED event and policy', async () => {
    const payload = await mutate(alice, CREATE, {
      taskDescription: '  a skill that teaches an agent to write safe Postgres migrations ',
      hitl: { clarify: false, tdd: true, timeoutSeconds: 600 },
    });
    expect(payload.__typename).toBe('CreateSkillJobSuccess');
    const job = payload.job as unknown as {
      id: string;
      jobId: string;
      status: string;
      userId: string;
      taskDescription: string;
      hitlPolicy: Record<string, unknown>;
      events: Array<{ type: string }>;
    };
    expect(job).toMatchObject({
      status: 'PENDING',
      userId: 'alice',
      taskDescription: 'a skill that teaches an agent to write safe Postgres migrations',
    });
    expect(job.id).toBe(encodeGlobalID('Job', job.jobId));
    expect(job.hitlPolicy).toMatchObject({
      clarify: false,
      confirm: true,
      preview: true,
      validate: false,
      tdd: true,
      timeoutSeconds: 600,
    });
    expect(job.events).toEqual([{ type: 'CREATED' }]);
    const tasks = await db.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE key = ${`advance:${job.jobId}`} OR payload->>'jobId' = ${job.jobId}`;
    expect(tasks[0]!.n).toBe(1);
  });

  it.each([
    ['fewer than three words', { taskDescription: 'postgres migrations' }, 'taskDescription', /at least 3 words/],
    ['more than 4000 characters', { taskDescription: 'word '.repeat(801) }, 'taskDescription', /at most 4000/],
    [
      'control characters',
      { taskDescription: 'a skill that \u0007 beeps at people' },
      'taskDescription',
      /control characters/,
    ],
    ['an empty task', { taskDescription: '' }, 'taskDescription', /must not be empty/],
    ['a blank task', { taskDescription: '  \n\t ' }, 'taskDescription', /must not be empty/],
    [
      'a timeout below 1 second',
      { taskDescription: 'a skill about safe migrations', hitl: { timeoutSeconds: 0 } },
      'hitl.timeoutSeconds',
      /between/,
    ],
    [
      'a timeout above 30 days',
      { taskDescription: 'a skill about safe migrations', hitl: { timeoutSeconds: 30 * 86_400 + 1 } },
      'hitl.timeoutSeconds',
      /between/,
    ],
    [
      'an empty idempotency key',
      { taskDescription: 'a skill about safe migrations', idempotencyKey: '' },
      'idempotencyKey',
      /characters/,
    ],
  ])('refuses %s with ValidationError on its field and writes nothing', async (_name, input, field, message) => {
    const before = await rowCounts(db.prisma);
    const payload = await mutate(alice, CREATE, input);
    expect(payload).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', field });
    expect(payload.message).toMatch(message);
    expect(await rowCounts(db.prisma)).toEqual(before);
  });

  it('returns one job for 20 concurrent requests with the same key from the same user; another user gets their own', async () => {
    const input = {
      taskDescription: 'a skill that teaches an agent to review pull requests',
      idempotencyKey: 'review-key-1',
    };
    const before = await rowCounts(db.prisma);
    const payloads = await Promise.all(Array.from({ length: 20 }, () => mutate(alice, CREATE, input)));
    const ids = new Set(payloads.map((p) => p.job?.jobId));
    expect(payloads.every((p) => p.__typename === 'CreateSkillJobSuccess')).toBe(true);
    expect(ids.size).toBe(1);
    const after = await rowCounts(db.prisma);
    expect(after.jobs).toBe(before.jobs + 1);
    expect(after.events).toBe(before.events + 1);
    expect(after.tasks).toBe(before.tasks + 1);
    const bobs = await mutate(bob, CREATE, input);
    expect(bobs.job?.userId).toBe('bob');
    expect(bobs.job?.jobId).not.toBe([...ids][0]);
    const reused = await mutate(alice, CREATE, {
      ...input,
      taskDescription: 'a completely different skill about testing',
    });
    expect(reused).toMatchObject({ __typename: 'ValidationError', field: 'idempotencyKey' });
  });

  it('refuses input of the wrong GraphQL type before running anything (a 400 with no data)', async () => {
    const before = await rowCounts(db.prisma);
    const response = await alice.gql(CREATE, { input: { taskDescription: 42 } });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/String/);
    expect(response.body.data ?? null).toBeNull();
    expect(await rowCounts(db.prisma)).toEqual(before);
  });
});

describe('respondToHitl', () => {
  it('accepts answers by global id; the prompt is RESPONDED and the job RUNNING again', async () => {
    const { job, interaction } = await insertPausedJob(db.prisma, 'alice');
    const payload = await mutate(alice, RESPOND, {
      interactionId: encodeGlobalID('HitlInteraction', interaction.interactionId),
      answers: [
        { questionId: 'problem', text: 'Migrations lock big tables.' },
        { questionId: 'level', optionIds: ['advanced'] },
      ],
    });
    expect(payload.__typename).toBe('RespondToHitlSuccess');
    expect(payload.interaction).toMatchObject({ interactionId: interaction.interactionId, status: 'RESPONDED' });
    expect(payload.interaction?.responseData).toMatchObject({
      action: 'PROCEED',
      respondedBy: 'alice',
      answers: [
        { questionId: 'problem', text: 'Migrations lock big tables.', optionIds: [] },
        { questionId: 'level', text: null, optionIds: ['advanced'] },
      ],
    });
    expect(payload.job).toMatchObject({ jobId: job.jobId, status: 'RUNNING' });
  });

  it('accepts the numeric interactionId, and a review prompt approved with PROCEED', async () => {
    const { interaction } = await insertPausedJob(db.prisma, 'alice', 'review');
    const payload = await mutate(alice, RESPOND, {
      interactionId: String(interaction.interactionId),
      action: 'PROCEED',
    });
    expect(payload).toMatchObject({
      __typename: 'RespondToHitlSuccess',
      interaction: { status: 'RESPONDED' },
      job: { status: 'RUNNING' },
    });
  });

  it('CANCEL at a prompt cancels the job', async () => {
    const { interaction } = await insertPausedJob(db.prisma, 'alice', 'review');
    const payload = await mutate(alice, RESPOND, { interactionId: interaction.interactionId, action: 'CANCEL' });
    expect(payload).toMatchObject({ __typename: 'RespondToHitlSuccess', job: { status: 'CANCELLED' } });
  });

  it('refuses an answer that does not fit the prompt with ValidationError on the input path, writing nothing', async () => {
    const { interaction } = await insertPausedJob(db.prisma, 'alice');
    const review = await insertPausedJob(db.prisma, 'alice', 'review');
    const id = encodeGlobalID('HitlInteraction', interaction.interactionId);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ interactionId: id, answers: [{ questionId: 'level', optionIds: ['basic'] }] }, 'answers.0'],
      [{ interactionId: id, answers: [{ questionId: 'nope', text: 'x' }] }, 'answers.0.questionId'],
      [
        {
          interactionId: id,
          answers: [
            { questionId: 'problem', text: 'ok' },
            { questionId: 'level', optionIds: ['expert'] },
          ],
        },
        'answers.1.optionIds.0',
      ],
      [{ interactionId: id, answers: [{ questionId: 'problem', text: 'bell \u0007' }] }, 'answers.0.text'],
      [{ interactionId: id, action: 'REVISE' }, 'action'],
      [{ interactionId: review.interaction.interactionId, action: 'REVISE' }, 'feedback'],
    ];
    const before = await rowCounts(db.prisma);
    for (const [input, field] of cases) {
      const payload = await mutate(alice, RESPOND, input);
      expect(payload, JSON.stringify(input)).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        field,
      });
    }
    expect(await rowCounts(db.prisma)).toEqual(before);
    const still = await db.prisma.hitlInteraction.findUniqueOrThrow({
      where: { interactionId: interaction.interactionId },
    });
    expect(still.status).toBe('PENDING');
  });

  it("is NOT_FOUND for another user's prompt, unknown, malformed and wrong-type ids; admins may answer", async () => {
    const { job, interaction } = await insertPausedJob(db.prisma, 'alice', 'review');
    const before = await rowCounts(db.prisma);
    for (const interactionId of [
      encodeGlobalID('HitlInteraction', interaction.interactionId),
      String(interaction.interactionId),
      '987654',
      '99999999999',
      '-1',
      '1.5',
      'abc',
      encodeGlobalID('Job', job.jobId),
      encodeGlobalID('Job', String(interaction.interactionId)),
    ]) {
      const client = /^\d+$/.test(interactionId) && interactionId !== String(interaction.interactionId) ? alice : bob;
      expectNotFound(await mutate(client, RESPOND, { interactionId, action: 'PROCEED' }));
    }
    expect(await rowCounts(db.prisma)).toEqual(before);
    const byAdmin = await mutate(admin, RESPOND, { interactionId: interaction.interactionId, action: 'PROCEED' });
    expect(byAdmin).toMatchObject({ __typename: 'RespondToHitlSuccess', job: { userId: 'alice', status: 'RUNNING' } });
  });

  it('is INVALID_STATE with the current status for a prompt that was already answered', async () => {
    const { interaction } = await insertPausedJob(db.prisma, 'alice', 'review');
    await mutate(alice, RESPOND, { interactionId: interaction.interactionId });
    const again = await mutate(alice, RESPOND, { interactionId: interaction.interactionId });
    expect(again).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE', currentStatus: 'RESPONDED' });
  });
});

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
