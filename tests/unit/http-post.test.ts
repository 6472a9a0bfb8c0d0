// The model calls' transport (resolvers/author/llm/http-post.ts) against a real local HTTP server: the reply as
// sent, kept-alive connections, the timeout, the size bound, a refused connection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES, nodeHttpPost } from '../../resolvers/author/llm/http-post';

let server: http.Server;
let base: string;
const sockets = new Set<unknown>();
const received: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    sockets.add(request.socket);
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      if (request.url === '/slow') return; // never answers
      if (request.url === '/huge') {
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        const write = (left: number): void => {
          if (left === 0) return void response.end();
          if (response.write(chunk)) write(left - 1);
          else response.once('drain', () => write(left - 1));
        };
        response.writeHead(200, { 'content-type': 'text/plain' });
        return write(MAX_RESPONSE_BYTES / chunk.length + 2);
      }
      response.writeHead(429, 'Too Many Requests', { 'retry-after': '1', 'content-type': 'application/json' });
      response.end(JSON.stringify({ echo: body, emoji: '✓ 🙂' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('nodeHttpPost', () => {
  it('sends the body and headers and returns status, status text, headers and the whole body', async () => {
    const reply = await nodeHttpPost(`${base}/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: '{"q":"ü"}',
      timeoutMs: 5_000,
    });
    expect(reply.status).toBe(429);
    expect(reply.statusText).toBe('Too Many Requests');
    expect(reply.header('Retry-After')).toBe('1');
    expect(reply.header('x-absent')).toBeNull();
    expect(JSON.parse(reply.body)).toEqual({ echo: '{"q":"ü"}', emoji: '✓ 🙂' });
    const last = received.at(-1)!;
    expect(last.url).toBe('/v1/chat/completions');
    expect(last.headers['authorization']).toBe('Bearer k');
    expect(last.headers['content-length']).toBe(String(Buffer.byteLength('{"q":"ü"}')));
  });

  it('keeps the connection for the next request', async () => {
    sockets.clear();
    for (let i = 0; i < 3; i++) await nodeHttpPost(`${base}/again`, { headers: {}, body: String(i), timeoutMs: 5_000 });
    expect(sockets.size).toBe(1);
  });

  it('rejects with a TimeoutError when no response comes in time', async () => {
    await expect(nodeHttpPost(`${base}/slow`, { headers: {}, body: '', timeoutMs: 200 })).rejects.toMatchObject({
      name: 'TimeoutError',
      message: 'no response within 200 ms',
    });
  });

  it('stops reading a body larger than the bound', async () => {
    await expect(nodeHttpPost(`${base}/huge`, { headers: {}, body: '', timeoutMs: 30_000 })).rejects.toThrow(
      `the response was larger than ${MAX_RESPONSE_BYTES} bytes`,
    );
  });

  it('rejects with the socket error when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      nodeHttpPost(`http://127.0.0.1:${port}/`, { headers: {}, body: '', timeoutMs: 5_000 }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a URL that is not http or https', async () => {
    await expect(nodeHttpPost('ftp://example.invalid/', { headers: {}, body: '', timeoutMs: 1_000 })).rejects.toThrow(
      'unsupported protocol ftp:',
    );
  });
});
