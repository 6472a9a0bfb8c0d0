// The setup the subscription suites share: a real listening server (graphql-ws on WebSocket and yoga's SSE on the
// same /graphql), a real graphile-worker runner, the real event hub on its own LISTEN connection (behind a gate a
// test can hold closed), the real test database; the operations and the checks of what a client was delivered.
import { afterAll, beforeAll, expect } from 'vitest';
import type { HitlInteraction } from '../../prisma/database';
import { makeAuthenticator } from '../../resolvers/auth';
import { startEventHub, type EventHub } from '../../resolvers/events/hub';
import { respondToHitl } from '../../resolvers/hitl/respond-to-hitl';
import { createSkillJob } from '../../resolvers/jobs/create-skill-job';
import { silentLogger } from '../../resolvers/logger';
import type { Services } from '../../resolvers/services';
import type { Viewer } from '../../resolvers/viewer';
import { makeApp, type App } from '../../schema/app';
import { listen, type HttpServer } from '../../schema/server';
import { makeSseClient, makeWsClient, record, type SubscriptionClient } from './clients';
import { createTestDatabase, type TestDatabase } from './database';
import { goodAnswers } from './hitl';
import { makeTestServices, startTestWorker, waitForJob } from './services';
import { ALL_PROMPTS_OFF } from '../../harness/job-policies';

export const alice: Viewer = { userId: 'alice', isAdmin: false };
export const bob: Viewer = { userId: 'bob', isAdmin: false };
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
export function nextTask(): string {
  const task = TASKS[tasks++ % TASKS.length]!;
  return tasks > TASKS.length ? `${task} (${tasks})` : task;
}
export const TASK = TASKS[0]!; // for jobs that are cancelled before they could complete
export const JWT_SECRET = 'a-test-secret-that-is-at-least-32-characters-long';

export const EVENTS = /* GraphQL */ `
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
export const PROMPTS = /* GraphQL */ `
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
export const UPDATES = /* GraphQL */ `
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

export interface EventItem {
  sequence: number;
  type: string;
  status: string;
  phase: string | null;
  progressPercent: number;
  message: string | null;
  job: { jobId: string };
}
export interface PromptItem {
  id: string;
  interactionId: number;
  interactionType: string;
  status: string;
  job: { jobId: string; userId: string };
}
export interface JobItem {
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

export let db: TestDatabase;
export let services: Services;
export let hub: EventHub;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
export let app: App;
export let http: HttpServer;
export const gate = makeGate();
export const clients: SubscriptionClient[] = [];
export const servers: HttpServer[] = [];

/**
 * Starts the database, hub, worker and server before the calling file's tests and stops them after. The `let`
 * bindings above are live: a test file reads them once this has run.
 */
export function useSubscriptionServer(): void {
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
}

export function ws(userId: string, url = http.url): SubscriptionClient {
  const client = makeWsClient(url, { 'x-user-id': userId });
  clients.push(client);
  return client;
}

export function sse(userId: string, url = http.url): SubscriptionClient {
  const client = makeSseClient(url, { 'x-user-id': userId });
  clients.push(client);
  return client;
}

export async function answer(viewer: Viewer, interactionId: number): Promise<void> {
  const interaction: HitlInteraction = await db.prisma.hitlInteraction.findUniqueOrThrow({ where: { interactionId } });
  await respondToHitl(services, viewer, goodAnswers(interaction));
}

/** A job of alice's with every prompt off, run to COMPLETED: a whole event log to read back. */
export async function completedJob() {
  const job = await createSkillJob(services, alice, { taskDescription: nextTask(), hitl: ALL_PROMPTS_OFF });
  return waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED', { description: 'COMPLETED', timeoutMs: 60_000 });
}

export async function storedEvents(jobId: string) {
  return db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
}

export function sequences(items: Array<{ sequence: number }>): number[] {
  return items.map((e) => e.sequence);
}

export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Records a prompts subscription that answers every prompt it yields (as alice); failures are collected. */
export function answeringPrompts(client: SubscriptionClient, jobId: string | null, failures: unknown[]) {
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
export function expectNoErrors(...recordings: Array<{ results: Array<{ errors?: unknown }> }>) {
  for (const recording of recordings) expect(recording.results.filter((r) => r.errors)).toEqual([]);
}

export async function expectWholeLog(jobId: string, delivered: EventItem[], finalStatus: string) {
  const stored = await storedEvents(jobId);
  expect(stored.length).toBeGreaterThan(5);
  expect(sequences(delivered)).toEqual(oneTo(stored.length));
  expect(delivered.map((e) => [e.sequence, e.type, e.status, e.phase])).toEqual(
    stored.map((e) => [e.sequence, e.eventType, e.status, e.phase]),
  );
  expect(delivered.every((e) => e.job.jobId === jobId)).toBe(true);
  expect(delivered.at(-1)?.status).toBe(finalStatus);
}

/** Polls a cheap in-memory condition on a short tick, bounded. */
export async function waitUntil(condition: () => boolean, description: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
