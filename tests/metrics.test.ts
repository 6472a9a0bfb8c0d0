// GET /metrics as an operator scrapes it: a real API and a worker-only process (METRICS_PORT) on one database, a job
// run to the end and one cancelled at its first prompt; the domain metrics move as they should, the token is required.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROMPTS_OFF } from '../harness/job-policies';
import { startService, type ServiceProcess } from '../harness/service-process';
import { checkInvariants } from '../resolvers/invariants';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { CANCEL, createJob, post } from './helpers/http';
import { sample, scrapeMetrics, workerMetricsUrl } from './helpers/metrics';
import { waitForJob } from './helpers/services';

const TOKEN = 'scrape-token-for-tests';

function scrape(baseUrl: string): Promise<string> {
  return scrapeMetrics(baseUrl, TOKEN);
}

describe('/metrics', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let workerUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, METRICS_TOKEN: TOKEN };
    api = await startService('api', { ...env, RUN_WORKER: 'false' });
    worker = await startService('worker', { ...env, METRICS_PORT: '0' });
    workerUrl = workerMetricsUrl(worker.output());
    return async () => {
      await Promise.all([api.stop(), worker.stop()]);
      await db.drop();
    };
  });

  it('refuses a scrape without the token, on the API and on the worker', async () => {
    for (const url of [api.url!, workerUrl]) {
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    }
  });

  it("serves /health on the worker's METRICS_PORT", async () => {
    const health = await fetch(`${workerUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('counts jobs by status, transitions, phases, prompts and GraphQL operations after jobs ran', async () => {
    const before = await scrape(api.url!);
    expect(sample(before, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(before, 'skills_fleet_jobs', { status: 'COMPLETED' })).toBe(0);

    const done = await createJob(api.url!, 'alice', {
      taskDescription: 'a skill about safe migrations',
      hitl: ALL_PROMPTS_OFF,
    });
    await waitForJob(db, done, (j) => j.status === 'COMPLETED', { description: 'COMPLETED' });
    const asking = await createJob(api.url!, 'alice', { taskDescription: 'a skill about writing release notes' });
    await waitForJob(db, asking, (j) => j.status === 'PENDING_HITL', { description: 'the first prompt' });

    const paused = await scrape(api.url!);
    expect(sample(paused, 'skills_fleet_jobs', { status: 'COMPLETED' })).toBe(1);
    expect(sample(paused, 'skills_fleet_jobs', { status: 'PENDING_HITL' })).toBe(1);
    expect(sample(paused, 'skills_fleet_jobs', { status: 'PENDING' })).toBe(0);
    expect(sample(paused, 'skills_fleet_job_transitions_total', { from: 'PENDING', to: 'RUNNING' })).toBe(2);
    expect(sample(paused, 'skills_fleet_job_transitions_total', { from: 'RUNNING', to: 'COMPLETED' })).toBe(1);
    expect(sample(paused, 'skills_fleet_job_transitions_total', { from: 'RUNNING', to: 'PENDING_HITL' })).toBe(1);
    expect(sample(paused, 'skills_fleet_hitl_pending', { type: 'CLARIFY' })).toBe(1);
    expect(sample(paused, 'graphql_envelop_request', { operationName: 'Anonymous', operationType: 'mutation' })).toBe(
      2,
    );

    const cancelled = await post<{ cancelJob: { __typename: string } }>(
      api.url!,
      CANCEL,
      { input: { jobId: asking } },
      'alice',
    );
    expect(cancelled.body.data?.cancelJob.__typename).toBe('CancelJobSuccess');
    const after = await scrape(api.url!);
    expect(sample(after, 'skills_fleet_jobs', { status: 'CANCELLED' })).toBe(1);
    expect(sample(after, 'skills_fleet_jobs', { status: 'PENDING_HITL' })).toBe(0);
    expect(sample(after, 'skills_fleet_hitl_pending', { type: 'CLARIFY' })).toBe(0);
    expect(sample(after, 'skills_fleet_hitl_wait_seconds_count', { type: 'CLARIFY', outcome: 'cancelled' })).toBe(1);

    // The phases ran in the worker: its own histogram; the job counts are the database's, the same in every process.
    const fromWorker = await scrape(workerUrl);
    expect(
      sample(fromWorker, 'skills_fleet_phase_duration_seconds_count', { phase: 'VALIDATION', outcome: 'advanced' }),
    ).toBe(1);
    expect(
      sample(fromWorker, 'skills_fleet_phase_duration_seconds_count', { phase: 'PROMOTION', outcome: 'completed' }),
    ).toBe(1);
    expect(
      sample(fromWorker, 'skills_fleet_phase_duration_seconds_count', {
        phase: 'DEEP_UNDERSTANDING',
        outcome: 'paused',
      }),
    ).toBe(1);
    // Both jobs' tasks were picked up by this worker and none runs now; the API runs no worker.
    const task = { task: 'advance_skill_job' };
    expect(sample(fromWorker, 'skills_fleet_job_pickup_seconds_count', task)).toBeGreaterThanOrEqual(2);
    expect(sample(fromWorker, 'skills_fleet_worker_jobs_running', task)).toBe(0);
    expect(sample(after, 'skills_fleet_job_pickup_seconds_count', task)).toBe(0);
    expect(sample(fromWorker, 'skills_fleet_jobs', { status: 'CANCELLED' })).toBe(1);
    expect(sample(fromWorker, 'skills_fleet_jobs', { status: 'COMPLETED' })).toBe(1);
    expect(await checkInvariants(db.prisma)).toEqual([]);
  });

  it('the doctor notices job counts that disagree with the jobs', async () => {
    await db.prisma.$executeRaw`INSERT INTO job_status_changes (from_status, to_status) VALUES (NULL, 'FAILED')`;
    const violations = await checkInvariants(db.prisma);
    expect(violations).toEqual([
      expect.objectContaining({
        invariant: expect.stringContaining('job counts'),
        detail: 'status FAILED: counted 1, jobs 0',
      }),
    ]);
    await db.prisma.$executeRaw`INSERT INTO job_status_changes (from_status, to_status) VALUES ('FAILED', NULL)`;
    expect(await checkInvariants(db.prisma)).toEqual([]);
  });
});
