import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../prisma/database';
import { ValidationError, InvalidStateError } from '../resolvers/errors';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { retryJob } from '../resolvers/jobs/retry-job';
import { checkInvariants } from '../resolvers/invariants';
import { respondToHitl } from '../resolvers/hitl/respond-to-hitl';
import type { Services } from '../resolvers/services';
import type { Viewer } from '../resolvers/viewer';
import { PHASES } from '../resolvers/workflow/machine';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { goodAnswers } from './helpers/hitl';
import { atConfirm, makeTestServices, startTestWorker, waitForJob } from './helpers/services';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';

const alice: Viewer = { userId: 'alice', isAdmin: false };

let db: TestDatabase;
let services: Services;
let worker: Awaited<ReturnType<typeof startTestWorker>>;

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db);
  worker = await startTestWorker(db, services);
});

afterAll(async () => {
  await worker?.close();
  await db?.drop();
});

async function pendingOf(jobId: string) {
  return db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId, status: 'PENDING' } });
}

async function waitPaused(jobId: string) {
  return waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL', { description: 'PENDING_HITL' });
}

async function expectCleanLog(jobId: string) {
  const events = await db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
  expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
  const progress = events.map((e) => e.progressPercent);
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
  const job = await db.prisma.job.findUniqueOrThrow({ where: { jobId } });
  expect(job.lastSequence).toBe(events.length);
  return events;
}

