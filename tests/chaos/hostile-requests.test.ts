// A battery of hostile requests against a listening API with introspection off (as in production), while a prober
// asks GET /health and `{ __typename }` every 50 ms: each hostile request is refused cleanly (a 4xx, or a WebSocket
// close code of the protocol), no answer gives the schema or the internals away, the prober never fails, and
// nothing is left behind (no open sockets, no doorbells, no database change).
// tests/api-limits.test.ts checks each limit's exact message through yoga's fetch; this suite goes through real
// sockets, adds what it lacks (fragment cycles and bombs, malformed bodies, every suggestion, WebSocket protocol
// violations, subscription floods) and watches the server's health throughout.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../resolvers/services';
import { closeOf, nextMessage, openRawSocket, wsUrl } from '../helpers/clients';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeTestServices } from '../helpers/services';
import { report } from './config';
import { expectInvariantsHold, fingerprint, percentile } from './evidence';
import { startInProcessApi, type InProcessApi } from './in-process-api';
import { waitUntil } from './waits';

const SUITE = 'hostile-requests';
const LEAK = /Did you mean|prisma|node_modules|\.[jt]s:\d+|\bat [\w$.<>]+ \(|postgres|Unexpected error/i;

let db: TestDatabase;
let services: Services;
let api: InProcessApi;
let before: Record<string, string>;
let watchersBefore: number;
const probes = { ok: 0, failed: [] as string[], latencies: [] as number[] };
let stopProber: (() => Promise<void>) | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db);
  api = await startInProcessApi(db.url, services, { introspection: false });
  before = await fingerprint(db.prisma);
  watchersBefore = api.hub.status().watchers;
  // The prober: a health check and a trivial query, back to back, for the whole battery.
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const started = Date.now();
      try {
        const response =
          i % 2 === 0
            ? await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(5_000) })
            : await fetch(`${api.url}/graphql`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: '{"query":"{ __typename }"}',
                signal: AbortSignal.timeout(5_000),
              });
        const body = await response.text();
        if (response.status !== 200 || !/ok|Query/.test(body))
          probes.failed.push(`${response.status} ${body.slice(0, 100)}`);
        else probes.ok++;
      } catch (error) {
        probes.failed.push(error instanceof Error ? error.message : String(error));
      }
      probes.latencies.push(Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  stopProber = async () => {
    running = false;
    await loop;
  };
});

afterAll(async () => {
  await stopProber?.();
  await api?.close();
  await db?.drop();
});

interface Sent {
  status: number;
  text: string;
  ms: number;
}

async function send(
  body: string | Uint8Array,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  method = 'POST',
  path = '/graphql',
): Promise<Sent> {
  const started = Date.now();
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'x-user-id': 'mallory', ...headers },
    body: method === 'GET' ? undefined : (body as BodyInit),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, text: await response.text(), ms: Date.now() - started };
}

const gqlBody = (query: string, variables?: unknown) => JSON.stringify({ query, variables });

