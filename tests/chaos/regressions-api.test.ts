// Bugs the chaos suites found in the API (query arguments, subscriptions over HTTP, schema probing), each pinned by
// a small deterministic test. Bugs found in the workers: regressions.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeTestServices } from '../helpers/services';
import { waitUntil } from './waits';
import { stopWhenTestEnds } from '../helpers/cleanup';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('query arguments that reached PostgreSQL as they were (found by abuse-input.test.ts)', () => {
  // Each was a masked "Unexpected error." (and an error in the log) instead of an answer.
  it('skill(name:) with a NUL character is null; an admin filtering jobs by such a user gets none', async () => {
    const { makeTestApp, gql } = await import('../helpers/graphql');
    const app = makeTestApp(makeTestServices(db));
    const skill = await gql(
      app,
      'query($n: String!) { skill(name: $n) { name } }',
      { n: 'abc\u0000def' },
      { user: 'bob' },
    );
    expect(skill.body).toEqual({ data: { skill: null } });
    const jobs = await gql(
      app,
      'query($u: String) { jobs(filter: { userId: $u }) { totalCount edges { node { jobId } } } }',
      { u: 'a\u0000b' },
      { user: 'admin' },
    );
    expect(jobs.body).toEqual({ data: { jobs: { totalCount: 0, edges: [] } } });
  });

  it('jobs(after:/before:) with a cursor of the right framing but made-up values is VALIDATION_FAILED', async () => {
    const { makeTestApp, gql } = await import('../helpers/graphql');
    const app = makeTestApp(makeTestServices(db));
    const craft = (chunks: unknown[]) => Buffer.from(`GPC:T:${JSON.stringify(chunks)}`).toString('base64');
    const nil = 'S:00000000-0000-0000-0000-000000000000';
    for (const chunks of [
      ['D:123', 'S:not-a-uuid'],
      ['D:abc', nil],
      ['N:5', 'N:7'],
      [null, null],
      ['D:8640000000000001', nil],
      ['D:-8639000000000000', nil],
      ['O:{"a":1}', 'O:[1]'],
    ]) {
      for (const [args, field] of [
        ['first: 5, after: $c', 'after'],
        ['last: 5, before: $c', 'before'],
      ] as const) {
        const response = await gql(
          app,
          `query($c: String) { jobs(${args}) { edges { node { jobId } } } }`,
          { c: craft(chunks) },
          { user: 'admin' },
        );
        expect(response.body.errors?.[0], JSON.stringify(chunks)).toMatchObject({
          message: 'is not a cursor of this list',
          extensions: { code: 'VALIDATION_FAILED', field },
        });
      }
    }
    // A well-formed cursor of a row that does not exist is an empty page, as before.
    const fine = await gql(
      app,
      'query($c: String) { jobs(first: 5, after: $c) { edges { node { jobId } } } }',
      { c: craft(['D:123', nil]) },
      { user: 'admin' },
    );
    expect(fine.body.errors).toBeUndefined();
  });
});

describe('a subscription over HTTP that cannot be streamed (found by hostile-requests.test.ts)', () => {
  it('is ended when yoga answers 406: its doorbell does not stay open', async () => {
    const { startInProcessApi } = await import('./in-process-api');
    const api = await startInProcessApi(db.url, makeTestServices(db));
    stopWhenTestEnds(() => api.close());
    const before = api.hub.status().watchers;
    for (const accept of ['application/json', 'application/graphql-response+json', 'text/html']) {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, 'x-user-id': 'carol' },
        body: JSON.stringify({ query: 'subscription { hitlPromptPending { id } }' }),
      });
      expect(response.status).toBe(406);
      await response.text();
    }
    // Before the fix each request left a doorbell (and a suspended generator) behind for good.
    await waitUntil(
      () => api.hub.status().watchers === before,
      'the doorbells of the refused subscriptions to close',
      10_000,
      20,
    );
  });
});

describe('schema probing with introspection off (found by hostile-requests.test.ts)', () => {
  it('enum values and input fields are not suggested, in validation errors nor in variable errors', async () => {
    const { makeTestApp, gql } = await import('../helpers/graphql');
    const app = makeTestApp(makeTestServices(db), { introspection: false });
    const probes: Array<[string, Record<string, unknown> | undefined]> = [
      ['{ jobs(filter: { status: [PENDNG] }) { totalCount } }', undefined],
      ['query($f: JobFilter) { jobs(filter: $f) { totalCount } }', { f: { status: ['PENDNG'] } }],
      [
        'mutation($input: CreateSkillJobInput!) { createSkillJob(input: $input) { __typename } }',
        { input: { taskDescriptio: 'a skill for probing schemas' } },
      ],
    ];
    for (const [query, variables] of probes) {
      const response = await gql(app, query, variables, { user: 'carol' });
      expect(response.status).toBe(400);
      expect(response.text).not.toMatch(/Did you mean|"PENDING"|"taskDescription"\?/);
      expect(response.text).toContain('[Suggestion hidden]');
    }
    // With introspection on, suggestions stay (they help developers).
    const open = makeTestApp(makeTestServices(db), { introspection: true });
    expect((await gql(open, probes[0]![0], undefined, { user: 'carol' })).body.errors?.[0]?.message).toMatch(
      /Did you mean the enum value "PENDING"/,
    );
  });
});

describe('DateTime arguments PostgreSQL cannot hold (found by abuse-input.test.ts)', () => {
  it('a date outside the years 1..9999 is refused as invalid input, not an unexpected error', async () => {
    const { makeTestApp, gql } = await import('../helpers/graphql');
    const app = makeTestApp(makeTestServices(db));
    for (const date of ['-056101-05-23T08:42:42.495Z', '+275000-01-01T00:00:00.000Z', '-000001-12-31T23:59:59.999Z']) {
      const response = await gql(
        app,
        'query($d: DateTime) { jobs(filter: { createdAfter: $d }) { totalCount } }',
        { d: date },
        { user: 'carol' },
      );
      expect(response.status, date).toBe(400);
      expect(response.body.errors?.[0]?.message, date).toMatch(/DateTime must be between the years 1 and 9999/);
      const literal = await gql(app, `{ jobs(filter: { createdBefore: "${date}" }) { totalCount } }`, undefined, {
        user: 'carol',
      });
      expect(literal.status, date).toBe(400);
    }
    const fine = await gql(
      app,
      '{ jobs(filter: { createdAfter: "0001-01-01T00:00:00.000Z", createdBefore: "9999-12-31T23:59:59.999Z" }) { totalCount } }',
      undefined,
      { user: 'carol' },
    );
    expect(fine.body.errors).toBeUndefined();
  });
});