async function snapshotRows(jobId: string) {
  const [job, interactions, events] = await Promise.all([
    db.prisma.job.findUniqueOrThrow({ where: { jobId } }),
    db.prisma.hitlInteraction.findMany({ where: { jobId }, orderBy: { interactionId: 'asc' } }),
    db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } }),
  ]);
  return JSON.stringify({ job, interactions, events }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

describe('skill-creation workflow', () => {
  it('with the default policy pauses at CLARIFY, CONFIRM and PREVIEW, resumes after each answer and promotes the skill', async () => {
    const job = await createSkillJob(services, alice, {
      taskDescription: 'a skill that teaches an agent to write safe Postgres migrations',
    });
    expect(job.status).toBe('PENDING');
    const asked: string[] = [];
    let current: Job = job;
    for (let i = 0; i < 10; i++) {
      current = await waitForJob(
        db,
        job.jobId,
        (j) => j.status === 'PENDING_HITL' || j.status === 'COMPLETED' || j.status === 'FAILED',
        {
          description: 'a pause or the end',
        },
      );
      if (current.status !== 'PENDING_HITL') break;
      const pending = await pendingOf(job.jobId);
      asked.push(pending.interactionType);
      // The answer commits RUNNING before it returns: the next wait cannot see this pause again.
      const resumed = await respondToHitl(services, alice, goodAnswers(pending));
      expect(resumed.job.status).toBe('RUNNING');
    }
    expect(current.status).toBe('COMPLETED');
    expect(asked).toEqual(['CLARIFY', 'CONFIRM', 'PREVIEW']);
    expect(current.progressPercent).toBe(100);
    expect(current.promoted).toBe(true);
    expect(current.validationPassed).toBe(true);
    expect(current.draftPath).toBe(`_drafts/${job.jobId}/${current.taxonomyPath}`);
    const skill = await db.prisma.skill.findFirstOrThrow({ where: { jobId: job.jobId } });
    expect(skill).toMatchObject({ status: 'ACTIVE', name: current.skillName, version: '1.0.0' });
    expect(skill.publishedAt).toBeInstanceOf(Date);
    const events = await expectCleanLog(job.jobId);
    expect(events.at(-1)).toMatchObject({ eventType: 'STATUS_CHANGED', status: 'COMPLETED' });
    expect(events.filter((e) => e.eventType === 'HITL_REQUESTED')).toHaveLength(3);
    expect(events.filter((e) => e.eventType === 'HITL_RESPONDED')).toHaveLength(3);
    const du = await db.prisma.deepUnderstandingState.findUniqueOrThrow({ where: { jobId: job.jobId } });
    expect(du.complete).toBe(true);
    expect(du.readinessScore).toBeGreaterThanOrEqual(0.8);
    const tdd = await db.prisma.tddWorkflowState.findUniqueOrThrow({ where: { jobId: job.jobId } });
    expect(tdd).toMatchObject({ phase: 'REFACTOR', baselineTestsRun: false, complianceTestsRun: false });
    expect(tdd.rationalizationsIdentified.length).toBeGreaterThan(0);
  });

  it('with every prompt off runs from start to COMPLETED without a person', async () => {
    const job = await createSkillJob(services, alice, {
      taskDescription: 'a skill for reviewing pull requests in TypeScript',
      hitl: ALL_PROMPTS_OFF,
    });
    const done = await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED' || j.status === 'FAILED', {
      description: 'the end',
    });
    expect(done.status).toBe('COMPLETED');
    expect(await db.prisma.hitlInteraction.count({ where: { jobId: job.jobId } })).toBe(0);
    const events = await expectCleanLog(job.jobId);
    const phases = events.filter((e) => e.eventType === 'PHASE_STARTED').map((e) => e.phase);
    expect(phases).toEqual([...PHASES]);
    // A phase's own events name the phase they happened in, not the one its commit moved on to.
    const phaseOf = (type: string) => events.find((e) => e.eventType === type)?.phase;
    expect([phaseOf('SKILL_DRAFTED'), phaseOf('VALIDATED'), phaseOf('PROMOTED')]).toEqual([
      'TDD_GREEN',
      'VALIDATION',
      'PROMOTION',
    ]);
  });

  it('of two concurrent responses to one prompt exactly one is accepted', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: 'a skill for writing incident postmortems' });
    await waitPaused(job.jobId);
    const pending = await pendingOf(job.jobId);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => respondToHitl(services, alice, goodAnswers(pending))),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(accepted).toHaveLength(1);
    expect(rejected).toHaveLength(7);
    for (const r of rejected) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(InvalidStateError);
    const responded = await db.prisma.jobEvent.count({ where: { jobId: job.jobId, eventType: 'HITL_RESPONDED' } });
    expect(responded).toBe(1);
    await cancelJob(services, alice, { jobId: job.jobId });
  });

  it('rejects an invalid response and changes nothing', async () => {
    const job = await createSkillJob(services, alice, {
      taskDescription: 'a skill for debugging flaky integration tests',
    });
    await waitPaused(job.jobId);
    const clarify = await pendingOf(job.jobId);
    const before = await snapshotRows(job.jobId);
    const good = goodAnswers(clarify);
    const first = `answers[${good.answers![0]!.questionId}]`;
    const cases: Array<[string, Parameters<typeof respondToHitl>[2], string]> = [
      ['missing required answer', { ...good, answers: good.answers!.slice(1) }, first],
      ['unknown question', { ...good, answers: [...good.answers!, { questionId: 'nope', text: 'x' }] }, 'answers.'],
      ['REVISE on questions', { ...good, action: 'REVISE', feedback: 'more' }, 'action'],
      [
        'empty answer text',
        { ...good, answers: good.answers!.map((a, i) => (i === 0 ? { ...a, text: '   ' } : a)) },
        first,
      ],
    ];
    for (const [name, input, field] of cases) {
      const error = await respondToHitl(services, alice, input).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field, name).toContain(field);
    }
    // Options that do not exist, on a prompt with options.
    const prompt = clarify.promptData as { questions: Array<{ id: string; questionType: string }> };
    const choice = prompt.questions.find((q) => q.questionType === 'SINGLE' || q.questionType === 'MULTI');
    expect(choice, 'the clarify prompt has a question with options').toBeDefined();
    const badOption = {
      ...good,
      answers: good.answers!.map((a) =>
        a.questionId === choice!.id ? { questionId: a.questionId, optionIds: ['no-such-option'] } : a,
      ),
    };
    const error = await respondToHitl(services, alice, badOption).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toMatch(/optionIds/);
    expect(await snapshotRows(job.jobId)).toBe(before);

    // A review prompt: REVISE without feedback and an action it does not allow.
    await respondToHitl(services, alice, good);
    await waitForJob(db, job.jobId, atConfirm(), { description: 'CONFIRM' });
    const confirm = await pendingOf(job.jobId);
    expect(confirm.interactionType).toBe('CONFIRM');
    const beforeReview = await snapshotRows(job.jobId);
    const noFeedback = await respondToHitl(services, alice, {
      interactionId: confirm.interactionId,
      action: 'REVISE',
    }).catch((e: unknown) => e);
    expect(noFeedback).toBeInstanceOf(ValidationError);
    expect((noFeedback as ValidationError).field).toBe('feedback');
    const withAnswers = await respondToHitl(services, alice, {
      interactionId: confirm.interactionId,
      answers: [{ questionId: 'problem', text: 'x' }],
    }).catch((e: unknown) => e);
    expect(withAnswers).toBeInstanceOf(ValidationError);
    expect(await snapshotRows(job.jobId)).toBe(beforeReview);
    await cancelJob(services, alice, { jobId: job.jobId });
  });

  it('REVISE with feedback redoes the understanding and asks to confirm again', async () => {
    const job = await createSkillJob(services, alice, {
      taskDescription: 'a skill for planning zero-downtime database migrations',
    });
    await waitPaused(job.jobId);
    await respondToHitl(services, alice, goodAnswers(await pendingOf(job.jobId)));
    await waitForJob(db, job.jobId, atConfirm(), { description: 'CONFIRM 1' });
    const first = await pendingOf(job.jobId);
    const feedback = 'Also cover rollback of a failed migration in production';
    const revised = await respondToHitl(services, alice, {
      interactionId: first.interactionId,
      action: 'REVISE',
      feedback,
    });
    // A pause after the one the revision ended: its events come after the revision's.
    await waitForJob(db, job.jobId, atConfirm(revised.job.lastSequence), { description: 'CONFIRM 2' });
    const second = await pendingOf(job.jobId);
    expect(second.interactionType).toBe('CONFIRM');
    expect(second.roundNumber).toBe(2);
    expect(JSON.stringify(second.promptData)).not.toBe(JSON.stringify(first.promptData));
    await cancelJob(services, alice, { jobId: job.jobId });
  });

  it('cancels during a pause: the prompt is cancelled and the job ends CANCELLED with the reason', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: 'a skill for onboarding new engineers' });
    await waitPaused(job.jobId);
    const cancelled = await cancelJob(services, alice, { jobId: job.jobId, reason: 'changed my mind' });
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.cancelReason).toBe('changed my mind');
    expect(await db.prisma.hitlInteraction.count({ where: { jobId: job.jobId, status: 'PENDING' } })).toBe(0);
    expect(await db.prisma.hitlInteraction.count({ where: { jobId: job.jobId, status: 'CANCELLED' } })).toBe(1);
    const again = await cancelJob(services, alice, { jobId: job.jobId }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(InvalidStateError);
    expect((again as InvalidStateError).currentStatus).toBe('CANCELLED');
    await expectCleanLog(job.jobId);
  });

  it('retry of a cancelled job resumes from the phase where it stopped, keeping earlier output', async () => {
    const job = await createSkillJob(services, alice, {
      taskDescription: 'a skill for writing architecture decision records',
    });
    await waitPaused(job.jobId);
    const refined = await db.prisma.job.findUniqueOrThrow({ where: { jobId: job.jobId } });
    expect(refined.currentPhase).toBe('DEEP_UNDERSTANDING');
    await cancelJob(services, alice, { jobId: job.jobId });
    const retried = await retryJob(services, alice, { jobId: job.jobId });
    expect(retried.status).toBe('PENDING');
    const paused = await waitPaused(job.jobId);
    expect(paused.currentPhase).toBe('DEEP_UNDERSTANDING');
    expect(paused.skillName).toBe(refined.skillName);
    // TASK_REFINEMENT ran once: one PHASE_COMPLETED for it.
    const completedRefinement = await db.prisma.jobEvent.count({
      where: { jobId: job.jobId, eventType: 'PHASE_COMPLETED', phase: 'TASK_REFINEMENT' },
    });
    expect(completedRefinement).toBe(1);
    const notRetryable = await retryJob(services, alice, { jobId: job.jobId }).catch((e: unknown) => e);
    expect(notRetryable).toBeInstanceOf(InvalidStateError);
    await cancelJob(services, alice, { jobId: job.jobId });
    await expectCleanLog(job.jobId);
  });

  it('leaves every invariant intact while a job waits for a person, and after it is cancelled', async () => {
    const job = await createSkillJob(services, alice, { taskDescription: 'a skill for tuning slow SQL queries' });
    await waitPaused(job.jobId);
    expect(await checkInvariants(db.prisma)).toEqual([]);
    await cancelJob(services, alice, { jobId: job.jobId });
    expect(await checkInvariants(db.prisma)).toEqual([]);
  });
});
