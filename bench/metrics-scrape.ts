// metrics-scrape: GET /metrics on an API process with 100,000 jobs in the database (inserted by SQL, every status;
// one job in ten waits at a prompt), against the same scrape of the same server before the jobs were inserted. The
// job counts come from totals a trigger keeps (resolvers/metric-counts.ts), so a scrape should not grow with the
// jobs: goal p99 <= 50 ms. The first scrape after the insert folds the 100,000 changes the trigger appended; it is
// reported on its own (an idle worker's sweep would have folded them already), then the scrapes while the folded
// changes are dead rows not vacuumed yet, then (after a VACUUM, what autovacuum does within a minute) the steady state
// that the figures with the goal measure.
import { startService } from '../harness/service-process';
import { makePool, makePrismaClient, type PrismaClient } from '../prisma/database';
import { jobStatusCounts, jobTransitionCounts, pendingPromptCounts, scrapeCounts } from '../resolvers/metric-counts';
import { now } from './lib/clock';
import { adminQuery } from './lib/postgres';
import { Scope } from './lib/scope';
import { percentiles } from './lib/stats';
import { Checks, makeFigure, type Benchmark, type BenchResult } from './lib/types';

const STATUSES = ['PENDING', 'RUNNING', 'PENDING_HITL', 'PENDING_REVIEW', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** `count` jobs, status by row number (PENDING_HITL ones with a pending prompt), in one statement each. */
async function insertJobs(url: string, count: number): Promise<void> {
  await adminQuery(
    url,
    `INSERT INTO jobs (user_id, task_description, status)
     SELECT 'bench-' || (i % 500), 'a skill the metrics benchmark inserted',
            (CASE WHEN i % 10 = 0 THEN 'PENDING_HITL' ELSE ($2::text[])[1 + i % array_length($2::text[], 1)] END)::job_status
     FROM generate_series(1, $1::int) AS i`,
    [count, STATUSES.filter((s) => s !== 'PENDING_HITL')],
  );
  await adminQuery(
    url,
    `INSERT INTO hitl_interactions (job_id, interaction_type, prompt_data, timeout_at)
     SELECT job_id, 'CLARIFY', '{"kind":"questions","questions":[]}', now() + interval '1 day'
     FROM jobs WHERE status = 'PENDING_HITL'`,
  );
}

/** The value of an unlabelled-or-labelled sample, summed over every series of `name`. */
function total(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

async function scrape(url: string): Promise<{ ms: number; text: string }> {
  const started = now();
  const response = await fetch(`${url}/metrics`);
  const text = await response.text();
  const ms = now() - started;
  if (response.status !== 200) throw new Error(`GET /metrics: ${response.status} ${text.slice(0, 200)}`);
  return { ms, text };
}

/**
 * The counts a scrape reads, as it reads them (one statement: scrapeCounts) and as it read them before (the three
 * queries, in parallel as prom-client's collect() calls ran them), alternated round by round in this process over
 * the same database: latency and this process's CPU (the Prisma client's share of a scrape) per read.
 */
async function countReads(prisma: PrismaClient, count: number) {
  const one = () => scrapeCounts(prisma);
  const three = () => Promise.all([jobStatusCounts(prisma), jobTransitionCounts(prisma), pendingPromptCounts(prisma)]);
  const timed = async (read: () => Promise<unknown>) => {
    const ms: number[] = [];
    const cpuUs: number[] = [];
    for (let i = 0; i < count; i++) {
      const cpu = process.cpuUsage();
      const started = now();
      await read();
      ms.push(now() - started);
      const used = process.cpuUsage(cpu);
      cpuUs.push(used.user + used.system);
    }
    return { ms: percentiles(ms).p50, cpuUs: percentiles(cpuUs).p50 };
  };
  const before = await timed(three);
  const after = await timed(one);
  return { before, after };
}

/** `count` scrapes one after the other (as Prometheus does); their latencies. */
async function scrapes(url: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) latencies.push((await scrape(url)).ms);
  return latencies;
}

export const metricsScrape: Benchmark = {
  name: 'metrics-scrape',
  title: 'Metrics: GET /metrics with 100,000 jobs in the database',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    const jobs = smoke ? 2_000 : 100_000;
    const perRound = smoke ? 5 : 50;
    const scope = new Scope();
    const checks = new Checks();
    try {
      const db = scope.use(await ctx.createDatabase('metrics_scrape'), (d) => d.drop(), 'database');
      // No worker in the process: nothing but the scrapes folds the trigger's changes.
      const api = await scope.started(
        startService('api', { DATABASE_URL: db.url, RUN_WORKER: 'false' }, { nodeArgs: ctx.serviceNodeArgs }),
        'api',
      );
      const url = api.url!;
      await scrapes(url, perRound); // warm-up: connections, prepared statements, JIT
      const baseP50: number[] = [];
      const baseP99: number[] = [];
      for (let round = 1; round <= ctx.rounds; round++) {
        const stats = percentiles(await scrapes(url, perRound));
        baseP50.push(stats.p50);
        baseP99.push(stats.p99);
      }

      const insertStarted = now();
      await insertJobs(db.url, jobs);
      ctx.log(`inserted ${jobs} jobs in ${((now() - insertStarted) / 1000).toFixed(1)} s`);
      const first = await scrape(url);
      ctx.log(`first scrape after the insert (folds ${jobs} changes): ${first.ms.toFixed(1)} ms`);
      const [real] = await adminQuery<{ n: string; pending: string }>(
        db.url,
        `SELECT (SELECT count(*) FROM jobs) AS n, (SELECT count(*) FROM hitl_interactions WHERE status = 'PENDING') AS pending`,
      );
      checks.check(
        'the scrape counts every job and every pending prompt',
        total(first.text, 'skills_fleet_jobs') === jobs &&
          Number(real?.n) === jobs &&
          total(first.text, 'skills_fleet_hitl_pending') === Number(real?.pending),
        `skills_fleet_jobs ${total(first.text, 'skills_fleet_jobs')}, jobs ${real?.n}; skills_fleet_hitl_pending ${total(first.text, 'skills_fleet_hitl_pending')}, pending prompts ${real?.pending}`,
      );

      // Right after the fold the change logs hold 100,000 dead rows that every scrape reads past, until autovacuum
      // (a minute or so) clears them; then the steady state, which a worker's sweep every few seconds keeps.
      const measure = async (label: string) => {
        const p50: number[] = [];
        const p99: number[] = [];
        for (let round = 1; round <= ctx.rounds; round++) {
          const stats = percentiles(await scrapes(url, perRound));
          p50.push(stats.p50);
          p99.push(stats.p99);
          ctx.log(
            `${label}, round ${round}: p50 ${stats.p50.toFixed(1)} ms, p99 ${stats.p99.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms`,
          );
        }
        return { p50, p99 };
      };
      const folded = await measure('right after the fold');
      await adminQuery(db.url, 'VACUUM (ANALYZE) job_status_changes, hitl_pending_changes, hitl_interactions');
      const steady = await measure('vacuumed');

      const prisma = scope.use(
        makePrismaClient(makePool(db.url, 4, 'bench-metrics-scrape')),
        (client) => client.$disconnect(),
        'prisma client',
      );
      await countReads(prisma, perRound); // warm-up
      const reads = {
        oneMs: [] as number[],
        threeMs: [] as number[],
        oneCpu: [] as number[],
        threeCpu: [] as number[],
      };
      for (let round = 1; round <= ctx.rounds; round++) {
        const { before, after } = await countReads(prisma, perRound);
        reads.threeMs.push(before.ms);
        reads.oneMs.push(after.ms);
        reads.threeCpu.push(before.cpuUs);
        reads.oneCpu.push(after.cpuUs);
        ctx.log(
          `counts read, round ${round}: one statement p50 ${after.ms.toFixed(2)} ms, ${after.cpuUs.toFixed(0)} µs CPU; ` +
            `three queries p50 ${before.ms.toFixed(2)} ms, ${before.cpuUs.toFixed(0)} µs CPU`,
        );
      }
      return {
        name: 'metrics-scrape',
        title: this.title,
        what: `${perRound} scrapes one after the other per round (over a kept-alive connection, as Prometheus scrapes) of an API process (no worker) with ${jobs.toLocaleString('en-US')} jobs in every status, ${(jobs / 10).toLocaleString('en-US')} of them waiting at a prompt`,
        baseline: 'the same scrapes of the same server before the jobs were inserted',
        smoke,
        rounds: ctx.rounds,
        params: { jobs, scrapesPerRound: perRound, firstScrapeMs: Math.round(first.ms * 10) / 10 },
        figures: [
          makeFigure({
            id: 'scrape_p50',
            label: 'scrape latency p50',
            unit: 'ms',
            better: 'lower',
            app: steady.p50,
            baseline: baseP50,
          }),
          makeFigure({
            id: 'scrape_p99',
            label: 'scrape latency p99',
            unit: 'ms',
            better: 'lower',
            app: steady.p99,
            baseline: baseP99,
            goal: { kind: 'at-most', value: 50 },
          }),
          makeFigure({
            id: 'scrape_p50_after_fold',
            label: 'scrape latency p50, before autovacuum',
            unit: 'ms',
            better: 'lower',
            app: folded.p50,
            baseline: baseP50,
          }),
          makeFigure({
            id: 'scrape_p99_after_fold',
            label: 'scrape latency p99, before autovacuum',
            unit: 'ms',
            better: 'lower',
            app: folded.p99,
            baseline: baseP99,
          }),
          makeFigure({
            id: 'counts_read_p50',
            label: 'counts read per scrape p50, one statement (baseline: the three queries it replaced)',
            unit: 'ms',
            better: 'lower',
            app: reads.oneMs,
            baseline: reads.threeMs,
          }),
          makeFigure({
            id: 'counts_read_cpu_p50',
            label: 'client CPU per counts read p50, one statement (baseline: the three queries)',
            unit: 'µs',
            better: 'lower',
            app: reads.oneCpu,
            baseline: reads.threeCpu,
          }),
        ],
        checks: checks.list,
        notes: [
          `The first scrape after inserting ${jobs.toLocaleString('en-US')} jobs took ${first.ms.toFixed(1)} ms: it folded the changes the trigger had appended (with a worker running, its sweep folds them every WORKER_HEARTBEAT_SECONDS).`,
        ],
        durationSeconds: (Date.now() - startedAt) / 1000,
      };
    } finally {
      await scope.close(ctx.log);
    }
  },
};
