// PostgreSQL restarts in the middle of a run. An API process (RUN_WORKER=false) and a worker process run against
// their own embedded PostgreSQL (not the shared test server), jobs are in flight with subscribers following them
// and a scripted person answering prompts; the server is stopped and started again on the same port and data
// folder. /ready reports the outage, the API and the worker reconnect on their own, no job is lost, and every
// subscriber ends with the whole log of its job, in order, without gaps or repeats.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makePool, makePrismaClient, type PrismaClient } from '../../prisma/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../prisma/embedded-postgres';
import { migrate } from '../../prisma/migrator';
import { startService, type ServiceProcess } from '../../harness/service-process';
import { report, SIZE, suiteRng } from './config';
import { createJob, post } from '../helpers/http';
import { startScriptedAnswerer, type Answerer } from './answerer';
import { childOutput, diagnosed, expectInvariantsHold } from './evidence';
import { expectCompleteLogs, followJob, type Follower } from './follower';
import { freePort } from './network';
import { taskSource } from './tasks';
import { TERMINAL, waitForJobs, waitUntil } from './waits';
import { queryOnce } from '../../harness/pg-connections';

const SUITE = 'postgres-restart';
const USER = 'chaos';
const { jobs: JOBS, subscribers: SUBSCRIBERS, restarts: RESTARTS } = SIZE.pgRestart;
const rng = suiteRng(SUITE);

let dir: string;
let port: number;
let server: EmbeddedPostgres;
let url: string;
let pool: pg.Pool;
let prisma: PrismaClient;
const children: ServiceProcess[] = [];
const followers: Follower[] = [];
let answerer: Answerer | undefined;

function startPostgres(): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
}

beforeAll(async () => {
  // A folder the postgres system user can traverse (PostgreSQL runs as that user when we are root).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skills-fleet-chaos-pg-'));
  fs.chmodSync(dir, 0o755);
  // A fixed port, so the URL every process holds stays valid across the restart.
  port = await freePort();
  server = await startPostgres();
  await queryOnce(server.adminUrl, 'CREATE DATABASE chaos');
  url = server.urlFor('chaos');
  await migrate(url);
  pool = makePool(url, 4, 'chaos-test');
  prisma = makePrismaClient(pool);
});

