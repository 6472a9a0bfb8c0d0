// jobsChanged end to end: a WebSocket client sees the jobs another client creates (over HTTP) and their changes,
// never another user's job; an admin sees everyone's; the filter narrows what is sent; a change made while the
// event hub was deaf is delivered after its resync. The server, worker and hub: tests/helpers/subscription-server.ts.
import { describe, expect, it } from 'vitest';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { record, type Recording } from './helpers/clients';
import { adminQuery } from './helpers/database';
import { createJob, post } from './helpers/http';
import { waitForJob } from './helpers/services';
import {
  alice,
  bob,
  db,
  expectNoErrors,
  gate,
  http,
  hub,
  nextTask,
  services,
  sse,
  useSubscriptionServer,
  waitUntil,
  ws,
} from './helpers/subscription-server';

useSubscriptionServer();

const CHANGES = /* GraphQL */ `
  subscription Changes($filter: JobFilter, $replaySeconds: Int) {
    jobsChanged(filter: $filter, replaySeconds: $replaySeconds) {
      jobId
      userId
      status
      currentPhase
      progressPercent
      taskDescription
      updatedAt
      pendingInteraction {
        interactionType
      }
    }
  }
`;

interface ChangedJob {
  jobId: string;
  userId: string;
  status: string;
  currentPhase: string | null;
  progressPercent: number;
  taskDescription: string;
  updatedAt: string;
  pendingInteraction: { interactionType: string } | null;
}

/** Subscribes `count` recordings and waits until the server holds their doorbells (the stream starts empty). */
async function subscribed(opened: Array<() => Recording<ChangedJob>>): Promise<Array<Recording<ChangedJob>>> {
  const before = hub.status().watchers;
  const recordings = opened.map((open) => open());
  await waitUntil(() => hub.status().watchers >= before + recordings.length, 'the subscriptions to open');
  return recordings;
}

const changes = (userId: string, filter?: Record<string, unknown>, transport = ws) =>
  record<ChangedJob>(transport(userId), 'jobsChanged', CHANGES, filter ? { filter } : {});

/** A job reaches its first prompt in a second or two; minutes on a loaded machine. */
const PROMPT_WAIT_MS = 60_000;
const of = (items: ChangedJob[], jobId: string) => items.filter((j) => j.jobId === jobId);
const atPrompt = (jobId: string) => (items: ChangedJob[]) =>
  of(items, jobId).some((j) => j.status === 'PENDING_HITL' && j.pendingInteraction?.interactionType === 'CLARIFY');

