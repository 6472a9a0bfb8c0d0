// Subscriptions end to end: jobUpdated, many subscribers of one event, and who may subscribe to what.
import { describe, expect, it } from 'vitest';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { record } from './helpers/clients';
import { waitForJob } from './helpers/services';
import {
  EVENTS,
  type EventItem,
  type JobItem,
  PROMPTS,
  type PromptItem,
  TASK,
  UPDATES,
  alice,
  answer,
  bob,
  db,
  expectNoErrors,
  oneTo,
  sequences,
  services,
  sse,
  storedEvents,
  ws,
  useSubscriptionServer,
} from './helpers/subscription-server';

useSubscriptionServer();

describe('jobUpdated', () => {
  it('yields the current job first, then each change, and completes at a terminal status', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const paused = await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', {
      description: 'the CLARIFY pause',
    });
    const updates = record<JobItem>(ws('alice'), 'jobUpdated', UPDATES, { jobId: job.jobId });
    const [first] = await updates.waitFor((items) => items.length >= 1, 'the current job');
    expect(first).toMatchObject({ jobId: job.jobId, status: 'PENDING_HITL', progressPercent: paused.progressPercent });
    expect(first?.pendingInteraction?.interactionType).toBe('CLARIFY');
    expect(new Date(first!.updatedAt).getTime()).toBe(paused.updatedAt.getTime());

    const pending = await db.prisma.hitlInteraction.findFirstOrThrow({
      where: { jobId: job.jobId, status: 'PENDING' },
    });
    await answer(alice, pending.interactionId);
    await updates.waitFor(
      (items) => items.length > 1 && items.at(-1)?.pendingInteraction?.interactionType === 'CONFIRM',
      'the CONFIRM pause',
    );
    expect(updates.state()).toBe('open');
    await cancelJob(services, alice, { jobId: job.jobId });
    await updates.waitForCompletion(10_000);

    expectNoErrors(updates);
    const statuses = updates.items.map((j) => j.status);
    expect(statuses[0]).toBe('PENDING_HITL');
    // The stream delivers states the job passed through, in order; changes that land between two of its reads are
    // seen together (the RUNNING between the two pauses may be one of them: a phase can commit within a millisecond
    // of its start), so the delivered statuses are a subsequence of the event log's.
    const logged = (
      await db.prisma.jobEvent.findMany({ where: { jobId: job.jobId }, orderBy: { sequence: 'asc' } })
    ).map((e) => e.status as string);
    let at = logged.indexOf(statuses[0]!);
    for (const status of statuses.slice(1)) {
      at = logged.indexOf(status, at + 1);
      expect(
        at,
        `${status} in ${JSON.stringify(logged)} after the delivered ${JSON.stringify(statuses)}`,
      ).toBeGreaterThan(-1);
    }
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses.at(-1)).toBe('CANCELLED');
    expect(statuses.filter((s) => s === 'CANCELLED')).toHaveLength(1);
    const stamps = updates.items.map((j) => new Date(j.updatedAt).getTime());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
    const progress = updates.items.map((j) => j.progressPercent);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
  });

  it('on a job that is already terminal yields it once and completes', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    await cancelJob(services, alice, { jobId: job.jobId });
    const updates = record<JobItem>(sse('alice'), 'jobUpdated', UPDATES, { jobId: job.jobId });
    await updates.waitForCompletion(10_000);
    expect(updates.items.map((j) => j.status)).toEqual(['CANCELLED']);
  });
});

describe('one event, many subscribers (results are shared only between identical operations)', () => {
  it('subscribers of one job asking different things each get their own answer; identical ones the same', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const BRIEF = 'subscription Brief($jobId: ID!) { jobEvents(jobId: $jobId) { sequence message } }';
    const first = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId });
    const second = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId });
    const brief = record<{ sequence: number; message: string | null }>(ws('alice'), 'jobEvents', BRIEF, {
      jobId: job.jobId,
    });
    const later = record<EventItem>(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId, after: 1 });
    await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', { description: 'the first prompt' });
    await cancelJob(services, alice, { jobId: job.jobId, reason: 'enough' });
    for (const recording of [first, second, brief, later]) await recording.waitForCompletion(30_000);
    expectNoErrors(first, second, brief, later);
    const stored = await storedEvents(job.jobId);
    expect(sequences(first.items)).toEqual(oneTo(stored.length));
    expect(second.items).toEqual(first.items);
    expect(brief.items).toEqual(first.items.map((e) => ({ sequence: e.sequence, message: e.message })));
    expect(later.items).toEqual(first.items.slice(1));
    expect(first.items.at(-1)?.status).toBe('CANCELLED');
  });
});

