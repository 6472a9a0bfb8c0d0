// Request logs: one `info` line per operation (request id, name, type, user, duration, outcome), a user's typed
// error at `info` and not at `error`, the request id in the x-request-id response header and in the line; a
// subscription's start, and its end with the number of events it delivered (over WebSocket and SSE, also when the
// client leaves early or the stream fails).
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEventHub, type EventHub } from '../resolvers/events/hub';
import { silentLogger } from '../resolvers/logger';
import type { App } from '../schema/app';
import { listen, type HttpServer } from '../schema/server';
import { outcomeOf } from '../schema/plugins/use-operation-log';
import { makeSseClient, makeWsClient, record, type SubscriptionClient } from './helpers/clients';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { gql, insertJob, makeTestApp } from './helpers/graphql';
import { makeTestServices } from './helpers/services';
import { GraphQLError } from 'graphql';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const INFO = 30;
const ERROR = 50;
let db: TestDatabase;
let hub: EventHub;
let app: App;
let http: HttpServer;
const clients: SubscriptionClient[] = [];
let lines: LogLine[] = [];
/** Re-checks what a test waits for whenever a line is written. */
const onLine = new Set<() => void>();

beforeAll(async () => {
  db = await createTestDatabase();
  // The real logger (pino), writing into an array instead of stdout.
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        lines.push(JSON.parse(line) as LogLine);
        for (const check of [...onLine]) check();
      },
    },
  );
  hub = await startEventHub({ connectionString: db.url, logger: silentLogger });
  app = makeTestApp({ ...makeTestServices(db), logger, events: hub });
  http = await listen(app, 0, '127.0.0.1');
});

beforeEach(() => {
  lines = [];
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await http?.close(1_000);
  await hub?.stop();
  await db?.drop();
});

/** Resolves with the first log line that matches; rejects after `timeoutMs`. */
function logLine(matches: (line: LogLine) => boolean, description: string, timeoutMs = 10_000): Promise<LogLine> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = lines.find(matches);
      if (!found) return;
      finish();
      resolve(found);
    };
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(`no log line ${description} within ${timeoutMs} ms; got ${JSON.stringify(lines.map((l) => l.msg))}`),
      );
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      onLine.delete(check);
    };
    onLine.add(check);
    check();
  });
}

const operations = () => lines.filter((line) => line.msg === 'operation');

