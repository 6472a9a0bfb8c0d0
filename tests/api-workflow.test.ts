// A whole job driven only through the GraphQL API, with a real worker: create, read each prompt, answer it, and find
// the promoted skill through Job.skill, skills(search), skill(name) and node(id).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitlInteraction } from '../prisma/database';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { clientFor, makeTestApp, type Client } from './helpers/graphql';
import { goodAnswers } from './helpers/hitl';
import { makeTestServices, startTestWorker, waitForJob } from './helpers/services';

let db: TestDatabase;
let app: App;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let alice: Client;
let bob: Client;

beforeAll(async () => {
  db = await createTestDatabase();
  const services = makeTestServices(db);
  app = makeTestApp(services);
  worker = await startTestWorker(db, services);
  alice = clientFor(app, 'alice');
  bob = clientFor(app, 'bob');
});

afterAll(async () => {
  await worker?.close();
  await db?.drop();
});

interface PendingView {
  job: {
    status: string;
    progressPercent: number;
    pendingInteraction: {
      id: string;
      interactionId: number;
      interactionType: string;
      promptData: unknown;
      prompt: { __typename: string; questions?: Array<{ id: string; required: boolean }>; allowedActions?: string[] };
    } | null;
  };
}

const PENDING = `query($id: ID!) {
  job(id: $id) {
    status progressPercent
    pendingInteraction {
      id interactionId interactionType promptData
      prompt { __typename ... on QuestionsPrompt { questions { id required } } ... on ReviewPrompt { allowedActions } }
    }
  }
}`;

const RESPOND = `mutation($input: RespondToHitlInput!) {
  respondToHitl(input: $input) { __typename ... on RespondToHitlSuccess { interaction { status } job { status } } ... on Error { code message } }
}`;

