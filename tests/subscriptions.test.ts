// Subscriptions end to end: a real listening server (graphql-ws on WebSocket and yoga's SSE on the same /graphql),
// a real graphile-worker runner, the real event hub on its own LISTEN connection, the real test database.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitlInteraction } from '../prisma/database';
import { makeAuthenticator } from '../resolvers/auth';
import { startEventHub, type EventHub } from '../resolvers/events/hub';
import { respondToHitl } from '../resolvers/hitl/respond-to-hitl';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { silentLogger } from '../resolvers/logger';
import type { Services } from '../resolvers/services';
import type { Viewer } from '../resolvers/viewer';
import { makeApp, type App } from '../schema/app';
import { listen, type HttpServer } from '../schema/server';
import {
  closeOf,
  makeSseClient,
  makeWsClient,
  nextMessage,
  openRawSocket,
  record,
  type SubscriptionClient,
} from './helpers/clients';
import { adminQuery, createTestDatabase, type TestDatabase } from './helpers/database';
import { goodAnswers } from './helpers/hitl';
import { makeTestServices, startTestWorker, waitForJob } from './helpers/services';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';

const alice: Viewer = { userId: 'alice', isAdmin: false };
const bob: Viewer = { userId: 'bob', isAdmin: false };
// Jobs that must reach COMPLETED need distinct skill names (a second skill of the same name stops in PENDING_REVIEW).
const TASKS = [
  'a skill that teaches an agent to write safe Postgres migrations',
  'a skill for reviewing pull requests in TypeScript',
  'a skill that teaches an agent to debug flaky integration tests',
  'a skill for writing clear incident postmortems',
  'a skill that teaches an agent to design paginated REST endpoints',
  'a skill that teaches an agent to write Terraform modules',
  'a skill for triaging customer bug reports',
  'a skill that teaches an agent to tune Kubernetes resource limits',
  'a skill for writing accessible React forms',
  'a skill for planning zero-downtime database upgrades',
  'a skill that teaches an agent to document public APIs',
];
let tasks = 0;
/** A task whose skill name no other job of this file uses. */
function nextTask(): string {
  const task = TASKS[tasks++ % TASKS.length]!;
  return tasks > TASKS.length ? `${task} (${tasks})` : task;
}
const TASK = TASKS[0]!; // for jobs that are cancelled before they could complete
const JWT_SECRET = 'a-test-secret-that-is-at-least-32-characters-long';

const EVENTS = /* GraphQL */ `
  subscription Events($jobId: ID!, $after: Int) {
    jobEvents(jobId: $jobId, afterSequence: $after) {
      sequence
      type
      status
      phase
      progressPercent
      message
      job {
        jobId
      }
    }
  }
`;
const PROMPTS = /* GraphQL */ `
  subscription Prompts($jobId: ID) {
    hitlPromptPending(jobId: $jobId) {
      id
      interactionId
      interactionType
      status
      job {
        jobId
        userId
      }
    }
  }
`;
const UPDATES = /* GraphQL */ `
  subscription Updates($jobId: ID!) {
    jobUpdated(jobId: $jobId) {
      jobId
      status
      currentPhase
      progressPercent
      progressMessage
      updatedAt
      pendingInteraction {
        interactionId
        interactionType
      }
    }
  }
`;

interface EventItem {
  sequence: number;
  type: string;
  status: string;
  phase: string | null;
  progressPercent: number;
  message: string | null;
  job: { jobId: string };
}
interface PromptItem {
  id: string;
  interactionId: number;
  interactionType: string;
  status: string;
  job: { jobId: string; userId: string };
}
interface JobItem {
  jobId: string;
  status: string;
  currentPhase: string | null;
  progressPercent: number;
  updatedAt: string;
  pendingInteraction: { interactionId: number; interactionType: string } | null;
}

