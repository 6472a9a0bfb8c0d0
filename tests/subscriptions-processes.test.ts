// Subscriptions across real processes: the API (`main.ts`, RUN_WORKER=false) and a worker (`main.ts worker`) as
// separate child processes sharing the test database. The API is killed (SIGKILL) while the job runs; a new API
// process comes up, and a client that reconnects with the last sequence it saw gets the rest, exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { respondToHitl } from '../resolvers/hitl/respond-to-hitl';
import type { Services } from '../resolvers/services';
import type { Viewer } from '../resolvers/viewer';
import {
  closeOf,
  makeSseClient,
  makeWsClient,
  nextMessage,
  openRawSocket,
  record,
  type SubscriptionClient,
} from './helpers/clients';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { goodAnswers } from './helpers/hitl';
import { startService, type ServiceProcess } from '../harness/service-process';
import { makeTestServices, waitForJob } from './helpers/services';

const alice: Viewer = { userId: 'alice', isAdmin: false };

const EVENTS = /* GraphQL */ `
  subscription Events($jobId: ID!, $after: Int) {
    jobEvents(jobId: $jobId, afterSequence: $after) {
      sequence
      type
      status
    }
  }
`;
const PROMPTS = /* GraphQL */ `
  subscription Prompts($jobId: ID) {
    hitlPromptPending(jobId: $jobId) {
      interactionId
      interactionType
    }
  }
`;

interface EventItem {
  sequence: number;
  type: string;
  status: string;
}

let db: TestDatabase;
let services: Services;
const running: ServiceProcess[] = [];
const clients: SubscriptionClient[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db);
});

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  for (const service of running) await service.stop('SIGKILL');
  await db?.drop();
});

async function start(mode: 'api' | 'worker', env: Record<string, string>): Promise<ServiceProcess> {
  const service = await startService(mode, { DATABASE_URL: db.url, ...env });
  running.push(service);
  return service;
}

async function answerPending(jobId: string): Promise<void> {
  const pending = await db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId, status: 'PENDING' } });
  await respondToHitl(services, alice, goodAnswers(pending));
}

/** Runs `body`; a failure also reports the job's row and the tail of every child's output. */
async function diagnosed(jobIdOf: () => string | undefined, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const jobId = jobIdOf();
    const job = jobId ? await db.prisma.job.findUnique({ where: { jobId } }) : null;
    const outputs = running
      .map((service, i) => `--- child ${i} (pid ${service.child.pid}):\n${service.output().slice(-2500)}`)
      .join('\n');
    if (error instanceof Error) {
      error.message += `\njob: ${job?.status} at ${job?.currentPhase}, lastSequence ${job?.lastSequence}: ${job?.progressMessage} ${job?.error ?? ''}\n${outputs}`;
    }
    throw error;
  }
}

