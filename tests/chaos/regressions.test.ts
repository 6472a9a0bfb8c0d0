// Bugs the chaos suites found in the workers, each pinned by a small deterministic test (bugs found in the API:
// regressions-api.test.ts).
//
// 1. The stale-worker sweep released the locks of LIVE workers. graphile-worker 0.17 locks a job with its worker
//    pool's id, while the heartbeat claimed only the per-worker ids; the sweep's "orphaned lock" rule then took every
//    lock older than WORKER_STALE_SECONDS away from its (healthy) owner, and another worker ran the same phase again.
// 2. A worker killed during the LAST attempt of a phase left the job RUNNING (or PENDING) forever: the sweep released
//    the lock, but graphile-worker never runs an exhausted task again. Now the job is FAILED with a readable error
//    (and retryJob runs it again).
// 3. A PostgreSQL restart as a task ended crashed the worker process (an unhandled rejection inside graphile-worker)
//    or left it running without a job runner: see postgres-restart.test.ts, which failed before the fix.
// 4. graphile-worker can release its LISTEN client twice when the connection dies during its shutdown; the second
//    release threw in an unawaited promise and killed the worker process (once in nine postgres-restart runs).
// 5. A job runner whose pool stopped on its own after two failed job releases never finished stopping (graphile-worker
//    0.17's release batcher counts below zero), so it was never replaced and its jobs stayed locked (CI, 2026-11-30).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePool, makePrismaClient } from '../../prisma/database';
import { createSkillJob } from '../../resolvers/jobs/create-skill-job';
import { retryJob } from '../../resolvers/jobs/retry-job';
import type { Viewer } from '../../resolvers/viewer';
import { ABANDONED_MESSAGE } from '../../resolvers/workflow/failures';
import { createTestDatabase, lockJobRow, type TestDatabase } from '../helpers/database';
import { startService } from '../../harness/service-process';
import { heldAuthor, makeTestServices, startWorkerForTest, waitForJob } from '../helpers/services';
import { startWorker } from '../../tasks/runner';
import { expectInvariantsHold } from './evidence';
import { startCuttableLink } from './network';
import { waitUntil } from './waits';
import { makePlainPool } from '../../harness/pg-connections';
import { ALL_PROMPTS_OFF } from '../../harness/job-policies';
import { stopWhenTestEnds } from '../helpers/cleanup';

const SUITE = 'regressions';
const carol: Viewer = { userId: 'carol', isAdmin: false };

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function lockedAdvance(
  jobId: string,
): Promise<{ locked_by: string | null; locked_at: Date | null; attempts: number } | undefined> {
  const rows = await db.prisma.$queryRaw<Array<{ locked_by: string | null; locked_at: Date | null; attempts: number }>>`
    SELECT locked_by, locked_at, attempts::int AS attempts FROM graphile_worker._private_jobs WHERE key = ${`advance:${jobId}`}`;
  return rows[0];
}

describe('the stale-worker sweep', () => {
  it('leaves a phase that runs longer than WORKER_STALE_SECONDS with its live worker (it is not run a second time)', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const author = heldAuthor('refine', () => {
      calls++;
      return gate;
    });
    const services = makeTestServices(db, { author });
    // Two live workers, heartbeats every second, stale after 3 s: the sweep runs twice a second.
    await startWorkerForTest(db, services, { heartbeatSeconds: 1, staleSeconds: 3 });
    await startWorkerForTest(db, services, { heartbeatSeconds: 1, staleSeconds: 3 });
    stopWhenTestEnds(async () => release());

    const job = await createSkillJob(services, carol, {
      taskDescription: 'a skill for reviewing slow database queries',
      hitl: ALL_PROMPTS_OFF,
    });
    await waitUntil(() => calls === 1, 'the phase to start');
    const lock = await lockedAdvance(job.jobId);
    expect(lock?.locked_by).toBeTruthy();
    // Both workers beat (and swept) well after the lock became older than the stale limit.
    await waitUntil(
      async () => {
        const [row] = await db.prisma.$queryRaw<
          Array<{ oldest: Date }>
        >`SELECT min(last_seen_at) AS oldest FROM worker_heartbeats`;
        return row!.oldest.getTime() > lock!.locked_at!.getTime() + 6_000;
      },
      'heartbeats 6 s past the lock',
      30_000,
    );
    expect(calls).toBe(1);
    expect((await lockedAdvance(job.jobId))?.locked_by).toBe(lock!.locked_by);

    release();
    const done = await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED' || j.status === 'FAILED', {
      description: 'completion',
      timeoutMs: 60_000,
    });
    expect(done.status).toBe('COMPLETED');
    expect(calls).toBe(1);
  }, 120_000);
});

