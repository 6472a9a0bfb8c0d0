// A raw `ws` client speaking graphql-transport-ws: connection_init as `userId` (dev-mode credentials), then the text
// frames it receives in arrival order, and a bounded wait for the n-th of them. For tests that look at the bytes the
// server writes and at its close codes, where graphql-ws's client would hide them.
import { expect } from 'vitest';
import type WebSocket from 'ws';
import { applyTransition, lockJob } from '../../resolvers/jobs/journal';
import type { Services } from '../../resolvers/services';
import { openRawSocket } from './clients';

export interface RawSubscriber {
  socket: WebSocket;
  /** Every text frame received, the connection_ack first. */
  frames: string[];
  /** Resolves once `count` frames arrived; rejects after `timeoutMs`. */
  waitFor(count: number, what: string, timeoutMs?: number): Promise<void>;
  /** Sends a subscribe message. */
  subscribe(id: string, query: string, variables: Record<string, unknown>): void;
}

export async function rawSubscriber(httpUrl: string, userId: string): Promise<RawSubscriber> {
  const socket = await openRawSocket(httpUrl);
  const frames: string[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data: WebSocket.RawData) => {
    frames.push(data.toString());
    for (const wake of waiters.splice(0)) wake();
  });
  const waitFor = (count: number, what: string, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${userId}: ${what} not received within ${timeoutMs} ms (${frames.length} frames)`)),
        timeoutMs,
      );
      const check = () => {
        if (frames.length >= count) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-user-id': userId } }));
  await waitFor(1, 'connection_ack');
  expect(JSON.parse(frames[0]!)).toEqual({ type: 'connection_ack' });
  return {
    socket,
    frames,
    waitFor,
    subscribe: (id, query, variables) =>
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } })),
  };
}

/** Appends `count` PROGRESS events to a job in one transaction, as a worker writes them; its last sequence. */
export async function appendEvents(services: Services, jobId: string, message: string, count = 1): Promise<number> {
  return services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId);
    if (!job) throw new Error(`job ${jobId} not found`);
    const events = Array.from({ length: count }, () => ({ type: 'PROGRESS' as const, message, data: {} }));
    return (await applyTransition(tx, job, { events })).lastSequence;
  });
}

/** Resolves once `condition` holds, checked at every turn of the event loop (ws has no event for it); bounded. */
export async function waitUntilTrue(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