describe('a job through the API alone', () => {
  it('pauses at CLARIFY, CONFIRM and PREVIEW, resumes after each GraphQL answer, and publishes its skill', async () => {
    const created = await alice.data<{ createSkillJob: { job: { id: string; jobId: string } } }>(
      `mutation { createSkillJob(input: { taskDescription: "a skill that teaches an agent to write safe Postgres migrations" }) { ... on CreateSkillJobSuccess { job { id jobId } } } }`,
    );
    const { id, jobId } = created.createSkillJob.job;
    const asked: string[] = [];
    for (let round = 0; round < 10; round++) {
      const paused = await waitForJob(
        db,
        jobId,
        (j) => ['PENDING_HITL', 'COMPLETED', 'FAILED', 'PENDING_REVIEW'].includes(j.status),
        { description: 'a pause or the end' },
      );
      if (paused.status !== 'PENDING_HITL') break;
      const view = await alice.data<PendingView>(PENDING, { id });
      const pending = view.job.pendingInteraction!;
      expect(view.job.status).toBe('PENDING_HITL');
      expect(pending.id).toBe(encodeGlobalID('HitlInteraction', pending.interactionId));
      expect(pending.prompt.__typename).toBe(
        ['CLARIFY', 'DEEP_UNDERSTANDING'].includes(pending.interactionType) ? 'QuestionsPrompt' : 'ReviewPrompt',
      );
      asked.push(pending.interactionType);
      // Bob can neither see nor answer it.
      expect((await bob.data<PendingView>(PENDING, { id })).job).toBeNull();
      expect(
        (await bob.data<{ respondToHitl: { __typename: string } }>(RESPOND, { input: { interactionId: pending.id } }))
          .respondToHitl.__typename,
      ).toBe('NotFoundError');
      // The answers a diligent person gives, built from the prompt the API showed; alternate the two id forms.
      const answers = goodAnswers({
        interactionId: pending.interactionId,
        promptData: pending.promptData,
      } as HitlInteraction);
      const input = { ...answers, interactionId: round % 2 === 0 ? pending.id : String(pending.interactionId) };
      const responded = await alice.data<{
        respondToHitl: { __typename: string; job: { status: string }; interaction: { status: string } };
      }>(RESPOND, { input });
      expect(responded.respondToHitl).toMatchObject({
        __typename: 'RespondToHitlSuccess',
        interaction: { status: 'RESPONDED' },
        job: { status: 'RUNNING' },
      });
    }
    expect(asked).toEqual(['CLARIFY', 'CONFIRM', 'PREVIEW']);

    const done = await alice.data<{
      job: {
        status: string;
        progressPercent: number;
        promoted: boolean;
        finalPath: string;
        skill: { id: string; name: string; taxonomyPath: string; status: string; job: { jobId: string } };
        hitlInteractions: Array<{ interactionType: string; status: string }>;
        events: Array<{ sequence: number; type: string }>;
      };
    }>(
      `query($id: ID!) { job(id: $id) { status progressPercent promoted finalPath
        skill { id name taxonomyPath status job { jobId } }
        hitlInteractions { interactionType status }
        events { sequence type } } }`,
      { id },
    );
    expect(done.job).toMatchObject({ status: 'COMPLETED', progressPercent: 100, promoted: true });
    expect(done.job.hitlInteractions.map((i) => [i.interactionType, i.status])).toEqual([
      ['CLARIFY', 'RESPONDED'],
      ['CONFIRM', 'RESPONDED'],
      ['PREVIEW', 'RESPONDED'],
    ]);
    expect(done.job.events.map((e) => e.sequence)).toEqual(done.job.events.map((_, i) => i + 1));
    expect(done.job.events.at(-1)?.type).toBe('STATUS_CHANGED');
    expect(done.job.events.map((e) => e.type)).toContain('PROMOTED');
    expect(done.job.skill).toMatchObject({ status: 'ACTIVE', taxonomyPath: done.job.finalPath, job: { jobId } });

    const later = await alice.data<{ job: { events: Array<{ sequence: number }> } }>(
      `query($id: ID!) { job(id: $id) { events(afterSequence: 3) { sequence } } }`,
      { id },
    );
    expect(later.job.events[0]?.sequence).toBe(4);
    expect(later.job.events).toHaveLength(done.job.events.length - 3);

    // The skill is public; its job is not.
    const skill = done.job.skill;
    const byName = await bob.data<{ skill: { id: string; job: unknown } }>(
      `query($name: String!) { skill(name: $name) { id job { jobId } } }`,
      { name: skill.name },
    );
    expect(byName.skill).toEqual({ id: skill.id, job: null });
    const byNode = await bob.data<{ node: { name: string } }>(
      `query($id: ID!) { node(id: $id) { ... on Skill { name } } }`,
      { id: skill.id },
    );
    expect(byNode.node.name).toBe(skill.name);
    const searched = await bob.data<{ skills: { edges: Array<{ node: { name: string } }> } }>(
      `{ skills(filter: { search: "postgres migrations", status: [ACTIVE] }) { edges { node { name } } } }`,
    );
    expect(searched.skills.edges.map((e) => e.node.name)).toContain(skill.name);

    // Promoting a completed job again returns its skill unchanged.
    const again = await alice.data<{ promoteSkill: { __typename: string; skill: { id: string; version: string } } }>(
      `mutation($input: PromoteSkillInput!) { promoteSkill(input: $input) { __typename ... on PromoteSkillSuccess { skill { id version } } } }`,
      { input: { jobId: id } },
    );
    expect(again.promoteSkill).toEqual({
      __typename: 'PromoteSkillSuccess',
      skill: { id: skill.id, version: '1.0.0' },
    });

    // Stats see it; a finished job can no longer be cancelled.
    const stats = await alice.data<{
      jobStats: Array<{ status: string; count: number; avgDurationSeconds: number | null }>;
    }>(`{ jobStats { status count avgDurationSeconds } }`);
    expect(stats.jobStats.find((s) => s.status === 'COMPLETED')).toMatchObject({ count: 1 });
    expect(stats.jobStats.find((s) => s.status === 'COMPLETED')!.avgDurationSeconds).toBeGreaterThan(0);
    const cancel = await alice.data<{ cancelJob: { __typename: string; currentStatus: string } }>(
      `mutation($id: ID!) { cancelJob(input: { jobId: $id }) { __typename ... on InvalidStateError { currentStatus } } }`,
      { id },
    );
    expect(cancel.cancelJob).toEqual({ __typename: 'InvalidStateError', currentStatus: 'COMPLETED' });
  });
});
