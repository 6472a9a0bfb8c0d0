// Bugs the chaos suites found, each pinned by a small deterministic test.
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
import { ABANDONED_MESSAGE } from '../../tasks/advance-skill-job';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startService } from '../../harness/service-process';
import { heldAuthor, makeTestServices, startTestWorker, waitForJob } from '../helpers/services';
import { startWorker } from '../../tasks/runner';
import { expectInvariantsHold } from './evidence';
import { startCuttableLink } from './network';
import { waitUntil } from './waits';
import { connectClient, makePlainPool } from '../../harness/pg-connections';
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
    const first = await startTestWorker(db, services, { heartbeatSeconds: 1, staleSeconds: 3 });
    stopWhenTestEnds(() => first.close());
    const second = await startTestWorker(db, services, { heartbeatSeconds: 1, staleSeconds: 3 });
    stopWhenTestEnds(() => second.close());
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
    const blocker = await connectClient(db.url);
    stopWhenTestEnds(() => blocker.end());
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM jobs WHERE job_id = $1 FOR UPDATE', [job.jobId]);
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

describe('query arguments that reached PostgreSQL as they were (found by abuse-input.test.ts)', () => {
  // Each was a masked "Unexpected error." (and an error in the log) instead of an answer.
  it('skill(name:) with a NUL character is null; an admin filtering jobs by such a user gets none', async () => {
    const { makeTestApp, gql } = await import('../helpers/graphql');
    const app = makeTestApp(makeTestServices(db));
    const skill = await gql(
      app,
      'query($n: String!) { skill(name: $n) { name } }',
      { n: 'abc\u0000def' },
      { user: 'bob' },
    );
    expect(skill.body).toEqual({ data: { skill: null } });
    const jobs = await gql(
      app,
      'query($u: String) { jobs(filter: { userId: $u }) { totalCount edges { node { jobId } } } }',
      { u: 'a\u0000b' },
      { user: 'admin' },
    );
    expect(jobs.body).toEqual({ data: { jobs: { totalCount: 0, edges: [] } } });
  });

  it('jobs(after:/before:) with a cursor of the right framing but made-up values is VALIDATION_FAILED', async () => {
    const { makeTestApp, gql } = await import('../helpers/graphql');
    const app = makeTestApp(makeTestServices(db));
    const craft = (chunks: unknown[]) => Buffer.from(`GPC:T:${JSON.stringify(chunks)}`).toString('base64');
    const nil = 'S:00000000-0000-0000-0000-000000000000';
    for (const chunks of [
      ['D:123', 'S:not-a-uuid'],
      ['D:abc', nil],
      ['N:5', 'N:7'],
      [null, null],
      ['D:8640000000000001', nil],
      ['D:-8639000000000000', nil],
      ['O:{"a":1}', 'O:[1]'],
    ]) {
      for (const [args, field] of [
        ['first: 5, after: $c', 'after'],
        ['last: 5, before: $c', 'before'],
      ] as const) {
        const response = await gql(
          app,
          `query($c: String) { jobs(${args}) { edges { node { jobId } } } }`,
          { c: craft(chunks) },
          { user: 'admin' },
        );
        expect(response.body.errors?.[0], JSON.stringify(chunks)).toMatchObject({
          message: 'is not a cursor of this list',
          extensions: { code: 'VALIDATION_FAILED', field },
        });
      }
    }
    // A well-formed cursor of a row that does not exist is an empty page, as before.
    const fine = await gql(
      app,
      'query($c: String) { jobs(first: 5, after: $c) { edges { node { jobId } } } }',
      { c: craft(['D:123', nil]) },
      { user: 'admin' },
    );
    expect(fine.body.errors).toBeUndefined();
  });
});

describe('a subscription over HTTP that cannot be streamed (found by hostile-requests.test.ts)', () => {
  it('is ended when yoga answers 406: its doorbell does not stay open', async () => {
    const { startInProcessApi } = await import('./in-process-api');
    const api = await startInProcessApi(db.url, makeTestServices(db));
    stopWhenTestEnds(() => api.close());
    const before = api.hub.status().watchers;
    for (const accept of ['application/json', 'application/graphql-response+json', 'text/html']) {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, 'x-user-id': 'carol' },
        body: JSON.stringify({ query: 'subscription { hitlPromptPending { id } }' }),
      });
      expect(response.status).toBe(406);
      await response.text();
    }
    // Before the fix each request left a doorbell (and a suspended generator) behind for good.
    await waitUntil(
      () => api.hub.status().watchers === before,
      'the doorbells of the refused subscriptions to close',
      10_000,
      20,
    );
  });
});

describe('schema probing with introspection off (found by hostile-requests.test.ts)', () => {
  it('enum values and input fields are not suggested, in validation errors nor in variable errors', async () => {
    const { makeTestApp, gql } = await import('../helpers/graphql');
    const app = makeTestApp(makeTestServices(db), { introspection: false });
    const probes: Array<[string, Record<string, unknown> | undefined]> = [
      ['{ jobs(filter: { status: [PENDNG] }) { totalCount } }', undefined],
      ['query($f: JobFilter) { jobs(filter: $f) { totalCount } }', { f: { status: ['PENDNG'] } }],
      [
        'mutation($input: CreateSkillJobInput!) { createSkillJob(input: $input) { __typename } }',
        { input: { taskDescriptio: 'a skill for probing schemas' } },
      ],
    ];
    for (const [query, variables] of probes) {
      const response = await gql(app, query, variables, { user: 'carol' });
      expect(response.status).toBe(400);
      expect(response.text).not.toMatch(/Did you mean|"PENDING"|"taskDescription"\?/);
      expect(response.text).toContain('[Suggestion hidden]');
    }
    // With introspection on, suggestions stay (they help developers).
    const open = makeTestApp(makeTestServices(db), { introspection: true });
    expect((await gql(open, probes[0]![0], undefined, { user: 'carol' })).body.errors?.[0]?.message).toMatch(
      /Did you mean the enum value "PENDING"/,
    );
  });
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

describe('DateTime arguments PostgreSQL cannot hold (found by abuse-input.test.ts)', () => {
  it('a date outside the years 1..9999 is refused as invalid input, not an unexpected error', async () => {
    const { makeTestApp, gql } = await import('../helpers/graphql');
    const app = makeTestApp(makeTestServices(db));
    for (const date of ['-056101-05-23T08:42:42.495Z', '+275000-01-01T00:00:00.000Z', '-000001-12-31T23:59:59.999Z']) {
      const response = await gql(
        app,
        'query($d: DateTime) { jobs(filter: { createdAfter: $d }) { totalCount } }',
        { d: date },
        { user: 'carol' },
      );
      expect(response.status, date).toBe(400);
      expect(response.body.errors?.[0]?.message, date).toMatch(/DateTime must be between the years 1 and 9999/);
      const literal = await gql(app, `{ jobs(filter: { createdBefore: "${date}" }) { totalCount } }`, undefined, {
        user: 'carol',
      });
      expect(literal.status, date).toBe(400);
    }
    const fine = await gql(
      app,
      '{ jobs(filter: { createdAfter: "0001-01-01T00:00:00.000Z", createdBefore: "9999-12-31T23:59:59.999Z" }) { totalCount } }',
      undefined,
      { user: 'carol' },
    );
    expect(fine.body.errors).toBeUndefined();
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