/** Refused with a 4xx and a JSON GraphQL error that gives nothing away, in reasonable time. */
function expectRefused(sent: Sent, label: string, status?: number | number[]) {
  if (status !== undefined)
    expect([status].flat(), `${label}: ${sent.status} ${sent.text.slice(0, 300)}`).toContain(sent.status);
  expect(sent.status, `${label}: ${sent.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(sent.status, label).toBeLessThan(500);
  expect(sent.text, label).toMatch(/"errors"/);
  expect(sent.text.slice(0, 5_000), label).not.toMatch(LEAK);
  expect(sent.ms, `${label} took ${sent.ms} ms`).toBeLessThan(10_000);
}

const battery: Array<[string, number]> = [];
async function hostile(label: string, run: () => Promise<void>): Promise<void> {
  const started = Date.now();
  if (process.env.CHAOS_DEBUG) console.info(`hostile: ${label}`);
  await run();
  battery.push([label, Date.now() - started]);
}

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

describe('WebSocket protocol violations', () => {
  const init = JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': 'mallory' } });

  async function violation(
    label: string,
    expectedCode: number,
    act: (socket: WebSocket) => Promise<void> | void,
  ): Promise<void> {
    await hostile(`ws: ${label}`, async () => {
      const socket = await openRawSocket(api.url);
      const closed = closeOf(socket, 10_000);
      await act(socket);
      expect((await closed).code, label).toBe(expectedCode);
    });
  }

  async function acked(socket: WebSocket): Promise<void> {
    socket.send(init);
    expect((await nextMessage(socket)).type).toBe('connection_ack');
  }

  it('each is closed with its close code, and only that socket', async () => {
    await violation('no connection_init', 4408, () => undefined);
    await violation('a second connection_init', 4429, async (socket) => {
      await acked(socket);
      socket.send(init);
    });
    await violation('subscribe before the ack', 4401, (socket) =>
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } })),
    );
    await violation('two subscriptions with one id', 4409, async (socket) => {
      await acked(socket);
      const subscribe = JSON.stringify({
        id: 'same',
        type: 'subscribe',
        payload: { query: 'subscription { hitlPromptPending { id } }' },
      });
      socket.send(subscribe);
      socket.send(subscribe);
    });
    for (const [label, frame] of [
      ['text that is not JSON', 'not json at all'],
      ['an empty object', '{}'],
      ['a JSON array', '[1,2,3]'],
      ['JSON null', 'null'],
      ['a connection_init whose payload is a string', '{"type":"connection_init","payload":"x"}'],
    ] as const) {
      await violation(label, 4400, (socket) => socket.send(frame));
    }
    await violation('a binary frame', 4400, (socket) => socket.send(Buffer.from([0xff, 0x00, 0x12])));
    await violation('an unknown message type', 4400, async (socket) => {
      await acked(socket);
      socket.send('{"type":"what"}');
    });
    await violation('a subscribe without a payload', 4400, async (socket) => {
      await acked(socket);
      socket.send('{"type":"subscribe","id":"1"}');
    });
    await violation('a frame above the size limit', 1009, async (socket) => {
      await acked(socket);
      socket.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: `# ${'x'.repeat(200 * 1024)}\n{ __typename }` },
        }),
      );
    });
    await hostile('ws: a subprotocol the server does not speak', async () => {
      for (const protocol of ['graphql-ws', 'foo']) {
        const refused = await new Promise<string>((resolve) => {
          const socket = new WebSocket(wsUrl(api.url), protocol);
          socket.once('error', (error) => resolve(error.message));
          socket.once('close', (code) => resolve(`closed ${code}`));
          socket.once('open', () => socket.once('close', (code) => resolve(`closed ${code}`)));
        });
        expect(refused, protocol).toMatch(/no subprotocol|closed (4406|1002)/);
      }
    });
  });

  it('floods on one connection: pings, 200 subscriptions to unknown jobs, 200 live ones; closing frees every doorbell', async () => {
    await hostile('ws: 1000 pings', async () => {
      const socket = await openRawSocket(api.url);
      await acked(socket);
      let pongs = 0;
      socket.on('message', (data) => {
        if ((JSON.parse(data.toString()) as { type: string }).type === 'pong') pongs++;
      });
      for (let i = 0; i < 1000; i++) socket.send('{"type":"ping"}');
      await waitUntil(() => pongs === 1000, '1000 pongs', 20_000, 20);
      socket.close();
    });
    await hostile('ws: 200 subscriptions to jobs that do not exist', async () => {
      const socket = await openRawSocket(api.url);
      await acked(socket);
      let errors = 0;
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as {
          type: string;
          payload?: Array<{ extensions?: { code?: string } }>;
        };
        if (message.type === 'error' || (message.type === 'next' && message.payload)) errors++;
      });
      for (let i = 0; i < 200; i++) {
        socket.send(
          JSON.stringify({
            id: `s${i}`,
            type: 'subscribe',
            payload: {
              query: 'subscription($id: ID!) { jobEvents(jobId: $id) { sequence } }',
              variables: { id: crypto.randomUUID() },
            },
          }),
        );
      }
      await waitUntil(() => errors >= 200, '200 NOT_FOUND answers', 30_000, 20);
      socket.close();
    });
    await hostile('ws: 200 live subscriptions, then the socket goes away', async () => {
      const socket = await openRawSocket(api.url);
      await acked(socket);
      for (let i = 0; i < 200; i++)
        socket.send(
          JSON.stringify({
            id: `p${i}`,
            type: 'subscribe',
            payload: { query: 'subscription { hitlPromptPending { id } }' },
          }),
        );
      await waitUntil(() => api.hub.status().watchers >= watchersBefore + 200, '200 doorbells', 30_000, 20);
      socket.terminate(); // no complete messages: the server must notice on its own
    });
    await waitUntil(() => api.hub.status().watchers === watchersBefore, 'every doorbell to close', 30_000, 20);
  });
});

describe('after the battery', () => {
  it('the prober never failed, nothing is left open, nothing changed, the invariants hold', async () => {
    await stopProber?.();
    stopProber = undefined;
    await waitUntil(() => api.http.websocket.clients.size === 0, 'no WebSocket left open', 10_000, 20);
    expect(api.hub.status().watchers).toBe(watchersBefore);
    expect(await fingerprint(db.prisma)).toEqual(before);
    const slowest = [...battery]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([label, ms]) => `${label} ${ms} ms`);
    report(
      SUITE,
      `${battery.length} hostile requests refused cleanly (slowest: ${slowest.join(', ')}); health prober: ${probes.ok} answers, ` +
        `${probes.failed.length} failures, latency p50 ${percentile(probes.latencies, 50)} ms, p99 ${percentile(probes.latencies, 99)} ms, max ${Math.max(...probes.latencies)} ms`,
    );
    expect(probes.failed).toEqual([]);
    expect(probes.ok).toBeGreaterThan(10);
    await expectInvariantsHold(db.prisma, SUITE);
  });
});
