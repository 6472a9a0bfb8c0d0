// Puts the yoga app on an HTTP port. Shutdown stops accepting connections, lets in-flight requests finish (bounded),
// then closes what is left.
import { createServer, type Server } from 'node:http';
import type { App } from './app';

export interface HttpServer {
  server: Server;
  url: string;
  close(graceMs?: number): Promise<void>;
}

export async function listen(app: App, port: number, host: string): Promise<HttpServer> {
  const server = createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://${shownHost}:${actualPort}`,
    close(graceMs = 10_000) {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
