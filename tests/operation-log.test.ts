// Request logs: one `info` line per operation (request id, name, type, user, duration, outcome), a user's typed
// error at `info` and not at `error`, the request id in the x-request-id response header and in the line.
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../schema/app';
import { outcomeOf } from '../schema/plugins/use-operation-log';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { gql, makeTestApp } from './helpers/graphql';
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
let app: App;
let lines: LogLine[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // The real logger (pino), writing into an array instead of stdout.
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  app = makeTestApp({ ...makeTestServices(db), logger });
});

beforeEach(() => {
  lines = [];
});

afterAll(async () => {
  await db?.drop();
});

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
