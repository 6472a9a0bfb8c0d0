// The shared execution loops of the WebSocket transport (schema/ws-fanout.ts): subscribers that asked the same thing
// as the same viewer share one loop until its first delivery; a later one gets a loop of its own and misses nothing;
// a member that falls far behind the others is closed with 1013; a loop is never shared across viewers.
import { describe, expect, it } from 'vitest';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { MAX_BEHIND_BYTES } from '../schema/ws-fanout';
import { closeOf } from './helpers/clients';
import { appendEvents, rawSubscriber, waitUntilTrue, type RawSubscriber } from './helpers/raw-subscriber';
import { waitForJob } from './helpers/services';
import { EVENTS, TASK, alice, db, http, services, useSubscriptionServer } from './helpers/subscription-server';

useSubscriptionServer();

const loops = () => http.graphqlWs.loopStats();

/** A job of alice paused at its first prompt: nothing writes to its log but the test. */
async function pausedJob() {
  const job = await createSkillJob(services, alice, { taskDescription: TASK });
  const paused = await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', { description: 'the pause' });
  return { jobId: job.jobId, after: paused.lastSequence };
}

/** Subscribes each to the job's events after `after` and waits until the transport holds every one of them. */
async function subscribeAll(subscribers: Array<{ raw: RawSubscriber; id: string }>, jobId: string, after: number) {
  const members = loops().members;
  for (const { raw, id } of subscribers) raw.subscribe(id, EVENTS, { jobId, after });
  await waitUntilTrue(() => loops().members === members + subscribers.length, 'every subscription in a loop');
}

interface Message {
  id: string;
  type: string;
  payload?: { data?: { jobEvents: { sequence: number; job: { jobId: string } } } | null; errors?: unknown[] };
}
const messagesOf = (raw: RawSubscriber) => raw.frames.slice(1).map((frame) => JSON.parse(frame) as Message);
const sequencesOf = (raw: RawSubscriber) => messagesOf(raw).map((m) => m.payload?.data?.jobEvents.sequence);

async function closeAll(...raws: RawSubscriber[]) {
  for (const { socket } of raws) {
    const closed = closeOf(socket);
    socket.close();
    await closed;
  }
}

