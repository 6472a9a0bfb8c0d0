// The service as a user runs it: `npm start` on the embedded PostgreSQL or on DATABASE_URL, `npm run worker`
// beside an API without a worker, graceful shutdown, and recovery from a `kill -9`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { isProcessAlive, REPO_ROOT, runCommand, startService, type ServiceProcess } from '../harness/service-process';
import { post } from './helpers/http';
import { makeTestServices, waitForJob } from './helpers/services';
import { createSkillJob } from '../resolvers/jobs/create-skill-job';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';

const running: ServiceProcess[] = [];
/** Migrations this build ships (each helper's branch may add one). */
const MIGRATIONS = fs
  .readdirSync(path.join(REPO_ROOT, 'prisma', 'migrations'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory()).length;
const folders: string[] = [];
let db: TestDatabase | undefined;

afterEach(async () => {
  for (const service of running.splice(0)) await service.stop('SIGKILL');
});
afterAll(async () => {
  await db?.drop();
  for (const folder of folders) {
    const pidFile = path.join(folder, 'postgres', 'postmaster.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skills-fleet-start-'));
  fs.chmodSync(dir, 0o755);
  folders.push(dir);
  return dir;
}

function postmasterPid(dir: string): number | null {
  const file = path.join(dir, 'postgres', 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : null;
}

async function start(mode: 'api' | 'worker', env: Record<string, string | undefined>) {
  const service = await startService(mode, env);
  running.push(service);
  return service;
}

// Each test starts real processes (tsx compiles main.ts, PostgreSQL initialises): slow on a busy 2-core machine.
/** How many jobs the `local` user sees, asked over the service's HTTP API. */
async function jobsListed(url: string): Promise<number | undefined> {
  const listed = await post<{ jobs: { totalCount: number } }>(
    url,
    '{ jobs(first: 5) { totalCount } }',
    undefined,
    'local',
  );
  return listed.body.data?.jobs.totalCount;
}

describe('npm start', { timeout: 120_000 }, () => {
  it('without DATABASE_URL starts an embedded PostgreSQL, serves GraphQL, /health and /ready, and shuts down leaving no PostgreSQL behind', async () => {
    const dir = dataDir();
    const api = await start('api', { DATABASE_URL: '', DATA_DIR: dir });
    const pid = postmasterPid(dir);
    expect(pid).toBeGreaterThan(0);
    expect(isProcessAlive(pid!)).toBe(true);

    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'reachable', migrations: 'applied' });
    const jobs = await post<{ jobs: { totalCount: number } }>(
      api.url!,
      '{ jobs(first: 5) { totalCount } }',
      undefined,
      'local',
    );
    expect(jobs.body).toEqual({ data: { jobs: { totalCount: 0 } } });
    const graphiql = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('Skills Fleet');

    expect(await api.stop('SIGTERM')).toBe(0);
    expect(api.output()).toContain('"msg":"stopped"');
    expect(isProcessAlive(pid!)).toBe(false);

    // A second start reuses the data.
    const again = await start('api', { DATABASE_URL: '', DATA_DIR: dir });
    expect(again.output()).toContain(`"alreadyApplied":${MIGRATIONS}`);
    expect(await again.stop('SIGINT')).toBe(0);
  });

  it('comes back after kill -9 left a stale postmaster.pid and an orphaned PostgreSQL', async () => {
    const dir = dataDir();
    const first = await start('api', { DATABASE_URL: '', DATA_DIR: dir });
    const orphan = postmasterPid(dir)!;
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');
    expect(isProcessAlive(orphan)).toBe(true); // PostgreSQL outlived its parent

    const second = await start('api', { DATABASE_URL: '', DATA_DIR: dir });
    expect(isProcessAlive(orphan)).toBe(false);
    expect(await jobsListed(second.url!)).toBe(0);
    expect(await second.stop('SIGTERM')).toBe(0);
  });

  it('with DATABASE_URL uses that server and starts no embedded PostgreSQL; RUN_WORKER=false API plus `npm run worker` complete a job together', async () => {
    db = await createTestDatabase();
    const dir = dataDir();
    const env = { DATABASE_URL: db.url, DATA_DIR: dir, WORKER_HEARTBEAT_SECONDS: '1', WORKER_STALE_SECONDS: '3' };
    const api = await start('api', { ...env, RUN_WORKER: 'false' });
    expect(fs.existsSync(path.join(dir, 'postgres'))).toBe(false);
    expect(api.output()).not.toContain('worker running');

    // A script creates the job through the use case (the API process has no worker, so it stays PENDING).
    const job = await createSkillJob(
      makeTestServices(db),
      { userId: 'local', isAdmin: false },
      {
        taskDescription: 'a skill for writing release notes',
        hitl: ALL_PROMPTS_OFF,
      },
    );
    const jobId = job.jobId;
    expect(await jobsListed(api.url!)).toBe(1);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { jobId } })).status).toBe('PENDING');

    const worker = await start('worker', env);
    const done = await waitForJob(db, jobId, (j) => j.status === 'COMPLETED' || j.status === 'FAILED', {
      timeoutMs: 30_000,
    });
    expect(done.status).toBe('COMPLETED');
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(await db.prisma.workerHeartbeat.count()).toBe(0); // a clean stop removes its heartbeat
    expect(await api.stop('SIGTERM')).toBe(0);
  });

  it('`npm run migrate` and `npm run doctor` work against DATABASE_URL; the doctor exits 1 and names a violation', async () => {
    const target = await createTestDatabase();
    try {
      const migrated = await runCommand('migrate', { DATABASE_URL: target.url });
      expect(migrated.code).toBe(0);
      expect(migrated.output).toContain(`applied 0 migration(s); ${MIGRATIONS} already applied`);
      const healthy = await runCommand('doctor', { DATABASE_URL: target.url });
      expect(healthy).toMatchObject({ code: 0 });
      expect(healthy.output).toContain('every invariant holds');
      const job = await createSkillJob(
        makeTestServices(target),
        { userId: 'ops', isAdmin: false },
        { taskDescription: 'a skill for auditing cron jobs' },
      );
      await target.prisma.$executeRaw`DELETE FROM job_events WHERE job_id = ${job.jobId}::uuid`;
      const sick = await runCommand('doctor', { DATABASE_URL: target.url });
      expect(sick.code).toBe(1);
      expect(sick.output).toContain(
        `VIOLATION events are numbered 1..n with no gaps, and n is the job last_sequence: ${job.jobId}`,
      );
    } finally {
      await target.drop();
    }
  });

  it('refuses to start with an invalid configuration and lists every problem', async () => {
    const error = await startService(
      'api',
      { PORT: 'abc', WORKER_CONCURRENCY: '0', NODE_ENV: 'production', AUTH_JWT_SECRET: '' },
      { timeoutMs: 30_000 },
    ).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('WORKER_CONCURRENCY');
    expect(message).toContain('AUTH_JWT_SECRET');
  });
});
