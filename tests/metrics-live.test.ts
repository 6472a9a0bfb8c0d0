// The metrics of work in flight, scraped from a real API and a real worker-only process while a job runs: the
// worker's running tasks and pickup latency, the API's open subscriptions and the delivery of live items per
// subscription kind. The worker's model (a real chat-completions server) holds its first request, so the test
// scrapes while the phase runs, then refuses it: with one attempt per phase the job fails, and everything in flight
// must go back to 0. A second job, whose model answers as the offline author would, waits at a prompt; answering it
// brings the next prompt live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type ServiceProcess } from '../harness/service-process';
import type { HitlInteraction } from '../prisma/database';
import { makeWsClient, record, type SubscriptionClient } from './helpers/clients';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { startFakeLlm, type FakeProvider } from './helpers/fake-llm';
import { authorMethodOf, authorPayloadOf, offlineAnswerFor } from './helpers/fake-author';
import { goodAnswers } from './helpers/hitl';
import { createJob, post, RESPOND } from './helpers/http';
import { sample, scrapeMetrics, workerMetricsUrl } from './helpers/metrics';
import { waitForJob } from './helpers/services';

const EVENTS = `subscription Events($jobId: ID!) { jobEvents(jobId: $jobId) { sequence status } }`;
const UPDATES = `subscription Updates($jobId: ID!) { jobUpdated(jobId: $jobId) { status updatedAt } }`;
const PROMPTS = `subscription Prompts { hitlPromptPending { interactionId interactionType promptData job { jobId } } }`;
const TASK = { task: 'advance_skill_job' };
const JOB_EVENTS = { kind: 'jobEvents' };
const JOB_UPDATED = { kind: 'jobUpdated' };
const PROMPT_PENDING = { kind: 'hitlPromptPending' };
const DELIVERIES = 'skills_fleet_event_delivery_seconds_count';

interface PromptItem {
  interactionId: number;
  interactionType: string;
  promptData: unknown;
  job: { jobId: string };
}

