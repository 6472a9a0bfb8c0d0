// Real subscription clients for tests: graphql-ws over WebSocket and graphql-sse over Server-Sent Events, both
// against a listening server, and a recorder that collects what a subscription delivers and lets a test wait for
// it with a bounded timeout (no sleeps).
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResultLike {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface Sink {
  next(value: GraphQLResultLike): void;
  error(error: unknown): void;
  complete(): void;
}

/** Either client: subscribe returns the function that unsubscribes. */
export interface SubscriptionClient {
  subscribe(request: { query: string; variables?: Record<string, unknown> }, sink: Sink): () => void;
  close(): Promise<void>;
}

export function wsUrl(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}/graphql`;
}

/** A graphql-ws client with the given connectionParams; no silent retries, so a refused connection shows. */
export function makeWsClient(
  httpUrl: string,
  connectionParams: Record<string, unknown> = {},
): SubscriptionClient & { raw: WsClient } {
  const raw = createWsClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
    lazyCloseTimeout: 0,
  });
  return {
    raw,
    subscribe: (request, sink) => raw.subscribe(request, sink as never),
    close: async () => {
      await raw.dispose();
    },
  };
}

/** A graphql-sse client (distinct connections mode: one POST /graphql with Accept: text/event-stream per operation). */
export function makeSseClient(httpUrl: string, headers: Record<string, string> = {}): SubscriptionClient {
  const raw = createSseClient({ url: `${httpUrl}/graphql`, headers, retryAttempts: 0 });
  return {
    subscribe: (request, sink) => raw.subscribe(request, sink as never),
    close: async () => {
      raw.dispose();
    },
  };
}

export interface Recording<T> {
  /** The field values delivered, in order. */
  readonly items: T[];
  /** Every result delivered (data or errors), in order. */
  readonly results: GraphQLResultLike[];
  /** Settles when the server completes the operation (resolves) or it fails (rejects). */
  readonly finished: Promise<void>;
  readonly state: () => 'open' | 'completed' | 'failed' | 'stopped';
  /** Resolves with the items once `predicate` holds; rejects after `timeoutMs` or if the operation ends first. */
  waitFor(predicate: (items: T[]) => boolean, description: string, timeoutMs?: number): Promise<T[]>;
  /** Resolves when the operation completes; rejects after `timeoutMs`. */
  waitForCompletion(timeoutMs?: number): Promise<T[]>;
  /** Unsubscribes; later deliveries are ignored. */
  stop(): void;
}

/**
 * Subscribes and records. `onItem` runs for every delivered item (e.g. to answer a prompt). `stopAfter` unsubscribes
 * as soon as that many items were recorded, and records nothing more (a client that went away after item k).
 */
export function record<T>(
  client: SubscriptionClient,
  field: string,
  query: string,
  variables: Record<string, unknown> = {},
  { onItem, stopAfter }: { onItem?: (item: T) => void; stopAfter?: number } = {},
): Recording<T> {
  const items: T[] = [];
  const results: GraphQLResultLike[] = [];
  let state: 'open' | 'completed' | 'failed' | 'stopped' = 'open';
  let failure: unknown;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  finished.catch(() => undefined);

  let unsubscribe: (() => void) | null = null;
  let stopRequested = false;
  const stop = () => {
    if (state === 'open') state = 'stopped';
    stopRequested = true;
    unsubscribe?.();
    notify();
  };
  unsubscribe = client.subscribe(
    { query, variables },
    {
      next(result) {
        if (state !== 'open') return;
        results.push(result);
        const value = result.data?.[field];
        if (value !== undefined && value !== null) {
          items.push(value as T);
          onItem?.(value as T);
        }
        if (stopAfter !== undefined && items.length >= stopAfter) stop();
        notify();
      },
      error(error) {
        if (state !== 'open') return;
        state = 'failed';
        failure = error;
        settle.reject(error);
        notify();
      },
      complete() {
        if (state !== 'open') return;
        state = 'completed';
        settle.resolve();
        notify();
      },
    },
  );
  if (stopRequested) unsubscribe(); // stopped from inside subscribe(), before it returned

  function waitUntil(check: () => boolean, description: string, timeoutMs: number): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      const evaluate = () => {
        if (check()) return done(() => resolve(items));
        if (state === 'failed')
          return done(() =>
            reject(new Error(`subscription failed while waiting for ${description}: ${describe(failure)}`)),
          );
        if (state !== 'open')
          return done(() =>
            reject(
              new Error(
                `subscription ${state} while waiting for ${description}; got ${items.length} items: ${summary(results)}`,
              ),
            ),
          );
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(
              new Error(
                `timed out after ${timeoutMs} ms waiting for ${description}; got ${items.length} items (${state}): ${summary(results)}`,
              ),
            ),
          ),
        timeoutMs,
      );
      const done = (fn: () => void) => {
        clearTimeout(timer);
        listeners.delete(evaluate);
        fn();
      };
      listeners.add(evaluate);
      evaluate();
    });
  }

  return {
    items,
    results,
    finished,
    state: () => state,
    waitFor: (predicate, description, timeoutMs = 30_000) => waitUntil(() => predicate(items), description, timeoutMs),
    waitForCompletion: (timeoutMs = 30_000) => waitUntil(() => state === 'completed', 'completion', timeoutMs),
    stop,
  };
}

function summary(results: GraphQLResultLike[]): string {
  return JSON.stringify(results.slice(-3)).slice(0, 1500);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'code' in error)
    return `close ${(error as { code: number; reason?: string }).code} ${(error as { reason?: string }).reason ?? ''}`;
  return JSON.stringify(error);
}

/** Resolves with the close code and reason of a raw WebSocket; rejects after `timeoutMs`. */
export function closeOf(socket: WebSocket, timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
    socket.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
  });
}

/** Resolves with the next message of a raw WebSocket, parsed; rejects on close or after `timeoutMs`. */
export function nextMessage(
  socket: WebSocket,
  timeoutMs = 10_000,
): Promise<{ type: string; id?: string; payload?: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error(`no message within ${timeoutMs} ms`))), timeoutMs);
    const onMessage = (data: WebSocket.RawData) =>
      finish(() => resolve(JSON.parse(data.toString()) as { type: string }));
    const onClose = (code: number) => finish(() => reject(new Error(`socket closed (${code}) before a message`)));
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      fn();
    };
    socket.on('message', onMessage);
    socket.on('close', onClose);
  });
}

/** Opens a raw WebSocket speaking graphql-transport-ws. */
export function openRawSocket(httpUrl: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(httpUrl), 'graphql-transport-ws', { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}
