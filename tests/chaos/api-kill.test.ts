// API kill: the API process (`main.ts`, RUN_WORKER=false) is SIGKILLed while clients are subscribed to jobs that
// are running (a worker keeps committing events meanwhile), and started again on the same address. Every client
// (half over graphql-ws, half over Server-Sent Events) reconnects with the last sequence it saw and ends with the
// whole log of its job: nothing missed, nothing twice. The scripted person answering prompts comes back too.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Services } from '../../resolvers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startService, type ServiceProcess } from '../../harness/service-process';
import { makeTestServices, startTestWorker } from '../helpers/services';
import { report, SCALE, SIZE, suiteRng } from './config';
import { createJob } from '../helpers/http';
import { startScriptedAnswerer, type Answerer } from './answerer';
import { childOutput, diagnosed, expectInvariantsHold } from './evidence';
import { expectCompleteLogs, followJob, type Follower } from './follower';
import { freePort } from './network';
import { taskSource } from './tasks';
import { recordNotifications, TERMINAL, waitForJobs, waitUntil, type Notification } from './waits';

const SUITE = 'api-kill';
const USER = 'chaos';
const { jobs: JOBS, subscribersPerJob: PER_JOB, kills: KILLS } = SIZE.apiKill;
const rng = suiteRng(SUITE);

let db: TestDatabase;
let services: Services;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let notifications: { notes: Notification[]; close(): Promise<void> };
let port: number;
let answerer: Answerer | undefined;
const apis: ServiceProcess[] = [];
const followers: Follower[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db, { settings: { phaseMaxAttempts: 5 } });
  worker = await startTestWorker(db, services, { concurrency: 3 });
  notifications = await recordNotifications(db.url);
  // The API comes back on the same address (as behind a load balancer), so clients keep their URL.
  port = await freePort();
});

afterAll(async () => {
  await answerer?.stop();
  for (const follower of followers) await follower.stop();
  for (const api of apis) await api.stop('SIGKILL');
  await worker?.close();
  await notifications?.close();
  await db?.drop();
});

function startApi(): Promise<ServiceProcess> {
  return startService('api', { DATABASE_URL: db.url, RUN_WORKER: 'false', PORT: String(port) }).then((api) => {
    apis.push(api);
    return api;
  });
}

it(
  `${JOBS} jobs x ${PER_JOB} subscribers while the API process is SIGKILLed ${KILLS} time(s): every client reconnects with its last sequence and misses nothing`,
  { timeout: SCALE === 'full' ? 1_800_000 : 300_000 },
  () =>
    diagnosed(run, {
      prisma: () => db.prisma,
      children: () => apis.map((a, i) => childOutput(`api ${i}`, a)),
    }),
);

async function run(): Promise<void> {
  let api = await startApi();
  const url = `http://127.0.0.1:${port}`;
  expect(api.url).toBe(url);
  answerer = startScriptedAnswerer(() => url, USER);
  const nextTask = taskSource(rng);
  const jobIds: string[] = [];
  for (let i = 0; i < JOBS; i++) jobIds.push(await createJob(url, USER, { taskDescription: nextTask() }));
  for (const jobId of jobIds) {
    for (let i = 0; i < PER_JOB; i++)
      followers.push(followJob(() => url, USER, jobId, { transport: i % 2 === 0 ? 'ws' : 'sse' }));
  }
  const { notes } = notifications;
  const downtimes: number[] = [];
  let openAtKills = 0;
  const openAtEachKill: number[] = [];

  for (let k = 1; k <= KILLS; k++) {
    // A random moment while events flow to subscribers that have not finished.
    const target = notes.length + rng.int(3, 20);
    await waitUntil(() => notes.length >= target, `${target} events`, 120_000, 20).catch(() => undefined);
    let open = followers.filter((f) => !f.completed());
    if (open.length === 0) {
      // Every job so far has finished (they run faster than the kills come): a new one, so this kill also
      // happens under live subscribers.
      const jobId = await createJob(url, USER, { taskDescription: nextTask() });
      jobIds.push(jobId);
      const fresh = Array.from({ length: PER_JOB }, (_, i) =>
        followJob(() => url, USER, jobId, { transport: i % 2 === 0 ? 'ws' : 'sse' }),
      );
      followers.push(...fresh);
      await waitUntil(
        () => fresh.every((f) => f.items.length > 0),
        `the subscribers of the job added for kill ${k} to receive events`,
        60_000,
        20,
      );
      open = fresh.filter((f) => !f.completed());
    }
    openAtEachKill.push(open.length);
    openAtKills += open.length;
    const delivered = open.map((f) => f.items.length);
    const killedAt = Date.now();
    expect(await api.stop('SIGKILL')).toBe('SIGKILL');
    // The worker goes on committing events that no API process is told about; then a new API process comes up.
    api = await startApi();
    downtimes.push(Date.now() - killedAt);
    // Every client that was following comes back and receives more than it had.
    await waitUntil(
      () => open.every((f, i) => f.completed() || (f.resubscriptions > 0 && f.items.length > delivered[i]!)),
      `the ${open.length} open subscribers to resume after kill ${k}`,
      120_000,
      50,
    );
    report(
      SUITE,
      `kill ${k}: ${open.length} subscribers were open; API back after ${downtimes.at(-1)} ms; all resumed`,
    );
  }

  const settled = await waitForJobs(db.url, db.prisma, jobIds, (j) => TERMINAL.has(j.status), {
    timeoutMs: SCALE === 'full' ? 900_000 : 180_000,
    description: 'every job to finish',
  });
  await waitUntil(() => followers.every((f) => f.completed()), 'every subscription to complete', 60_000, 50);
  const resubscriptions = followers.reduce((n, f) => n + f.resubscriptions, 0);
  report(
    SUITE,
    `${settled.length} jobs ${settled.map((j) => j.status).join(',')}; ${followers.length} subscribers (ws and sse), ${openAtKills} open at a kill, ` +
      `${resubscriptions} reconnects with afterSequence, ${followers.reduce((n, f) => n + f.items.length, 0)} events delivered, 0 missed, 0 repeated; ` +
      `${answerer.answered} prompts answered (${answerer.resubscriptions} prompt-stream reconnects)`,
  );
  expect(
    openAtEachKill.every((n) => n > 0),
    `subscribers open at each kill: ${openAtEachKill.join(', ')}`,
  ).toBe(true);
  expect(openAtKills).toBeGreaterThan(0);
  expect(settled.every((j) => j.status === 'COMPLETED')).toBe(true);
  expect(answerer.failures).toEqual([]);
  await expectCompleteLogs(db.prisma, followers);
  await expectInvariantsHold(db.prisma, SUITE);
}