describe('access', () => {
  it("another user's job is NOT_FOUND on jobEvents, jobUpdated and hitlPromptPending(jobId), over both transports", async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    for (const client of [ws('bob'), sse('bob')]) {
      for (const [field, query, variables] of [
        ['jobEvents', EVENTS, { jobId: job.jobId }],
        ['jobUpdated', UPDATES, { jobId: job.jobId }],
        ['hitlPromptPending', PROMPTS, { jobId: job.jobId }],
        ['jobEvents', EVENTS, { jobId: 'not-an-id' }],
        ['jobUpdated', UPDATES, { jobId: '00000000-0000-4000-8000-000000000000' }],
      ] as const) {
        const rec = record(client, field, query, variables);
        await rec.waitForCompletion(10_000);
        expect(rec.items).toEqual([]);
        expect(rec.results).toHaveLength(1);
        expect(rec.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(rec.results[0]?.errors?.[0]?.message).toBe('job not found');
      }
    }
    // The owner and an admin may.
    const own = record<JobItem>(ws('alice'), 'jobUpdated', UPDATES, { jobId: job.jobId });
    const admin = record<JobItem>(ws('admin'), 'jobUpdated', UPDATES, { jobId: job.jobId });
    await own.waitFor((items) => items.length >= 1, 'the owner sees the job');
    await admin.waitFor((items) => items.length >= 1, 'an admin sees the job');
    await cancelJob(services, alice, { jobId: job.jobId });
    await own.waitForCompletion(10_000);
    await admin.waitForCompletion(10_000);
  });

  it('a negative afterSequence is a validation error', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: TASK });
    const rec = record(ws('alice'), 'jobEvents', EVENTS, { jobId: job.jobId, after: -1 });
    await rec.waitForCompletion(10_000);
    expect(rec.results[0]?.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'afterSequence',
    });
  });

  it("hitlPromptPending without a job yields the viewer's own prompts only, those already pending first", async () => {
    const aliceJob = await createSkillJob(services, alice, { taskDescription: TASK });
    await waitForJob(db, aliceJob.jobId, (j) => j.status === 'PENDING_HITL', { description: "alice's pause" });
    const bobJobs = [await createSkillJob(services, bob, { taskDescription: TASK })];
    await waitForJob(db, bobJobs[0]!.jobId, (j) => j.status === 'PENDING_HITL', { description: "bob's first pause" });

    // Alice's prompt is PENDING now; bob's subscription must not replay it, nor any later one of hers.
    const bobPrompts = record<PromptItem>(ws('bob'), 'hitlPromptPending', PROMPTS, {});
    await bobPrompts.waitFor((items) => items.length >= 1, "bob's already pending prompt");
    const alicePrompts = record<PromptItem>(sse('alice'), 'hitlPromptPending', PROMPTS, {});
    await alicePrompts.waitFor((items) => items.some((p) => p.job.jobId === aliceJob.jobId), "alice's pending prompt");

    // New prompts for both: alice answers hers (her next one comes), bob starts another job.
    const alicePending = await db.prisma.hitlInteraction.findFirstOrThrow({
      where: { jobId: aliceJob.jobId, status: 'PENDING' },
    });
    await answer(alice, alicePending.interactionId);
    await waitForJob(
      db,
      aliceJob.jobId,
      (j) => j.status === 'PENDING_HITL' && j.lastSequence > aliceJob.lastSequence + 5,
      { description: "alice's next pause" },
    );
    bobJobs.push(await createSkillJob(services, bob, { taskDescription: TASK }));
    await bobPrompts.waitFor(
      (items) => items.some((p) => p.job.jobId === bobJobs[1]!.jobId),
      "the prompt of bob's new job",
    );
    await alicePrompts.waitFor(
      (items) => items.filter((p) => p.job.jobId === aliceJob.jobId).length === 2,
      "alice's second prompt",
    );

    const bobJobIds = bobJobs.map((j) => j.jobId);
    expectNoErrors(bobPrompts, alicePrompts);
    expect(bobPrompts.items.every((p) => p.job.userId === 'bob' && bobJobIds.includes(p.job.jobId))).toBe(true);
    expect(alicePrompts.items.every((p) => p.job.userId === 'alice')).toBe(true);
    expect(new Set(bobPrompts.items.map((p) => p.interactionId)).size).toBe(bobPrompts.items.length);
    expect(bobPrompts.state()).toBe('open');
    bobPrompts.stop();
    alicePrompts.stop();
    for (const job of [aliceJob, ...bobJobs])
      await cancelJob(services, job.userId === 'bob' ? bob : alice, { jobId: job.jobId });
  });
});