/** A gate the hub passes before each reconnect attempt: open by default; a test may hold it closed. */
function makeGate() {
  let open: Promise<void> = Promise.resolve();
  let release: () => void = () => undefined;
  const arrivals: Array<() => void> = [];
  return {
    async pass() {
      for (const arrived of arrivals.splice(0)) arrived();
      await open;
    },
    close() {
      open = new Promise<void>((resolve) => (release = resolve));
    },
    open() {
      release();
      open = Promise.resolve();
    },
    /** Resolves when the hub next reaches the gate (it lost its connection and wants to reconnect). */
    reached(timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the hub never tried to reconnect')), timeoutMs);
        arrivals.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

let db: TestDatabase;
let services: Services;
let hub: EventHub;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let app: App;
let http: HttpServer;
const gate = makeGate();
const clients: SubscriptionClient[] = [];
const servers: HttpServer[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  hub = await startEventHub({
    connectionString: db.url,
    logger: silentLogger,
    backoff: { initialMs: 20, maxMs: 200 },
    beforeReconnect: () => gate.pass(),
  });
  services = { ...makeTestServices(db), events: hub };
  worker = await startTestWorker(db, services);
  app = makeApp({ services, authenticator: makeAuthenticator({}), graphiql: false, introspection: true });
  http = await listen(app, 0, '127.0.0.1', { connectionInitTimeoutMs: 1_000 });
});

afterAll(async () => {
  gate.open();
  for (const client of clients) await client.close().catch(() => undefined);
  for (const server of servers) await server.close(1_000);
  await http?.close(1_000);
  await hub?.stop();
  await worker?.close();
  await db?.drop();
});

function ws(userId: string, url = http.url): SubscriptionClient {
  const client = makeWsClient(url, { 'x-user-id': userId });
  clients.push(client);
  return client;
}

function sse(userId: string, url = http.url): SubscriptionClient {
  const client = makeSseClient(url, { 'x-user-id': userId });
  clients.push(client);
  return client;
}

async function answer(viewer: Viewer, interactionId: number): Promise<void> {
  const interaction: HitlInteraction = await db.prisma.hitlInteraction.findUniqueOrThrow({ where: { interactionId } });
  await respondToHitl(services, viewer, goodAnswers(interaction));
}

async function storedEvents(jobId: string) {
  return db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
}

function sequences(items: Array<{ sequence: number }>): number[] {
  return items.map((e) => e.sequence);
}

function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Records a prompts subscription that answers every prompt it yields (as alice); failures are collected. */
function answeringPrompts(client: SubscriptionClient, jobId: string | null, failures: unknown[]) {
  return record<PromptItem>(
    client,
    'hitlPromptPending',
    PROMPTS,
    { jobId },
    {
      onItem: (prompt) => void answer(alice, prompt.interactionId).catch((error: unknown) => failures.push(error)),
    },
  );
}

/** No delivered result carried an error (a field that failed would otherwise just be missing from `items`). */
function expectNoErrors(...recordings: Array<{ results: Array<{ errors?: unknown }> }>) {
  for (const recording of recordings) expect(recording.results.filter((r) => r.errors)).toEqual([]);
}

async function expectWholeLog(jobId: string, delivered: EventItem[], finalStatus: string) {
  const stored = await storedEvents(jobId);
  expect(stored.length).toBeGreaterThan(5);
  expect(sequences(delivered)).toEqual(oneTo(stored.length));
  expect(delivered.map((e) => [e.sequence, e.type, e.status, e.phase])).toEqual(
    stored.map((e) => [e.sequence, e.eventType, e.status, e.phase]),
  );
  expect(delivered.every((e) => e.job.jobId === jobId)).toBe(true);
  expect(delivered.at(-1)?.status).toBe(finalStatus);
}

describe('jobEvents and hitlPromptPending follow a job from creation to COMPLETED', () => {
  it('over graphql-ws: every event once, in order (1..n), ending with the terminal event, then complete', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: nextTask() });
    const client = ws('alice');
    const failures: unknown[] = [];
    const prompts = answeringPrompts(client, job.jobId, failures);
    // The global id works as well as the UUID.
    const events = record<EventItem>(client, 'jobEvents', EVENTS, { jobId: encodeGlobalID('Job', job.jobId) });

    await events.waitForCompletion(60_000);
    await prompts.waitForCompletion(10_000);
    expect(failures).toEqual([]);
    expectNoErrors(events, prompts);
    await expectWholeLog(job.jobId, events.items, 'COMPLETED');
    expect(prompts.items.map((p) => p.interactionType)).toEqual(['CLARIFY', 'CONFIRM', 'PREVIEW']);
    expect(prompts.items.every((p) => p.status === 'PENDING' && p.job.userId === 'alice')).toBe(true);
    expect(new Set(prompts.items.map((p) => p.interactionId)).size).toBe(3);
    const finalJob = await db.prisma.job.findUniqueOrThrow({ where: { jobId: job.jobId } });
    expect(finalJob.status).toBe('COMPLETED');
    expect(events.items.length).toBe(finalJob.lastSequence);
  });

  it('over Server-Sent Events (graphql-sse client): the same, exactly once and in order', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: nextTask() });
    const client = sse('alice');
    const failures: unknown[] = [];
    const prompts = answeringPrompts(client, job.jobId, failures);
    const events = record<EventItem>(client, 'jobEvents', EVENTS, { jobId: job.jobId });

    await events.waitForCompletion(60_000);
    await prompts.waitForCompletion(10_000);
    expect(failures).toEqual([]);
    expectNoErrors(events, prompts);
    await expectWholeLog(job.jobId, events.items, 'COMPLETED');
    expect(prompts.items.map((p) => p.interactionType)).toEqual(['CLARIFY', 'CONFIRM', 'PREVIEW']);
  });

  it('over a raw text/event-stream POST: data events carry the results and the stream ends with a complete event', async () => {
    const job = await createSkillJob(services, alice, {
      taskDescription: nextTask(),
      hitl: ALL_PROMPTS_OFF,
    });
    await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED', { description: 'COMPLETED', timeoutMs: 60_000 });
    const response = await fetch(`${http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-user-id': 'alice' },
      body: JSON.stringify({ query: EVENTS, variables: { jobId: job.jobId, after: 2 } }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text(); // ends because the subscription completes at the terminal event
    const data = [...text.matchAll(/^event: next\ndata: (.*)$/gm)].map(
      (m) => JSON.parse(m[1]!) as { data: { jobEvents: EventItem } },
    );
    const stored = await storedEvents(job.jobId);
    expect(data.map((d) => d.data.jobEvents.sequence)).toEqual(oneTo(stored.length).slice(2));
    expect(text).toMatch(/event: complete/);
  });
});

describe('reconnecting with the last sequence seen', () => {
  it('a client that left after event k and comes back with afterSequence: k gets k+1.. exactly once', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: nextTask() });
    const failures: unknown[] = [];
    const prompts = answeringPrompts(ws('alice'), job.jobId, failures);

    const firstClient = makeWsClient(http.url, { 'x-user-id': 'alice' });
    const first = record<EventItem>(firstClient, 'jobEvents', EVENTS, { jobId: job.jobId }, { stopAfter: 4 });
    await first.waitFor((items) => items.length === 4, '4 events');
    await firstClient.close();
    expect(sequences(first.items)).toEqual([1, 2, 3, 4]);

    // More happens while nobody listens.
    await waitForJob(db, job.jobId, (j) => j.lastSequence > 6, { description: 'events after the disconnect' });

    const second = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId, after: 4 });
    await second.waitForCompletion(60_000);
    await prompts.waitForCompletion(10_000);
    expect(failures).toEqual([]);
    expectNoErrors(first, second, prompts);
    expect(second.items[0]?.sequence).toBe(5);
    await expectWholeLog(job.jobId, [...first.items, ...second.items], 'COMPLETED');
  });

  it('after the terminal event, reconnecting with its sequence completes at once with nothing; mid-log gives the rest', async () => {
    const job = await createSkillJob(services, alice, {
      taskDescription: nextTask(),
      hitl: ALL_PROMPTS_OFF,
    });
    const done = await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED', {
      description: 'COMPLETED',
      timeoutMs: 60_000,
    });
    const client = ws('alice');
    const atEnd = record<EventItem>(client, 'jobEvents', EVENTS, { jobId: job.jobId, after: done.lastSequence });
    await atEnd.waitForCompletion(10_000);
    expect(atEnd.items).toEqual([]);

    const rest = record<EventItem>(client, 'jobEvents', EVENTS, { jobId: job.jobId, after: done.lastSequence - 3 });
    await rest.waitForCompletion(10_000);
    expect(sequences(rest.items)).toEqual([done.lastSequence - 2, done.lastSequence - 1, done.lastSequence]);
  });

  it('reads a long log in batches without losing order', async () => {
    const job = await createSkillJob(services, alice, {
      taskDescription: nextTask(),
      hitl: ALL_PROMPTS_OFF,
    });
    const done = await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED', {
      description: 'COMPLETED',
      timeoutMs: 60_000,
    });
    const { followJobEvents } = await import('../resolvers/events/streams');
    const stream = await followJobEvents(services, alice, { jobId: job.jobId, batchSize: 2 });
    const seen: number[] = [];
    for await (const event of stream) seen.push(event.sequence);
    expect(seen).toEqual(oneTo(done.lastSequence));
  });
});

describe('the event hub survives losing its LISTEN connection', () => {
  it('events committed while the hub is disconnected are delivered after it reconnects (resync), without gaps', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const paused = await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', {
      description: 'the CLARIFY pause',
    });
    const events = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId });
    await events.waitFor((items) => items.length === paused.lastSequence, `${paused.lastSequence} events`);

    const before = hub.status();
    expect(before.connected).toBe(true);
    gate.close();
    const reached = gate.reached();
    await adminQuery(db.adminUrl, `SELECT pg_terminate_backend(${before.backendPid})`);
    await reached; // the hub noticed, and is held before reconnecting
    expect(hub.status().connected).toBe(false);

    // Deaf hub: answer the prompt; the worker runs to the next pause, committing events nobody is told about.
    const pending = await db.prisma.hitlInteraction.findFirstOrThrow({
      where: { jobId: job.jobId, status: 'PENDING' },
    });
    await answer(alice, pending.interactionId);
    const next = await waitForJob(
      db,
      job.jobId,
      (j) => j.status === 'PENDING_HITL' && j.lastSequence > paused.lastSequence + 2,
      {
        description: 'the next pause',
      },
    );
    expect(events.items.length).toBe(paused.lastSequence); // nothing could ring

    gate.open();
    // Only the resync after reconnecting can deliver these: the job is quiet now.
    await events.waitFor(
      (items) => items.length === next.lastSequence,
      `all ${next.lastSequence} events after the resync`,
      15_000,
    );
    const after = hub.status();
    expect(after.connected).toBe(true);
    expect(after.reconnects).toBe(before.reconnects + 1);
    expect(after.backendPid).not.toBe(before.backendPid);

    await cancelJob(services, alice, { jobId: job.jobId, reason: 'enough' });
    await events.waitForCompletion(10_000);
    expectNoErrors(events);
    await expectWholeLog(job.jobId, events.items, 'CANCELLED');
  });
});

describe('jobUpdated', () => {
  it('yields the current job first, then each change, and completes at a terminal status', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const paused = await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', {
      description: 'the CLARIFY pause',
    });
    const updates = record<JobItem>(ws('alice'), 'jobUpdated', UPDATES, { jobId: job.jobId });
    const [first] = await updates.waitFor((items) => items.length >= 1, 'the current job');
    expect(first).toMatchObject({ jobId: job.jobId, status: 'PENDING_HITL', progressPercent: paused.progressPercent });
    expect(first?.pendingInteraction?.interactionType).toBe('CLARIFY');
    expect(new Date(first!.updatedAt).getTime()).toBe(paused.updatedAt.getTime());

    const pending = await db.prisma.hitlInteraction.findFirstOrThrow({
      where: { jobId: job.jobId, status: 'PENDING' },
    });
    await answer(alice, pending.interactionId);
    await updates.waitFor(
      (items) => items.length > 1 && items.at(-1)?.pendingInteraction?.interactionType === 'CONFIRM',
      'the CONFIRM pause',
    );
    expect(updates.state()).toBe('open');
    await cancelJob(services, alice, { jobId: job.jobId });
    await updates.waitForCompletion(10_000);

    expectNoErrors(updates);
    const statuses = updates.items.map((j) => j.status);
    expect(statuses[0]).toBe('PENDING_HITL');
    expect(statuses).toContain('RUNNING');
    expect(statuses.at(-1)).toBe('CANCELLED');
    expect(statuses.filter((s) => s === 'CANCELLED')).toHaveLength(1);
    const stamps = updates.items.map((j) => new Date(j.updatedAt).getTime());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
    const progress = updates.items.map((j) => j.progressPercent);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
  });

  it('on a job that is already terminal yields it once and completes', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    await cancelJob(services, alice, { jobId: job.jobId });
    const updates = record<JobItem>(sse('alice'), 'jobUpdated', UPDATES, { jobId: job.jobId });
    await updates.waitForCompletion(10_000);
    expect(updates.items.map((j) => j.status)).toEqual(['CANCELLED']);
  });
});

describe('one event, many subscribers (results are shared only between identical operations)', () => {
  it('subscribers of one job asking different things each get their own answer; identical ones the same', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const BRIEF = 'subscription Brief($jobId: ID!) { jobEvents(jobId: $jobId) { sequence message } }';
    const first = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId });
    const second = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId });
    const brief = record<{ sequence: number; message: string | null }>(ws('alice'), 'jobEvents', BRIEF, {
      jobId: job.jobId,
    });
    const later = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId, after: 1 });
    await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', { description: 'the first prompt' });
    await cancelJob(services, alice, { jobId: job.jobId, reason: 'enough' });
    for (const recording of [first, second, brief, later]) await recording.waitForCompletion(30_000);
    expectNoErrors(first, second, brief, later);
    const stored = await storedEvents(job.jobId);
    expect(sequences(first.items)).toEqual(oneTo(stored.length));
    expect(second.items).toEqual(first.items);
    expect(brief.items).toEqual(first.items.map((e) => ({ sequence: e.sequence, message: e.message })));
    expect(later.items).toEqual(first.items.slice(1));
    expect(first.items.at(-1)?.status).toBe('CANCELLED');
  });
});

describe('access', () => {
  it("another user's job is NOT_FOUND on jobEvents, jobUpdated and hitlPromptPending(jobId), over both transports", async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    for (const client of [ws('bob'), sse('bob')]) {
      for (const [field, query, variables] of [
        ['jobEvents', EVENTS, { jobId: job.jobId }],
        ['jobUpdated', UPDATES, { jobId: job.jobId }],
        ['hitlPromptPending', PROMPTS, { jobId: job.jobId }],
        ['jobEvents', EVENTS, { jobId: 'not-an-id' }],
        ['jobUpdated', UPDATES, { jobId: '00000000-0000-4000-8000-000000000000' }],
      ] as const) {
        const rec = record(client, field, query, variables);
        await rec.waitForCompletion(10_000);
        expect(rec.items).toEqual([]);
        expect(rec.results).toHaveLength(1);
        expect(rec.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(rec.results[0]?.errors?.[0]?.message).toBe('job not found');
      }
    }
    // The owner and an admin may.
    const own = record<JobItem>(ws('alice'), 'jobUpdated', UPDATES, { jobId: job.jobId });
    const admin = record<JobItem>(ws('admin'), 'jobUpdated', UPDATES, { jobId: job.jobId });
    await own.waitFor((items) => items.length >= 1, 'the owner sees the job');
    await admin.waitFor((items) => items.length >= 1, 'an admin sees the job');
    await cancelJob(services, alice, { jobId: job.jobId });
    await own.waitForCompletion(10_000);
    await admin.waitForCompletion(10_000);
  });

  it('a negative afterSequence is a validation error', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const rec = record(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId, after: -1 });
    await rec.waitForCompletion(10_000);
    expect(rec.results[0]?.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'afterSequence',
    });
  });

  it("hitlPromptPending without a job yields the viewer's own prompts only, those already pending first", async () => {
    const aliceJob = await createSkillJob(services, alice, { taskDescription: TASK });
    await waitForJob(db, aliceJob.jobId, (j) => j.status === 'PENDING_HITL', { description: "alice's pause" });
    const bobJobs = [await createSkillJob(services, bob, { taskDescription: TASK })];
    await waitForJob(db, bobJobs[0]!.jobId, (j) => j.status === 'PENDING_HITL', { description: "bob's first pause" });

    // Alice's prompt is PENDING now; bob's subscription must not replay it, nor any later one of hers.
    const bobPrompts = record<PromptItem>(ws('bob'), 'hitlPromptPending', PROMPTS, {});
    await bobPrompts.waitFor((items) => items.length >= 1, "bob's already pending prompt");
    const alicePrompts = record<PromptItem>(sse('alice'), 'hitlPromptPending', PROMPTS, {});
    await alicePrompts.waitFor((items) => items.some((p) => p.job.jobId === aliceJob.jobId), "alice's pending prompt");

    // New prompts for both: alice answers hers (her next one comes), bob starts another job.
    const alicePending = await db.prisma.hitlInteraction.findFirstOrThrow({
      where: { jobId: aliceJob.jobId, status: 'PENDING' },
    });
    await answer(alice, alicePending.interactionId);
    await waitForJob(
      db,
      aliceJob.jobId,
      (j) => j.status === 'PENDING_HITL' && j.lastSequence > aliceJob.lastSequence + 5,
      { description: "alice's next pause" },
    );
    bobJobs.push(await createSkillJob(services, bob, { taskDescription: TASK }));
    await bobPrompts.waitFor(
      (items) => items.some((p) => p.job.jobId === bobJobs[1]!.jobId),
      "the prompt of bob's new job",
    );
    await alicePrompts.waitFor(
      (items) => items.filter((p) => p.job.jobId === aliceJob.jobId).length === 2,
      "alice's second prompt",
    );

    const bobJobIds = bobJobs.map((j) => j.jobId);
    expectNoErrors(bobPrompts, alicePrompts);
    expect(bobPrompts.items.every((p) => p.job.userId === 'bob' && bobJobIds.includes(p.job.jobId))).toBe(true);
    expect(alicePrompts.items.every((p) => p.job.userId === 'alice')).toBe(true);
    expect(new Set(bobPrompts.items.map((p) => p.interactionId)).size).toBe(bobPrompts.items.length);
    expect(bobPrompts.state()).toBe('open');
    bobPrompts.stop();
    alicePrompts.stop();
    for (const job of [aliceJob, ...bobJobs])
      await cancelJob(services, job.userId === 'bob' ? bob : alice, { jobId: job.jobId });
  });
});

describe('WebSocket transport', () => {
  it('closes a socket that sends no connection_init within the timeout (4408)', async () => {
    const socket = await openRawSocket(http.url);
    const closed = await closeOf(socket, 5_000);
    expect(closed.code).toBe(4408);
  });

  it('reports a syntax error or an unknown field as an error of that operation; the socket stays usable', async () => {
    const socket = await openRawSocket(http.url);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': 'alice' } }));
    expect((await nextMessage(socket)).type).toBe('connection_ack');
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { jobEvents(' } }));
    expect(await nextMessage(socket)).toMatchObject({
      id: '1',
      type: 'error',
      payload: [{ message: expect.stringContaining('Syntax Error') }],
    });
    socket.send(JSON.stringify({ id: '2', type: 'subscribe', payload: { query: 'subscription { noSuchField }' } }));
    expect(await nextMessage(socket)).toMatchObject({ id: '2', type: 'error' });
    socket.send(JSON.stringify({ id: '3', type: 'subscribe', payload: { query: '{ __typename }' } }));
    expect(await nextMessage(socket)).toMatchObject({
      id: '3',
      type: 'next',
      payload: { data: { __typename: 'Query' } },
    });
    socket.close();
  });

  it('closes a socket that sends a message above maxPayload (1009), without an "internal error" on stderr', async () => {
    const printed: unknown[][] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void printed.push(args);
    try {
      const socket = await openRawSocket(http.url);
      socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': 'alice' } }));
      expect((await nextMessage(socket)).type).toBe('connection_ack');
      socket.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: `# ${'x'.repeat(200 * 1024)}\nsubscription { hitlPromptPending { id } }` },
        }),
      );
      expect((await closeOf(socket)).code).toBe(1009);
    } finally {
      console.error = consoleError;
    }
    expect(printed.map((args) => String(args[0]))).toEqual([]);
  });

  describe('with JWT auth', () => {
    let jwtServer: HttpServer;
    const token = async (sub: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(JWT_SECRET));

    beforeAll(async () => {
      const jwtApp = makeApp({
        services,
        authenticator: makeAuthenticator({ jwtSecret: JWT_SECRET }),
        graphiql: false,
        introspection: true,
      });
      jwtServer = await listen(jwtApp, 0, '127.0.0.1');
      servers.push(jwtServer);
    });

    it('rejects a connection without a token, or with a bad one, with 4403 before any operation', async () => {
      for (const payload of [{}, { authorization: 'Bearer not-a-jwt' }, { 'x-user-id': 'alice' }]) {
        const socket = await openRawSocket(jwtServer.url);
        socket.send(JSON.stringify({ type: 'connection_init', payload }));
        const closed = await closeOf(socket);
        expect(closed.code).toBe(4403);
      }
    });

    it('accepts a valid bearer token in connectionParams and scopes the subscription to its subject', async () => {
      const job = await createSkillJob(services, alice, { taskDescription: TASK });
      await cancelJob(services, alice, { jobId: job.jobId });
      const asAlice = makeWsClient(jwtServer.url, { authorization: `Bearer ${await token('alice')}` });
      const asBob = makeWsClient(jwtServer.url, { authorization: `Bearer ${await token('bob')}` });
      clients.push(asAlice, asBob);
      const mine = record<JobItem>(asAlice, 'jobUpdated', UPDATES, { jobId: job.jobId });
      const theirs = record<JobItem>(asBob, 'jobUpdated', UPDATES, { jobId: job.jobId });
      await mine.waitForCompletion(10_000);
      await theirs.waitForCompletion(10_000);
      expect(mine.items.map((j) => j.status)).toEqual(['CANCELLED']);
      expect(theirs.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  it('shutdown closes WebSocket clients with 1001 and ends SSE streams before the HTTP server closes', async () => {
    const server = await listen(app, 0, '127.0.0.1');
    const watchersBefore = hub.status().watchers;
    const socket = await openRawSocket(server.url);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': 'alice' } }));
    expect((await nextMessage(socket)).type).toBe('connection_ack');
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { hitlPromptPending { id } }' } }),
    );
    const sseClient = makeSseClient(server.url, { 'x-user-id': 'nobody' });
    clients.push(sseClient);
    const sseRecording = record(sseClient, 'hitlPromptPending', PROMPTS, {});
    // Both subscriptions are live on the server: their doorbells are open.
    await waitUntil(
      () => hub.status().watchers === watchersBefore + 2 && sseRecording.state() === 'open',
      'two live subscriptions',
    );

    const closed = closeOf(socket);
    const started = Date.now();
    await server.close(10_000);
    expect(Date.now() - started).toBeLessThan(5_000); // not the 10 s grace: nothing was left hanging
    expect((await closed).code).toBe(1001);
    await expect(sseRecording.waitFor(() => false, 'the end of the SSE stream', 5_000)).rejects.toThrow(
      /subscription (failed|completed)/,
    );
    // Their server-side streams ended and closed their doorbells.
    await waitUntil(() => hub.status().watchers === watchersBefore, 'the doorbells to close');
  });
});

/** Polls a cheap in-memory condition on a short tick, bounded. */
async function waitUntil(condition: () => boolean, description: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
