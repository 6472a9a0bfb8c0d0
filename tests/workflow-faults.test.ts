// The workflow when things go wrong: prompts that time out, phases that throw, cancels that race a running phase,
// and worker processes killed with SIGKILL in the middle of a phase.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../resolvers/invariants';
import type { SkillAuthor } from '../resolvers/author/types';
import { respondToHitl } from '../resolvers/hitl/respond-to-hitl';
import { cancelJob } from '../resolvers/jobs/cancel-job';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { jobStats, stuckJobs } from '../resolvers/jobs/monitoring';
import { retryJob } from '../resolvers/jobs/retry-job';
import type { Viewer } from '../resolvers/viewer';
import { JOB_STATUSES, PHASES } from '../resolvers/workflow/machine';
import { createTestDatabase, lockJobRow, type TestDatabase } from './helpers/database';
import { goodAnswers } from './helpers/hitl';
import { startService, type ServiceProcess } from '../harness/service-process';
import { heldAuthor, makeTestServices, startWorkerForTest, waitForJob } from './helpers/services';
import { makePlainPool } from '../harness/pg-connections';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { stopWhenTestEnds } from './helpers/cleanup';

const bob: Viewer = { userId: 'bob', isAdmin: false };

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function eventsOf(jobId: string) {
  return db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
}

async function expectGapless(jobId: string) {
  const events = await eventsOf(jobId);
  expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
  return events;
}

/** An author whose chosen method waits until the test lets it go, and tells the test when it got there. */
function gatedAuthor(method: keyof SkillAuthor) {
  let arrived!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((r) => (arrived = r));
  const gate = new Promise<void>((r) => (release = r));
  const author = heldAuthor(method, () => {
    arrived();
    return gate;
  });
  return { author, reached, release };
}

describe('prompt timeouts', () => {
  it('a question prompt without a default fails the job with an error naming the prompt', async () => {
    const services = makeTestServices(db);
    await startWorkerForTest(db, services);
    const job = await createSkillJob(services, bob, {
      taskDescription: 'a skill for triaging customer bug reports',
      hitl: { timeoutSeconds: 1 },
    });
    const failed = await waitForJob(db, job.jobId, (j) => j.status === 'FAILED', { description: 'FAILED by timeout' });
    expect(failed.error).toMatch(/No response to the CLARIFY prompt \(interaction \d+\) within 1 s/);
    const interaction = await db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId: job.jobId } });
    expect(interaction.status).toBe('TIMEOUT');
    const events = await expectGapless(job.jobId);
    expect(events.map((e) => e.eventType)).toContain('HITL_TIMED_OUT');
    expect(events.at(-1)).toMatchObject({ eventType: 'STATUS_CHANGED', status: 'FAILED' });
    // A late answer is refused.
    const late = await respondToHitl(services, bob, goodAnswers(interaction)).catch((e: unknown) => e);
    expect((late as { code?: string }).code).toBe('INVALID_STATE');
  });

  it('review prompts that declare a default proceed with it when they time out', async () => {
    const services = makeTestServices(db);
    await startWorkerForTest(db, services);
    const job = await createSkillJob(services, bob, {
      taskDescription: 'a skill for writing database runbooks',
      hitl: { clarify: false, confirm: true, preview: true, timeoutSeconds: 1 },
    });
    const done = await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED' || j.status === 'FAILED', {
      description: 'the end',
    });
    expect(done.status).toBe('COMPLETED');
    const interactions = await db.prisma.hitlInteraction.findMany({
      where: { jobId: job.jobId },
      orderBy: { interactionId: 'asc' },
    });
    expect(interactions.map((i) => [i.interactionType, i.status])).toEqual([
      ['CONFIRM', 'TIMEOUT'],
      ['PREVIEW', 'TIMEOUT'],
    ]);
    expect(
      interactions.every((i) => (i.responseData as { action?: string; timedOut?: boolean }).timedOut === true),
    ).toBe(true);
    const events = await expectGapless(job.jobId);
    expect(events.filter((e) => e.eventType === 'HITL_TIMED_OUT')).toHaveLength(2);
  });
});

