// Each request limit answers with its own code and a message that says what was measured against which limit,
// not graphql-armor's "Syntax Error: ..." (the document is well-formed; it is too big).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../schema/app';
import { LIMITS } from '../schema/limits';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { gql, makeTestApp } from './helpers/graphql';
import { makeTestServices } from './helpers/services';

let db: TestDatabase;
let app: App;

beforeAll(async () => {
  db = await createTestDatabase();
  app = makeTestApp(makeTestServices(db), { introspection: true });
});

afterAll(async () => {
  await db?.drop();
});

/** A document `levels` deep as armor counts it: job { events { job { ... __typename } } }. */
function nested(levels: number): string {
  const inner = Array.from({ length: levels - 2 }, (_, i) => (i % 2 === 0 ? 'events' : 'job'));
  const selection = inner.reduceRight((nestedSelection, field) => `${field} { ${nestedSelection} }`, '__typename');
  return `query($id: ID!) { job(id: $id) { ${selection} } }`;
}

const JOB = { id: '00000000-0000-0000-0000-000000000001' };

describe('request limits answer with their own codes and messages', () => {
  it('depth: QUERY_TOO_DEEP, "Query depth 12 exceeds the limit of 10"', async () => {
    const response = await gql(app, nested(12), JOB);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: `Query depth 12 exceeds the limit of ${LIMITS.maxDepth}`,
        extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP', limit: LIMITS.maxDepth, found: 12 }),
      }),
    ]);
  });

  it('a document at the depth limit is not refused', async () => {
    const response = await gql(app, nested(LIMITS.maxDepth), JOB);
    expect(response.body.errors ?? []).toEqual([]);
  });

  it('aliases: TOO_MANY_ALIASES', async () => {
    const response = await gql(app, `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]).toMatchObject({
      message: `Alias count 21 exceeds the limit of ${LIMITS.maxAliases}`,
      extensions: { code: 'TOO_MANY_ALIASES', limit: LIMITS.maxAliases, found: 21 },
    });
  });

  it('directives: TOO_MANY_DIRECTIVES', async () => {
    const response = await gql(app, `{ __typename ${'@include(if: true) '.repeat(LIMITS.maxDirectives + 1)} }`);
    expect(response.status).toBe(400);
    const error = response.body.errors?.find((e) => e.extensions?.code === 'TOO_MANY_DIRECTIVES');
    expect(error?.message).toBe(`Directive count 21 exceeds the limit of ${LIMITS.maxDirectives}`);
  });

  it('tokens: TOO_MANY_TOKENS, without "Syntax Error"', async () => {
    const response = await gql(app, `{ __typename ${'__typename '.repeat(LIMITS.maxTokens)} }`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: `Token count exceeds the limit of ${LIMITS.maxTokens}`,
        extensions: expect.objectContaining({ code: 'TOO_MANY_TOKENS', limit: LIMITS.maxTokens }),
      }),
    ]);
  });

  it('cost: QUERY_TOO_COSTLY with the measured cost', async () => {
    // Each fragment spreads the next ten times: 10^5 fields in a short, shallow document.
    const chain = Array.from({ length: 5 }, (_, i) => `fragment F${i} on Viewer { ${`...F${i + 1} `.repeat(10)}}`);
    const query = `{ viewer { ...F0 } } ${chain.join(' ')} fragment F5 on Viewer { userId }`;
    const response = await gql(app, query);
    expect(response.status).toBe(400);
    const error = response.body.errors?.find((e) => e.extensions?.code === 'QUERY_TOO_COSTLY');
    expect(error?.message).toMatch(new RegExp(`^Query cost \\d+ exceeds the limit of ${LIMITS.maxCost}$`));
    expect(Number(error?.extensions?.found)).toBeGreaterThan(LIMITS.maxCost);
  });

  it('no limit error says "Syntax Error"', async () => {
    const response = await gql(app, nested(20), JOB);
    expect(response.body.errors?.map((e) => e.message).join(' ')).not.toContain('Syntax Error');
  });
});