it(
  'a client reconnecting with its last sequence to a NEW API process gets the rest exactly once (API killed mid-run, worker apart)',
  { timeout: 180_000 },
  async () => {
    let jobId: string | undefined;
    await diagnosed(
      () => jobId,
      async () => {
        await start('worker', { WORKER_HEARTBEAT_SECONDS: '1', WORKER_STALE_SECONDS: '3' });
        const firstApi = await start('api', { RUN_WORKER: 'false' });

        const job = await createSkillJob(services, alice, {
          taskDescription: 'a skill that teaches an agent to write safe Postgres migrations',
        });
        jobId = job.jobId;
        const firstClient = makeWsClient(firstApi.url!, { 'x-user-id': 'alice' });
        clients.push(firstClient);
        const first = record<EventItem>(firstClient, 'jobEvents', EVENTS, { jobId: job.jobId });
        const paused = await first.waitFor(
          (items) => items.at(-1)?.status === 'PENDING_HITL',
          'the CLARIFY pause',
          60_000,
        );
        const pausedAt = paused.at(-1)!.sequence;

        // Resume the job (the worker process runs it) and kill the API while events flow.
        await answerPending(job.jobId);
        await first.waitFor((items) => items.at(-1)!.sequence > pausedAt, 'events of the resumed run');
        await firstApi.stop('SIGKILL');
        await first.finished.catch(() => undefined);
        expect(first.state()).toBe('failed'); // the socket dropped: the server was gone
        const seen = first.items.map((e) => e.sequence);
        const k = seen.at(-1)!;
        expect(seen).toEqual(Array.from({ length: k }, (_, i) => i + 1));

        // No API runs; the worker carries on to the next pause, and on through one more answer, committing events that
        // no API process is told about.
        const confirm = await waitForJob(
          db,
          job.jobId,
          (j) => j.status === 'PENDING_HITL' && j.lastSequence > pausedAt + 3,
          {
            description: 'the CONFIRM pause, reached without any API',
            timeoutMs: 60_000,
          },
        );
        await answerPending(job.jobId);
        const next = await waitForJob(
          db,
          job.jobId,
          (j) => j.status === 'PENDING_HITL' && j.lastSequence > confirm.lastSequence + 2,
          {
            description: 'the PREVIEW pause, reached without any API',
            timeoutMs: 60_000,
          },
        );
        expect(next.lastSequence).toBeGreaterThan(k);

        // A new API process; the client comes back (over SSE this time) with the last sequence it saw.
        const secondApi = await start('api', { RUN_WORKER: 'false' });
        expect(secondApi.url).not.toBe(firstApi.url);
        const promptClient = makeWsClient(secondApi.url!, { 'x-user-id': 'alice' });
        const eventClient = makeSseClient(secondApi.url!, { 'x-user-id': 'alice' });
        clients.push(promptClient, eventClient);
        const failures: unknown[] = [];
        const prompts = record<{ interactionId: number; interactionType: string }>(
          promptClient,
          'hitlPromptPending',
          PROMPTS,
          { jobId: job.jobId },
          {
            onItem: () => void answerPending(job.jobId).catch((error: unknown) => failures.push(error)),
          },
        );
        const second = record<EventItem>(eventClient, 'jobEvents', EVENTS, { jobId: job.jobId, after: k });
        await second.waitForCompletion(90_000);
        await prompts.waitForCompletion(10_000);
        expect(failures).toEqual([]);
        expect(prompts.items.map((p) => p.interactionType)).toEqual(['PREVIEW']);

        const stored = await db.prisma.jobEvent.findMany({ where: { jobId: job.jobId }, orderBy: { sequence: 'asc' } });
        const delivered = [...first.items, ...second.items];
        expect(second.items[0]?.sequence).toBe(k + 1);
        expect(delivered.map((e) => e.sequence)).toEqual(stored.map((_, i) => i + 1));
        expect(delivered.map((e) => [e.type, e.status])).toEqual(stored.map((e) => [e.eventType, e.status]));
        expect(delivered.at(-1)?.status).toBe('COMPLETED');
      },
    );
  },
);

it(
  'SIGTERM closes live WebSocket subscriptions with 1001, ends SSE streams, and the API exits 0 promptly',
  { timeout: 120_000 },
  async () => {
    const api = await start('api', { RUN_WORKER: 'false' });
    // No worker runs in this test: the job stays at its CREATED event and both streams wait for more.
    const job = await createSkillJob(services, alice, {
      taskDescription: 'a skill for writing clear incident postmortems',
    });
    const query = 'subscription ($jobId: ID!) { jobEvents(jobId: $jobId) { sequence } }';

    const socket = await openRawSocket(api.url!);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': 'alice' } }));
    expect((await nextMessage(socket)).type).toBe('connection_ack');
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { jobId: job.jobId } } }));
    expect(await nextMessage(socket)).toMatchObject({
      type: 'next',
      payload: { data: { jobEvents: { sequence: 1 } } },
    });

    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-user-id': 'alice' },
      body: JSON.stringify({ query, variables: { jobId: job.jobId } }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('"sequence":1')) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`the SSE stream ended early: ${received}`);
      received += decoder.decode(chunk.value);
    }
    const sseEnded = (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {
        // a destroyed connection is an end too
      }
    })();

    const closed = closeOf(socket, 30_000);
    const started = Date.now();
    const exit = api.stop('SIGTERM', 30_000);
    expect((await closed).code).toBe(1001);
    await sseEnded;
    expect(await exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(8_000); // not the HTTP grace period: nothing was left hanging
  },
);
