// The HTTP side of a worker-only process (METRICS_PORT): GET /metrics and GET /health, nothing else. An API process
// serves both on its own port instead.
import { createServer, type Server } from 'node:http';
import { scrape, type MetricsRegistry } from './metrics';
import { listenOn } from './listen';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function listenMetrics(metrics: MetricsRegistry, port: number, host: string): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const answer = (status: number, type: string, body: string) =>
      response.writeHead(status, { 'content-type': type }).end(body);
    if (request.method !== 'GET') return answer(405, 'text/plain', 'method not allowed\n');
    if (path === '/health') return answer(200, 'application/json', JSON.stringify({ status: 'ok' }));
    if (path !== '/metrics') return answer(404, 'text/plain', 'not found\n');
    scrape(metrics, request.headers.authorization ?? null).then(
      async (res) => answer(res.status, res.headers.get('content-type') ?? 'text/plain', await res.text()),
      () => answer(500, 'text/plain', 'metrics unavailable\n'),
    );
  });
  server.keepAliveTimeout = 5_000;
  const actualPort = await listenOn(server, port, host);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
