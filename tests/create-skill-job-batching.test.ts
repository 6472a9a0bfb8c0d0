// Concurrent createSkillJob calls are written together (resolvers/jobs/new-jobs.ts): a burst costs one statement
// for its jobs, events and tasks (after the first call, which is written at once), and each caller still gets its
// own job, or its own error while the others' jobs are written. Idempotency keys hold inside a batch and across
// batches. Statements are counted on the real pg clients under the Prisma client (tests/helpers/statement-spy.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../prisma/database';
import { ValidationError } from '../resolvers/errors';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import type { Services } from '../resolvers/services';
import type { Viewer } from '../resolvers/viewer';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { makeTestServices } from './helpers/services';
import { prismaWithStatementSpy, type SpiedPrisma } from './helpers/statement-spy';

let db: TestDatabase;
let spied: SpiedPrisma | undefined;
let services: Services;
const statements: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  spied = prismaWithStatementSpy(db.url, (text) => statements.push(text));
  services = { ...makeTestServices(db), prisma: spied.prisma };
});
afterAll(async () => {
  await spied?.close();
  await db?.drop();
});
beforeEach(() => {
  statements.length = 0;
});

const user = (userId: string): Viewer => ({ userId, isAdmin: false });
const task = (n: number | string) => `a skill that teaches an agent to write safe postgres migrations, variant ${n}`;
const jobInserts = () => statements.filter((s) => /INSERT INTO jobs/i.test(s));

/** What a job left in the database: its rows, its CREATED events and its queued advance tasks. */
async function stored(jobIds: string[]) {
  const [jobs, events, tasks] = await Promise.all([
    db.pool.query<{ job_id: string; user_id: string; task_description: string }>(
      'SELECT job_id, user_id, task_description FROM jobs WHERE job_id = ANY($1::uuid[])',
      [jobIds],
    ),
    db.pool.query<{ job_id: string; sequence: number; event_type: string }>(
      'SELECT job_id, sequence, event_type FROM job_events WHERE job_id = ANY($1::uuid[])',
      [jobIds],
    ),
    db.pool.query<{ job_id: string; key: string; max_attempts: number }>(
      `SELECT payload->>'jobId' AS job_id, key, max_attempts FROM graphile_worker._private_jobs
        WHERE payload->>'jobId' = ANY($1::text[])`,
      [jobIds],
    ),
  ]);
  return { jobs: jobs.rows, events: events.rows, tasks: tasks.rows };
}

async function jobCount(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs');
  return rows[0]!.n;
}