describe('a worker killed during the last attempt of a phase', () => {
  it('leaves the job FAILED with a readable error, not RUNNING forever; retryJob completes it', async () => {
    // One attempt per phase: the first attempt is the last.
    const services = makeTestServices(db, { settings: { phaseMaxAttempts: 1 } });
    const job = await createSkillJob(services, carol, {
      taskDescription: 'a skill for rotating leaked API keys',
      hitl: ALL_PROMPTS_OFF,
    });
    const env = {
      DATABASE_URL: db.url,
      WORKER_HEARTBEAT_SECONDS: '1',
      WORKER_STALE_SECONDS: '3',
      PHASE_MAX_ATTEMPTS: '1',
    };

    // Hold the job row so worker A blocks inside its (only) attempt, then kill A there.
    const blocker = await lockJobRow(db.url, job.jobId);
    const workerA = await startService('worker', env);
    stopWhenTestEnds(() => workerA.stop('SIGKILL'));
    await waitUntil(async () => (await lockedAdvance(job.jobId))?.locked_by != null, 'worker A to take the task');
    expect((await lockedAdvance(job.jobId))?.attempts).toBe(1);
    const killedAt = Date.now();
    expect(await workerA.stop('SIGKILL')).toBe('SIGKILL');
    await blocker.query('ROLLBACK');

    const workerB = await startService('worker', env);
    stopWhenTestEnds(() => workerB.stop('SIGTERM'));
    const failed = await waitForJob(db, job.jobId, (j) => j.status !== 'PENDING' && j.status !== 'RUNNING', {
      timeoutMs: 30_000,
      description: 'the job to leave PENDING',
    });
    console.info(
      `[chaos:${SUITE}] job whose last attempt died with its worker: ${failed.status} ${Date.now() - killedAt} ms after the kill`,
    );
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe(`TASK_REFINEMENT failed after 1 attempt: ${ABANDONED_MESSAGE}`);
    await expectInvariantsHold(db.prisma, SUITE);

    await retryJob(services, carol, { jobId: job.jobId });
    const done = await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED' || j.status === 'FAILED', {
      timeoutMs: 60_000,
      description: 'completion after retry',
    });
    expect(done.status).toBe('COMPLETED');
    await expectInvariantsHold(db.prisma, SUITE);
  }, 120_000);
});

