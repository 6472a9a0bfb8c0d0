// Our graphql-transport-ws server on the sockets of a `ws` server: the protocol of graphql-ws (6.x) message for
// message and close code for close code (its own parseMessage validates what clients send), with subscriptions run
// by shared execution loops (ws-fanout.ts) instead of one graphql-ws loop per subscription.
// - connection_init -> connection_ack (4403 Forbidden if onConnect refuses; 4429 for a second one; 4408 if none comes
//   within connectionInitWaitTimeout); ping -> pong; subscribe -> next* then complete, or error (4401 before the ack,
//   4409 for an id in use); complete from the client stops that subscription; a message that does not parse or
//   validate closes with 4400, a wrong subprotocol with 4406, a failure of our own handling with 4500.
// - One keep-alive timer for the whole server: each tick pings every open socket and drops the ones that did not
//   answer the previous ping.
// Per connection this keeps a small record (its flags and a map from subscription id to how to leave its loop); per
// subscription a loop member (socket, the id's frame prefix, two callbacks).
import type { IncomingMessage } from 'node:http';
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, handleProtocols, MessageType, parseMessage } from 'graphql-ws';
import type { SubscribePayload } from 'graphql-ws';
import { getOperationAST, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { WebSocket, WebSocketServer } from 'ws';
import { makeFanout, type FanoutStats, type LoopEnd, type LoopMember } from './ws-fanout';
import { makeSharedFrames, nextPrefix, type SharedFrameStats } from './shared-frames';

/** What each connection's context carries in `extra` (as graphql-ws/use/ws). */
export interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/** The connection as the hooks see it (the fields of graphql-ws's context that server.ts reads). */
export interface ConnectionContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  readonly extra: Extra;
}

type OperationResult = ExecutionResult | AsyncIterable<ExecutionResult>;

/** What a subscriber that joined another's loop does instead of its own plugins (log lines, gauges). */
export interface JoinedSubscriber {
  /** A result was written to it. */
  delivered(): void;
  /** It left or its loop ended: `ok`, or the error it got. */
  ended(error?: unknown): void;
  /** Its loop's subscription was refused at setup: this one result, no stream. */
  refused(result: ExecutionResult): void;
}

export interface WsTransportHooks {
  /** A socket that sends no connection_init within this time is closed with 4408. Default 3 s. */
  connectionInitWaitTimeout?: number;
  /** Authenticates the connection: false closes it with 4403. */
  onConnect(ctx: ConnectionContext): boolean | Promise<boolean>;
  /** The operation's arguments, or the errors that refuse it (sent as an `error` message). */
  onSubscribe(
    ctx: ConnectionContext,
    id: string,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]>;
  execute(args: ExecutionArgs): OperationResult | Promise<OperationResult>;
  subscribe(args: ExecutionArgs): OperationResult | Promise<OperationResult>;
  /** Who may share a subscription's loop (ws-fanout.ts sharingKey); null: a loop of its own. */
  sharingKey(args: ExecutionArgs, payload: SubscribePayload): string | null;
  /** A subscriber joined a loop another started. */
  joined(args: ExecutionArgs): JoinedSubscriber;
}

export interface WsTransport {
  /** Closes every socket with 1001 (going away) and the ws server. */
  dispose(): Promise<void>;
  /** Counters of the shared `next` frames (payload serialisations, frames written). */
  frameStats(): SharedFrameStats;
  /** Execution loops running, those still open to joiners, and their members (subscriptions). */
  loopStats(): FanoutStats;
}

export interface WsTransportOptions {
  /** Interval of the pings; a socket that has not answered the previous one is dropped. 0 or Infinity: no pings. */
  keepAliveMs: number;
  /** Where a client's protocol error on its socket is reported (ws has already closed it with the matching code). */
  onSocketError: (error: Error) => void;
  /** Where a failure of the protocol handling is reported (the socket is closed with 4500, without the message). */
  onInternalError: (error: unknown) => void;
}

