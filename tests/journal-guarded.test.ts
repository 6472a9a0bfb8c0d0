// The one-statement commit of a phase (journal.ts applyGuardedTransition with phase-state-rows.ts): the job's
// update, its events, the doorbell, its task and the phase's state rows are written together when the job is still
// as the phase saw it, and not at all when it changed; what comes back is what was stored.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../prisma/database';
import { JOB_EVENTS_CHANNEL } from '../resolvers/events/channel';
import { applyGuardedTransition, applyTransitionIfUnchanged, insertJob, readJob } from '../resolvers/jobs/journal';
import { stateRows, storedState } from '../resolvers/jobs/phase-state-rows';
import { makeQueue } from '../resolvers/queue/queue';
import { createTestDatabase, type TestDatabase } from './helpers/database';

let db: TestDatabase;
const queue = makeQueue({ phaseMaxAttempts: 3 });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function runningJob(): Promise<Job> {
  const jobId = randomUUID();
  const created = await insertJob(db.prisma, {
    jobId,
    userId: 'journal-test',
    taskDescription: 'a skill for testing the journal',
    hitlPolicy: {},
    idempotencyKey: null,
    traceParent: null,
    created: { message: 'Job created', data: {}, progressMessage: 'Queued' },
    task: queue.advanceSpec(jobId, null),
  });
  const started = await applyTransitionIfUnchanged(db.prisma, created!, {
    to: 'RUNNING',
    phase: 'DEEP_UNDERSTANDING',
    progress: 10,
    events: [{ type: 'PHASE_STARTED', message: 'started' }],
  });
  // Its first task done (as a worker that ran it): the task a commit adds is then the only one of the job.
  await db.prisma.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE payload->>'jobId' = ${jobId}`;
  return started!;
}

async function counts(jobId: string) {
  const [row] = await db.prisma.$queryRaw<Array<{ events: number; reports: number; tasks: number }>>`
    SELECT (SELECT count(*)::int FROM job_events WHERE job_id = ${jobId}::uuid) AS events,
           (SELECT count(*)::int FROM validation_reports WHERE job_id = ${jobId}::uuid) AS reports,
           (SELECT count(*)::int FROM graphile_worker._private_jobs WHERE payload->>'jobId' = ${jobId}) AS tasks`;
  return row!;
}

const understanding = {
  userProblem: 'migrations lock tables',
  userGoals: ['no downtime', 'reversible'],
  questionsAsked: [{ id: 'q1', text: 'Which database?' }],
  readinessScore: 0.75,
  complete: true,
  rounds: 2,
};

describe('a phase committed in one statement', () => {
  it('writes the job, its events, the doorbell, its task and its state rows, and returns them as stored', async () => {
    const seen = await runningJob();
    const before = await counts(seen.jobId);
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    try {
      const rang = new Promise<string>((resolve) => listener.once('notification', (n) => resolve(n.payload ?? '')));
      await listener.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
      const written = await applyGuardedTransition(
        db.prisma,
        seen,
        {
          phase: 'TDD_RED',
          progress: 30,
          message: 'understood',
          patch: { draftContent: '---\nname: x\n---\n', validationScore: 0.5, result: { note: 'kept as JSON' } },
          events: [
            { type: 'PHASE_COMPLETED', phase: 'DEEP_UNDERSTANDING', message: 'done' },
            { type: 'PHASE_STARTED', message: 'TDD_RED started' },
          ],
          task: queue.advance(seen.jobId, null),
        },
        stateRows(seen.jobId, {
          deepUnderstanding: understanding,
          tdd: { phase: 'RED', rationalizationsIdentified: ['just this once'], baselineViolationRate: null },
          validationReport: { attempt: 1, passed: true, score: 0.9, errors: [], warnings: ['w'], checks: [] },
        }),
      );
      expect(written).not.toBeNull();
      // The returned job and rows are exactly what a read finds (types included: dates, arrays, JSON, floats).
      expect(written!.job).toEqual(await readJob(db.prisma, seen.jobId));
      expect(written!.job).toMatchObject({ currentPhase: 'TDD_RED', progressPercent: 30, validationScore: 0.5 });
      expect(written!.job.result).toEqual({ note: 'kept as JSON' });
      expect(written!.job.lastSequence).toBe(seen.lastSequence + 2);
      const stored = storedState(written!);
      expect(stored.deepUnderstanding).toEqual(
        await db.prisma.deepUnderstandingState.findUnique({ where: { jobId: seen.jobId } }),
      );
      expect(stored.deepUnderstanding).toMatchObject(understanding);
      expect(stored.tdd).toEqual(await db.prisma.tddWorkflowState.findUnique({ where: { jobId: seen.jobId } }));
      expect(stored.tdd).toMatchObject({ phase: 'RED', rationalizationsIdentified: ['just this once'] });
      expect(await counts(seen.jobId)).toEqual({
        events: before.events + 2,
        reports: before.reports + 1,
        tasks: before.tasks + 1,
      });
      const payload = JSON.parse(await rang);
      expect(payload).toMatchObject({ jobId: seen.jobId, sequence: seen.lastSequence + 2 });

      // The next commit upserts the same state row: the given columns change, the others stay.
      const again = await applyGuardedTransition(
        db.prisma,
        written!.job,
        { message: 'again', events: [{ type: 'PROGRESS', message: 'again' }] },
        stateRows(seen.jobId, { deepUnderstanding: { rounds: 3 } }),
      );
      expect(storedState(again!).deepUnderstanding).toMatchObject({ ...understanding, rounds: 3 });
      expect(storedState(again!).deepUnderstanding?.stateId).toBe(stored.deepUnderstanding?.stateId);
    } finally {
      await listener.end();
    }
  });

  it('writes nothing at all when the job changed since the phase saw it', async () => {
    const seen = await runningJob();
    // Something else happened to the job meanwhile (a response, a cancel, another worker): its sequence moved on.
    const moved = await applyTransitionIfUnchanged(db.prisma, seen, {
      message: 'someone else',
      events: [{ type: 'PROGRESS', message: 'someone else' }],
    });
    expect(moved).not.toBeNull();
    const before = await counts(seen.jobId);
    const written = await applyGuardedTransition(
      db.prisma,
      seen,
      {
        phase: 'TDD_RED',
        progress: 30,
        patch: { draftContent: 'stale' },
        events: [{ type: 'PHASE_STARTED', message: 'stale' }],
        task: queue.advance(seen.jobId, null),
      },
      stateRows(seen.jobId, {
        deepUnderstanding: understanding,
        validationReport: { attempt: 1, passed: true, score: 0.9, errors: [], warnings: [], checks: [] },
      }),
    );
    expect(written).toBeNull();
    expect(await readJob(db.prisma, seen.jobId)).toEqual(moved);
    expect(await counts(seen.jobId)).toEqual(before);
    expect(await db.prisma.deepUnderstandingState.findUnique({ where: { jobId: seen.jobId } })).toBeNull();
  });
});