describe('shared execution loops', () => {
  it('subscribers asking the same thing share one loop: one execution and serialisation per event, each under its id', async () => {
    const { jobId, after } = await pausedJob();
    const subscribers = await Promise.all(
      ['a', 'b', 'c'].map(async (id) => ({ raw: await rawSubscriber(http.url, 'alice'), id })),
    );
    const before = loops();
    await subscribeAll(subscribers, jobId, after);
    expect(loops().loops - before.loops).toBe(1);

    const frames = http.graphqlWs.frameStats();
    const last = await appendEvents(services, jobId, 'shared');
    await Promise.all(subscribers.map(({ raw }) => raw.waitFor(2, 'the event')));
    expect(http.graphqlWs.frameStats().payloadsSerialised - frames.payloadsSerialised).toBe(1);
    expect(http.graphqlWs.frameStats().nextFrames - frames.nextFrames).toBe(3);
    const [first] = subscribers.map(({ raw }) => raw.frames[1]!);
    for (const { raw, id } of subscribers) {
      expect(raw.frames[1]).toBe(first!.replace('"id":"a"', `"id":"${id}"`));
      expect(sequencesOf(raw)).toEqual([last]);
    }
    await closeAll(...subscribers.map(({ raw }) => raw));
    await waitUntilTrue(() => loops().loops === before.loops, 'the loop to stop once its members left');
  });

  it('a subscriber that comes after the first delivery gets a loop of its own and misses nothing', async () => {
    const { jobId, after } = await pausedJob();
    const early = { raw: await rawSubscriber(http.url, 'alice'), id: 'early' };
    const before = loops();
    await subscribeAll([early], jobId, after);
    const firstEvent = await appendEvents(services, jobId, 'first');
    await early.raw.waitFor(2, 'the first event');

    const late = { raw: await rawSubscriber(http.url, 'alice'), id: 'late' };
    await subscribeAll([late], jobId, after); // the same question, asked after the loop delivered
    expect(loops().loops - before.loops).toBe(2);
    await late.raw.waitFor(2, 'the first event, replayed');
    const secondEvent = await appendEvents(services, jobId, 'second');
    await Promise.all([early.raw.waitFor(3, 'the second event'), late.raw.waitFor(3, 'the second event')]);
    expect(sequencesOf(early.raw)).toEqual([firstEvent, secondEvent]);
    expect(sequencesOf(late.raw)).toEqual([firstEvent, secondEvent]);
    expect(messagesOf(late.raw).map((m) => m.id)).toEqual(['late', 'late']);
    await closeAll(early.raw, late.raw);
  });

  it('a member more than 1 MiB behind the others of its loop is closed with 1013; the others get everything', async () => {
    const { jobId, after } = await pausedJob();
    const slow = { raw: await rawSubscriber(http.url, 'alice'), id: 'slow' };
    const healthy = { raw: await rawSubscriber(http.url, 'alice'), id: 'healthy' };
    const serverSockets = new Set(http.websocket.clients);
    await subscribeAll([slow, healthy], jobId, after);
    slow.raw.socket.pause();
    // ~24 MB of events: far above what the loopback's socket buffers and MAX_BEHIND_BYTES hold.
    const big = 'x'.repeat(8_000);
    const appended = (async () => {
      let last = after;
      for (let i = 0; i < 6; i++) last = await appendEvents(services, jobId, big, 500);
      return last;
    })();
    // The slow one's server socket is closed (the close frame queued behind its backlog, bounded by the limit plus
    // the frame that crossed it); it reads again at once, so the close handshake ends before ws's close timeout.
    const closing = () => [...serverSockets].filter((socket) => socket.readyState === socket.CLOSING);
    await waitUntilTrue(() => closing().length > 0, 'the slow member closed', 60_000);
    expect(closing()).toHaveLength(1);
    expect(closing()[0]!.bufferedAmount).toBeLessThan(MAX_BEHIND_BYTES + 64 * 1024);
    const closed = closeOf(slow.raw.socket, 60_000);
    slow.raw.socket.resume();
    expect(await closed).toEqual({ code: 1013, reason: 'Try again later' });

    const total = (await appended) - after;
    await healthy.raw.waitFor(1 + total, 'every event', 60_000);
    expect(sequencesOf(healthy.raw)).toEqual(Array.from({ length: total }, (_, i) => after + 1 + i));
    const received = sequencesOf(slow.raw);
    expect(received.length).toBeLessThan(total);
    expect(received).toEqual(Array.from({ length: received.length }, (_, i) => after + 1 + i)); // a prefix, in order
    await closeAll(healthy.raw);
  }, 120_000);

  it("never shares a loop across viewers: bob asking exactly what alice asks gets NOT_FOUND, never alice's events", async () => {
    const { jobId, after } = await pausedJob();
    const bobFirst = { raw: await rawSubscriber(http.url, 'bob'), id: 'same' };
    const aliceSub = { raw: await rawSubscriber(http.url, 'alice'), id: 'same' };
    const bobLater = { raw: await rawSubscriber(http.url, 'bob'), id: 'same' };
    const admin = { raw: await rawSubscriber(http.url, 'admin'), id: 'same' };
    // bob first: were loops shared across viewers, alice would join bob's refused one (and bob would join alice's).
    // (A refused loop ends at once, so the transport's member count is no sign here: wait for bob's frames.)
    for (const { raw, id } of [bobFirst, aliceSub, bobLater, admin]) raw.subscribe(id, EVENTS, { jobId, after });
    await Promise.all([bobFirst, bobLater].map(({ raw }) => raw.waitFor(3, "bob's refusal and complete")));
    await waitUntilTrue(() => loops().open >= 2, "alice's and the admin's loops waiting for their first event");
    const last = await appendEvents(services, jobId, 'for alice and admins only');
    await Promise.all([aliceSub.raw.waitFor(2, 'the event'), admin.raw.waitFor(2, 'the event')]);
    expect(sequencesOf(aliceSub.raw)).toEqual([last]);
    expect(sequencesOf(admin.raw)).toEqual([last]);
    for (const bob of [bobFirst, bobLater]) {
      const [refusal, complete] = messagesOf(bob.raw);
      expect(refusal).toMatchObject({ id: 'same', type: 'next' });
      expect(refusal!.payload!.data).toBeUndefined();
      expect(refusal!.payload!.errors).toEqual([expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })]);
      expect(complete).toEqual({ id: 'same', type: 'complete' });
      expect(bob.raw.frames.join('\n')).not.toContain('for alice and admins only');
    }
    await closeAll(bobFirst.raw, aliceSub.raw, bobLater.raw, admin.raw);
  });
});