/** Rejects after `ms` unless `promise` settles first. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer!: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('metrics of work in flight', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let llm: FakeProvider;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let workerUrl: string;
  let client: SubscriptionClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    llm = await startFakeLlm();
    // The process that enqueues a task sets its attempts: one, so the refused request fails the job at once.
    api = await startService('api', { DATABASE_URL: db.url, RUN_WORKER: 'false', PHASE_MAX_ATTEMPTS: '1' });
    worker = await startService('worker', {
      DATABASE_URL: db.url,
      METRICS_PORT: '0',
      LLM_BASE_URL: `${llm.url}/v1`,
      LLM_MODEL: 'test-model',
      PHASE_MAX_ATTEMPTS: '1',
    });
    workerUrl = workerMetricsUrl(worker.output());
    client = makeWsClient(api.url!, { 'x-user-id': 'alice' });
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all([api?.stop(), worker?.stop()]);
    await llm?.close();
    await db?.drop();
  });

  it('counts the running task and its pickup on the worker, the subscription and its live events on the API', async () => {
    const [apiBefore, workerBefore] = await Promise.all([scrapeMetrics(api.url!), scrapeMetrics(workerUrl)]);
    expect(sample(workerBefore, 'skills_fleet_worker_jobs_running', TASK)).toBe(0);
    expect(sample(workerBefore, 'skills_fleet_job_pickup_seconds_count', TASK)).toBe(0);
    expect(sample(apiBefore, 'skills_fleet_subscriptions', JOB_EVENTS)).toBe(0);
    for (const kind of [JOB_EVENTS, JOB_UPDATED, PROMPT_PENDING]) expect(sample(apiBefore, DELIVERIES, kind)).toBe(0);
    expect(apiBefore).toContain('skills_fleet_event_delivery_seconds_count{kind="jobUpdated"} 0');
    // The series exist before anything happened, so a dashboard shows 0 rather than nothing.
    expect(workerBefore).toContain('skills_fleet_worker_jobs_running{task="advance_skill_job"} 0');
    expect(apiBefore).toContain('skills_fleet_subscriptions{kind="hitlPromptPending"} 0');

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let requested!: () => void;
    const modelCalled = new Promise<void>((resolve) => (requested = resolve));
    llm.handle(async () => {
      requested();
      await released;
      return { status: 400, body: '{"error":{"message":"test provider refuses"}}' };
    });

    const jobId = await createJob(api.url!, 'alice', { taskDescription: 'a skill about safe migrations' });
    const events = record<{ sequence: number; status: string }>(client, 'jobEvents', EVENTS, { jobId });
    const updates = record<{ status: string }>(client, 'jobUpdated', UPDATES, { jobId });
    await events.waitFor((items) => items.length >= 1, 'the replayed first event');
    await updates.waitFor((items) => items.length >= 1, 'the job now');
    await within(modelCalled, 30_000, "the worker's first model request");

    const [apiRunning, workerRunning] = await Promise.all([scrapeMetrics(api.url!), scrapeMetrics(workerUrl)]);
    expect(sample(workerRunning, 'skills_fleet_worker_jobs_running', TASK)).toBe(1);
    expect(sample(workerRunning, 'skills_fleet_job_pickup_seconds_count', TASK)).toBe(1);
    // Picked up within a poll interval or so of being enqueued (a NOTIFY wakes an idle worker).
    expect(sample(workerRunning, 'skills_fleet_job_pickup_seconds_sum', TASK)).toBeLessThan(5);
    expect(sample(apiRunning, 'skills_fleet_subscriptions', JOB_EVENTS)).toBe(1);
    expect(sample(apiRunning, 'skills_fleet_subscriptions', JOB_UPDATED)).toBe(1);
    // The API process runs no worker: it has no tasks to count.
    expect(sample(apiRunning, 'skills_fleet_job_pickup_seconds_count', TASK)).toBe(0);
    const deliveredBefore = events.items.length;
    const updatesBefore = updates.items.length;

    release();
    await events.waitForCompletion(60_000);
    await updates.waitForCompletion(10_000);
    const job = await waitForJob(db, jobId, (j) => j.status === 'FAILED', { description: 'FAILED' });
    expect(events.items.at(-1)).toEqual({ sequence: job.lastSequence, status: 'FAILED' });

    const [apiAfter, workerAfter] = await Promise.all([scrapeMetrics(api.url!), scrapeMetrics(workerUrl)]);
    expect(sample(workerAfter, 'skills_fleet_worker_jobs_running', TASK)).toBe(0);
    expect(sample(workerAfter, 'skills_fleet_job_pickup_seconds_count', TASK)).toBe(1);
    expect(
      sample(workerAfter, 'skills_fleet_phase_duration_seconds_count', { phase: 'TASK_REFINEMENT', outcome: 'failed' }),
    ).toBe(1);
    expect(sample(apiAfter, 'skills_fleet_subscriptions', JOB_EVENTS)).toBe(0);
    expect(sample(apiAfter, 'skills_fleet_subscriptions', JOB_UPDATED)).toBe(0);
    // Every event committed after the release reached the subscriber live; the replayed ones are not deliveries.
    const delivered = sample(apiAfter, DELIVERIES, JOB_EVENTS);
    expect(delivered).toBeGreaterThanOrEqual(events.items.length - deliveredBefore);
    expect(delivered).toBeLessThanOrEqual(events.items.length - 1);
    expect(sample(apiAfter, 'skills_fleet_event_delivery_seconds_sum', JOB_EVENTS)).toBeLessThan(5 * delivered);
    expect(sample(apiAfter, 'skills_fleet_event_delivery_seconds_bucket', { ...JOB_EVENTS, le: '+Inf' })).toBe(
      delivered,
    );
    // jobUpdated: every state after the first (the job as it was when subscribing) is a live delivery.
    expect(updates.items.at(-1)?.status).toBe('FAILED');
    expect(updates.items.length).toBeGreaterThan(updatesBefore);
    const updated = sample(apiAfter, DELIVERIES, JOB_UPDATED);
    expect(updated).toBe(updates.items.length - 1);
    expect(sample(apiAfter, 'skills_fleet_event_delivery_seconds_sum', JOB_UPDATED)).toBeLessThan(5 * updated);
    expect(sample(apiAfter, DELIVERIES, PROMPT_PENDING)).toBe(0);
  });

  it('counts a prompt that arrives live as a delivery of hitlPromptPending, not the one already pending', async () => {
    llm.handle(async (request) => {
      const method = authorMethodOf(request);
      if (!method) return { status: 400, body: '{"error":{"message":"only the author is answered here"}}' };
      return { content: JSON.stringify(await offlineAnswerFor(method, authorPayloadOf(request))) };
    });
    const jobId = await createJob(api.url!, 'alice', { taskDescription: 'a skill for writing clear runbooks' });
    await waitForJob(db, jobId, (j) => j.status === 'PENDING_HITL', { description: 'the first prompt' });
    const before = sample(await scrapeMetrics(api.url!), DELIVERIES, PROMPT_PENDING);

    const prompts = record<PromptItem>(client, 'hitlPromptPending', PROMPTS);
    await prompts.waitFor((items) => items.length === 1, 'the prompt already pending');
    const pending = await db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId, status: 'PENDING' } });
    expect(prompts.items[0]!.interactionId).toBe(pending.interactionId);
    const answer = goodAnswers(pending as HitlInteraction);
    const answered = await post<{ respondToHitl: { __typename: string } }>(
      api.url!,
      RESPOND,
      { input: { ...answer, interactionId: String(answer.interactionId) } },
      'alice',
    );
    expect(answered.body.data?.respondToHitl.__typename).toBe('RespondToHitlSuccess');
    await prompts.waitFor((items) => items.length === 2, 'the next prompt, live', 60_000);
    expect(prompts.items[1]!.job.jobId).toBe(jobId);
    expect(prompts.items[1]!.interactionId).not.toBe(pending.interactionId);

    // Counted once the transport asks for the next item, i.e. right after it wrote this one: bounded wait for it.
    let text = await scrapeMetrics(api.url!);
    for (const deadline = Date.now() + 5_000; sample(text, DELIVERIES, PROMPT_PENDING) === before;) {
      if (Date.now() > deadline) break;
      text = await scrapeMetrics(api.url!);
    }
    expect(sample(text, DELIVERIES, PROMPT_PENDING)).toBe(before + 1);
    expect(sample(text, 'skills_fleet_event_delivery_seconds_sum', PROMPT_PENDING)).toBeLessThan(5);
    expect(sample(text, 'skills_fleet_subscriptions', PROMPT_PENDING)).toBe(1);
    prompts.stop();
  });
});
