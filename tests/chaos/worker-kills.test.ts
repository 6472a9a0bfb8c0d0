// Worker kill loop: jobs with prompts answered by a scripted person, while worker processes (`main.ts worker`) are
// SIGKILLed at random moments (when the victim is in the middle of a phase) and replaced. Every job reaches a
// terminal state, nothing is done twice (one PHASE_COMPLETED per phase, one prompt per pause, one skill per job),
// the invariant checker is clean, and the recovery time of every job a killed worker was running is reported: from
// the kill to the job's next committed event (another worker took it over and finished the phase).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Services } from '../../resolvers/services';
import { PHASES } from '../../resolvers/workflow/machine';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startService, type ServiceProcess } from '../../harness/service-process';
import { makeTestServices } from '../helpers/services';
import { report, SCALE, SIZE, suiteRng } from './config';
import { createJob } from '../helpers/http';
import { startScriptedAnswerer, type Answerer } from './answerer';
import { childOutput, diagnosed, expectInvariantsHold, percentile } from './evidence';
import { startInProcessApi, type InProcessApi } from './in-process-api';
import { taskSource } from './tasks';
import { recordNotifications, TERMINAL, waitForJobs, waitUntil, type Notification } from './waits';

const SUITE = 'worker-kills';
const USER = 'chaos';
const { jobs: JOBS, kills: KILLS, liveWorkers: LIVE_WORKERS, heartbeatSeconds, staleSeconds } = SIZE.killLoop;
/** The requirement's bound for taking over a killed worker's job, and its goal for the 95th percentile (issue 16). */
const RECOVERY_GOAL_MS = 30_000;
const RECOVERY_P95_GOAL_MS = 3_000;
const rng = suiteRng(SUITE);

let db: TestDatabase;
let services: Services;
let api: InProcessApi;
let notifications: { notes: Notification[]; close(): Promise<void> };
let answerer: Answerer | undefined;
const workers: ServiceProcess[] = [];
const everyWorker: ServiceProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  services = makeTestServices(db, { settings: { phaseMaxAttempts: 5 } });
  api = await startInProcessApi(db.url, services);
  notifications = await recordNotifications(db.url);
});

afterAll(async () => {
  await answerer?.stop();
  for (const worker of workers) await worker.stop('SIGTERM', 15_000);
  for (const worker of everyWorker) await worker.stop('SIGKILL');
  await notifications?.close();
  await api?.close();
  await db?.drop();
});

const WORKER_ENV = () => ({
  DATABASE_URL: db.url,
  WORKER_HEARTBEAT_SECONDS: String(heartbeatSeconds),
  WORKER_STALE_SECONDS: String(staleSeconds),
  WORKER_CONCURRENCY: '3',
  PHASE_MAX_ATTEMPTS: '5',
});

async function startWorkerProcess(): Promise<ServiceProcess> {
  const worker = await startService('worker', WORKER_ENV());
  everyWorker.push(worker);
  return worker;
}

/** The advance tasks a worker process holds right now (by the ids its heartbeat claims). */
async function heldBy(pid: number): Promise<Array<{ job_id: string }>> {
  return db.prisma.$queryRaw<Array<{ job_id: string }>>`
    SELECT gj.payload->>'jobId' AS job_id
    FROM graphile_worker._private_jobs gj
    JOIN graphile_worker._private_tasks t ON t.id = gj.task_id AND t.identifier = 'advance_skill_job'
    JOIN worker_heartbeats h ON gj.locked_by = ANY (h.graphile_worker_ids)
    WHERE h.pid = ${pid} AND gj.locked_by IS NOT NULL`;
}

/** The graphile-worker ids a worker process's heartbeat claims. */
async function claimedBy(pid: number): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<
    Array<{ ids: string[] }>
  >`SELECT graphile_worker_ids AS ids FROM worker_heartbeats WHERE pid = ${pid}`;
  return rows.flatMap((r) => r.ids);
}

/** Whether a worker other than `ids` has locked an advance task of the job (it took the job over). */
async function lockedByOther(jobId: string, ids: string[]): Promise<boolean> {
  const [row] = await db.prisma.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM graphile_worker._private_jobs
    WHERE payload->>'jobId' = ${jobId} AND locked_by IS NOT NULL AND NOT (locked_by = ANY (${ids}::text[]))`;
  return row!.n > 0;
}

/** Whether one of `ids` still locks an advance task of the job. */
async function lockedByAny(jobId: string, ids: string[]): Promise<boolean> {
  const [row] = await db.prisma.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE payload->>'jobId' = ${jobId} AND locked_by = ANY (${ids}::text[])`;
  return row!.n > 0;
}

