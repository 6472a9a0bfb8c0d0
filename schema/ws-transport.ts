// graphql-ws's protocol server (`makeServer`) on the sockets of a `ws` server: what graphql-ws/use/ws does, with two
// differences the fanout profile asked for.
// - `next` messages go out through shared frames (shared-frames.ts): a result's payload is serialised once for every
//   socket it goes to, not once per socket.
// - One keep-alive timer for the whole server instead of an interval (and a `pong` listener added at each ping) per
//   socket: each tick pings every open socket and drops the ones that did not answer the previous ping.
// The rest is as in use/ws: the subprotocol check, close codes, and backpressure per subscription (graphql-ws awaits
// each `send`, which resolves once ws wrote the frame out, before it asks the subscription for its next result; a slow
// socket holds only its own subscriptions).
import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { makeSharedFrames, type SharedFrameStats } from './shared-frames';

/** What each connection's graphql-ws context carries in `extra` (as use/ws). */
export interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

export interface WsTransport {
  /** Closes every socket with 1001 (going away) and the ws server. */
  dispose(): Promise<void>;
  /** Counters of the shared `next` frames (payload serialisations, frames written). */
  frameStats(): SharedFrameStats;
}

export interface WsTransportOptions {
  /** Interval of the pings; a socket that has not answered the previous one is dropped. 0 or Infinity: no pings. */
  keepAliveMs: number;
  /** Where a client's protocol error on its socket is reported (ws has already closed it with the matching code). */
  onSocketError: (error: Error) => void;
  /** Where a failure of the protocol handling is reported (the socket is closed with 4500, without the message). */
  onInternalError: (error: unknown) => void;
}

export function useWsTransport<P extends Record<string, unknown>>(
  options: Omit<ServerOptions<P, Extra>, 'onNext' | 'jsonMessageReplacer'>,
  websocket: WebSocketServer,
  { keepAliveMs, onSocketError, onInternalError }: WsTransportOptions,
): WsTransport {
  const frames = makeSharedFrames();
  const server = makeServer<P, Extra>({
    ...options,
    // The result object itself, not graphql-ws's copy: its serialised payload is memoised on it.
    onNext: (_ctx, _id, _payload, _args, result) => result as never,
    jsonMessageReplacer: frames.replacer,
  });
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

  websocket.on('connection', (socket, request) => {
    // An 'error' on a server-side socket is the client's fault (a frame above maxPayload, invalid UTF-8, a bad
    // opcode) and ws has already closed it with the matching code (1009, 1007, 1002).
    socket.on('error', onSocketError);
    socket.on('pong', () => awaitingPong.delete(socket));
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data: string | undefined) =>
          new Promise<void>((resolve, reject) => {
            const frame = frames.frameFor(data);
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(frame, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (message) => {
            try {
              await handle(String(message));
            } catch (error) {
              onInternalError(error);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => void closed(code, String(reason)).catch(onInternalError));
  });

  return {
    async dispose() {
      if (heartbeat) clearInterval(heartbeat);
      for (const socket of websocket.clients) socket.close(1001, 'Going away');
      websocket.removeAllListeners();
      await new Promise<void>((resolve, reject) => websocket.close((error) => (error ? reject(error) : resolve())));
    },
    frameStats: frames.stats,
  };
}