describe('the operation log', () => {
  it('logs one info line for a successful query, with the request id it returns in x-request-id', async () => {
    const response = await gql(app, 'query Me { viewer { userId } }', undefined, { user: 'alice' });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(operations()).toEqual([
      expect.objectContaining({
        level: INFO,
        requestId,
        operationName: 'Me',
        operationType: 'query',
        user: 'alice',
        outcome: 'ok',
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it("keeps the client's x-request-id", async () => {
    const response = await gql(app, '{ __typename }', undefined, { headers: { 'x-request-id': 'from-client-1' } });
    expect(response.headers.get('x-request-id')).toBe('from-client-1');
    expect(operations()).toEqual([expect.objectContaining({ requestId: 'from-client-1', outcome: 'ok' })]);
  });

  it("logs a user's typed error at info with its code, and nothing at error", async () => {
    const response = await gql(app, 'query Stuck { stuckJobs(olderThanMinutes: 0) { id } }', undefined, {
      user: 'alice',
    });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(operations()).toEqual([
      expect.objectContaining({ level: INFO, operationName: 'Stuck', user: 'alice', outcome: 'VALIDATION_FAILED' }),
    ]);
    expect(lines.filter((line) => line.level >= ERROR)).toEqual([]);
  });

  it('logs a document that fails validation, once, with its code', async () => {
    const response = await gql(app, '{ noSuchField }');
    expect(response.status).toBe(400);
    expect(operations()).toEqual([
      expect.objectContaining({ level: INFO, requestId: response.headers.get('x-request-id') }),
    ]);
    expect(operations()[0]?.outcome).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('outcomeOf', () => {
  it('says ok, the typed code, or masked', () => {
    expect(outcomeOf({ data: {} })).toBe('ok');
    expect(outcomeOf({ errors: [new GraphQLError('x', { extensions: { code: 'NOT_FOUND' } })] })).toBe('NOT_FOUND');
    expect(outcomeOf({ errors: [new GraphQLError('x', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] })).toBe(
      'masked',
    );
    expect(outcomeOf({ errors: [new GraphQLError('x')] })).toBe('error');
  });
});

const EVENTS = 'subscription Events($jobId: ID!) { jobEvents(jobId: $jobId) { sequence } }';

/** A job of alice's with `count` events in its log; the last one COMPLETED when `completed`. */
async function jobWithEvents(count: number, { completed }: { completed: boolean }): Promise<string> {
  const status = completed ? 'COMPLETED' : 'RUNNING';
  const job = await insertJob(db.prisma, { userId: 'alice', status, lastSequence: count });
  await db.prisma.jobEvent.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      jobId: job.jobId,
      sequence: i + 1,
      eventType: i === count - 1 && completed ? ('STATUS_CHANGED' as const) : ('PROGRESS' as const),
      status: i === count - 1 ? status : ('RUNNING' as const),
      progressPercent: 10,
    })),
  });
  return job.jobId;
}

describe('the subscription log', () => {
  it('logs the start and, when the stream completes, the end with the number of events delivered (WebSocket)', async () => {
    const jobId = await jobWithEvents(3, { completed: true });
    const client = makeWsClient(http.url, { 'x-user-id': 'alice' });
    clients.push(client);
    const events = record<{ sequence: number }>(client, 'jobEvents', EVENTS, { jobId });
    await events.waitForCompletion();
    expect(events.items).toHaveLength(3);
    const ended = await logLine((l) => l.msg === 'subscription ended', 'subscription ended');
    const started = lines.find((l) => l.msg === 'subscription started');
    const fields = { level: INFO, operationName: 'Events', operationType: 'subscription', user: 'alice' };
    expect(started).toEqual(expect.objectContaining(fields));
    expect(ended).toEqual(
      expect.objectContaining({ ...fields, events: 3, outcome: 'ok', durationMs: expect.any(Number) }),
    );
    expect(ended.requestId).toBe(started?.requestId);
    expect(lines.filter((l) => l.msg.startsWith('subscription'))).toHaveLength(2);
  });

  it('logs the end with the events delivered so far when the client leaves early (SSE)', async () => {
    const jobId = await jobWithEvents(2, { completed: false });
    const client = makeSseClient(http.url, { 'x-user-id': 'alice' });
    clients.push(client);
    const events = record<{ sequence: number }>(client, 'jobEvents', EVENTS, { jobId });
    await events.waitFor((items) => items.length === 2, 'both events');
    await logLine((l) => l.msg === 'subscription started', 'subscription started');
    expect(lines.filter((l) => l.msg === 'subscription ended')).toEqual([]);
    events.stop();
    const ended = await logLine((l) => l.msg === 'subscription ended', 'subscription ended');
    expect(ended).toEqual(
      expect.objectContaining({ level: INFO, operationName: 'Events', user: 'alice', events: 2, outcome: 'ok' }),
    );
  });

  it('logs a refused subscription once, with its code, and no end', async () => {
    const client = makeWsClient(http.url, { 'x-user-id': 'bob' });
    clients.push(client);
    const jobId = await jobWithEvents(1, { completed: true });
    const events = record<{ sequence: number }>(client, 'jobEvents', EVENTS, { jobId });
    await events.finished.catch(() => undefined);
    const refused = await logLine((l) => l.msg === 'subscription refused', 'subscription refused');
    expect(refused).toEqual(expect.objectContaining({ level: INFO, user: 'bob', outcome: 'NOT_FOUND' }));
    expect(lines.filter((l) => l.msg === 'subscription ended')).toEqual([]);
  });
});

describe('the subscription log of a failing stream', () => {
  it('logs the end, with the events delivered and a masked outcome, when the stream fails', async () => {
    // Event 2 is missing: the stream delivers 1, waits out the hole (5 s) and fails.
    const job = await insertJob(db.prisma, { userId: 'alice', status: 'RUNNING', lastSequence: 3 });
    await db.prisma.jobEvent.createMany({
      data: [1, 3].map((sequence) => ({
        jobId: job.jobId,
        sequence,
        eventType: 'PROGRESS' as const,
        status: 'RUNNING' as const,
        progressPercent: 10,
      })),
    });
    const client = makeWsClient(http.url, { 'x-user-id': 'alice' });
    clients.push(client);
    const events = record<{ sequence: number }>(client, 'jobEvents', EVENTS, { jobId: job.jobId });
    const ended = await logLine((l) => l.msg === 'subscription ended', 'subscription ended', 15_000);
    expect(ended).toEqual(expect.objectContaining({ operationName: 'Events', events: 1, outcome: 'masked' }));
    expect(events.items).toEqual([{ sequence: 1 }]);
    expect(lines.filter((l) => l.msg === 'subscription ended')).toHaveLength(1);
  });
});
