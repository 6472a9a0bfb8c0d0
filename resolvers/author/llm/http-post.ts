// How a chat-completions request goes out: one POST, its status, headers and whole body as text. The default is
// node:http(s) over a keep-alive agent. Node's global fetch (undici) cost ~0.9 ms of CPU per call in the e2e-model
// profile, a quarter of the worker's busy time (BENCHMARKS.md); node:http costs a fraction of it. A `fetch` given in
// the options (tests that observe requests) is used through `fetchPost`.
import http from 'node:http';
import https from 'node:https';

export interface HttpReply {
  status: number;
  statusText: string;
  /** A response header (case-insensitive), null when absent. */
  header(name: string): string | null;
  body: string;
}

export interface HttpPostRequest {
  headers: Record<string, string>;
  body: string;
  /** No complete response within this: rejects with an Error named "TimeoutError". */
  timeoutMs: number;
}

export type HttpPost = (url: string, request: HttpPostRequest) => Promise<HttpReply>;

/** A runaway body is not read into memory whole. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

// Connections are kept between calls (a model call every few hundred ms per job); sockets left idle are closed by
// the agent after its free-socket timeout, and do not keep the process alive.
const transports: Record<string, { client: typeof http | typeof https; agent: http.Agent }> = {
  'http:': { client: http, agent: new http.Agent({ keepAlive: true, timeout: 60_000 }) },
  'https:': { client: https, agent: new https.Agent({ keepAlive: true, timeout: 60_000 }) },
};

function timeoutError(timeoutMs: number): Error {
  const error = new Error(`no response within ${timeoutMs} ms`);
  error.name = 'TimeoutError';
  return error;
}

export const nodeHttpPost: HttpPost = (url, { headers, body, timeoutMs }) => {
  const target = new URL(url);
  const transport = Object.hasOwn(transports, target.protocol) ? transports[target.protocol] : undefined;
  if (!transport) return Promise.reject(new Error(`unsupported protocol ${target.protocol}`));
  const { client, agent } = transport;
  return new Promise<HttpReply>((resolve, reject) => {
    const request = client.request(target, {
      method: 'POST',
      agent,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(() => request.destroy(timeoutError(timeoutMs)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    request.on('error', fail);
    request.once('response', (response) => {
      response.setEncoding('utf8');
      let text = '';
      let bytes = 0;
      response.on('data', (chunk: string) => {
        bytes += Buffer.byteLength(chunk);
        if (bytes > MAX_RESPONSE_BYTES)
          request.destroy(new Error(`the response was larger than ${MAX_RESPONSE_BYTES} bytes`));
        else text += chunk;
      });
      response.on('error', fail);
      response.once('end', () => {
        clearTimeout(timer);
        const raw = response.headers;
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          header: (name) => {
            const value = raw[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
          body: text,
        });
      });
    });
    request.end(body);
  });
};

/** The same request through a fetch function (the global one, or a test's that observes requests). */
export function fetchPost(fetchFunction: typeof fetch): HttpPost {
  return async (url, { headers, body, timeoutMs }) => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetchFunction(url, { method: 'POST', headers, body, signal });
      const text = await response.text();
      return {
        status: response.status,
        statusText: response.statusText,
        header: (name) => response.headers.get(name),
        body: text,
      };
    } catch (error) {
      throw signal.aborted ? timeoutError(timeoutMs) : error;
    }
  };
}