afterAll(async () => {
  await answerer?.stop();
  for (const follower of followers) await follower.stop();
  for (const child of children) await child.stop('SIGTERM', 15_000);
  await prisma?.$disconnect().catch(() => undefined);
  await pool?.end().catch(() => undefined);
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function readiness(apiUrl: string): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${apiUrl}/ready`, { signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function eventCount(): Promise<number> {
  const [row] = await prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM job_events`;
  return row!.n;
}

it(
  `${JOBS} jobs and ${SUBSCRIBERS} subscribers through ${RESTARTS} PostgreSQL restart(s): /ready reports it, processes reconnect, nothing lost`,
  { timeout: 600_000 },
  () =>
    diagnosed(run, {
      prisma: () => prisma,
      children: () => children.map((c, i) => childOutput(i === 0 ? 'worker' : 'api', c)),
    }),
);

async function run(): Promise<void> {
  {
    const worker = await startService('worker', {
      DATABASE_URL: url,
      WORKER_HEARTBEAT_SECONDS: '1',
      WORKER_STALE_SECONDS: '3',
      WORKER_CONCURRENCY: '4',
    });
    children.push(worker);
    const api = await startService('api', { DATABASE_URL: url, RUN_WORKER: 'false' });
    children.push(api);
    const apiUrl = api.url!;
    expect(await readiness(apiUrl)).toMatchObject({ status: 200, body: { status: 'ready', database: 'reachable' } });

    const nextTask = taskSource(rng);
    answerer = startScriptedAnswerer(() => apiUrl, USER);
    const jobIds: string[] = [];
    for (let i = 0; i < JOBS; i++) jobIds.push(await createJob(apiUrl, USER, { taskDescription: nextTask() }));
    for (let i = 0; i < SUBSCRIBERS; i++) followers.push(followJob(() => apiUrl, USER, jobIds[i % JOBS]!));

    for (let restart = 1; restart <= RESTARTS; restart++) {
      // A random moment while work is in flight: after some more events were committed.
      const target = (await eventCount()) + rng.int(5, 25);
      await waitUntil(
        async () => (await eventCount()) >= target,
        `${target} events before restart ${restart}`,
        120_000,
        50,
      );
      // ... and preferably while a phase is running (a worker between its read and its commit).
      await waitUntil(
        async () => (await prisma.job.count({ where: { jobId: { in: jobIds }, status: 'RUNNING' } })) > 0,
        'a RUNNING job',
        30_000,
        20,
      ).catch(() => undefined);
      const inFlight = await prisma.job.groupBy({ by: ['status'], _count: true, where: { jobId: { in: jobIds } } });

      const stoppedAt = Date.now();
      await server.stop();
      const stopMs = Date.now() - stoppedAt;
      // /ready says so (the database is unreachable), /health still answers.
      await waitUntil(async () => (await readiness(apiUrl)).status === 503, '/ready to report the outage', 30_000, 100);
      const down = await readiness(apiUrl);
      expect(down.body).toMatchObject({ status: 'unavailable', database: 'unreachable' });
      expect((await fetch(`${apiUrl}/health`)).status).toBe(200);
      // A request that needs the database is refused cleanly: a masked error, no 5xx, nothing about PostgreSQL.
      const refused = await post(apiUrl, '{ jobs(first: 1) { totalCount } }', undefined, USER);
      expect(refused.status).toBeLessThan(500);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(refused.text).not.toMatch(/prisma|ECONNREFUSED|postgres|127\.0\.0\.1/i);

      server = await startPostgres(); // same data folder, same port
      const startedAt = Date.now();
      await waitUntil(async () => (await readiness(apiUrl)).status === 200, '/ready after the restart', 60_000, 100);
      const readyMs = Date.now() - startedAt;
      report(
        SUITE,
        `restart ${restart}: jobs ${inFlight.map((g) => `${g.status}=${g._count}`).join(' ')}; stop took ${stopMs} ms, ` +
          `down ${startedAt - stoppedAt} ms; /ready 200 again ${readyMs} ms after PostgreSQL accepted connections`,
      );
    }

    const settled = await waitForJobs(url, prisma, jobIds, (j) => TERMINAL.has(j.status), {
      timeoutMs: Number(process.env.CHAOS_SETTLE_MS ?? 300_000),
      description: 'every job to finish after the restarts',
    });
    await Promise.race([
      Promise.all(followers.map((f) => f.done)),
      waitUntil(() => false, 'every subscription to complete', 60_000).catch((error: Error) => {
        const open = followers
          .filter((f) => !f.completed())
          .map((f) => `${f.jobId}: ${f.items.length} events, ${f.resubscriptions} resubscriptions`);
        throw new Error(`${error.message}: ${open.join('; ')}`);
      }),
    ]);

    const resubscribed = followers.filter((f) => f.resubscriptions > 0).length;
    const errorResults = followers.reduce((n, f) => n + f.errors.length, 0);
    report(
      SUITE,
      `${settled.length} jobs: ${[...new Set(settled.map((j) => j.status))].map((s) => `${s}=${settled.filter((j) => j.status === s).length}`).join(' ')}; ` +
        `${answerer.answered} prompts answered; ${SUBSCRIBERS} subscribers, ${resubscribed} had to resubscribe ` +
        `(${followers.reduce((n, f) => n + f.resubscriptions, 0)} times, ${errorResults} error results), every log complete`,
    );
    expect(
      settled.every((j) => j.status === 'COMPLETED'),
      settled.map((j) => `${j.status} ${j.error ?? ''}`).join('\n'),
    ).toBe(true);
    // Both processes came through on their own.
    expect(api.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
    expect(answerer.failures).toEqual([]);
    await expectCompleteLogs(prisma, followers);
    await expectInvariantsHold(prisma, SUITE);
  }
}