describe('failing phases', () => {
  it('a phase that keeps failing ends FAILED with a readable error after its attempts; retry completes it once the fault is gone', async () => {
    let broken = true;
    let failures = 0;
    const flaky = heldAuthor('draft', () => {
      if (!broken) return;
      failures++;
      throw new Error('the model endpoint is down\n    at secret/stack/frame.ts:1:1');
    });
    const services = makeTestServices(db, { author: flaky, settings: { phaseMaxAttempts: 2 } });
    await startWorkerForTest(db, services);
    const job = await createSkillJob(services, bob, {
      taskDescription: 'a skill for writing load tests',
      hitl: ALL_PROMPTS_OFF,
    });
    const failed = await waitForJob(db, job.jobId, (j) => j.status === 'FAILED', {
      timeoutMs: 30_000,
      description: 'FAILED after attempts',
    });
    expect(failed.currentPhase).toBe('TDD_GREEN');
    expect(failed.error).toBe('TDD_GREEN failed after 2 attempts: the model endpoint is down');
    expect(failed.errorStack).toContain('the model endpoint is down');
    // TDD_GREEN failed in the task that ran the phases before it, and still got its full 2 attempts.
    expect(failures).toBe(2);
    const events = await expectGapless(job.jobId);
    expect(events.some((e) => e.eventType === 'PROGRESS' && e.message?.includes('attempt 1 of 2 failed'))).toBe(true);

    broken = false;
    await retryJob(services, bob, { jobId: job.jobId });
    const done = await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED' || j.status === 'FAILED', {
      description: 'completion after retry',
    });
    expect(done.status).toBe('COMPLETED');
    expect(done.error).toBeNull();
    const after = await expectGapless(job.jobId);
    // Earlier phases were not redone: TDD_RED completed exactly once.
    expect(after.filter((e) => e.eventType === 'PHASE_COMPLETED' && e.phase === 'TDD_RED')).toHaveLength(1);
  });
});

