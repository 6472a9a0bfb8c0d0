// Subscriptions end to end, delivery: jobEvents and hitlPromptPending from creation to COMPLETED over each transport,
// reconnecting with the last sequence seen, and the event hub losing its LISTEN connection. The server, worker and
// hub: tests/helpers/subscription-server.ts.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { makeWsClient, record, type SubscriptionClient } from './helpers/clients';
import { adminQuery } from './helpers/database';
import { waitForJob } from './helpers/services';
import {
  EVENTS,
  type EventItem,
  TASK,
  alice,
  answer,
  answeringPrompts,
  completedJob,
  db,
  expectNoErrors,
  expectWholeLog,
  gate,
  http,
  hub,
  nextTask,
  oneTo,
  sequences,
  services,
  sse,
  storedEvents,
  ws,
  useSubscriptionServer,
} from './helpers/subscription-server';

useSubscriptionServer();

/**
 * A new job of alice's followed over one transport to COMPLETED, answering every prompt: the whole log arrives, and
 * the three prompts of the default policy.
 */
async function followToCompleted(transport: (userId: string) => SubscriptionClient, idOf: (jobId: string) => string) {
  const job = await createSkillJob(services, alice, { taskDescription: nextTask() });
  const client = transport('alice');
  const failures: unknown[] = [];
  const prompts = answeringPrompts(client, job.jobId, failures);
  const events = record<EventItem>(client, 'jobEvents', EVENTS, { jobId: idOf(job.jobId) });

  await events.waitForCompletion(60_000);
  await prompts.waitForCompletion(10_000);
  expect(failures).toEqual([]);
  expectNoErrors(events, prompts);
  await expectWholeLog(job.jobId, events.items, 'COMPLETED');
  expect(prompts.items.map((p) => p.interactionType)).toEqual(['CLARIFY', 'CONFIRM', 'PREVIEW']);
  return { job, events, prompts };
}

