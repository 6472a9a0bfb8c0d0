// A task that has used its slice (settings.taskSliceMs) queues the job's next phase behind the jobs already waiting:
// with one worker slot and two queued jobs, their phases alternate. Without a slice's end in sight, a job's phases
// run one after the other in one task. The order is read from the author's calls (the phases as they ran).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { makeOfflineAuthor } from '../resolvers/author/offline';
import type { AuthorContext, SkillAuthor } from '../resolvers/author/types';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { makeTestServices, startWorkerForTest, waitForJob } from './helpers/services';
import { alice } from './helpers/promotion-setup';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** The offline author, noting the job of every call in the order the calls were made. */
function recordingAuthor(calls: string[]): SkillAuthor {
  const inner = makeOfflineAuthor();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (ctx: AuthorContext, ...rest: unknown[]) => {
        calls.push(ctx.jobId);
        return (value as (...a: unknown[]) => unknown).apply(target, [ctx, ...rest]);
      };
    },
  });
}

/** The job ids of `calls` with repeats in a row collapsed: [a, a, b, a] -> [a, b, a]. */
function turns(calls: string[]): string[] {
  return calls.filter((id, i) => i === 0 || calls[i - 1] !== id);
}

async function runTwoJobs(
  taskSliceMs: number,
  tasks: [string, string],
): Promise<{ first: string; second: string; calls: string[] }> {
  const calls: string[] = [];
  const services = makeTestServices(db, { author: recordingAuthor(calls), settings: { taskSliceMs } });
  // Both are queued before the worker starts, so the first one's phases run while the second one waits.
  // Tasks of their own in each test: a second job for the same task would stop at promotion (the name is taken).
  const [first, second] = [
    await createSkillJob(services, alice, { taskDescription: tasks[0], hitl: ALL_PROMPTS_OFF }),
    await createSkillJob(services, alice, { taskDescription: tasks[1], hitl: ALL_PROMPTS_OFF }),
  ];
  await startWorkerForTest(db, services, { concurrency: 1 });
  for (const job of [first, second]) {
    const done = await waitForJob(
      db,
      job.jobId,
      (j) => ['COMPLETED', 'FAILED', 'CANCELLED', 'PENDING_REVIEW'].includes(j.status),
      {
        timeoutMs: 60_000,
        description: 'the job to finish',
      },
    );
    expect(done.status).toBe('COMPLETED');
  }
  return { first: first.jobId, second: second.jobId, calls };
}

describe('the task slice', { timeout: 120_000 }, () => {
  it('with every slice used up, two jobs on one worker slot take turns phase by phase', async () => {
    const { first, second, calls } = await runTwoJobs(0, ['a skill for code review', 'a skill for sql style guides']);
    const order = turns(calls);
    // Seven phases each, every one with at least one author call: far more turns than the two of a job-at-a-time run.
    expect(order.slice(0, 4)).toEqual([first, second, first, second]);
    expect(order.length).toBeGreaterThanOrEqual(8);
  });

  it('with the slice far off, one job runs to its end before the next one starts', async () => {
    const { first, second, calls } = await runTwoJobs(600_000, [
      'a skill for writing changelogs',
      'a skill for api pagination',
    ]);
    expect(turns(calls)).toEqual([first, second]);
  });
});
