// Abusive and cross-site requests get a GraphQL error with a 4xx status, and the server keeps serving; the useful
// queries of the contract (a jobs page of 50 with prompts and events, the GraphiQL examples) stay within the limits.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, validate, specifiedRules, type DocumentNode } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../resolvers/services';
import type { App } from '../schema/app';
import { EXAMPLE_OPERATIONS } from '../schema/graphiql-examples';
import { LIMITS } from '../schema/limits';
import { schema } from '../schema/index';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { fetchJson, gql, insertPausedJob, makeTestApp } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

let db: TestDatabase;
let services: Services;
let open: App;
let closed: App;

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db);
  open = makeTestApp(services, { introspection: true });
  closed = makeTestApp(services, { introspection: false });
  for (let i = 0; i < 3; i++) await insertPausedJob(db.prisma, 'alice', i % 2 ? 'review' : 'questions');
});

afterAll(async () => {
  await db?.drop();
});

const RICH_JOBS_PAGE = (first: number) => `query Rich {
  jobs(first: ${first}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id jobId status jobType userId taskDescription taskDescriptionRefined currentPhase progressPercent progressMessage
      result error draftPath finalPath promoted validationPassed validationScore createdAt startedAt completedAt updatedAt
      pendingInteraction { id interactionId interactionType status timeoutAt }
      hitlInteractions { id interactionId interactionType roundNumber status createdAt respondedAt timeoutAt responseData
        prompt { __typename
          ... on QuestionsPrompt { rationale questions { id text questionType allowsOther required options { id label description } } }
          ... on ReviewPrompt { title summary content highlights allowedActions }
        }
      }
      deepUnderstanding { readinessScore complete understandingSummary userProblem userGoals }
      tddWorkflow { phase baselineTestsRun complianceTestsRun rationalizationsIdentified }
      skill { id name version status }
      events { sequence type status phase progressPercent message createdAt }
    } }
  }
}`;

function measure(document: DocumentNode): { cost: number; depth: number } {
  let cost = -1;
  let depth = -1;
  const errors = validate(schema, document, [
    ...specifiedRules,
    costLimitRule({
      maxCost: Number.MAX_SAFE_INTEGER,
      flattenFragments: true,
      onAccept: [(_ctx, details: { n: number }) => void (cost = details.n)],
    }),
    maxDepthRule({
      n: 1000,
      flattenFragments: true,
      onAccept: [(_ctx, details: { n: number }) => void (depth = details.n)],
    }),
  ]);
  expect(errors).toEqual([]);
  return { cost, depth };
}

/** The server still answers a plain query. */
async function stillServing(app: App) {
  const response = await gql<{ __typename: string }>(app, '{ __typename }');
  expect(response.status).toBe(200);
  expect(response.body.data?.__typename).toBe('Query');
}

