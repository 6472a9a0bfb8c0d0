// The setup of the hostile-request suites (hostile-requests.test.ts, hostile-websocket.test.ts): a listening API with
// introspection off (as in production) and a prober that asks GET /health and `{ __typename }` every 50 ms while the
// battery runs; how a hostile request is sent and what a clean refusal is; and the last word of each suite.
import { afterAll, beforeAll, expect } from 'vitest';
import type { Services } from '../../resolvers/services';
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
export let api: InProcessApi;
let before: Record<string, string>;
export let watchersBefore: number;
const probes = { ok: 0, failed: [] as string[], latencies: [] as number[] };
let stopProber: (() => Promise<void>) | undefined;

/** Starts the API and the prober before the calling file's tests (the `let` bindings above are live); stops them after. */
export function useHostileBattery(): void {
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
}

interface Sent {
  status: number;
  text: string;
  ms: number;
}

export async function send(
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

export const gqlBody = (query: string, variables?: unknown) => JSON.stringify({ query, variables });

/** Refused with a 4xx and a JSON GraphQL error that gives nothing away, in reasonable time. */
export function expectRefused(sent: Sent, label: string, status?: number | number[]) {
  if (status !== undefined)
    expect([status].flat(), `${label}: ${sent.status} ${sent.text.slice(0, 300)}`).toContain(sent.status);
  expect(sent.status, `${label}: ${sent.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(sent.status, label).toBeLessThan(500);
  expect(sent.text, label).toMatch(/"errors"/);
  expect(sent.text.slice(0, 5_000), label).not.toMatch(LEAK);
  expect(sent.ms, `${label} took ${sent.ms} ms`).toBeLessThan(10_000);
}

const battery: Array<[string, number]> = [];
export async function hostile(label: string, run: () => Promise<void>): Promise<void> {
  const started = Date.now();
  if (process.env.CHAOS_DEBUG) console.info(`hostile: ${label}`);
  await run();
  battery.push([label, Date.now() - started]);
}

/**
 * The last test of each suite: the prober never failed (it answered at least 10 times, waited for when the suite ran
 * alone), nothing is left open, nothing changed, the invariants hold.
 */
export async function expectBatteryLeftNothingBehind(): Promise<void> {
  await waitUntil(() => probes.ok > 10, 'the prober to answer 10 times', 30_000, 20);
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
  await expectInvariantsHold(db.prisma, SUITE);
}
