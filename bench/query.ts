// query: `job(id)` with its pending prompt and its last 10 events (the job page), requests per second from autocannon
// (separate process, 32 connections), against yoga answering `{ __typename }` on the same server in the same run.
// The job is waiting for answers to its clarifying questions and has ~36 events (the runner appends PROGRESS
// events the way a worker does), so "the last 10" is a real slice of a longer log.
import type { AutocannonArgs, AutocannonSummary } from './load/autocannon';
import { waitFor } from './lib/clock';
import { createJob, graphql, JOB_QUERY, TYPENAME_QUERY, USER_HEADERS } from './lib/graphql';
import { openJournal } from './lib/journal';
import { adminQuery } from './lib/postgres';
import { startService } from '../harness/service-process';
import { startLoad } from './lib/load-process';
import { Scope, startAll } from './lib/scope';
import { Checks, makeFigure, type Benchmark, type BenchResult } from './lib/types';

interface JobPage {
  job: {
    status: string;
    pendingInteraction: { interactionType: string } | null;
    events: Array<{ sequence: number }>;
  } | null;
}

export const query: Benchmark = {
  name: 'query',
  title: 'Query: job(id) with its pending prompt and last 10 events',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    const connections = smoke ? 4 : 32;
    const seconds = smoke ? 1 : 5;
    const warmupSeconds = smoke ? 1 : 3;
    const extraEvents = 30;
    const scope = new Scope();
    const checks = new Checks();
    try {
      const db = scope.use(await ctx.createDatabase('query'), (d) => d.drop(), 'database');
      const [api, cannon] = await startAll([
        scope.started(startService('api', { DATABASE_URL: db.url }, { nodeArgs: ctx.serviceNodeArgs }), 'api'),
        scope.started(startLoad('autocannon'), 'autocannon'),
      ]);
      const journal = scope.use(openJournal(db.url, 2), (j) => j.close(), 'journal');

      // A job waiting for a person (default policy: clarifying questions), with a longer history.
      const jobId = await createJob(api.url!, 'a skill that teaches an agent to write safe postgres migrations');
      await waitFor(
        'the job to wait for answers',
        async () => {
          const [row] = await adminQuery<{ status: string }>(
            db.url,
            'SELECT status::text AS status FROM jobs WHERE job_id = $1',
            [jobId],
          );
          return row?.status === 'PENDING_HITL' ? true : undefined;
        },
        60_000,
      );
      for (let i = 0; i < extraEvents; i++) await journal.appendProgress(jobId, { step: i }, `bench history ${i}`);
      const last = await journal.lastSequence(jobId);
      const variables = { id: jobId, after: last - 10 };
      const page = await graphql<JobPage>(api.url!, JOB_QUERY, variables);
      checks.check(
        'the query answers the job, its pending prompt and exactly its last 10 events',
        page.job?.pendingInteraction !== null &&
          page.job?.events.length === 10 &&
          page.job.events[9]?.sequence === last,
        `status ${page.job?.status}, prompt ${page.job?.pendingInteraction?.interactionType ?? 'none'}, ${page.job?.events.length} events up to ${page.job?.events.at(-1)?.sequence} of ${last}`,
      );

      const jobArgs: AutocannonArgs = {
        url: api.url!,
        connections,
        duration: seconds,
        body: JSON.stringify({ query: JOB_QUERY, variables }),
        headers: USER_HEADERS,
        expect: ['"pendingInteraction":{', `"sequence":${last - 9},`, `"sequence":${last},`],
      };
      const typenameArgs: AutocannonArgs = {
        url: api.url!,
        connections,
        duration: seconds,
        body: JSON.stringify({ query: TYPENAME_QUERY }),
        headers: USER_HEADERS,
        expect: ['"__typename":"Query"'],
      };
      ctx.log(`warm-up: ${warmupSeconds} s of each`);
      await cannon.call<AutocannonSummary>('run', { ...jobArgs, duration: warmupSeconds });
      await cannon.call<AutocannonSummary>('run', { ...typenameArgs, duration: warmupSeconds });

      const app: number[] = [];
      const base: number[] = [];
      const p50: number[] = [];
      const p99: number[] = [];
      for (let round = 1; round <= ctx.rounds; round++) {
        const job = await cannon.call<AutocannonSummary>('run', jobArgs);
        const typename = await cannon.call<AutocannonSummary>('run', typenameArgs);
        app.push(job.goodPerSecond);
        base.push(typename.goodPerSecond);
        p50.push(job.latencyP50);
        p99.push(job.latencyP99);
        for (const [label, result] of [
          ['job(id)', job],
          ['{ __typename }', typename],
        ] as const) {
          checks.check(
            `round ${round}: every ${label} answered as expected`,
            result.good > 0 && result.mismatches === 0 && result.non2xx === 0 && result.errors === 0,
            `${result.good} good, ${result.mismatches} unexpected bodies, ${result.non2xx} non-2xx, ${result.errors} errors${result.sampleMismatch ? `; e.g. ${result.sampleMismatch}` : ''}`,
          );
        }
        ctx.log(
          `round ${round}: job(id) ${job.goodPerSecond.toFixed(0)} req/s, { __typename } ${typename.goodPerSecond.toFixed(0)} req/s`,
        );
      }
      return {
        name: 'query',
        title: this.title,
        what: `job(id) { fields, pendingInteraction { prompt { questions ... } }, events(afterSequence: last - 10) } from autocannon (separate process), ${connections} connections, ${seconds} s per round; a job in PENDING_HITL with ${last} events; API as npm start runs it (in-process worker idle)`,
        baseline: `{ __typename } on the same server, same connections and duration, alternating with the job query`,
        smoke,
        rounds: ctx.rounds,
        params: { connections, seconds, warmupSeconds, events: last },
        figures: [
          makeFigure({
            id: 'requests_per_second',
            label: 'requests per second',
            unit: 'req/s',
            better: 'higher',
            app,
            baseline: base,
            goal: { kind: 'ratio-at-least', value: 0.5 },
          }),
          makeFigure({
            id: 'latency_p50',
            label: 'job(id) latency p50 (under load)',
            unit: 'ms',
            better: 'lower',
            app: p50,
          }),
          makeFigure({
            id: 'latency_p99',
            label: 'job(id) latency p99 (under load)',
            unit: 'ms',
            better: 'lower',
            app: p99,
          }),
        ],
        checks: checks.list,
        notes: [],
        durationSeconds: (Date.now() - startedAt) / 1000,
      };
    } finally {
      await scope.close(ctx.log);
    }
  },
};