describe('the invariant checker on RUNNING jobs (extended: "a graphile-worker job or a live lock")', () => {
  it('a last attempt running on a live worker holds; the same lock of a dead worker, or an exhausted free task, is a violation', async () => {
    const { checkInvariants } = await import('../../resolvers/invariants');
    const job = await createSkillJob(makeTestServices(db), carol, {
      taskDescription: 'a skill for checking invariants of queues',
      hitl: ALL_PROMPTS_OFF,
    });
    const key = `advance:${job.jobId}`;
    const found = await db.prisma
      .$transaction(async (tx) => {
        const violationsOfJob = async () =>
          (await checkInvariants(tx as never, { staleSeconds: 20 }))
            .filter((v) => v.jobId === job.jobId)
            .map((v) => v.detail);
        const seen: Record<string, string[]> = {};
        await tx.$executeRaw`UPDATE jobs SET status = 'RUNNING', current_phase = 'TASK_REFINEMENT' WHERE job_id = ${job.jobId}::uuid`;
        seen.queued = await violationsOfJob();
        await tx.$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = max_attempts, locked_by = 'pool-chaos', locked_at = now() WHERE key = ${key}`;
        await tx.$executeRaw`INSERT INTO worker_heartbeats (worker_id, pid, hostname, graphile_worker_ids) VALUES ('chaos', 1, 'h', ARRAY['pool-chaos'])`;
        seen.lastAttemptLive = await violationsOfJob();
        await tx.$executeRaw`UPDATE worker_heartbeats SET last_seen_at = now() - interval '1 minute' WHERE worker_id = 'chaos'`;
        seen.lastAttemptDead = await violationsOfJob();
        await tx.$executeRaw`UPDATE graphile_worker._private_jobs SET locked_by = NULL, locked_at = NULL WHERE key = ${key}`;
        seen.exhausted = await violationsOfJob();
        throw Object.assign(new Error('rollback'), { seen });
      })
      .catch((error: { seen?: Record<string, string[]> }) => error.seen);
    expect(found).toEqual({
      queued: [],
      lastAttemptLive: [],
      lastAttemptDead: ['job is RUNNING at TASK_REFINEMENT with no advance_skill_job task that will run'],
      exhausted: ['job is RUNNING at TASK_REFINEMENT with no advance_skill_job task that will run'],
    });
  });
});

describe('a pool client released twice (graphile-worker 0.17, PostgreSQL restart: found by postgres-restart.test.ts)', () => {
  it("the second release of the runner's pool is a no-op, in callback and promise style; the pool goes on", async () => {
    const { toleratingDoubleRelease } = await import('../../tasks/runner');
    const pool = toleratingDoubleRelease(makePlainPool({ connectionString: db.url, max: 2 }));
    stopWhenTestEnds(() => pool.end());
    await new Promise<void>((resolve, reject) =>
      pool.connect((error, client, done) => {
        if (error || !client) return reject(error ?? new Error('no client'));
        done();
        try {
          done();
          client.release();
          resolve();
        } catch (second) {
          reject(second as Error);
        }
      }),
    );
    const client = await pool.connect();
    client.release();
    expect(() => client.release()).not.toThrow();
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    expect(pool.totalCount).toBeLessThanOrEqual(2);
  });
});

describe('a job runner whose pool never finishes stopping (graphile-worker 0.17: found by postgres-restart.test.ts in CI)', () => {
  it('is replaced once its workers have stopped; the jobs it had locked complete', async () => {
    // The worker reaches PostgreSQL through a link the test cuts; the test itself keeps its direct connection.
    const link = await startCuttableLink(db.url);
    stopWhenTestEnds(() => link.close());
    const pool = makePool(link.url, 8, 'regression-worker');
    stopWhenTestEnds(() => pool.end());
    const prisma = makePrismaClient(pool);
    stopWhenTestEnds(() => prisma.$disconnect());

    // TASK_REFINEMENT waits for the test, call by call, while `holding`.
    const held: Array<() => void> = [];
    let holding = true;
    const author = heldAuthor('refine', () =>
      holding ? new Promise<void>((resolve) => held.push(resolve)) : undefined,
    );
    const services = { ...makeTestServices(db, { author }), prisma };
    const worker = await startWorker(services, {
      pool,
      concurrency: 3,
      heartbeatSeconds: 1,
      staleSeconds: 2,
      pollIntervalMs: 200,
    });
    stopWhenTestEnds(() => worker.stop());
    const firstRunner = worker.runner;
    const fatal: string[] = [];
    firstRunner.events.on('pool:fatalError', ({ action }) => fatal.push(action));

    const direct = makeTestServices(db);
    const jobs = [];
    for (const taskDescription of [
      'a skill for pruning stale feature flags',
      'a skill for reading flame graphs',
      'a skill for sizing connection pools',
    ])
      jobs.push(await createSkillJob(direct, carol, { taskDescription, hitl: ALL_PROMPTS_OFF }));
    await waitUntil(() => held.length === 3, 'three phases to be running', 20_000, 20);

    // The database goes away under the running phases. Two fail one after the other and graphile-worker cannot record
    // either failure, while the third phase keeps the pool from finishing its shutdown; then the database is back
    // and the third phase ends.
    link.cut();
    held.shift()!();
    await waitUntil(() => fatal.length === 1, 'the first failed release', 20_000, 20);
    held.shift()!();
    await waitUntil(() => fatal.length === 2, 'the second failed release', 20_000, 20);
    expect(fatal).toEqual(['failJob', 'failJob']);
    holding = false;
    link.restore();
    held.shift()!();

    await waitUntil(() => worker.runner !== firstRunner, 'a new job runner', 30_000, 50);
    for (const job of jobs) {
      const done = await waitForJob(db, job.jobId, (j) => j.status === 'COMPLETED' || j.status === 'FAILED', {
        timeoutMs: 60_000,
        description: 'completion',
      });
      expect(done.status).toBe('COMPLETED');
    }
    await expectInvariantsHold(db.prisma, SUITE);
  }, 120_000);
});
