// The process's Prometheus registry: prom-client's process metrics, the domain metrics (names fixed: dashboards are
// written against them) and the Metrics that resolvers/ reports to. One registry per process, made by main.ts (not
// prom-client's global one), so tests that run several apps in one process do not collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PrismaClient } from '../prisma/database';
import { scrapeCounts, type LabelledCount, type ScrapeCounts } from '../resolvers/metric-counts';
import { SUBSCRIPTION_KINDS, type Metrics } from '../resolvers/metrics';
import { ADVANCE_SKILL_JOB, HITL_TIMEOUT } from '../resolvers/queue/contracts';

export interface MetricsRegistry {
  registry: Registry;
  /** What resolvers/ reports to (Services.metrics). */
  metrics: Metrics;
  /** GET /metrics requires `Authorization: Bearer <token>` when set. */
  token?: string;
}

const SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const WAIT_SECONDS = [1, 10, 60, 300, 900, 3600, 4 * 3600, 86_400, 7 * 86_400];
/** Queue and delivery latencies: milliseconds when all is well, seconds when something is behind. */
const LATENCY_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function makeMetricsRegistry(prisma: PrismaClient, options: { token?: string } = {}): MetricsRegistry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  /** Sets every labelled value from a fresh read (a label that went away is dropped, not left stale). */
  const fill = (metric: Gauge, counts: LabelledCount[]) => {
    metric.reset();
    for (const { labels, count } of counts) metric.set(labels, count);
  };
  // prom-client calls every collect() of a scrape in the same tick: the three counted metrics share one read (one
  // statement, one round trip) instead of a query each; a scrape that starts while it runs shares it too.
  let reading: Promise<ScrapeCounts> | null = null;
  const counts = () => (reading ??= scrapeCounts(prisma).finally(() => (reading = null)));
  new Gauge({
    name: 'skills_fleet_jobs',
    help: 'Jobs per status (all processes report the same counts, kept by a trigger on jobs)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      fill(this, (await counts()).jobs);
    },
  });
  // Read at scrape time like the jobs gauge: committed changes only (a rolled-back one is not counted), the same in
  // every process. A counter has no set(): reset, then add the total.
  new Counter({
    name: 'skills_fleet_job_transitions_total',
    help: 'Committed job status changes per from and to status',
    labelNames: ['from', 'to'],
    registers: [registry],
    async collect() {
      const { transitions } = await counts();
      this.reset();
      for (const { labels, count } of transitions) this.inc(labels, count);
    },
  });
  new Gauge({
    name: 'skills_fleet_hitl_pending',
    help: 'Prompts waiting for a person, per type',
    labelNames: ['type'],
    registers: [registry],
    async collect() {
      fill(this, (await counts()).pendingPrompts);
    },
  });
  const phaseDuration = new Histogram({
    name: 'skills_fleet_phase_duration_seconds',
    help: 'Time a workflow phase took in this process (run and commit), per phase and outcome',
    labelNames: ['phase', 'outcome'],
    buckets: SECONDS,
    registers: [registry],
  });
  const promptWait = new Histogram({
    name: 'skills_fleet_hitl_wait_seconds',
    help: 'Time from a prompt being created to it being answered, timed out or cancelled, per type and outcome',
    labelNames: ['type', 'outcome'],
    buckets: WAIT_SECONDS,
    registers: [registry],
  });
  const recoveries = new Counter({
    name: 'skills_fleet_worker_recoveries_total',
    help: 'Jobs this process took over from a dead worker (its liveness lock freed, or its heartbeat stale)',
    registers: [registry],
  });
  const pickup = new Histogram({
    name: 'skills_fleet_job_pickup_seconds',
    help: 'Time from a task being due (enqueued, or its retry or timeout time) to a worker of this process starting it',
    labelNames: ['task'],
    buckets: LATENCY_SECONDS,
    registers: [registry],
  });
  const running = new Gauge({
    name: 'skills_fleet_worker_jobs_running',
    help: "Tasks this process's workers are running now, per task",
    labelNames: ['task'],
    registers: [registry],
  });
  const subscriptions = new Gauge({
    name: 'skills_fleet_subscriptions',
    help: 'Open subscriptions of this process, per kind (the subscription field)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const delivery = new Histogram({
    name: 'skills_fleet_event_delivery_seconds',
    help: "Time from a row being written (a job event, a job's change, a prompt) to a live subscriber of this process taking it, per kind (the subscription field)",
    labelNames: ['kind'],
    buckets: LATENCY_SECONDS,
    registers: [registry],
  });
  // Every label present from the start, so a dashboard shows 0 rather than nothing.
  for (const task of [ADVANCE_SKILL_JOB, HITL_TIMEOUT]) running.set({ task }, 0);
  for (const kind of SUBSCRIPTION_KINDS) {
    subscriptions.set({ kind }, 0);
    delivery.zero({ kind });
  }
  const llmRequests = new Counter({
    name: 'skills_fleet_llm_requests_total',
    help: 'Requests to a model (author, agent under test, judge) made by this process, per model, purpose and outcome',
    labelNames: ['model', 'purpose', 'outcome'],
    registers: [registry],
  });
  const llmSeconds = new Histogram({
    name: 'skills_fleet_llm_request_seconds',
    help: 'Latency of a request to a model made by this process, per model and purpose',
    labelNames: ['model', 'purpose'],
    buckets: SECONDS,
    registers: [registry],
  });
  const llmTokens = new Counter({
    name: 'skills_fleet_llm_tokens_total',
    help: "Tokens of this process's model requests, per model and kind (prompt, completion), from the responses' usage",
    labelNames: ['model', 'kind'],
    registers: [registry],
  });
  return {
    registry,
    token: options.token,
    metrics: {
      phaseFinished: (phase, outcome, seconds) => phaseDuration.observe({ phase, outcome }, seconds),
      promptFinished: (type, outcome, seconds) => promptWait.observe({ type, outcome }, seconds),
      taskStarted: (task, seconds) => {
        pickup.observe({ task }, seconds);
        running.inc({ task });
      },
      taskEnded: (task) => running.dec({ task }),
      subscriptionOpened: (kind) => subscriptions.inc({ kind }),
      subscriptionClosed: (kind) => subscriptions.dec({ kind }),
      eventDelivered: (kind, seconds) => delivery.observe({ kind }, seconds),
      workersRecovered: (jobs) => recoveries.inc(jobs),
      llmCall: ({ model, purpose, outcome, latencyMs, promptTokens, completionTokens }) => {
        llmRequests.inc({ model, purpose, outcome });
        llmSeconds.observe({ model, purpose }, latencyMs / 1000);
        llmTokens.inc({ model, kind: 'prompt' }, promptTokens);
        llmTokens.inc({ model, kind: 'completion' }, completionTokens);
      },
    },
  };
}

/** The answer to GET /metrics: 401 without the token (when one is set), else the exposition. */
export async function scrape(metrics: MetricsRegistry, authorization: string | null): Promise<Response> {
  if (metrics.token !== undefined && authorization !== `Bearer ${metrics.token}`) {
    return new Response('unauthorized\n', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  }
  return new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } });
}
