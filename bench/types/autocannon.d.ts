// The part of autocannon's programmatic API the load generator uses (the package ships no types, and
// @types/autocannon is not installed).
declare module 'autocannon' {
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
    p99_9?: number;
  }
  interface RequestParams {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    method?: 'GET' | 'POST';
    body?: string;
    headers?: Record<string, string>;
    verifyBody?: (body: string) => boolean;
    idReplacement?: boolean;
    /** A sequence of requests; setupRequest may rewrite each one before it is sent. */
    requests?: Array<{
      method?: 'GET' | 'POST';
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams;
    }>;
    bailout?: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    '2xx': number;
    start: Date;
    finish: Date;
  }
  interface Instance {
    stop(): void;
  }
  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance;
  export default autocannon;
  export type { Options, Result, Histogram, Instance, RequestParams };
}
