// The broadcast path of graphql-ws (schema/shared-frames.ts, schema/ws-transport.ts): subscribers that asked the same
// thing as the same viewer get one serialisation of each event's payload, written to each socket under its own
// subscription id, byte for byte what graphql-ws writes; another viewer never gets those bytes.
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { applyTransition, lockJob } from '../resolvers/jobs/journal';
import { waitForJob } from './helpers/services';
import { closeOf, openRawSocket } from './helpers/clients';
import { EVENTS, TASK, alice, db, http, services, useSubscriptionServer } from './helpers/subscription-server';

useSubscriptionServer();

/** A raw graphql-transport-ws socket of `userId` with its text frames in arrival order. */
async function rawSubscriber(userId: string) {
  const socket = await openRawSocket(http.url);
  const frames: string[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data: WebSocket.RawData) => {
    frames.push(data.toString());
    for (const wake of waiters.splice(0)) wake();
  });
  const waitFor = (count: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${userId}: ${what} not received within 10 s`)), 10_000);
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
  return { socket, frames, waitFor };
}

async function appendProgress(jobId: string, message: string): Promise<number> {
  return services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId);
    if (!job) throw new Error(`job ${jobId} not found`);
    return (await applyTransition(tx, job, { events: [{ type: 'PROGRESS', message, data: { message } }] }))
      .lastSequence;
  });
}

describe('graphql-ws broadcast frames', () => {
  it('serialises each event once per viewer and selection and writes the same payload bytes under each id', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const paused = await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', { description: 'the pause' });
    const subscribers = [
      { ...(await rawSubscriber('alice')), id: 'alice-1' },
      { ...(await rawSubscriber('alice')), id: 'alice-2' },
      { ...(await rawSubscriber('admin')), id: 'admin-1' },
    ];
    for (const { socket, id } of subscribers)
      socket.send(
        JSON.stringify({
          id,
          type: 'subscribe',
          payload: { query: EVENTS, variables: { jobId: job.jobId, after: paused.lastSequence } },
        }),
      );
    // A first event brings every stream to the same position, waiting on the doorbell (how each got there, from its
    // first read or from the ring, is not this test's subject).
    await appendProgress(job.jobId, 'warm-up');
    await Promise.all(subscribers.map((s) => s.waitFor(2, 'the warm-up event')));

    const before = http.graphqlWs.frameStats();
    const events = 5;
    for (let i = 1; i <= events; i++) {
      await appendProgress(job.jobId, `broadcast ${i}`);
      await Promise.all(subscribers.map((s) => s.waitFor(2 + i, `event ${i}`)));
    }
    const after = http.graphqlWs.frameStats();
    // Alice's two subscriptions share one serialisation per event; the admin's (another viewer) is its own.
    expect(after.payloadsSerialised - before.payloadsSerialised).toBe(events * 2);
    expect(after.nextFrames - before.nextFrames).toBe(events * subscribers.length);

    const [first, second, admin] = subscribers.map((s) => s.frames.slice(2));
    for (let i = 0; i < events; i++) {
      // What graphql-ws itself writes: JSON.stringify of { id, type, payload } with the result's fields in order.
      const message = JSON.parse(first![i]!) as { id: string; type: string; payload: unknown };
      expect(first![i]).toBe(JSON.stringify({ id: 'alice-1', type: 'next', payload: message.payload }));
      expect(message.payload).toEqual({
        data: {
          jobEvents: {
            sequence: paused.lastSequence + 1 + i + 1,
            type: 'PROGRESS',
            status: 'PENDING_HITL',
            phase: paused.currentPhase,
            progressPercent: paused.progressPercent,
            message: `broadcast ${i + 1}`,
            job: { jobId: job.jobId },
          },
        },
      });
      expect(second![i]).toBe(first![i]!.replace('"id":"alice-1"', '"id":"alice-2"'));
      expect(admin![i]).toBe(first![i]!.replace('"id":"alice-1"', '"id":"admin-1"'));
    }
    for (const { socket } of subscribers) {
      const closed = closeOf(socket);
      socket.close();
      await closed;
    }
  });
});