// Each test waits on a few jobs reaching their prompt: bounded per wait, and in all.
describe('jobsChanged', { timeout: 150_000 }, () => {
  it("shows a job created by another client as it is created and as it changes, and never another user's job", async () => {
    const [aliceWs, aliceSse, bobWs, adminWs] = await subscribed([
      () => changes('alice'),
      () => changes('alice', undefined, sse),
      () => changes('bob'),
      () => changes('admin'),
    ]);

    const aliceJob = await createJob(http.url, 'alice', { taskDescription: nextTask() });
    const bobJob = await createJob(http.url, 'bob', { taskDescription: nextTask() });
    for (const [recording, jobId] of [
      [aliceWs, aliceJob],
      [aliceSse, aliceJob],
      [bobWs, bobJob],
      [adminWs, aliceJob],
      [adminWs, bobJob],
    ] as const)
      await recording!.waitFor(atPrompt(jobId), `job ${jobId} at its CLARIFY prompt`, PROMPT_WAIT_MS);

    for (const recording of [aliceWs!, aliceSse!]) {
      const seen = of(recording.items, aliceJob);
      // Its states in order (changes that land between two reads are seen together, as the newer one; a selection
      // with relations is re-read, so a state can show up twice in a row, never out of order).
      expect(seen.length).toBeGreaterThan(0);
      const progress = seen.map((j) => j.progressPercent);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const stamps = seen.map((j) => j.updatedAt);
      expect(stamps).toEqual([...stamps].sort());
      expect(recording.items.every((j) => j.userId === 'alice')).toBe(true);
    }
    expect(bobWs!.items.length).toBeGreaterThan(0);
    expect(bobWs!.items.every((j) => j.userId === 'bob' && j.jobId === bobJob)).toBe(true);
    expect(new Set(adminWs!.items.map((j) => j.userId))).toEqual(new Set(['alice', 'bob']));

    for (const recording of [aliceWs!, aliceSse!, bobWs!, adminWs!]) {
      expect(recording.state()).toBe('open');
      expectNoErrors(recording);
      recording.stop();
    }
    await cancelJob(services, alice, { jobId: aliceJob });
    await cancelJob(services, bob, { jobId: bobJob });
  });

  it('sends only the jobs that match the filter, as they are when they match', async () => {
    const terraform = 'a skill that teaches an agent to review Terraform plans before they are applied';
    const [searched, waiting] = await subscribed([
      () => changes('alice', { search: 'TERRAFORM' }),
      () => changes('alice', { status: ['PENDING_HITL'] }),
    ]);
    const matching = await createJob(http.url, 'alice', { taskDescription: terraform });
    const other = await createJob(http.url, 'alice', { taskDescription: nextTask() });
    await searched!.waitFor(atPrompt(matching), 'the Terraform job at its prompt', PROMPT_WAIT_MS);
    await waiting!.waitFor(
      (items) => atPrompt(matching)(items) && atPrompt(other)(items),
      'both jobs at a prompt',
      PROMPT_WAIT_MS,
    );
    await waitForJob(db, other, (j) => j.status === 'PENDING_HITL', { description: 'the other job paused' });

    expect(searched!.items.every((j) => j.jobId === matching)).toBe(true);
    expect(waiting!.items.every((j) => j.status === 'PENDING_HITL')).toBe(true);
    // A filter is checked like the list's: a search that is too long is refused before anything is followed.
    const tooLong = record(ws('alice'), 'jobsChanged', CHANGES, { filter: { search: 'x'.repeat(201) } });
    await tooLong.waitForCompletion(10_000);
    expect(tooLong.items).toEqual([]);
    expect(tooLong.results.map((r) => r.errors?.map((e) => [e.message, e.extensions]))).toEqual([
      [['must be at most 200 characters', { code: 'VALIDATION_FAILED', field: 'filter.search' }]],
    ]);
    // And by the list's text rule (resolvers/text-input.ts): a lone surrogate would be a search for U+FFFD.
    const notUnicode = record(ws('alice'), 'jobsChanged', CHANGES, { filter: { search: 'terraform \ud800' } });
    await notUnicode.waitForCompletion(10_000);
    expect(notUnicode.items).toEqual([]);
    expect(notUnicode.results.map((r) => r.errors?.map((e) => [e.message, e.extensions]))).toEqual([
      [
        [
          'must be Unicode text (it contains an unpaired surrogate)',
          { code: 'VALIDATION_FAILED', field: 'filter.search' },
        ],
      ],
    ]);
    for (const recording of [searched!, waiting!]) {
      expectNoErrors(recording);
      recording.stop();
    }
    await cancelJob(services, alice, { jobId: matching });
    await cancelJob(services, alice, { jobId: other });
  });

  it('delivers a change committed while the event hub was deaf, after its resync', async () => {
    const [followed] = await subscribed([() => changes('alice')]);
    const before = hub.status();
    gate.close();
    const reached = gate.reached();
    await adminQuery(db.adminUrl, `SELECT pg_terminate_backend(${before.backendPid})`);
    await reached; // the hub noticed, and is held before reconnecting

    // Created and paused while nobody is told.
    const jobId = await createJob(http.url, 'alice', { taskDescription: nextTask() });
    const paused = await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL', {
      description: 'its prompt',
      timeoutMs: PROMPT_WAIT_MS,
    });
    expect(of(followed!.items, jobId)).toEqual([]);

    gate.open();
    const [last] = (await followed!.waitFor(atPrompt(jobId), 'the paused job after the resync', 30_000)).slice(-1);
    expect(last).toMatchObject({ jobId, status: 'PENDING_HITL', progressPercent: paused.progressPercent });
    expect(hub.status().reconnects).toBe(before.reconnects + 1);
    expectNoErrors(followed!);
    followed!.stop();
    await cancelJob(services, alice, { jobId });
  });

  it('replays the jobs changed in the last replaySeconds first, then follows; refuses a replay over an hour', async () => {
    const jobId = await createJob(http.url, 'alice', { taskDescription: nextTask() });
    const paused = await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL', {
      description: 'its prompt',
      timeoutMs: PROMPT_WAIT_MS,
    });
    // Quiet now: only the replay can deliver it.
    const replayed = record<ChangedJob>(ws('alice'), 'jobsChanged', CHANGES, { replaySeconds: 600 });
    const [first] = of(await replayed.waitFor((items) => of(items, jobId).length > 0, 'the replayed job'), jobId);
    expect(first).toMatchObject({ jobId, status: 'PENDING_HITL', progressPercent: paused.progressPercent });
    await cancelJob(services, alice, { jobId });
    await replayed.waitFor((items) => of(items, jobId).at(-1)?.status === 'CANCELLED', 'the cancel, live');
    expect(of(replayed.items, jobId).map((j) => j.status)).toEqual(['PENDING_HITL', 'CANCELLED']);
    expectNoErrors(replayed);
    replayed.stop();

    const tooLong = record(ws('alice'), 'jobsChanged', CHANGES, { replaySeconds: 3601 });
    await tooLong.waitForCompletion(10_000);
    expect(tooLong.results.map((r) => r.errors?.map((e) => [e.message, e.extensions]))).toEqual([
      [['must be a whole number from 0 to 3600', { code: 'VALIDATION_FAILED', field: 'replaySeconds' }]],
    ]);
  });

  it('refuses a filter by another user for a non-admin: it still sees only its own jobs', async () => {
    const [sneaky] = await subscribed([() => changes('bob', { userId: 'alice' })]);
    const aliceJob = await createJob(http.url, 'alice', { taskDescription: nextTask() });
    const bobJob = await createJob(http.url, 'bob', { taskDescription: nextTask() });
    await sneaky!.waitFor(atPrompt(bobJob), "bob's own job", PROMPT_WAIT_MS);
    await waitForJob(db, aliceJob, (j) => j.status === 'PENDING_HITL', { description: "alice's job paused" });
    expect(sneaky!.items.every((j) => j.userId === 'bob')).toBe(true);
    const listed = await post<{ jobs: { totalCount: number } }>(
      http.url,
      `query { jobs(filter: { userId: "alice" }) { totalCount } }`,
      {},
      'bob',
    );
    expect(listed.body.data?.jobs.totalCount).toBe(
      await db.prisma.job.count({ where: { userId: 'bob' } }), // the list applies the same rule
    );
    sneaky!.stop();
    await cancelJob(services, alice, { jobId: aliceJob });
    await cancelJob(services, bob, { jobId: bobJob });
  });
});