function post(app: App, body: string, headers: Record<string, string> = {}) {
  return fetchJson(
    app,
    new Request('http://test.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    }),
  );
}

describe('useful queries fit the limits', () => {
  it('a jobs page of 50 with prompts, events and state passes (and its cost and depth are what LIMITS documents)', async () => {
    const { cost, depth } = measure(parse(RICH_JOBS_PAGE(50)));
    expect(cost).toBeGreaterThan(20_000);
    expect(cost).toBeLessThan(LIMITS.maxCost);
    expect(depth).toBe(8);
    expect(depth).toBeLessThanOrEqual(LIMITS.maxDepth);
    const response = await gql<{ jobs: { totalCount: number; edges: unknown[] } }>(
      open,
      RICH_JOBS_PAGE(50),
      undefined,
      { user: 'alice' },
    );
    expect(response.status, response.text).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.jobs.edges).toHaveLength(3);
  });

  it('every GraphiQL example operation is valid and within the limits; the page shows them', async () => {
    const document = parse(EXAMPLE_OPERATIONS);
    const names = document.definitions.map((d) => ('name' in d ? d.name?.value : undefined));
    expect(names).toEqual(
      expect.arrayContaining(['Create', 'Jobs', 'Watch', 'Pending', 'Answer', 'Approve', 'Skills']),
    );
    expect(validate(schema, document)).toEqual([]);
    for (const definition of document.definitions) {
      const { cost, depth } = measure({ kind: document.kind, definitions: [definition] } as DocumentNode);
      expect(cost).toBeLessThan(LIMITS.maxCost);
      expect(depth).toBeLessThanOrEqual(LIMITS.maxDepth);
    }
    const page = await open.fetch('http://test.local/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const text of ['createSkillJob', 'jobEvents(jobId:', 'respondToHitl', 'pendingHitlJobs'])
      expect(html).toContain(text);
  });
});

describe('abusive requests get a 4xx GraphQL error and the server keeps serving', () => {
  it(`a document deeper than ${LIMITS.maxDepth} (20 levels)`, async () => {
    let nested = 'id';
    for (let i = 0; i < 19; i++) nested = i % 2 === 0 ? `job { ${nested} }` : `events { ${nested} }`;
    const query = `query($id: ID!) { job(id: $id) { events { ${nested} } } }`;
    const response = await gql(open, query, { id: '00000000-0000-0000-0000-000000000001' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => e.message).join(' ')).toMatch(/Query depth 2\d exceeds the limit of 10/);
    expect(response.body.data ?? null).toBeNull();
    await stillServing(open);
  });

  it(`500 aliases (limit ${LIMITS.maxAliases})`, async () => {
    const response = await gql(open, `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/Alias count 500 exceeds the limit of 20/);
    const viewers = await gql(
      open,
      `{ ${Array.from({ length: 21 }, (_, i) => `v${i}: viewer { userId }`).join(' ')} }`,
    );
    expect(viewers.status).toBe(400);
    const fine = await gql(open, `{ ${Array.from({ length: 20 }, (_, i) => `v${i}: viewer { userId }`).join(' ')} }`);
    expect(fine.status).toBe(200);
    await stillServing(open);
  });

  it(`more than ${LIMITS.maxTokens} tokens in a document under the body limit`, async () => {
    const response = await gql(open, `{ __typename ${'__typename '.repeat(LIMITS.maxTokens)} }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/Token count exceeds the limit of 4000/);
    await stillServing(open);
  });

  it(`more than ${LIMITS.maxDirectives} directives`, async () => {
    const response = await gql(open, `{ __typename ${'@include(if: true) '.repeat(LIMITS.maxDirectives + 1)} }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => e.message).join(' ')).toMatch(
      /Directive count \d+ exceeds the limit of 20/,
    );
    await stillServing(open);
  });

  it(`a query costing more than ${LIMITS.maxCost} (the rich page of 100)`, async () => {
    expect(measure(parse(RICH_JOBS_PAGE(100))).cost).toBeGreaterThan(LIMITS.maxCost);
    const response = await gql(open, RICH_JOBS_PAGE(100), undefined, { user: 'alice' });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/Query cost \d+ exceeds the limit of 50000/);
    await stillServing(open);
  });

  it('a page above the connection maximum is capped at 100', async () => {
    for (let i = 0; i < 101; i++)
      await db.prisma.job.create({ data: { userId: 'many', taskDescription: `a skill about topic ${i}` } });
    const response = await gql<{ jobs: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: unknown[] } }>(
      open,
      `{ jobs(first: 1000) { totalCount pageInfo { hasNextPage } edges { node { id } } } }`,
      undefined,
      { user: 'many' },
    );
    expect(response.body.errors, response.text).toBeUndefined();
    expect(response.body.data?.jobs.edges).toHaveLength(100);
    expect(response.body.data?.jobs.pageInfo.hasNextPage).toBe(true);
    expect(response.body.data?.jobs.totalCount).toBe(101);
  });

  it('a 1 MB document: 413, with or without content-length', async () => {
    const body = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_048_576)}` });
    const streamed = await post(open, body);
    expect(streamed.status).toBe(413);
    expect(streamed.body.errors?.[0]?.message).toMatch(/too large/);
    const declared = await post(open, body, { 'content-length': String(Buffer.byteLength(body)) });
    expect(declared.status).toBe(413);
    await stillServing(open);
  });

  it('a batched (array) body', async () => {
    const response = await post(open, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/[Bb]atching is not supported/);
    await stillServing(open);
  });

  it('a body that is not JSON', async () => {
    const response = await post(open, '{"query": "{ __typename }"');
    expect(response.status).toBe(400);
    await stillServing(open);
  });

  it('a URL longer than the limit', async () => {
    const response = await fetchJson(
      open,
      new Request(
        `http://test.local/graphql?query=${encodeURIComponent(`{ __typename } #${'x'.repeat(LIMITS.maxUrlLength)}`)}`,
        { headers: { 'x-graphql-yoga-csrf': '1' } },
      ),
    );
    expect(response.status).toBe(414);
    await stillServing(open);
  });

  it('introspection when it is disabled (__schema and __type; __typename still works)', async () => {
    for (const query of [
      '{ __schema { types { name } } }',
      '{ __type(name: "Job") { name fields { name } } }',
      'query { a: __schema { queryType { name } } }',
    ]) {
      const response = await gql(closed, query);
      expect(response.status, query).toBe(400);
      expect(response.body.errors?.[0]).toMatchObject({
        message: 'Introspection is disabled on this server.',
        extensions: { code: 'INTROSPECTION_DISABLED' },
      });
      expect(response.body.data ?? null).toBeNull();
    }
    await stillServing(closed);
    const allowed = await gql<{ __schema: { queryType: { name: string } } }>(
      open,
      '{ __schema { queryType { name } } }',
    );
    expect(allowed.body.data?.__schema.queryType.name).toBe('Query');
  });

  it('field suggestions are hidden when introspection is off (and shown when it is on)', async () => {
    const query = '{ viewer { userld } }';
    const hidden = await gql(closed, query);
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors?.[0]?.message).toMatch(/Cannot query field "userld"/);
    expect(hidden.text).not.toMatch(/Did you mean/);
    expect(hidden.text).not.toContain('"userId"');
    const shown = await gql(open, query);
    expect(shown.status).toBe(400);
    expect(shown.body.errors?.[0]?.message).toMatch(/Did you mean "userId"/);
    await stillServing(closed);
  });

  it('a mutation over GET is refused', async () => {
    const response = await fetchJson(
      open,
      new Request(
        `http://test.local/graphql?query=${encodeURIComponent('mutation { cancelJob(input: { jobId: "x" }) { __typename } }')}`,
        {
          headers: { 'x-graphql-yoga-csrf': '1' },
        },
      ),
    );
    expect(response.status).toBe(405);
  });
});

