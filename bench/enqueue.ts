// enqueue: how fast `createSkillJob` over HTTP creates jobs (32 connections, autocannon in its own process), against
// graphile-worker's `addJob` from 32 concurrent callers on the same database. The API runs without its in-process
// worker, so only the enqueue path is measured; both sides have 10 database connections (the API's default pool).
import type { AutocannonArgs, AutocannonSummary } from './load/autocannon';
import type { AddJobsArgs, AddJobsResult } from './load/gw-baseline';
import { createJobBody, USER_HEADERS } from './lib/graphql';
import { startLoad } from './lib/load-process';
import { backendCpuBetween, sampleBackendCpu } from './lib/backend-cpu';
import { cpuMs } from './lib/cpu-time';
import { countJobs, countQueued } from './lib/queries';
import { startApiWithoutWorker } from './lib/api';
import { Scope, startAll } from './lib/scope';
import { Checks, makeFigure, type Benchmark, type BenchResult } from './lib/types';

const NOOP_TASK = 'bench_noop';

export const enqueue: Benchmark = {
  name: 'enqueue',
  title: 'Enqueue: createSkillJob over HTTP',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    const connections = smoke ? 4 : 32;
    const seconds = smoke ? 1 : 5;
    const warmupSeconds = smoke ? 1 : 3;
    const scope = new Scope();
    const checks = new Checks();
    try {
      const db = scope.use(await ctx.createDatabase('enqueue'), (d) => d.drop(), 'database');
      const [api, cannon, baseline] = await startAll([
        startApiWithoutWorker(scope, db.url, ctx.serviceNodeArgs),
        scope.started(startLoad('autocannon'), 'autocannon'),
        scope.started(startLoad('gw-baseline'), 'baseline'),
      ]);
      const appArgs: AutocannonArgs = {
        url: api.url!,
        connections,
        duration: seconds,
        body: createJobBody('a skill that teaches an agent to write safe postgres migrations'),
        headers: USER_HEADERS,
        expect: ['"CreateSkillJobSuccess"', '"jobId"'],
      };
      const baseArgs: AddJobsArgs = {
        connectionString: db.url,
        callers: connections,
        poolSize: 10,
        durationMs: seconds * 1000,
      };

      ctx.log(`warm-up: ${warmupSeconds} s of each`);
      await cannon.call<AutocannonSummary>('run', { ...appArgs, duration: warmupSeconds });
      await baseline.call<AddJobsResult>('addJobs', { ...baseArgs, durationMs: warmupSeconds * 1000 });

      const app: number[] = [];
      const base: number[] = [];
      const p50: number[] = [];
      const p99: number[] = [];
      // CPU per job created, of the process that sends the writes (API / baseline) and of the database's backends.
      const clientCpu = { app: [] as number[], base: [] as number[] };
      const serverCpu = { app: [] as number[], base: [] as number[] };
      for (let round = 1; round <= ctx.rounds; round++) {
        const jobsBefore = await countJobs(db.url);
        const apiCpuBefore = cpuMs(api.pid);
        const pgCpuBefore = await sampleBackendCpu(ctx.adminUrl, db.name);
        const result = await cannon.call<AutocannonSummary>('run', appArgs);
        const pgCpu = backendCpuBetween(pgCpuBefore, await sampleBackendCpu(ctx.adminUrl, db.name));
        const apiCpu = cpuMs(api.pid) - apiCpuBefore;
        const created = (await countJobs(db.url)) - jobsBefore;
        clientCpu.app.push(apiCpu / Math.max(created, 1));
        serverCpu.app.push(pgCpu / Math.max(created, 1));
        app.push(result.goodPerSecond);
        p50.push(result.latencyP50);
        p99.push(result.latencyP99);
        checks.check(
          `round ${round}: every createSkillJob answered with a job`,
          result.good > 0 && result.mismatches === 0 && result.non2xx === 0 && result.errors === 0,
          `${result.good} jobs, ${result.mismatches} unexpected bodies, ${result.non2xx} non-2xx, ${result.errors} errors${result.sampleMismatch ? `; e.g. ${result.sampleMismatch}` : ''}`,
        );
        // Requests in flight when autocannon stops are committed but not counted by it.
        checks.check(
          `round ${round}: jobs in the database match the answers`,
          created >= result.good && created <= result.good + connections,
          `${created} rows for ${result.good} answers`,
        );

        const queuedBefore = await countQueued(db.url, NOOP_TASK);
        const baseCpuBefore = cpuMs(baseline.pid);
        const basePgCpuBefore = await sampleBackendCpu(ctx.adminUrl, db.name);
        const added = await baseline.call<AddJobsResult>('addJobs', baseArgs);
        const basePgCpu = backendCpuBetween(basePgCpuBefore, await sampleBackendCpu(ctx.adminUrl, db.name));
        const baseCpu = cpuMs(baseline.pid) - baseCpuBefore;
        const queued = (await countQueued(db.url, NOOP_TASK)) - queuedBefore;
        clientCpu.base.push(baseCpu / Math.max(queued, 1));
        serverCpu.base.push(basePgCpu / Math.max(queued, 1));
        base.push(added.perSecond);
        checks.check(
          `round ${round}: every addJob succeeded`,
          added.failed === 0 && added.added > 0 && queued >= added.added && queued <= added.added + connections,
          `${added.added} added, ${added.failed} failed, ${queued} rows`,
        );
        ctx.log(
          `round ${round}: createSkillJob ${result.goodPerSecond.toFixed(0)} jobs/s, addJob ${added.perSecond.toFixed(0)} jobs/s; ` +
            `CPU per job: API ${clientCpu.app.at(-1)!.toFixed(2)} ms, PostgreSQL ${serverCpu.app.at(-1)!.toFixed(2)} ms ` +
            `(addJob: its process ${clientCpu.base.at(-1)!.toFixed(2)} ms, PostgreSQL ${serverCpu.base.at(-1)!.toFixed(2)} ms)`,
        );
      }
      const figures = [
        makeFigure({
          id: 'jobs_per_second',
          label: 'jobs created per second',
          unit: 'jobs/s',
          better: 'higher',
          app,
          baseline: base,
          goal: { kind: 'ratio-at-least', value: 0.8 },
        }),
        makeFigure({
          id: 'latency_p50',
          label: 'createSkillJob latency p50 (under load)',
          unit: 'ms',
          better: 'lower',
          app: p50,
        }),
        makeFigure({
          id: 'latency_p99',
          label: 'createSkillJob latency p99 (under load)',
          unit: 'ms',
          better: 'lower',
          app: p99,
        }),
        makeFigure({
          id: 'client_cpu_per_job',
          label: 'CPU per job of the process that enqueues (API vs the addJob process), user + system',
          unit: 'ms',
          better: 'lower',
          app: clientCpu.app,
          baseline: clientCpu.base,
        }),
        makeFigure({
          id: 'postgres_cpu_per_job',
          label: "CPU per job of the database's PostgreSQL backends, user + system",
          unit: 'ms',
          better: 'lower',
          app: serverCpu.app,
          baseline: serverCpu.base,
        }),
      ];
      return {
        name: 'enqueue',
        title: this.title,
        what: `createSkillJob over HTTP from autocannon (separate process), ${connections} connections, ${seconds} s per round; API without in-process worker, DATABASE_POOL_SIZE=10`,
        baseline: `graphile-worker addJob (makeWorkerUtils, pool of 10) from ${connections} concurrent callers in a separate process, ${seconds} s per round, same database`,
        smoke,
        rounds: ctx.rounds,
        params: { connections, seconds, warmupSeconds },
        figures,
        checks: checks.list,
        notes: [],
        durationSeconds: (Date.now() - startedAt) / 1000,
      };
    } finally {
      await scope.close(ctx.log);
    }
  },
};
