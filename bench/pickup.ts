// pickup: from sending `createSkillJob` to the first STATUS_CHANGED -> RUNNING event at a WebSocket subscriber, one
// job at a time, measured in one client process (it sends the mutation and holds the subscription). The API runs as
// `npm start` does, with its in-process worker (concurrency 4). Baseline: graphile-worker add-to-start latency
// (`addJob` until the runner's `job:start`) with the same concurrency and poll interval.
import type { LatencyArgs, StartRunnerArgs } from './load/gw-baseline';
import type { PickupArgs, PickupResult } from './load/pickup-client';
import { startService } from '../harness/service-process';
import { startLoad } from './lib/load-process';
import { Scope, startAll } from './lib/scope';
import { percentiles } from './lib/stats';
import { Checks, makeFigure, type Benchmark, type BenchResult } from './lib/types';

export const pickup: Benchmark = {
  name: 'pickup',
  title: 'Pickup: createSkillJob to the RUNNING event at a subscriber',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    const samples = smoke ? 20 : 500;
    const warmup = smoke ? 2 : 30;
    const concurrency = 4;
    const scope = new Scope();
    const checks = new Checks();
    try {
      const db = scope.use(await ctx.createDatabase('pickup'), (d) => d.drop(), 'database');
      const [api, client, baseline] = await startAll([
        scope.started(
          startService(
            'api',
            { DATABASE_URL: db.url, WORKER_CONCURRENCY: String(concurrency) },
            { nodeArgs: ctx.serviceNodeArgs },
          ),
          'api',
        ),
        scope.started(startLoad('pickup-client'), 'pickup client'),
        scope.started(startLoad('gw-baseline'), 'baseline'),
      ]);
      await baseline.call('startRunner', {
        connectionString: db.url,
        concurrency,
        pollIntervalMs: 1000,
      } satisfies StartRunnerArgs);
      // Default policy: the job runs TASK_REFINEMENT and DEEP_UNDERSTANDING, then waits for answers (its resting state).
      const args: PickupArgs = { url: api.url!, samples, hitl: {}, timeoutMs: 30_000 };

      ctx.log(`warm-up: ${warmup} samples of each`);
      await client.call<PickupResult>('run', { ...args, samples: warmup });
      await baseline.call('latency', { connectionString: db.url, samples: warmup } satisfies LatencyArgs);

      const appP50: number[] = [];
      const appP99: number[] = [];
      const baseP50: number[] = [];
      const baseP99: number[] = [];
      const createP50: number[] = [];
      const startP50: number[] = [];
      const deliveryP50: number[] = [];
      for (let round = 1; round <= ctx.rounds; round++) {
        const result = await client.call<PickupResult>('run', args);
        const app = percentiles(result.latencies);
        appP50.push(app.p50);
        appP99.push(app.p99);
        createP50.push(percentiles(result.createLatencies).p50);
        startP50.push(percentiles(result.startLatencies).p50);
        deliveryP50.push(percentiles(result.deliveryLatencies).p50);
        checks.check(
          `round ${round}: every sample saw RUNNING, in sequence`,
          result.latencies.length === samples && result.failures.length === 0 && result.sequenceErrors === 0,
          `${result.latencies.length}/${samples} samples, ${result.sequenceErrors} sequence errors${result.failures.length ? `; ${result.failures.slice(0, 3).join('; ')}` : ''}`,
        );
        checks.check(
          `round ${round}: latencies are plausible`,
          app.p50 > 0 && app.max < 30_000,
          `p50 ${app.p50.toFixed(2)} ms, max ${app.max.toFixed(1)} ms`,
        );

        const { latencies } = await baseline.call<{ latencies: number[] }>('latency', {
          connectionString: db.url,
          samples,
        } satisfies LatencyArgs);
        const base = percentiles(latencies);
        baseP50.push(base.p50);
        baseP99.push(base.p99);
        checks.check(
          `round ${round}: every baseline job started`,
          latencies.length === samples && base.p50 > 0,
          `${latencies.length}/${samples}, p50 ${base.p50.toFixed(2)} ms`,
        );
        ctx.log(
          `round ${round}: p50 ${app.p50.toFixed(1)} / p99 ${app.p99.toFixed(1)} ms; baseline p50 ${base.p50.toFixed(1)} / p99 ${base.p99.toFixed(1)} ms`,
        );
      }
      return {
        name: 'pickup',
        title: this.title,
        what: `createSkillJob (HTTP) to the first STATUS_CHANGED -> RUNNING event on a graphql-ws subscription opened right after the mutation answered, both in one client process; ${samples} samples one at a time per round, each job followed until it waits for a person; API with its in-process worker (WORKER_CONCURRENCY=${concurrency})`,
        baseline: `graphile-worker addJob to the runner's job:start event, no-op task, ${samples} samples one at a time, runner concurrency ${concurrency}, pollInterval 1000 ms (as the app's), in a separate process on the same database`,
        smoke,
        rounds: ctx.rounds,
        params: { samples, warmup, concurrency },
        figures: [
          makeFigure({
            id: 'p50',
            label: 'pickup latency p50',
            unit: 'ms',
            better: 'lower',
            app: appP50,
            baseline: baseP50,
            goal: { kind: 'ratio-at-most', value: 2 },
          }),
          makeFigure({
            id: 'p99',
            label: 'pickup latency p99',
            unit: 'ms',
            better: 'lower',
            app: appP99,
            baseline: baseP99,
            goal: { kind: 'at-most', value: 25 },
          }),
          makeFigure({
            id: 'create_p50',
            label: 'createSkillJob response p50 (within pickup)',
            unit: 'ms',
            better: 'lower',
            app: createP50,
          }),
          makeFigure({
            id: 'start_p50',
            label: "sent to the worker's start statement p50 (the RUNNING event's createdAt, ms precision)",
            unit: 'ms',
            better: 'lower',
            app: startP50,
          }),
          makeFigure({
            id: 'delivery_p50',
            label: 'the start statement to the RUNNING event at the subscriber p50',
            unit: 'ms',
            better: 'lower',
            app: deliveryP50,
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
