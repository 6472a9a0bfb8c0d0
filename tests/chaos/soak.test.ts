// Soak: mixed load for a while against an API process and a worker process — jobs created at a steady rate, a
// scripted person answering every prompt, some jobs cancelled at random moments, and many subscribers (over
// graphql-ws and SSE) each following a job to its end and then picking up another. Memory (RSS) of both processes is
// sampled throughout and must stay flat; every subscriber got every event of its job, once and in order; database
// connections do not pile up; the invariant checker is clean.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startService, type ServiceProcess } from '../../harness/service-process';
import { report, SCALE, SIZE, suiteRng } from './config';
import { CANCEL, createJob, post } from '../helpers/http';
import { startScriptedAnswerer, type Answerer } from './answerer';
import { childOutput, diagnosed, expectInvariantsHold, percentile } from './evidence';
import { expectCompleteLogs, followJob, type Follower } from './follower';
import { memoryCurve, sampleMemory, type MemorySample } from './memory';
import { taskSource } from './tasks';
import { TERMINAL, waitForJobs, waitUntil } from './waits';
import { ALL_PROMPTS_OFF } from '../../harness/job-policies';

const SUITE = 'soak';
const USER = 'soaker';
const {
  durationMs: DURATION,
  subscribers: SUBSCRIBERS,
  jobsPerSecond: RATE,
  cancelShare: CANCEL_SHARE,
  sampleEveryMs: SAMPLE_EVERY,
} = SIZE.soak;
const rng = suiteRng(SUITE);

let db: TestDatabase;
let api: ServiceProcess | undefined;
let worker: ServiceProcess | undefined;
let answerer: Answerer | undefined;
const active = new Set<Follower>();
const finished: Follower[] = [];
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const timer of timers) clearTimeout(timer);
  await answerer?.stop();
  for (const follower of [...active, ...finished]) await follower.stop();
  await api?.stop('SIGTERM', 15_000);
  await worker?.stop('SIGTERM', 15_000);
  await db?.drop();
});

