// The broadcast path of the WebSocket transport (schema/shared-frames.ts, schema/ws-fanout.ts): subscribers that asked the same
// thing as the same viewer get one serialisation of each event's payload, written to each socket under its own
// subscription id, byte for byte what graphql-ws writes; another viewer never gets those bytes.
import { describe, expect, it } from 'vitest';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { waitForJob } from './helpers/services';
import { closeOf } from './helpers/clients';
import { appendEvents, rawSubscriber as openRawSubscriber, waitUntilTrue } from './helpers/raw-subscriber';
import { EVENTS, TASK, alice, db, http, services, useSubscriptionServer } from './helpers/subscription-server';

useSubscriptionServer();

const rawSubscriber = (userId: string) => openRawSubscriber(http.url, userId);

const appendProgress = (jobId: string, message: string, count = 1) => appendEvents(services, jobId, message, count);

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

  it('a socket that does not read holds only its own subscription: the others get their events, its backlog is not queued in the process', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const paused = await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', { description: 'the pause' });
    // A backlog far above what the loopback's socket buffers hold: ~24 MB of messages.
    const big = 'x'.repeat(8_000);
    for (let i = 0; i < 6; i++) await appendProgress(job.jobId, big, 500);
    const backlog = 3_000;

    const slow = await rawSubscriber('alice');
    const healthy = await rawSubscriber('alice');
    const serverSockets = new Set(http.websocket.clients);
    slow.socket.send(
      JSON.stringify({
        id: 'slow',
        type: 'subscribe',
        payload: { query: EVENTS, variables: { jobId: job.jobId, after: paused.lastSequence } },
      }),
    );
    slow.socket.pause();
    // The server side of the slow socket backs up: ws holds a frame it cannot hand to the kernel.
    const backedUp = () => [...serverSockets].some((socket) => socket.bufferedAmount > 0);
    await waitUntilTrue(backedUp, 'the slow socket backing up');

    healthy.socket.send(
      JSON.stringify({
        id: 'healthy',
        type: 'subscribe',
        payload: { query: EVENTS, variables: { jobId: job.jobId, after: paused.lastSequence + backlog } },
      }),
    );
    const last = await appendProgress(job.jobId, 'after the backlog');
    await healthy.waitFor(2, 'the live event');
    expect(JSON.parse(healthy.frames[1]!)).toMatchObject({
      id: 'healthy',
      type: 'next',
      payload: { data: { jobEvents: { sequence: last, message: 'after the backlog' } } },
    });
    // The slow subscription waits for its socket: at most the frame in hand is buffered in the process, not its
    // backlog (3,000 frames of 8 KB).
    const buffered = Math.max(...[...serverSockets].map((socket) => socket.bufferedAmount));
    expect(buffered).toBeGreaterThan(0);
    expect(buffered).toBeLessThan(64 * 1024);

    // Once it reads again it gets everything, once and in order.
    slow.socket.resume();
    await slow.waitFor(1 + backlog + 1, 'the whole backlog', 60_000);
    const sequences = slow.frames.slice(1).map((frame) => {
      const message = JSON.parse(frame) as { id: string; payload: { data: { jobEvents: { sequence: number } } } };
      expect(message.id).toBe('slow');
      return message.payload.data.jobEvents.sequence;
    });
    expect(sequences).toEqual(Array.from({ length: backlog + 1 }, (_, i) => paused.lastSequence + 1 + i));
    for (const { socket } of [slow, healthy]) {
      const closed = closeOf(socket);
      socket.close();
      await closed;
    }
  }, 120_000);
});