interface Killed {
  kill: number;
  jobId: string;
  phase: string | null;
  killedAt: number;
  sequenceAtKill: number;
  /** When the dead worker's lock on the job's task was gone (released by a live worker's sweep). */
  releasedAt?: number;
  /** When another worker had the job's task (seen locked by it), or the job had moved on. */
  takenOverAt?: number;
}

it(
  `${JOBS} jobs with prompts while ${KILLS} worker processes are SIGKILLed at random moments: all finish, nothing twice, recovery p95 < 3 s`,
  { timeout: SCALE === 'full' ? 3_600_000 : 300_000 },
  () =>
    diagnosed(run, {
      prisma: () => db.prisma,
      children: () => workers.map((w, i) => childOutput(`worker ${i}`, w)),
    }),
);

async function run(): Promise<void> {
  const startedAt = Date.now();
  for (let i = 0; i < LIVE_WORKERS; i++) workers.push(await startWorkerProcess());
  answerer = startScriptedAnswerer(() => api.url, USER);
  const nextTask = taskSource(rng);
  const jobIds: string[] = [];
  const killed: Killed[] = [];
  const releases: Array<Promise<void>> = [];
  const { notes } = notifications;
  let kills = 0;
  let missed = 0;

  for (let k = 1; k <= KILLS; k++) {
    // Feed the run in batches, so every kill finds work in flight.
    const batch = Math.ceil((JOBS - jobIds.length) / (KILLS - k + 1));
    for (let i = 0; i < batch; i++) jobIds.push(await createJob(api.url, USER, { taskDescription: nextTask() }));

    // A random moment: some more events, then the victim in the middle of a phase.
    const index = rng.int(0, workers.length - 1);
    const victim = workers[index]!;
    const pid = victim.child.pid!;
    const target = notes.length + rng.int(1, 12);
    await waitUntil(() => notes.length >= target, `${target} events`, 60_000, 20).catch(() => undefined);
    const busy = await waitUntil(
      async () => (await heldBy(pid)).length > 0,
      'the victim to run a phase',
      20_000,
      25,
    ).then(
      () => true,
      () => false,
    );
    if (!busy) missed++;

    const killedAt = Date.now();
    expect(await victim.stop('SIGKILL')).toBe('SIGKILL');
    kills++;
    // The dead process's locks are still there (nobody released them yet): exactly the jobs it was running.
    const deadIds = await claimedBy(pid);
    for (const { job_id } of await heldBy(pid)) {
      const job = await db.prisma.job.findUniqueOrThrow({ where: { jobId: job_id } });
      const entry: Killed = {
        kill: k,
        jobId: job_id,
        phase: job.currentPhase,
        killedAt,
        sequenceAtKill: job.lastSequence,
      };
      killed.push(entry);
      const movedOn = () =>
        notes.some((n) => n.jobId === job_id && n.sequence > entry.sequenceAtKill && n.at >= killedAt);
      releases.push(
        (async () => {
          await waitUntil(
            async () => movedOn() || !(await lockedByAny(job_id, deadIds)),
            `the lock of ${job_id} to be released`,
            300_000,
            100,
          );
          entry.releasedAt = Date.now();
          await waitUntil(
            async () => movedOn() || (await lockedByOther(job_id, deadIds)),
            `another worker to take ${job_id} over`,
            300_000,
            50,
          );
          entry.takenOverAt = Date.now();
        })().catch(() => undefined),
      );
    }
    report(
      SUITE,
      `kill ${k} at +${((killedAt - startedAt) / 1000).toFixed(1)} s: worker pid ${pid} (${busy ? 'mid-phase' : 'idle'}); live: ${workers
        .filter((w) => w !== victim)
        .map((w) => w.child.pid)
        .join(', ')}`,
    );
    workers[index] = await startWorkerProcess();
  }
  while (jobIds.length < JOBS) jobIds.push(await createJob(api.url, USER, { taskDescription: nextTask() }));

  const settled = await waitForJobs(db.url, db.prisma, jobIds, (j) => TERMINAL.has(j.status), {
    timeoutMs: SCALE === 'full' ? 1_800_000 : 240_000,
    description: 'every job to reach a terminal state',
  });
  const elapsed = Date.now() - startedAt;
  await Promise.all(releases);

  // Recovery: from the kill until another worker had the job (its task locked by a live worker, or a new event of
  // the job, whichever was seen first). The next event is reported too; it comes later when the worker that took the
  // job over was itself killed before it could commit (the job then shows up in a later kill as well).
  const seconds = (ms: number | null | undefined) =>
    ms === null || ms === undefined ? 'NEVER' : `${(ms / 1000).toFixed(1)} s`;
  const recoveries = killed.map((k) => {
    const next = notes.find((n) => n.jobId === k.jobId && n.sequence > k.sequenceAtKill && n.at >= k.killedAt);
    const nextEventMs = next ? next.at - k.killedAt : null;
    const takenOverMs = k.takenOverAt === undefined ? null : k.takenOverAt - k.killedAt;
    const recoveryMs =
      takenOverMs === null ? nextEventMs : nextEventMs === null ? takenOverMs : Math.min(takenOverMs, nextEventMs);
    return { ...k, recoveryMs, nextEventMs };
  });
  for (const r of recoveries) {
    const again = recoveries.find(
      (o) => o.jobId === r.jobId && o.kill > r.kill && o.killedAt < r.killedAt + (r.nextEventMs ?? Infinity),
    );
    report(
      SUITE,
      `kill ${r.kill}: job ${r.jobId.slice(0, 8)} in ${r.phase ?? 'its first phase'}: lock released after ${seconds(r.releasedAt && r.releasedAt - r.killedAt)}, ` +
        `taken over after ${seconds(r.recoveryMs)}, next event after ${seconds(r.nextEventMs)}${again ? ` (its new worker was killed in kill ${again.kill})` : ''}`,
    );
  }
  const times = recoveries.map((r) => r.recoveryMs).filter((ms): ms is number => ms !== null);
  const byStatus = [...new Set(settled.map((j) => j.status))]
    .map((s) => `${s}=${settled.filter((j) => j.status === s).length}`)
    .join(' ');
  report(
    SUITE,
    `${settled.length} jobs (${byStatus}) in ${(elapsed / 1000).toFixed(0)} s; ${kills} SIGKILLs (${missed} caught the victim idle), ` +
      `${killed.length} jobs were mid-phase in a killed worker; recovery median ${(percentile(times, 50) / 1000).toFixed(1)} s, ` +
      `p95 ${(percentile(times, 95) / 1000).toFixed(1)} s, max ${(Math.max(0, ...times) / 1000).toFixed(1)} s ` +
      `(heartbeat ${heartbeatSeconds} s, stale after ${staleSeconds} s); ${answerer.answered} prompts answered`,
  );

  expect(kills).toBe(KILLS);
  expect(
    settled.every((j) => j.status === 'COMPLETED'),
    settled.map((j) => `${j.jobId} ${j.status} ${j.error ?? ''}`).join('\n'),
  ).toBe(true);
  expect(recoveries.filter((r) => r.recoveryMs === null)).toEqual([]);
  expect(Math.max(0, ...times)).toBeLessThan(RECOVERY_GOAL_MS);
  expect(percentile(times, 95)).toBeLessThan(RECOVERY_P95_GOAL_MS);
  expect(answerer.failures).toEqual([]);

  // Nothing done twice.
  const phaseCounts = await db.prisma.$queryRaw<Array<{ job_id: string; phase: string; n: number }>>`
    SELECT job_id::text, phase::text, count(*)::int AS n FROM job_events WHERE event_type = 'PHASE_COMPLETED' GROUP BY job_id, phase`;
  expect(phaseCounts.filter((c) => c.n !== 1)).toEqual([]);
  expect(phaseCounts.length).toBe(JOBS * PHASES.length);
  const prompts = await db.prisma.$queryRaw<
    Array<{ job_id: string; requested: number; interactions: number; answered: number }>
  >`
    SELECT j.job_id::text,
           (SELECT count(*)::int FROM job_events e WHERE e.job_id = j.job_id AND e.event_type = 'HITL_REQUESTED') AS requested,
           (SELECT count(*)::int FROM hitl_interactions i WHERE i.job_id = j.job_id) AS interactions,
           (SELECT count(*)::int FROM hitl_interactions i WHERE i.job_id = j.job_id AND i.status = 'RESPONDED') AS answered
    FROM jobs j`;
  expect(
    prompts.filter((p) => p.requested !== p.interactions || p.answered !== p.interactions || p.interactions < 3),
  ).toEqual([]);
  expect(await db.prisma.skill.count()).toBe(JOBS);
  await expectInvariantsHold(db.prisma, SUITE);
}
