// The offline author through the GraphQL API with a real worker: a task with no subject is refused at createSkillJob,
// the domain choice shows in the job's events, and a REVISE of the draft rewrites it, with the next review prompt
// listing what was applied and what was not, and the diff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { clientFor, makeTestApp } from './helpers/graphql';
import { CREATE, RESPOND, mutate } from './helpers/mutations';
import { makeTestServices, startTestWorker, waitForJob } from './helpers/services';

let db: TestDatabase;
let app: App;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let alice: ReturnType<typeof clientFor>;

beforeAll(async () => {
  db = await createTestDatabase();
  const services = makeTestServices(db);
  app = makeTestApp(services);
  worker = await startTestWorker(db, services);
  alice = clientFor(app, 'alice');
});

afterAll(async () => {
  await worker?.close();
  await db?.drop();
});

const PREVIEW_ONLY = { clarify: false, confirm: false, preview: true, validate: false, tdd: false };

const REVIEW = `query($id: ID!) {
  job(id: $id) {
    status
    events { type message data }
    pendingInteraction { interactionId interactionType prompt { ... on ReviewPrompt { title summary content } } }
  }
}`;

interface ReviewView {
  job: {
    status: string;
    events: { type: string; message: string | null; data: unknown }[];
    pendingInteraction: {
      interactionId: number;
      interactionType: string;
      prompt: { title: string; summary: string; content: string };
    } | null;
  };
}

/** The job once it waits for a person (a REVISE sets it RUNNING before respondToHitl returns), as the API shows it. */
async function pausedAt(jobId: string, id: string, reviews: number): Promise<ReviewView['job']> {
  await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL', { description: `PREVIEW prompt ${reviews}` });
  expect(await db.prisma.hitlInteraction.count({ where: { jobId, interactionType: 'PREVIEW' } })).toBe(reviews);
  return (await alice.data<ReviewView>(REVIEW, { id })).job;
}

describe('offline author through the API', () => {
  it('refuses a task that names no subject with a ValidationError and writes nothing', async () => {
    const before = await db.prisma.job.count();
    const payload = await mutate(alice, CREATE, { taskDescription: 'asdf qwer zxcv' });
    expect(payload).toMatchObject({ __typename: 'ValidationError', field: 'taskDescription' });
    expect(payload.message).toMatch(/no word in it names a subject/);
    expect(await db.prisma.job.count()).toBe(before);
  });

  it('shows the domain choice in the events, and a REVISE rewrites the draft and says what changed', async () => {
    const created = await mutate(alice, CREATE, {
      taskDescription: 'A skill for reviewing pull requests for correctness, test coverage and readability',
      hitl: PREVIEW_ONLY,
    });
    expect(created.__typename).toBe('CreateSkillJobSuccess');
    const { id, jobId } = created.job!;
    const first = await pausedAt(jobId, id, 1);
    const choice = first.events.find((n) => n.message?.startsWith('Domain choice'));
    expect(choice?.data).toEqual({
      domain: { id: 'code-review', label: 'Code review', confidence: 0.71, threshold: 0.6, used: true },
    });
    expect(first.pendingInteraction!.prompt.content).toContain('npm test');

    const feedback = 'Remove the pull request / npm example. Make the tone friendlier.';
    const revised = await mutate(alice, RESPOND, {
      interactionId: first.pendingInteraction!.interactionId,
      action: 'REVISE',
      feedback,
    });
    expect(revised.__typename).toBe('RespondToHitlSuccess');
    const second = (await pausedAt(jobId, id, 2)).pendingInteraction!.prompt;
    expect(second.content).not.toContain('npm test');
    expect(second.content).not.toContain('friendlier');
    expect(second.summary).toContain('Applied: "Remove the pull request / npm example".');
    expect(second.summary).toContain('"Make the tone friendlier"');
    expect(second.summary).toMatch(/^Not applied by an edit rule/m);
    expect(second.summary).toContain('```diff\n');
    expect(second.summary).toContain('- npm test');
  });

  it('a task outside every domain says so in its events and points the review at "To Complete"', async () => {
    const created = await mutate(alice, CREATE, {
      taskDescription: 'a skill for triaging flaky CI tests',
      hitl: PREVIEW_ONLY,
    });
    const { id, jobId } = created.job!;
    const view = await pausedAt(jobId, id, 1);
    const choice = view.events.find((n) => n.message?.startsWith('Domain choice'));
    expect(choice?.data).toMatchObject({ domain: { used: false } });
    expect(choice?.message).toMatch(/built from the task and the answers/);
    expect(view.pendingInteraction!.prompt.content).toContain('\n## To Complete\n');
    expect(view.pendingInteraction!.prompt.summary).toContain('"## To Complete"');
  });
});