describe('jobEvents and hitlPromptPending follow a job from creation to COMPLETED', () => {
  it('over graphql-ws: every event once, in order (1..n), ending with the terminal event, then complete', async () => {
    // The global id works as well as the UUID.
    const { job, events, prompts } = await followToCompleted(ws, (jobId) => encodeGlobalID('Job', jobId));
    expect(prompts.items.every((p) => p.status === 'PENDING' && p.job.userId === 'alice')).toBe(true);
    expect(new Set(prompts.items.map((p) => p.interactionId)).size).toBe(3);
    const finalJob = await db.prisma.job.findUniqueOrThrow({ where: { jobId: job.jobId } });
    expect(finalJob.status).toBe('COMPLETED');
    expect(events.items.length).toBe(finalJob.lastSequence);
  });

  it('over Server-Sent Events (graphql-sse client): the same, exactly once and in order', async () => {
    await followToCompleted(sse, (jobId) => jobId);
  });

  it('over a raw text/event-stream POST: data events carry the results and the stream ends with a complete event', async () => {
    const job = await completedJob();
    const response = await fetch(`${http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-user-id': 'alice' },
      body: JSON.stringify({ query: EVENTS, variables: { jobId: job.jobId, after: 2 } }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text(); // ends because the subscription completes at the terminal event
    const data = [...text.matchAll(/^event: next\ndata: (.*)$/gm)].map(
      (m) => JSON.parse(m[1]!) as { data: { jobEvents: EventItem } },
    );
    const stored = await storedEvents(job.jobId);
    expect(data.map((d) => d.data.jobEvents.sequence)).toEqual(oneTo(stored.length).slice(2));
    expect(text).toMatch(/event: complete/);
  });
});

describe('reconnecting with the last sequence seen', () => {
  it('a client that left after event k and comes back with afterSequence: k gets k+1.. exactly once', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: nextTask() });
    const failures: unknown[] = [];
    const prompts = answeringPrompts(ws('alice'), job.jobId, failures);

    const firstClient = makeWsClient(http.url, { 'x-user-id': 'alice' });
    const first = record<EventItem>(firstClient, 'jobEvents', EVENTS, { jobId: job.jobId }, { stopAfter: 4 });
    await first.waitFor((items) => items.length === 4, '4 events');
    await firstClient.close();
    expect(sequences(first.items)).toEqual([1, 2, 3, 4]);

    // More happens while nobody listens.
    await waitForJob(db, job.jobId, (j) => j.lastSequence > 6, { description: 'events after the disconnect' });

    const second = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId, after: 4 });
    await second.waitForCompletion(60_000);
    await prompts.waitForCompletion(10_000);
    expect(failures).toEqual([]);
    expectNoErrors(first, second, prompts);
    expect(second.items[0]?.sequence).toBe(5);
    await expectWholeLog(job.jobId, [...first.items, ...second.items], 'COMPLETED');
  });

  it('after the terminal event, reconnecting with its sequence completes at once with nothing; mid-log gives the rest', async () => {
    const done = await completedJob();
    const client = ws('alice');
    const atEnd = record<EventItem>(client, 'jobEvents', EVENTS, { jobId: done.jobId, after: done.lastSequence });
    await atEnd.waitForCompletion(10_000);
    expect(atEnd.items).toEqual([]);

    const rest = record<EventItem>(client, 'jobEvents', EVENTS, { jobId: done.jobId, after: done.lastSequence - 3 });
    await rest.waitForCompletion(10_000);
    expect(sequences(rest.items)).toEqual([done.lastSequence - 2, done.lastSequence - 1, done.lastSequence]);
  });

  it('reads a long log in batches without losing order', async () => {
    const done = await completedJob();
    const { followJobEvents } = await import('../resolvers/events/streams');
    const stream = await followJobEvents(services, alice, { jobId: done.jobId, batchSize: 2 });
    const seen: number[] = [];
    for await (const event of stream) seen.push(event.sequence);
    expect(seen).toEqual(oneTo(done.lastSequence));
  });
});

describe('the event hub survives losing its LISTEN connection', () => {
  it('events committed while the hub is disconnected are delivered after it reconnects (resync), without gaps', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const paused = await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', {
      description: 'the CLARIFY pause',
    });
    const events = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId });
    await events.waitFor((items) => items.length === paused.lastSequence, `${paused.lastSequence} events`);

    const before = hub.status();
    expect(before.connected).toBe(true);
    gate.close();
    const reached = gate.reached();
    await adminQuery(db.adminUrl, `SELECT pg_terminate_backend(${before.backendPid})`);
    await reached; // the hub noticed, and is held before reconnecting
    expect(hub.status().connected).toBe(false);

    // Deaf hub: answer the prompt; the worker runs to the next pause, committing events nobody is told about.
    const pending = await db.prisma.hitlInteraction.findFirstOrThrow({
      where: { jobId: job.jobId, status: 'PENDING' },
    });
    await answer(alice, pending.interactionId);
    const next = await waitForJob(
      db,
      job.jobId,
      (j) => j.status === 'PENDING_HITL' && j.lastSequence > paused.lastSequence + 2,
      {
        description: 'the next pause',
      },
    );
    expect(events.items.length).toBe(paused.lastSequence); // nothing could ring

    gate.open();
    // Only the resync after reconnecting can deliver these: the job is quiet now.
    await events.waitFor(
      (items) => items.length === next.lastSequence,
      `all ${next.lastSequence} events after the resync`,
      15_000,
    );
    const after = hub.status();
    expect(after.connected).toBe(true);
    expect(after.reconnects).toBe(before.reconnects + 1);
    expect(after.backendPid).not.toBe(before.backendPid);

    await cancelJob(services, alice, { jobId: job.jobId, reason: 'enough' });
    await events.waitForCompletion(10_000);
    expectNoErrors(events);
    await expectWholeLog(job.jobId, events.items, 'CANCELLED');
  });
});
