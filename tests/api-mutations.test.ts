// The job-creating and prompt-answering mutations of the contract over HTTP (yoga's fetch), against a real database:
// success payloads, each typed error, other users' objects as NOT_FOUND, ids in every accepted form, nothing written
// on refusal, idempotency. cancelJob, retryJob, promoteSkill and unexpected errors: api-mutations-job-control.test.ts.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { insertPausedJob, rowCounts } from './helpers/graphql';
import { admin, alice, bob, db, useApi } from './helpers/api-setup';

useApi();
import { CREATE, RESPOND, expectNotFound, mutate } from './helpers/mutations';

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

  /** Each respondToHitl input is a ValidationError on its field (with `also` in the payload), and no row changes. */
  async function expectRefusedWritingNothing(
    cases: Array<[Record<string, unknown>, string]>,
    also: Record<string, unknown> = {},
  ): Promise<void> {
    const before = await rowCounts(db.prisma);
    for (const [input, field] of cases) {
      const payload = await mutate(alice, RESPOND, input);
      expect(payload, JSON.stringify(input)).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        field,
        ...also,
      });
    }
    expect(await rowCounts(db.prisma)).toEqual(before);
  }

  it('refuses an answer that does not fit the prompt with ValidationError on the input path, writing nothing', async () => {
    const { interaction } = await insertPausedJob(db.prisma, 'alice');
    const review = await insertPausedJob(db.prisma, 'alice', 'review');
    const id = encodeGlobalID('HitlInteraction', interaction.interactionId);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ interactionId: id, answers: [{ questionId: 'level', optionIds: ['basic'] }] }, 'answers[problem]'],
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
    await expectRefusedWritingNothing(cases);
    const still = await db.prisma.hitlInteraction.findUniqueOrThrow({
      where: { interactionId: interaction.interactionId },
    });
    expect(still.status).toBe('PENDING');
  });

  // RELIABILITY.md bug 10: response_data is jsonb, which cannot hold a lone surrogate; the update failed the request
  // with INTERNAL_SERVER_ERROR. Now a ValidationError on the input path, before anything is written.
  it('refuses an unpaired surrogate in an answer or in feedback (any action) with ValidationError, writing nothing', async () => {
    const questions = await insertPausedJob(db.prisma, 'alice');
    const review = await insertPausedJob(db.prisma, 'alice', 'review');
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        {
          interactionId: questions.interaction.interactionId,
          answers: [{ questionId: 'problem', text: 'locks \ud800' }],
        },
        'answers.0.text',
      ],
      [{ interactionId: questions.interaction.interactionId, action: 'CANCEL', feedback: 'no \udfff' }, 'feedback'],
      [{ interactionId: review.interaction.interactionId, action: 'REVISE', feedback: 'more \ud800' }, 'feedback'],
      [{ interactionId: review.interaction.interactionId, action: 'PROCEED', feedback: '\udfff\ud800x' }, 'feedback'],
      [{ interactionId: review.interaction.interactionId, action: 'CANCEL', feedback: 'stop \ud83d' }, 'feedback'],
    ];
    await expectRefusedWritingNothing(cases, { message: 'must be Unicode text (it contains an unpaired surrogate)' });
    const prompts = await db.prisma.hitlInteraction.findMany({
      where: { interactionId: { in: [questions.interaction.interactionId, review.interaction.interactionId] } },
      select: { status: true, responseData: true, job: { select: { status: true } } },
    });
    expect(prompts).toEqual([
      { status: 'PENDING', responseData: null, job: { status: 'PENDING_HITL' } },
      { status: 'PENDING', responseData: null, job: { status: 'PENDING_HITL' } },
    ]);
    const emoji = await mutate(alice, RESPOND, {
      interactionId: review.interaction.interactionId,
      action: 'REVISE',
      feedback: 'more 🚀',
    });
    expect(emoji).toMatchObject({ __typename: 'RespondToHitlSuccess', interaction: { status: 'RESPONDED' } });
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
