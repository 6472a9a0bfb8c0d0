// A battery of hostile HTTP requests against a listening API with introspection off (as in production), while a
// prober asks GET /health and `{ __typename }` every 50 ms: each hostile request is refused cleanly (a 4xx), no
// answer gives the schema or the internals away, the prober never fails, and nothing is left behind (no open
// sockets, no doorbells, no database change). WebSocket protocol violations: hostile-websocket.test.ts.
// tests/api-limits.test.ts checks each limit's exact message through yoga's fetch; this suite goes through real
// sockets, adds what it lacks (fragment cycles and bombs, malformed bodies, every suggestion) and watches the
// server's health throughout.
import { describe, expect, it } from 'vitest';
import { waitUntil } from './waits';
import {
  api,
  expectRefused,
  gqlBody,
  hostile,
  send,
  watchersBefore,
  expectBatteryLeftNothingBehind,
  useHostileBattery,
} from './hostile-battery';

useHostileBattery();

describe('hostile HTTP requests', () => {
  it('documents too deep, too wide, too many directives, cyclic and exploding fragments', async () => {
    await hostile('500 levels of nesting', async () => {
      let nested = 'jobId';
      for (let i = 0; i < 500; i++) nested = i % 2 ? `job { ${nested} }` : `events { ${nested} }`;
      expectRefused(await send(gqlBody(`{ jobs { edges { node { ${nested} } } } }`)), 'deep', 400);
    });
    await hostile('5000 aliases', async () =>
      expectRefused(
        await send(gqlBody(`{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: __typename`).join(' ')} }`)),
        'aliases',
        400,
      ),
    );
    await hostile('19 aliases of the most expensive field', async () =>
      expectRefused(
        await send(
          gqlBody(
            `{ ${Array.from({ length: 19 }, (_, i) => `a${i}: jobs(first: 100) { edges { node { events { job { events { sequence } } } } } }`).join(' ')} }`,
          ),
        ),
        'cost',
        400,
      ),
    );
    await hostile('2000 directives', async () =>
      expectRefused(await send(gqlBody(`{ __typename ${'@include(if: true) '.repeat(2000)} }`)), 'directives', 400),
    );
    await hostile('a fragment cycle', async () =>
      expectRefused(
        await send(
          gqlBody('query { ...A } fragment A on Query { viewer { userId } ...B } fragment B on Query { ...A }'),
        ),
        'cycle',
        400,
      ),
    );
    await hostile('a self-spreading fragment', async () =>
      expectRefused(await send(gqlBody('query { ...A } fragment A on Query { ...A }')), 'self', 400),
    );
    await hostile('a fragment bomb (2^40 fields, no cycle)', async () => {
      let fragments = 'fragment F0 on Query { __typename viewer { userId } }\n';
      for (let i = 1; i <= 40; i++) fragments += `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }\n`;
      expectRefused(await send(gqlBody(`query { ...F40 }\n${fragments}`)), 'bomb', 400);
    });
    await hostile('a bomb of nested fields through fragments on Job', async () => {
      let fragments = 'fragment J0 on Job { jobId events { sequence } }\n';
      for (let i = 1; i <= 25; i++)
        fragments += `fragment J${i} on Job { ...J${i - 1} events { job { ...J${i - 1} } } }\n`;
      expectRefused(await send(gqlBody(`query { jobs { edges { node { ...J25 } } } }\n${fragments}`)), 'job bomb', 400);
    });
  });

  it('bodies that are too large, batched, malformed or of the wrong kind', async () => {
    await hostile('1 MB and 10 MB bodies', async () => {
      expectRefused(await send(gqlBody(`{ __typename } # ${'x'.repeat(1 << 20)}`)), '1 MB', 413);
      expectRefused(await send(gqlBody(`{ __typename } # ${'x'.repeat(10 << 20)}`)), '10 MB', 413);
    });
    await hostile('a batch of 100 operations', async () =>
      expectRefused(
        await send(JSON.stringify(Array.from({ length: 100 }, () => ({ query: '{ __typename }' })))),
        'batch',
        400,
      ),
    );
    const malformed: Array<[string, string | Uint8Array]> = [
      ['not JSON', '{"query": "{ __typename }"'],
      ['JSON null', 'null'],
      ['a JSON string', '"{ __typename }"'],
      ['a JSON number', '42'],
      ['an empty body', ''],
      ['query is a number', '{"query": 42}'],
      ['query is an object', '{"query": {"a": 1}}'],
      ['variables are a string', '{"query": "query($a: Int) { __typename }", "variables": "a=1"}'],
      ['extensions are an array', '{"query": "{ __typename }", "extensions": [1]}'],
      ['a NUL in the document', gqlBody('{ __typename \u0000 }')],
      ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ['a syntax error', gqlBody('{ __typename')],
      ['an unknown operation name', JSON.stringify({ query: 'query A { __typename }', operationName: 'B' })],
      ['two operations and no name', gqlBody('query A { __typename } query B { __typename }')],
      ['an integer literal beyond Int', gqlBody('{ jobs(first: 99999999999999999999) { totalCount } }')],
      ['a variable of the wrong type', gqlBody('query($n: Int) { jobs(first: $n) { totalCount } }', { n: 'many' })],
      [
        '100,000 levels of nested arrays in the variables',
        `{"query":"query($x: [Int]) { __typename }","variables":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
      ],
    ];
    for (const [label, body] of malformed) await hostile(label, async () => expectRefused(await send(body), label));
    await hostile('subscriptions asked for as one JSON answer (over POST and GET)', async () => {
      // 406 Not Acceptable, with no body; the stream the server had started is ended (see "after the battery").
      const subscription = 'subscription { hitlPromptPending { id } }';
      for (let i = 0; i < 20; i++) {
        const sent = await send(gqlBody(subscription), {
          'content-type': 'application/json',
          accept: i % 2 ? 'application/json' : 'text/html',
        });
        expect(sent.status).toBe(406);
      }
      const viaGet = await send(
        '',
        { accept: 'application/graphql-response+json' },
        'GET',
        `/graphql?query=${encodeURIComponent(subscription)}`,
      );
      expect(viaGet.status).toBe(406);
      await waitUntil(
        () => api.hub.status().watchers === watchersBefore,
        'the refused subscriptions to release their doorbells',
        10_000,
        20,
      );
    });
    await hostile('a text/plain POST without a preflight header (CSRF)', async () => {
      // Without x-user-id: in dev mode that header counts as a preflighted (non-browser) request.
      const started = Date.now();
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: gqlBody('{ __typename }'),
      });
      expectRefused(
        { status: response.status, text: await response.text(), ms: Date.now() - started },
        'text/plain',
        403,
      );
    });
    await hostile('a mutation over GET', async () =>
      expectRefused(
        await send(
          '',
          {},
          'GET',
          `/graphql?query=${encodeURIComponent('mutation { cancelJob(input: { jobId: "x" }) { __typename } }')}`,
        ),
        'GET mutation',
        405,
      ),
    );
    await hostile('PUT and DELETE', async () => {
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const sent = await send(gqlBody('{ __typename }'), { 'content-type': 'application/json' }, method);
        expect(sent.status, method).toBeGreaterThanOrEqual(400);
        expect(sent.status, method).toBeLessThan(500);
      }
    });
  });

  it('introspection and schema probing with introspection off: refused, and no suggestion names anything', async () => {
    const probesOfSchema = [
      '{ __schema { types { name } } }',
      '{ __type(name: "Job") { fields { name } } }',
      '{ a: __schema { queryType { name } } }',
      'query { ...F } fragment F on Query { __schema { types { name } } }',
      '{ jobs { edges { node { __type(name: "Job") { name } } } } }',
      '{ viewer { userld } }',
      '{ jobz { totalCount } }',
      '{ jobs(frist: 1) { totalCount } }',
      '{ job(id: "x") { ... on Jobb { jobId } } }',
      'query($f: JobFiltr) { jobs(filter: $f) { totalCount } }',
      '{ jobs(filter: { stauts: [PENDING] }) { totalCount } }',
      '{ jobs(filter: { status: [PENDNG] }) { totalCount } }',
      'mutation { respondToHitl(input: { interactionId: "1", action: PROCEDE }) { __typename } }',
      'mutation { cancelJob(input: { jobid: "1" }) { __typename } }',
    ];
    for (const query of probesOfSchema) {
      await hostile(`probe ${query.slice(0, 40)}`, async () => expectRefused(await send(gqlBody(query)), query, 400));
    }
    // Variables are coerced at execution: their errors must not suggest either.
    const variableProbes: Array<[string, unknown]> = [
      [
        'mutation($input: CreateSkillJobInput!) { createSkillJob(input: $input) { __typename } }',
        { input: { taskDescriptio: 'a skill for probing schemas' } },
      ],
      ['query($f: JobFilter) { jobs(filter: $f) { totalCount } }', { f: { status: ['PENDNG'] } }],
      ['query($f: JobFilter) { jobs(filter: $f) { totalCount } }', { f: { stauts: ['PENDING'] } }],
      [
        'mutation($input: RespondToHitlInput!) { respondToHitl(input: $input) { __typename } }',
        { input: { interactionId: '1', action: 'PROCEDE' } },
      ],
    ];
    for (const [query, variables] of variableProbes) {
      await hostile(`variables ${JSON.stringify(variables).slice(0, 40)}`, async () =>
        expectRefused(await send(gqlBody(query, variables)), JSON.stringify(variables), 400),
      );
    }
  });
});

describe('after the battery', () => {
  it('the prober never failed, nothing is left open, nothing changed, the invariants hold', () =>
    expectBatteryLeftNothingBehind());
});