async function connections(): Promise<Record<string, number>> {
  const rows = await db.prisma.$queryRaw<Array<{ app: string; n: number }>>`
    SELECT coalesce(nullif(application_name, ''), '?') AS app, count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.app, r.n]));
}

/** Median of the samples of one process within [fromMs, toMs). */
function medianOf(samples: MemorySample[], process: string, fromMs: number, toMs: number): number {
  return percentile(
    samples.filter((s) => s.process === process && s.atMs >= fromMs && s.atMs < toMs).map((s) => s.rssMb),
    50,
  );
}

it(
  `${DURATION / 1000} s of mixed load with ${SUBSCRIBERS} subscribers: memory flat, no event lost, checker clean`,
  { timeout: DURATION + (SCALE === 'full' ? 1_800_000 : 240_000) },
  () =>
    diagnosed(run, {
      prisma: () => db.prisma,
      children: () => [...(api ? [childOutput('api', api)] : []), ...(worker ? [childOutput('worker', worker)] : [])],
    }),
);

async function run(): Promise<void> {
  worker = await startService('worker', { DATABASE_URL: db.url, WORKER_CONCURRENCY: '4' });
  api = await startService('api', { DATABASE_URL: db.url, RUN_WORKER: 'false', DATABASE_POOL_SIZE: '20' });
  const url = api.url!;
  const memory = sampleMemory(() => ({ api: api?.child.pid, worker: worker?.child.pid }), SAMPLE_EVERY);
  const connectionsAtStart = await connections();
  answerer = startScriptedAnswerer(() => url, USER);
  const nextTask = taskSource(rng);
  const jobIds: string[] = [];
  const cancels = { sent: 0, cancelled: 0, tooLate: 0 };
  let subscriptions = 0;

  const ended = new Set<string>();
  /** Starts a subscriber on one of the newest jobs that has not ended (it replays what happened so far, then follows). */
  const follow = (): boolean => {
    const candidates = jobIds.filter((id) => !ended.has(id)).slice(-8);
    if (candidates.length === 0) return false;
    const jobId = rng.pick(candidates);
    const follower = followJob(() => url, USER, jobId, { transport: rng.chance(0.2) ? 'sse' : 'ws' });
    subscriptions++;
    active.add(follower);
    void follower.done.then(() => {
      ended.add(jobId);
      active.delete(follower);
      finished.push(follower);
      void follower.stop();
      if (!stopping) follow();
    });
    return true;
  };
  let stopping = false;

  // The load: a job every 1/RATE s (paced, not waited on), some cancelled later at a random moment.
  const started = Date.now();
  const create = async () => {
    const allOff = rng.chance(0.3);
    const jobId = await createJob(url, USER, {
      taskDescription: nextTask(),
      ...(allOff ? { hitl: ALL_PROMPTS_OFF } : {}),
    });
    jobIds.push(jobId);
    if (rng.chance(CANCEL_SHARE)) {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          cancels.sent++;
          void post<{ cancelJob: { __typename: string } }>(
            url,
            CANCEL,
            { input: { jobId, reason: 'soak: changed my mind' } },
            USER,
          ).then((r) => {
            if (r.body.data?.cancelJob.__typename === 'CancelJobSuccess') cancels.cancelled++;
            else cancels.tooLate++;
          });
        },
        rng.int(50, 2_500),
      );
      timers.add(timer);
    }
  };
  await create();
  let created = 1;
  while (Date.now() - started < DURATION) {
    while (active.size < SUBSCRIBERS && follow());
    const due = started + (created / RATE) * 1000;
    if (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    await create();
    created++;
  }
  const loadMs = Date.now() - started;
  stopping = true;

  // Drain: every job ends (answers and pending cancels go on), every subscriber completes.
  await waitUntil(() => timers.size === 0, 'the scheduled cancels', 30_000, 50);
  const settled = await waitForJobs(db.url, db.prisma, jobIds, (j) => TERMINAL.has(j.status), {
    timeoutMs: SCALE === 'full' ? 900_000 : 180_000,
    description: 'every soak job to finish',
  });
  await waitUntil(() => active.size === 0, 'every subscriber to complete', 120_000, 50);
  memory.sample();
  memory.stop();
  const connectionsAtEnd = await connections();

  const followers = finished;
  const events = followers.reduce((n, f) => n + f.items.length, 0);
  const byStatus = [...new Set(settled.map((j) => j.status))]
    .map((s) => `${s}=${settled.filter((j) => j.status === s).length}`)
    .join(' ');
  const curve = memoryCurve(memory.samples);
  report(
    SUITE,
    `${(loadMs / 1000).toFixed(0)} s of load: ${jobIds.length} jobs (${byStatus}), ${answerer.answered} prompts answered, ` +
      `${cancels.sent} cancels (${cancels.cancelled} cancelled, ${cancels.tooLate} too late), ${subscriptions} subscriptions ` +
      `(${SUBSCRIBERS} at a time, ${followers.filter((f) => f.resubscriptions > 0).length} reconnected), ${events} events delivered, 0 lost`,
  );
  for (const [process, points] of Object.entries(curve)) {
    report(SUITE, `RSS ${process} (s:MB): ${points.map(([s, mb]) => `${s}:${mb}`).join(' ')}`);
  }
  report(
    SUITE,
    `database connections at start ${JSON.stringify(connectionsAtStart)}, at end ${JSON.stringify(connectionsAtEnd)}`,
  );

  expect(answerer.failures).toEqual([]);
  expect(
    settled.every((j) => j.status === 'COMPLETED' || j.status === 'CANCELLED'),
    byStatus,
  ).toBe(true);
  await expectCompleteLogs(db.prisma, followers);
  // Memory is flat: after warm-up (the first fifth), the last third's median is within 50% (+ 40 MB of slack for
  // short runs) of the second third's.
  for (const process of ['api', 'worker']) {
    const warm = loadMs / 5;
    const middle = medianOf(memory.samples, process, warm, warm + (loadMs - warm) / 2);
    const late = medianOf(memory.samples, process, warm + (loadMs - warm) / 2, Number.POSITIVE_INFINITY);
    report(SUITE, `${process}: RSS median ${middle} MB after warm-up, ${late} MB in the second half`);
    expect(late, `${process} RSS grew from ${middle} to ${late} MB`).toBeLessThan(middle * 1.5 + 40);
  }
  // No connection piles up: each application keeps at most what it had at the start plus its pool.
  for (const [app, n] of Object.entries(connectionsAtEnd))
    expect(n, `${app} connections`).toBeLessThanOrEqual((connectionsAtStart[app] ?? 0) + 25);
  await expectInvariantsHold(db.prisma, SUITE);
}
