// The web console at `/`: its page for each of its routes and its hashed assets from console/dist (built by
// `npm run build:console`, or at `npm start` when stale). The page is never cached (it names the current assets);
// the assets are immutable. The CSP allows only this origin's scripts and styles (no inline script, no remote
// origin) and WebSockets back to this host. GraphiQL stays at /graphql.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'graphql-yoga';

const CONSOLE_ROUTE = /^\/(?:jobs(?:\/[^/]+)?|new|inbox|skills(?:\/[^/]+)?|operations)?\/?$/;
const ASSET = /^\/assets\/([A-Za-z0-9_-]+\.(js|css))$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;
const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

export function consoleSecurityHeaders(host: string): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ws://${host} wss://${host}`,
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

export function useConsole(options: { directory: string }): Plugin {
  const read = (name: string) => fs.readFile(path.join(options.directory, name)).catch(() => null);
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const asset = ASSET.exec(url.pathname);
      if (asset) {
        const body = await read(path.join('assets', asset[1]!));
        endResponse(
          body
            ? new fetchAPI.Response(body, {
                headers: {
                  'content-type': CONTENT_TYPES[asset[2]!]!,
                  'cache-control': 'public, max-age=31536000, immutable',
                  'x-content-type-options': 'nosniff',
                },
              })
            : new fetchAPI.Response('not found\n', { status: 404, headers: { 'content-type': 'text/plain' } }),
        );
        return;
      }
      if (!CONSOLE_ROUTE.test(url.pathname)) return;
      const page = await read('index.html');
      // The Host header goes into the CSP: only a plain host[:port] (nothing that could add a directive).
      const host = request.headers.get('host') ?? '';
      const connectHost = HOST.test(host) ? host : url.host;
      endResponse(
        page
          ? new fetchAPI.Response(page, {
              headers: {
                'content-type': 'text/html; charset=utf-8',
                'cache-control': 'no-cache',
                ...consoleSecurityHeaders(connectHost),
              },
            })
          : new fetchAPI.Response('The console is not built: run `npm run build:console`.\n', {
              status: 503,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            }),
      );
    },
  };
}
