// GraphQL over HTTP status codes of request errors (a document that does not parse, does not validate or whose
// variables cannot be coerced): 200 for a client that accepts only application/json (the spec's rule for that media
// type), 400 for application/graphql-response+json and for a client that accepts anything. Nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../schema/app';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { makeTestApp, rowCounts } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

let db: TestDatabase;
let app: App;

beforeAll(async () => {
  db = await createTestDatabase();
  app = makeTestApp(makeTestServices(db));
});

afterAll(async () => {
  await db?.drop();
});

const CREATE = 'mutation($input: CreateSkillJobInput!) { createSkillJob(input: $input) { __typename } }';
const REQUEST_ERRORS: Array<{ label: string; query: string; variables?: Record<string, unknown>; code: string }> = [
  { label: 'a document that does not parse', query: '{ jobs(first: ', code: 'GRAPHQL_PARSE_FAILED' },
  { label: 'an unknown field', query: '{ noSuchField }', code: 'GRAPHQL_VALIDATION_FAILED' },
  {
    label: 'too many aliases (a limit)',
    query: `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
    code: 'TOO_MANY_ALIASES',
  },
  {
    label: 'variables that cannot be coerced',
    query: CREATE,
    variables: { input: { taskDescription: 42, hitl: 'yes' } },
    code: 'BAD_USER_INPUT',
  },
  { label: 'a missing required variable', query: CREATE, code: 'BAD_USER_INPUT' },
];

async function send(accept: string | null, query: string, variables?: Record<string, unknown>) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-user-id': 'alice' };
  if (accept !== null) headers.accept = accept;
  const response = await app.fetch(
    new Request('http://test.local/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) }),
  );
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
  return { status: response.status, type: response.headers.get('content-type'), body };
}

describe('the status of a request error', () => {
  it.each(REQUEST_ERRORS)('$label: 200 for Accept: application/json', async ({ query, variables, code }) => {
    const before = await rowCounts(db.prisma);
    const sent = await send('application/json', query, variables);
    expect(sent.status).toBe(200);
    expect(sent.type).toContain('application/json');
    expect(sent.body.data).toBeUndefined();
    expect(sent.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(await rowCounts(db.prisma)).toEqual(before);
  });

  it.each(REQUEST_ERRORS)('$label: 400 for application/graphql-response+json', async ({ query, variables, code }) => {
    const sent = await send('application/graphql-response+json', query, variables);
    expect(sent.status).toBe(400);
    expect(sent.type).toContain('application/graphql-response+json');
    expect(sent.body.errors?.[0]?.extensions?.code).toBe(code);
  });

  it.each(REQUEST_ERRORS)('$label: 400 for a client that accepts anything', async ({ query, variables }) => {
    expect((await send('*/*', query, variables)).status).toBe(400);
    expect((await send(null, query, variables)).status).toBe(400);
  });

  it('keeps 200 for results with data, a typed error included, whatever the client accepts', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const ok = await send(accept, '{ viewer { userId } }');
      expect([ok.status, ok.body.data]).toEqual([200, { viewer: { userId: 'alice' } }]);
      const typed = await send(accept, '{ stuckJobs(olderThanMinutes: 0) { id } }');
      expect(typed.status).toBe(200);
      expect(typed.body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    }
  });
});
