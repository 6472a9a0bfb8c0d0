// Bad input, cross-user: user B tries every query, mutation and subscription on user A's objects, in every state,
// with A's global ids and raw ids: NOT_FOUND everywhere (null for job/node), A's rows do not show up in B's lists,
// nothing changes. Then A does the same successfully (the ids were live). The world: abuse-world.ts.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { makeWsClient, record } from '../helpers/clients';
import { goodAnswers } from '../helpers/hitl';
import { report } from './config';
import { post } from '../helpers/http';
import { expectInvariantsHold, fingerprint } from './evidence';
import { MUTATIONS, SUITE, aJobsInEveryState, api, clients, db, stats, world, useAbuseWorld } from './abuse-world';

useAbuseWorld();

describe('cross-user: bob on every one of alice’s objects', () => {
  const QUERY_JOB = 'query($id: ID!) { job(id: $id) { jobId } }';
  const QUERY_NODE = 'query($id: ID!) { node(id: $id) { id } }';

  it('queries: null for job and node, absent from lists and counts', async () => {
    const before = await fingerprint(db.prisma);
    const aJobs = [...aJobsInEveryState(), world.aKeyed];
    for (const job of aJobs) {
      for (const id of [job.jobId, job.jobId.toUpperCase(), encodeGlobalID('Job', job.jobId)]) {
        const byJob = await post<{ job: unknown }>(api.url, QUERY_JOB, { id }, 'bob');
        expect(byJob.body, `job(${id})`).toEqual({ data: { job: null } });
        const byNode = await post<{ node: unknown }>(
          api.url,
          QUERY_NODE,
          { id: encodeGlobalID('Job', job.jobId) },
          'bob',
        );
        expect(byNode.body).toEqual({ data: { node: null } });
      }
    }
    for (const prompt of [world.aQuestionsPrompt, world.aReviewPrompt]) {
      const byNode = await post(
        api.url,
        QUERY_NODE,
        { id: encodeGlobalID('HitlInteraction', prompt.interactionId) },
        'bob',
      );
      expect(byNode.body).toEqual({ data: { node: null } });
    }
    const lists = await post<{
      jobs: { totalCount: number; edges: Array<{ node: { userId: string } }> };
      filtered: { totalCount: number; edges: Array<{ node: { userId: string } }> };
      pendingHitlJobs: Array<{ userId: string }>;
      stuckJobs: Array<{ userId: string }>;
      jobStats: Array<{ count: number }>;
    }>(
      api.url,
      `{ jobs(first: 100) { totalCount edges { node { userId } } }
         filtered: jobs(first: 100, filter: { userId: "alice", status: [PENDING_HITL, COMPLETED, FAILED, CANCELLED, PENDING_REVIEW] }) { totalCount edges { node { userId } } }
         pendingHitlJobs { userId } stuckJobs(olderThanMinutes: 1) { userId } jobStats { count } }`,
      undefined,
      'bob',
    );
    const data = lists.body.data!;
    expect(lists.body.errors).toBeUndefined();
    const bobsJobs = await db.prisma.job.count({ where: { userId: 'bob' } });
    expect(data.jobs.totalCount).toBe(bobsJobs);
    expect(data.jobs.edges.every((e) => e.node.userId === 'bob')).toBe(true);
    expect(data.filtered.edges.every((e) => e.node.userId === 'bob')).toBe(true);
    expect(data.pendingHitlJobs.every((j) => j.userId === 'bob')).toBe(true);
    expect(data.stuckJobs).toEqual([]);
    expect(data.jobStats.reduce((n, s) => n + s.count, 0)).toBe(bobsJobs);
    expect(await fingerprint(db.prisma)).toEqual(before);
  });

  it('mutations: NOT_FOUND with every id form and an otherwise valid input; nothing changes', async () => {
    const before = await fingerprint(db.prisma);
    const forms = (jobId: string) => [jobId, encodeGlobalID('Job', jobId)];
    const attempts: Array<[string, Record<string, unknown>]> = [];
    for (const prompt of [world.aQuestionsPrompt, world.aReviewPrompt]) {
      for (const interactionId of [
        String(prompt.interactionId),
        encodeGlobalID('HitlInteraction', prompt.interactionId),
      ]) {
        attempts.push(['respondToHitl', { ...goodAnswers(prompt), interactionId }]);
        attempts.push(['respondToHitl', { interactionId, action: 'CANCEL' }]);
      }
    }
    for (const job of [world.aQuestions, world.aReview, world.aPendingReview])
      for (const jobId of forms(job.jobId)) attempts.push(['cancelJob', { jobId, reason: 'mine now' }]);
    for (const job of [world.aFailed, world.aCancelled])
      for (const jobId of forms(job.jobId)) attempts.push(['retryJob', { jobId }]);
    for (const job of [world.aPendingReview, world.aCompleted]) {
      for (const jobId of forms(job.jobId)) attempts.push(['promoteSkill', { jobId, force: true, overwrite: true }]);
    }
    for (const [name, input] of attempts) {
      const result = await post<Record<string, { __typename: string; code: string }>>(
        api.url,
        MUTATIONS[name as keyof typeof MUTATIONS],
        { input },
        'bob',
      );
      expect(result.body.data?.[name], `${name} ${JSON.stringify(input)}`).toMatchObject({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
      });
    }
    expect(await fingerprint(db.prisma)).toEqual(before);
    report(
      SUITE,
      `cross-user: ${attempts.length} mutations by bob on alice's objects, all NOT_FOUND, database unchanged`,
    );
  });

  it('subscriptions: NOT_FOUND on alice’s jobs; bob’s prompt stream shows only bob’s prompts', async () => {
    const client = makeWsClient(api.url, { 'x-user-id': 'bob' });
    clients.push(client);
    for (const job of [world.aQuestions, world.aReview, world.aCompleted, world.aFailed]) {
      for (const [field, query] of [
        ['jobEvents', 'subscription($id: ID!) { jobEvents(jobId: $id) { sequence } }'],
        ['jobUpdated', 'subscription($id: ID!) { jobUpdated(jobId: $id) { jobId } }'],
        ['hitlPromptPending', 'subscription($id: ID) { hitlPromptPending(jobId: $id) { interactionId } }'],
      ] as const) {
        for (const id of [job.jobId, encodeGlobalID('Job', job.jobId)]) {
          const rec = record(client, field, query, { id });
          await rec.waitForCompletion(10_000);
          expect(rec.items, `${field}(${id})`).toEqual([]);
          expect(rec.results[0]?.errors?.[0]?.extensions?.code, `${field}(${id})`).toBe('NOT_FOUND');
        }
      }
    }
    const all = record<{ interactionId: number; job: { userId: string } }>(
      client,
      'hitlPromptPending',
      'subscription { hitlPromptPending { interactionId job { userId } } }',
    );
    await all.waitFor(
      (items) => items.some((i) => i.interactionId === world.bQuestionsPrompt.interactionId),
      "bob's own prompt",
    );
    all.stop();
    expect(all.items.every((i) => i.job.userId === 'bob')).toBe(true);
  });

  it('then alice does the same successfully (the ids were live); bob reusing her idempotency key gets his own job', async () => {
    const asAlice = async (name: keyof typeof MUTATIONS, input: Record<string, unknown>) => {
      const result = await post<Record<string, { __typename: string; message?: string }>>(
        api.url,
        MUTATIONS[name],
        { input },
        'alice',
      );
      expect(result.body.data?.[name]?.__typename, `${name}: ${result.text}`).toMatch(/Success$/);
    };
    await asAlice('respondToHitl', {
      ...goodAnswers(world.aQuestionsPrompt),
      interactionId: encodeGlobalID('HitlInteraction', world.aQuestionsPrompt.interactionId),
    });
    await asAlice('cancelJob', { jobId: world.aReview.jobId, reason: 'done here' });
    await asAlice('retryJob', { jobId: world.aFailed.jobId });
    await asAlice('promoteSkill', { jobId: world.aCompleted.jobId });
    await asAlice('promoteSkill', { jobId: world.aPendingReview.jobId, force: true, overwrite: true });
    const mine = await post<{ createSkillJob: { job: { jobId: string; userId: string } } }>(
      api.url,
      MUTATIONS.createSkillJob,
      { input: { taskDescription: world.aKeyed.taskDescription, idempotencyKey: 'shared-key' } },
      'bob',
    );
    expect(mine.body.data?.createSkillJob.job.userId).toBe('bob');
    expect(mine.body.data?.createSkillJob.job.jobId).not.toBe(world.aKeyed.jobId);
  });
});

describe('after all of the above', () => {
  it('the invariant checker is clean', async () => {
    for (const [name, outcomes] of Object.entries(stats)) report(SUITE, `${name}: ${JSON.stringify(outcomes)}`);
    await expectInvariantsHold(db.prisma, SUITE);
  });
});