describe('CSRF prevention', () => {
  const url = `http://test.local/graphql?query=${encodeURIComponent('{ __typename }')}`;

  it('refuses a GET without a preflight header, and a "simple" POST (text/plain, form, multipart, no content type)', async () => {
    const get = await fetchJson(open, new Request(url));
    expect(get.status).toBe(403);
    expect(get.body.errors?.[0]?.extensions?.code).toBe('CSRF_PREVENTED');
    for (const contentType of [
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const response = await fetchJson(
        open,
        new Request('http://test.local/graphql', {
          method: 'POST',
          headers: { 'content-type': contentType },
          body: JSON.stringify({ query: '{ __typename }' }),
        }),
      );
      expect(response.status, contentType).toBe(403);
    }
    const bare = await open.fetch(
      new Request('http://test.local/graphql', {
        method: 'POST',
        body: new Blob([JSON.stringify({ query: '{ __typename }' })]),
      }),
    );
    expect(bare.status).toBe(403);
  });

  it('accepts JSON POSTs, GETs with a preflight header (or an authorization / x-user-id header), and serves GraphiQL', async () => {
    await stillServing(open);
    for (const header of ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-user-id']) {
      const response = await fetchJson<{ __typename: string }>(
        open,
        new Request(url, { headers: { [header]: header === 'x-user-id' ? 'alice' : '1' } }),
      );
      expect(response.status, header).toBe(200);
      expect(response.body.data?.__typename).toBe('Query');
    }
    const page = await open.fetch(new Request('http://test.local/graphql', { headers: { accept: 'text/html' } }));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('over a real HTTP server', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer(open);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function send(
    body: Buffer | string,
    chunked: boolean,
  ): Promise<{ status: number; text: string; connection: string | undefined }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': Buffer.byteLength(body) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              connection: response.headers.connection,
            }),
          );
        },
      );
      // The server may answer (and close) before it has read everything.
      request.on('error', (error: NodeJS.ErrnoException) =>
        error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
      );
      if (chunked) {
        const data = Buffer.from(body);
        for (let offset = 0; offset < data.length; offset += 64 * 1024)
          request.write(data.subarray(offset, offset + 64 * 1024));
        request.end();
      } else {
        request.end(body);
      }
    });
  }

  it('answers 413 to a 1 MB body (declared or chunked) and keeps serving', async () => {
    const big = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_048_576)}` });
    const declared = await send(big, false);
    expect(declared.status).toBe(413);
    expect(declared.connection).toBe('close');
    expect(declared.text).toMatch(/too large/);
    const chunked = await send(big, true);
    expect(chunked.status).toBe(413);
    const small = await send(JSON.stringify({ query: '{ __typename }' }), true);
    expect(small.status).toBe(200);
    expect(JSON.parse(small.text)).toEqual({ data: { __typename: 'Query' } });
  });
});
