// Puts the yoga app on an HTTP port, with GraphQL over WebSocket (graphql-ws) on the same port and path (/graphql).
// Server-Sent Events need nothing here: yoga serves them itself (Accept: text/event-stream).
//
// WebSocket operations run through yoga's envelop (`getEnveloped`), so they get the same schema, plugins, error
// masking and context as HTTP. The credentials come in the connection_init payload (connectionParams):
// `authorization: 'Bearer <token>'`, and in dev mode `x-user-id` (or `userId`); they become the headers of a
// synthetic request that the app's context function reads exactly as it reads an HTTP request. A connection whose
// credentials are rejected is closed with 4403 before any operation runs.
//
// Shutdown: stop accepting connections, close every WebSocket with 1001 (going away) and every SSE stream, then let
// in-flight requests finish (bounded) and close what is left.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { WebSocketServer } from 'ws';
import { AuthenticationError } from '../resolvers/auth';
import type { App } from './app';
import type { GraphQLContext } from './builder';
import { listenOn } from './listen';
import { sharingKey } from './ws-fanout';
import { joinedSubscriber } from './ws-joined';
import { useWsTransport, type WsTransport } from './ws-transport';

export interface HttpServer {
  server: Server;
  websocket: WebSocketServer;
  /** graphql-ws on `websocket`; its frameStats() count the `next` payloads serialised and the frames sent. */
  graphqlWs: Pick<WsTransport, 'frameStats' | 'loopStats'>;
  url: string;
  /** Closes WebSocket clients (1001) and SSE streams, then the HTTP server; forces what remains after `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  /** Largest WebSocket message accepted; a bigger one closes the socket with 1009. Default 100 KB. */
  maxPayloadBytes?: number;
  /** A socket that sends no connection_init within this time is closed with 4408. Default 3 s. */
  connectionInitTimeoutMs?: number;
  /** Interval of WebSocket pings; a peer that misses a pong is dropped. Default 12 s. */
  keepAliveMs?: number;
}

export const GRAPHQL_PATH = '/graphql';

type Enveloped = ReturnType<App['getEnveloped']>;
interface EnvelopedRoot {
  execute: Enveloped['execute'];
  subscribe: Enveloped['subscribe'];
}