interface Connection {
  readonly socket: WebSocket;
  readonly ctx: ConnectionContext;
  initReceived: boolean;
  acknowledged: boolean;
  /** Closes the socket with 4408 if no connection_init comes in time. */
  initWait: NodeJS.Timeout | null;
  /** Subscriptions by id; the value leaves its loop (a no-op until it joined one). */
  readonly operations: Map<string, { leave: () => void }>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function areGraphQLErrors(value: unknown): value is readonly GraphQLError[] {
  return Array.isArray(value) && value.length > 0 && value.every((error) => error instanceof GraphQLError);
}

/** What graphql-ws sends for an error thrown by a running stream (graphql 16: originalError). */
function streamError(error: unknown): GraphQLError {
  const originalError = error instanceof Error ? error : new Error(String(error));
  return new GraphQLError(originalError.message, { originalError });
}

const noop = () => undefined;

export function useWsTransport(
  hooks: WsTransportHooks,
  websocket: WebSocketServer,
  { keepAliveMs, onSocketError, onInternalError }: WsTransportOptions,
): WsTransport {
  const frames = makeSharedFrames();
  const fanout = makeFanout(frames);
  const initWaitMs = hooks.connectionInitWaitTimeout ?? 3_000;
  websocket.options.handleProtocols = handleProtocols;
  // ws re-emits its HTTP server's 'error' events (EADDRINUSE when it listens, ...), and an 'error' without a listener
  // would throw. They are the HTTP server's errors, handled by its owner (listenOn rejects): nothing to do here.
  websocket.on('error', () => undefined);

  const awaitingPong = new WeakSet<WebSocket>();
  const heartbeat =
    keepAliveMs > 0 && Number.isFinite(keepAliveMs)
      ? setInterval(() => {
          for (const socket of websocket.clients) {
            if (socket.readyState !== socket.OPEN) continue;
            if (awaitingPong.has(socket)) {
              socket.terminate();
              continue;
            }
            awaitingPong.add(socket);
            socket.ping();
          }
        }, keepAliveMs)
      : null;
  heartbeat?.unref();

  const send = (socket: WebSocket, message: object) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const internalFailure = (socket: WebSocket, error: unknown) => {
    onInternalError(error);
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };

  const subscribe = async (connection: Connection, id: string, payload: SubscribePayload) => {
    const { socket, operations } = connection;
    if (!connection.acknowledged) return socket.close(CloseCode.Unauthorized, 'Unauthorized');
    if (operations.has(id))
      return socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    const operation = { leave: noop };
    operations.set(id, operation);
    // Still subscribed: the client has not completed it (or reused its id) meanwhile.
    const active = () => operations.get(id) === operation;
    const refuse = (errors: readonly GraphQLError[]) => {
      if (!active()) return;
      operations.delete(id);
      send(socket, { id, type: MessageType.Error, payload: errors.map((error) => error.toJSON()) });
    };
    let argsOrErrors: ExecutionArgs | readonly GraphQLError[];
    try {
      argsOrErrors = await hooks.onSubscribe(connection.ctx, id, payload);
    } catch (error) {
      if (active()) operations.delete(id);
      throw error;
    }
    if (areGraphQLErrors(argsOrErrors)) return refuse(argsOrErrors);
    if (Array.isArray(argsOrErrors)) {
      if (active()) operations.delete(id);
      throw new Error('Invalid return value from onSubscribe hook, expected an array of GraphQLError objects');
    }
    const args = argsOrErrors as ExecutionArgs;
    const operationAST = getOperationAST(args.document, args.operationName);
    if (!operationAST) return refuse([new GraphQLError('Unable to identify operation')]);
    if (!active()) return; // completed by the client before it started: nothing runs

    const isSubscription = operationAST.operation === 'subscription';
    let standIn: JoinedSubscriber | null = null;
    const member: LoopMember = {
      socket,
      prefix: nextPrefix(id),
      end(how: LoopEnd) {
        if (how.kind === 'complete' && how.refusal) standIn?.refused(how.refusal);
        else standIn?.ended(how.kind === 'complete' ? undefined : how.error);
        if (how.kind === 'internal') {
          if (active()) operations.delete(id);
          return internalFailure(socket, how.error);
        }
        if (!active()) return;
        operations.delete(id);
        if (how.kind === 'failed')
          send(socket, { id, type: MessageType.Error, payload: [streamError(how.error).toJSON()] });
        else send(socket, { id, type: MessageType.Complete });
      },
    };
    const membership = fanout.join(isSubscription ? hooks.sharingKey(args, payload) : null, member, () =>
      isSubscription ? hooks.subscribe(args) : hooks.execute(args),
    );
    if (membership.joined) {
      const joined = hooks.joined(args);
      standIn = joined;
      member.delivered = () => joined.delivered();
    }
    operation.leave = () => {
      membership.leave();
      standIn?.ended();
    };
  };

  const handle = async (connection: Connection, data: string) => {
    const { socket } = connection;
    let message: ReturnType<typeof parseMessage>;
    try {
      message = parseMessage(data);
    } catch {
      return socket.close(CloseCode.BadRequest, 'Invalid message received');
    }
    switch (message.type) {
      case MessageType.ConnectionInit: {
        if (connection.initReceived)
          return socket.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
        connection.initReceived = true;
        if (connection.initWait) clearTimeout(connection.initWait);
        if (isObject(message.payload)) connection.ctx.connectionParams = message.payload;
        if ((await hooks.onConnect(connection.ctx)) === false) return socket.close(CloseCode.Forbidden, 'Forbidden');
        connection.acknowledged = true;
        return send(socket, { type: MessageType.ConnectionAck });
      }
      case MessageType.Ping:
        return send(
          socket,
          message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong },
        );
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        return subscribe(connection, message.id, message.payload);
      case MessageType.Complete: {
        const operation = connection.operations.get(message.id);
        connection.operations.delete(message.id);
        return operation?.leave();
      }
      default:
        throw new Error(`Unexpected message of type ${message.type} received`);
    }
  };

  websocket.on('connection', (socket, request) => {
    // An 'error' on a server-side socket is the client's fault (a frame above maxPayload, invalid UTF-8, a bad
    // opcode) and ws has already closed it with the matching code (1009, 1007, 1002).
    socket.on('error', onSocketError);
    socket.on('pong', () => awaitingPong.delete(socket));
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    const connection: Connection = {
      socket,
      ctx: { extra: { socket, request } },
      initReceived: false,
      acknowledged: false,
      initWait: null,
      operations: new Map(),
    };
    if (initWaitMs > 0 && Number.isFinite(initWaitMs))
      connection.initWait = setTimeout(() => {
        if (!connection.initReceived)
          socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
      }, initWaitMs);
    socket.on('message', (data) => {
      handle(connection, String(data)).catch((error: unknown) => internalFailure(socket, error));
    });
    socket.once('close', () => {
      if (connection.initWait) clearTimeout(connection.initWait);
      const operations = [...connection.operations.values()];
      connection.operations.clear();
      for (const operation of operations) operation.leave();
    });
  });

  return {
    async dispose() {
      if (heartbeat) clearInterval(heartbeat);
      for (const socket of websocket.clients) socket.close(1001, 'Going away');
      websocket.removeAllListeners();
      await new Promise<void>((resolve, reject) => websocket.close((error) => (error ? reject(error) : resolve())));
    },
    frameStats: frames.stats,
    loopStats: fanout.stats,
  };
}