describe('cancel during a running phase', () => {
  it('the running phase notices at its checkpoint and stops without writing its output', async () => {
    const { author, reached, release } = gatedAuthor('scenarios');
    const services = makeTestServices(db, { author });
    await startWorkerForTest(db, services);
    const job = await createSkillJob(services, bob, {
      taskDescription: 'a skill for reviewing terraform plans',
      hitl: ALL_PROMPTS_OFF,
    });
    await reached; // TDD_RED is computing its scenarios
    const cancelled = await cancelJob(services, bob, { jobId: job.jobId, reason: 'wrong task' });
    expect(cancelled.status).toBe('CANCELLED');
    const sequenceAtCancel = cancelled.lastSequence;
    release();
    // Wait until the running advance task is gone (the phase reached its commit and stopped), then check that
    // nothing was written after the cancel.
    const pool = makePlainPool({ connectionString: db.url, max: 1 });
    stopWhenTestEnds(() => pool.end());
    await waitUntil(async () => {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'advance_skill_job'`,
      );
      return rows[0].n === 0;
    });
    const final = await db.prisma.job.findUniqueOrThrow({ where: { jobId: job.jobId } });
    expect(final.status).toBe('CANCELLED');
    expect(final.lastSequence).toBe(sequenceAtCancel);
    const tdd = await db.prisma.tddWorkflowState.findUnique({ where: { jobId: job.jobId } });
    expect(tdd).toBeNull();
  });
});

describe('crash recovery', () => {
  it('a worker process killed with SIGKILL mid-phase: another worker finishes the job, one prompt per pause, no duplicate events', async () => {
    const services = makeTestServices(db);
    const job = await createSkillJob(services, bob, { taskDescription: 'a skill for rotating database credentials' });
    const env = { DATABASE_URL: db.url, WORKER_HEARTBEAT_SECONDS: '1', WORKER_STALE_SECONDS: '3', LOG_LEVEL: 'info' };

    // Hold the job row so worker A blocks inside its first phase, then kill A there.
    const blocker = await lockJobRow(db.url, job.jobId);
    const workerA = await startService('worker', env);
    stopWhenTestEnds(() => workerA.stop('SIGKILL'));
    await waitUntil(async () => {
      const { rows } = await blocker.query(
        `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL`,
      );
      return rows[0].n === 1;
    });
    const killedAt = Date.now();
    expect(await workerA.stop('SIGKILL')).toBe('SIGKILL');
    await blocker.query('ROLLBACK');

    let workerB: ServiceProcess | undefined = await startService('worker', env);
    stopWhenTestEnds(async () => workerB?.stop('SIGKILL'));
    const paused = await waitForJob(db, job.jobId, (j) => j.status === 'PENDING_HITL', {
      timeoutMs: 30_000,
      description: 'recovered to CLARIFY',
    });
    const recoveryMs = Date.now() - killedAt;
    console.info(`recovery after SIGKILL: ${recoveryMs} ms`);
    expect(recoveryMs).toBeLessThan(30_000);
    expect(paused.currentPhase).toBe('DEEP_UNDERSTANDING');

    for (let i = 0; i < 5; i++) {
      const current = await db.prisma.job.findUniqueOrThrow({ where: { jobId: job.jobId } });
      if (current.status !== 'PENDING_HITL') break;
      const pending = await db.prisma.hitlInteraction.findFirstOrThrow({
        where: { jobId: job.jobId, status: 'PENDING' },
      });
      await respondToHitl(services, bob, goodAnswers(pending));
      await waitForJob(
        db,
        job.jobId,
        (j) => j.status === 'COMPLETED' || (j.status === 'PENDING_HITL' && j.lastSequence > current.lastSequence + 2),
        {
          timeoutMs: 30_000,
          description: 'next pause or completion',
        },
      );
    }
    const done = await db.prisma.job.findUniqueOrThrow({ where: { jobId: job.jobId } });
    expect(done.status).toBe('COMPLETED');
    const interactions = await db.prisma.hitlInteraction.findMany({
      where: { jobId: job.jobId },
      orderBy: { interactionId: 'asc' },
    });
    expect(interactions.map((i) => i.interactionType)).toEqual(['CLARIFY', 'CONFIRM', 'PREVIEW']);
    const events = await expectGapless(job.jobId);
    const started = events.filter((e) => e.eventType === 'PHASE_STARTED').map((e) => e.phase);
    expect(started).toEqual([...PHASES]);
    expect(await db.prisma.skill.count({ where: { jobId: job.jobId } })).toBe(1);
    await workerB.stop('SIGTERM');
    workerB = undefined;
  }, 120_000);
});

describe('monitoring', () => {
  it('reports status counts with average durations and RUNNING jobs without progress', async () => {
    const services = makeTestServices(db);
    const job = await createSkillJob(
      services,
      { userId: 'carol', isAdmin: false },
      { taskDescription: 'a skill for pruning stale feature flags' },
    );
    await db.prisma
      .$executeRaw`UPDATE jobs SET status = 'RUNNING', updated_at = now() - interval '2 hours' WHERE job_id = ${job.jobId}::uuid`;
    const carol = { userId: 'carol', isAdmin: false };
    const stuck = await stuckJobs(services, carol, 60);
    expect(stuck.map((j) => j.jobId)).toEqual([job.jobId]);
    expect(await stuckJobs(services, carol, 180)).toEqual([]);
    expect(await stuckJobs(services, { userId: 'dave', isAdmin: false }, 60)).toEqual([]);
    const stats = await jobStats(services, carol);
    expect(stats.map((s) => s.status)).toEqual([...JOB_STATUSES]);
    expect(stats.find((s) => s.status === 'RUNNING')).toEqual({
      status: 'RUNNING',
      count: 1,
      avgDurationSeconds: null,
    });
    const admin = await jobStats(services, { userId: 'root', isAdmin: true });
    expect(admin.reduce((n, s) => n + s.count, 0)).toBe(await db.prisma.job.count());
    await db.prisma.job.delete({ where: { jobId: job.jobId } }); // hand-edited: not a state the workflow makes
  });
});

describe('after all of the above', () => {
  it('every invariant holds', async () => {
    expect(await checkInvariants(db.prisma)).toEqual([]);
  });
});

/** Re-checks a condition on a short interval until it holds (bounded). */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