/** The connection_init payload as HTTP headers: what the app's context function authenticates. */
export function headersFromConnection(
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  upgrade: IncomingMessage,
): Headers {
  const headers = new Headers();
  const pick = (...names: string[]) => {
    for (const name of names) {
      const value = connectionParams?.[name];
      if (typeof value === 'string' && value !== '') return value;
    }
    return undefined;
  };
  const authorization = pick('authorization', 'Authorization') ?? upgrade.headers.authorization;
  const userId = pick('x-user-id', 'X-User-Id', 'userId') ?? headerValue(upgrade.headers['x-user-id']);
  const requestId = pick('x-request-id') ?? headerValue(upgrade.headers['x-request-id']);
  if (authorization) headers.set('authorization', authorization);
  if (userId) headers.set('x-user-id', userId);
  if (requestId) headers.set('x-request-id', requestId);
  return headers;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Who a WebSocket connection is, read from its connection_init and upgrade request once, when it opens. */
interface ConnectionIdentity {
  host: string;
  headers: Array<[string, string]>;
}

function identityOf(
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  upgrade: IncomingMessage,
): ConnectionIdentity {
  return { host: upgrade.headers.host ?? 'localhost', headers: [...headersFromConnection(connectionParams, upgrade)] };
}

function syntheticRequest(identity: ConnectionIdentity): Request {
  return new Request(`http://${identity.host}${GRAPHQL_PATH}`, { method: 'POST', headers: identity.headers });
}

export async function listen(app: App, port: number, host: string, options: ListenOptions = {}): Promise<HttpServer> {
  const server = createServer(app);
  server.keepAliveTimeout = 5_000;

  // Open event streams, so shutdown can end them (they never finish on their own): requests that accept
  // text/event-stream. Shutdown ends those whose response has started; a query that merely accepts SSE and is
  // still being answered is left to finish like any other request.
  const streams = new Set<ServerResponse>();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!String(request.headers.accept ?? '').includes('text/event-stream')) return;
    streams.add(response);
    response.once('close', () => streams.delete(response));
  });

  const identities = new WeakMap<object, ConnectionIdentity>();
  // The enveloped execution of each operation, by its context, until graphql-ws runs it. Taken out then: an
  // enveloped instance holds the operation's initial context (synthetic request, payload) and a subscription's
  // arguments live as long as it does.
  const envelopedOf = new WeakMap<object, EnvelopedRoot>();
  const takeEnveloped = (contextValue: unknown): EnvelopedRoot => {
    const root = envelopedOf.get(contextValue as object);
    if (!root) throw new Error('an operation ran without its enveloped execution');
    envelopedOf.delete(contextValue as object);
    return root;
  };
  const websocket = new WebSocketServer({
    server,
    path: GRAPHQL_PATH,
    maxPayload: options.maxPayloadBytes ?? 100 * 1024,
  });
  const graphqlWs = useWsTransport(
    {
      connectionInitWaitTimeout: options.connectionInitTimeoutMs ?? 3_000,
      // Authenticate once per connection; false closes it with 4403 Forbidden.
      onConnect: async (ctx) => {
        const identity = identityOf(ctx.connectionParams, ctx.extra.request);
        identities.set(ctx.extra, identity);
        // The upgrade request (headers, raw headers, parser state) would otherwise live as long as the connection:
        // everything needed from it is in `identity` now.
        (ctx.extra as { request?: IncomingMessage }).request = undefined;
        try {
          await app.getEnveloped({ request: syntheticRequest(identity), params: { query: '' } }).contextFactory();
          return true;
        } catch {
          return false;
        }
      },
      // Each operation gets its own enveloped execution and a fresh context (as an HTTP request would).
      onSubscribe: async (ctx, _id, payload) => {
        const identity = identities.get(ctx.extra);
        if (!identity) return [new GraphQLError('the connection is not initialised')];
        const enveloped = app.getEnveloped({
          request: syntheticRequest(identity),
          params: payload,
          socket: ctx.extra.socket,
        });
        let document: ReturnType<Enveloped['parse']>;
        try {
          document = enveloped.parse(payload.query);
        } catch (error) {
          if (error instanceof GraphQLError) return [error]; // a syntax error (or a token limit) fails the operation only
          throw error;
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        let contextValue: GraphQLContext;
        try {
          // Only what resolvers use: yoga's context also holds the synthetic request, the upgrade request and the
          // socket, and a subscription keeps its context for as long as it runs (memory per subscriber).
          const { services, viewer, requestId } = (await enveloped.contextFactory()) as unknown as GraphQLContext;
          contextValue = { services, viewer, requestId };
        } catch (error) {
          // The credentials stopped being good (an expired token): this operation fails, the socket stays.
          if (error instanceof AuthenticationError)
            return [new GraphQLError(error.message, { extensions: { code: error.code } })];
          throw error;
        }
        envelopedOf.set(contextValue, { execute: enveloped.execute, subscribe: enveloped.subscribe });
        const args: ExecutionArgs = {
          schema: enveloped.schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue,
        };
        return args;
      },
      execute: (args) => takeEnveloped(args.contextValue).execute(args),
      subscribe: (args) => takeEnveloped(args.contextValue).subscribe(args),
      sharingKey: (args, payload) => sharingKey((args.contextValue as GraphQLContext).viewer, payload),
      // A subscriber in another's loop: its own enveloped execution never runs (dropped here), a stand-in logs it.
      joined: (args) => {
        takeEnveloped(args.contextValue);
        return joinedSubscriber(args);
      },
    },
    websocket,
    {
      keepAliveMs: options.keepAliveMs ?? 12_000,
      onSocketError: (error) => app.logger.info(`WebSocket closed for a client protocol error: ${error.message}`),
      onInternalError: (error) => app.logger.error({ error }, 'graphql-ws failed to handle a message'),
    },
  );

  const actualPort = await listenOn(server, port, host);
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    server,
    websocket,
    graphqlWs: { frameStats: graphqlWs.frameStats, loopStats: graphqlWs.loopStats },
    url: `http://${shownHost}:${actualPort}`,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const deadline = Date.now() + graceMs;
        // 1. No new connections (the callback fires once every connection, WebSockets included, is gone).
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // 2. WebSocket clients: 1001 going away, then wait for their close handshakes (bounded).
        const sockets = [...websocket.clients];
        await bounded(Promise.resolve(graphqlWs.dispose()), Math.min(2_000, graceMs));
        for (const socket of sockets) socket.terminate();
        // 3. SSE streams would never end by themselves.
        for (const response of streams) if (response.headersSent && !response.writableEnded) response.destroy();
        // 4. Idle keep-alive connections now, busy ones when their request is answered, the rest at the deadline.
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), Math.max(0, deadline - Date.now()));
        force.unref();
        await closed;
        clearTimeout(force);
      })();
      return closing;
    },
  };
}

async function bounded(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}
