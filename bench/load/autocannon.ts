// Load process: HTTP load with autocannon's programmatic API, in its own process so the server is not measured
// against its own load generator.
import autocannon, { type RequestParams, type Result } from 'autocannon';
import { serve } from '../lib/ipc';

export interface AutocannonArgs {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  /** Total requests; the run ends once they are all answered. */
  amount?: number;
  body: string;
  headers: Record<string, string>;
  /** Each response body must contain every one of these (and no `"errors"`), else it counts as a mismatch. */
  expect: string[];
  /** Replace `[<id>]` in the body with a number unique to the request (autocannon's own idReplacement miscounts Content-Length). */
  uniqueIds?: boolean;
}

export interface AutocannonSummary {
  /** Responses with a 2xx status. */
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx responses whose body was not what was expected. */
  mismatches: number;
  /** 2xx responses with the expected body. */
  good: number;
  durationSeconds: number;
  /** good / durationSeconds */
  goodPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  startedAt: number;
  finishedAt: number;
  /** The first body that did not match, for the report. */
  sampleMismatch: string | null;
}

function runAutocannon(args: AutocannonArgs): Promise<AutocannonSummary> {
  let sampleMismatch: string | null = null;
  let unique = 0;
  const verifyBody = (body: string) => {
    const ok = !body.includes('"errors"') && args.expect.every((part) => body.includes(part));
    if (!ok && sampleMismatch === null) sampleMismatch = body.slice(0, 500);
    return ok;
  };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${args.url}/graphql`,
        connections: args.connections,
        ...(args.amount !== undefined ? { amount: args.amount } : { duration: args.duration ?? 5 }),
        method: 'POST',
        body: args.body,
        headers: args.headers,
        verifyBody,
        ...(args.uniqueIds
          ? {
              requests: [
                {
                  method: 'POST' as const,
                  setupRequest: (request: RequestParams) => ({
                    ...request,
                    body: args.body.replaceAll('[<id>]', String(++unique)),
                  }),
                },
              ],
            }
          : {}),
        timeout: 30,
      },
      (error: Error | null, result: Result) => {
        if (error) {
          reject(error);
          return;
        }
        const good = result['2xx'] - result.mismatches;
        const startedAt = new Date(result.start).getTime();
        const finishedAt = new Date(result.finish).getTime();
        const durationSeconds = args.amount !== undefined ? (finishedAt - startedAt) / 1000 : result.duration;
        resolve({
          ok2xx: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          mismatches: result.mismatches,
          good,
          durationSeconds,
          goodPerSecond: good / durationSeconds,
          latencyP50: result.latency.p50,
          latencyP99: result.latency.p99,
          startedAt,
          finishedAt,
          sampleMismatch,
        });
      },
    );
  });
}

serve({
  run: (args) => runAutocannon(args as AutocannonArgs),
});
