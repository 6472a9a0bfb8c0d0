// GET /health (the process is up) and GET /ready (it can serve: resolvers/readiness.ts), answered as JSON before
// anything else looks at the request.
import type { Plugin } from 'graphql-yoga';
import { readiness } from '../../resolvers/readiness';
import type { Services } from '../../resolvers/services';

export function useHealthEndpoints(services: Services): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/health') {
        endResponse(Response.json({ status: 'ok' }));
      } else if (url.pathname === '/ready') {
        const ready = await readiness(services);
        endResponse(
          new fetchAPI.Response(JSON.stringify(ready), {
            status: ready.status === 'ready' ? 200 : 503,
            headers: { 'content-type': 'application/json' },
          }),
        );
      }
    },
  };
}
