// An API in the test process (no worker): the scripted clients talk to it when the API is not what is under test.
import { makeAuthenticator } from '../../resolvers/auth';
import { startEventHub, type EventHub } from '../../resolvers/events/hub';
import { silentLogger } from '../../resolvers/logger';
import type { Services } from '../../resolvers/services';
import { makeApp, type App } from '../../schema/app';
import { listen, type HttpServer } from '../../schema/server';

export interface InProcessApi {
  url: string;
  app: App;
  hub: EventHub;
  http: HttpServer;
  close(): Promise<void>;
}

export async function startInProcessApi(
  databaseUrl: string,
  services: Services,
  { introspection = true } = {},
): Promise<InProcessApi> {
  const hub = await startEventHub({
    connectionString: databaseUrl,
    logger: silentLogger,
    backoff: { initialMs: 50, maxMs: 1_000 },
  });
  const app = makeApp({
    services: { ...services, events: hub },
    authenticator: makeAuthenticator({}),
    graphiql: false,
    introspection,
  });
  const http = await listen(app, 0, '127.0.0.1', { connectionInitTimeoutMs: 2_000 });
  return {
    url: http.url,
    app,
    hub,
    http,
    async close() {
      await http.close(1_000);
      await hub.stop();
    },
  };
}