describe('createSkillJob in a burst', () => {
  it('gives each of 30 concurrent callers its own job, written by two statements (the first call, then the rest)', async () => {
    const callers = Array.from({ length: 30 }, (_, i) => ({ viewer: user(`burst-${i % 3}`), task: task(i) }));
    const jobs = await Promise.all(callers.map((c) => createSkillJob(services, c.viewer, { taskDescription: c.task })));
    expect(new Set(jobs.map((j) => j.jobId)).size).toBe(30);
    jobs.forEach((job, i) => {
      expect(job).toMatchObject({ userId: callers[i]!.viewer.userId, taskDescription: callers[i]!.task });
      expect(job).toMatchObject({ status: 'PENDING', lastSequence: 1, progressMessage: 'Queued' });
    });
    expect(jobInserts()).toHaveLength(2);
    expect(statements).toHaveLength(2);
    const rows = await stored(jobs.map((j) => j.jobId));
    expect(rows.jobs).toHaveLength(30);
    expect(rows.events.map((e) => `${e.sequence}:${e.event_type}`)).toEqual(Array(30).fill('1:CREATED'));
    expect(new Set(rows.events.map((e) => e.job_id)).size).toBe(30);
    expect(rows.tasks.map((t) => t.job_id).sort()).toEqual(jobs.map((j) => j.jobId).sort());
    for (const t of rows.tasks) expect(t).toMatchObject({ key: `advance:${t.job_id}`, max_attempts: 3 });
  });

  it('fails only the caller whose row cannot be stored; the others in its batch get their jobs', async () => {
    const before = await jobCount();
    // user_id is varchar(128): this caller's row breaks a constraint of the batch's statement.
    const tooLong = user('x'.repeat(200));
    const viewers = [user('ok-0'), user('ok-1'), tooLong, user('ok-2'), user('ok-3')];
    const answers = await Promise.allSettled(
      viewers.map((v, i) => createSkillJob(services, v, { taskDescription: task(`bad-${i}`) })),
    );
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const jobs = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    expect(jobs.map((j) => j.userId)).toEqual(['ok-0', 'ok-1', 'ok-2', 'ok-3']);
    expect(await jobCount()).toBe(before + 4);
    const rows = await stored(jobs.map((j) => j.jobId));
    expect(rows.events).toHaveLength(4);
    expect(rows.tasks).toHaveLength(4);
  });

  it('gives every replay of one key inside a batch the same job, and another task with that key a ValidationError', async () => {
    const before = await jobCount();
    const input = { taskDescription: task('same-key'), idempotencyKey: 'in-batch' };
    const answers = await Promise.allSettled([
      createSkillJob(services, user('lone'), { taskDescription: task('lead') }),
      ...Array.from({ length: 8 }, () => createSkillJob(services, user('carol'), input)),
      createSkillJob(services, user('carol'), { ...input, taskDescription: task('other') }),
      createSkillJob(services, user('dave'), input),
    ]);
    expect(jobInserts()).toHaveLength(2);
    const values = answers.map((a) => (a.status === 'fulfilled' ? a.value : a.reason)) as Array<Job | Error>;
    const carols = values.slice(1, 9) as Job[];
    expect(new Set(carols.map((j) => j.jobId)).size).toBe(1);
    expect(carols[0]).toMatchObject({
      userId: 'carol',
      idempotencyKey: 'in-batch',
      taskDescription: input.taskDescription,
    });
    expect(values[9]).toBeInstanceOf(ValidationError);
    expect(values[9]).toMatchObject({ field: 'idempotencyKey' });
    expect(values[10]).toMatchObject({ userId: 'dave', idempotencyKey: 'in-batch' });
    expect((values[10] as Job).jobId).not.toBe(carols[0]!.jobId);
    expect(await jobCount()).toBe(before + 3);
    const rows = await stored([carols[0]!.jobId]);
    expect(rows.events).toHaveLength(1);
    expect(rows.tasks).toHaveLength(1);
  });

  it('answers a replay in a later batch with the stored job, in one statement, and writes nothing', async () => {
    const input = { taskDescription: task('across'), idempotencyKey: 'across-batches' };
    const original = await createSkillJob(services, user('erin'), input);
    const before = await jobCount();
    statements.length = 0;
    const replays = await Promise.allSettled([
      createSkillJob(services, user('erin'), input),
      createSkillJob(services, user('erin'), input),
      createSkillJob(services, user('erin'), { ...input, taskDescription: task('across, but another') }),
    ]);
    expect(replays[0]).toMatchObject({ status: 'fulfilled', value: { jobId: original.jobId } });
    expect(replays[1]).toMatchObject({ status: 'fulfilled', value: { jobId: original.jobId } });
    expect(replays[2]).toMatchObject({ status: 'rejected', reason: { field: 'idempotencyKey' } });
    expect((replays[2] as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    // No look-up before or after the insert: the statement itself returns the job that holds the key.
    expect(statements.every((s) => /INSERT INTO jobs/i.test(s))).toBe(true);
    expect(statements).toHaveLength(2);
    expect(await jobCount()).toBe(before);
    const rows = await stored([original.jobId]);
    expect(rows.events).toHaveLength(1);
    expect(rows.tasks).toHaveLength(1);
  });
});
