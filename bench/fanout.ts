// fanout: N WebSocket subscribers (graphql-ws, one `jobEvents` subscription each, spread over 10 RUNNING jobs) in a
// client process; the runner appends one PROGRESS event to every job per event round, the way a worker does (lock,
// update, insert, pg_notify, commit), with its send time in the event's `data`. Delivery latency = receive time in
// the client minus that send time (taken before the emitting transaction starts). API RSS per idle subscription =
// RSS growth from opening the N subscriptions, / N.
// Baseline: the same number of plain `ws` sockets connected to a bare `ws` server process, which sends every socket
// the same serialized `next` message (with the send time) per round.
// The two sides: bench/fanout/app-side.ts and bench/fanout/baseline-side.ts.
import { createJob } from './lib/graphql';
import { openJournal } from './lib/journal';
import { Scope } from './lib/scope';
import { percentiles } from './lib/stats';
import { Checks, makeFigure, type Benchmark, type BenchResult, type Figure } from './lib/types';
import { PARALLEL_OPEN, type SideResult } from './fanout/measure';
import { appSide } from './fanout/app-side';
import { baselineSide } from './fanout/baseline-side';

export const fanout: Benchmark = {
  name: 'fanout',
  title: 'Fanout: jobEvents to many WebSocket subscribers',
  async run(ctx, { smoke }): Promise<BenchResult> {
    const startedAt = Date.now();
    // BENCH_FANOUT_SIZES=10000 runs other sizes (for investigating one); the goals apply to the largest size.
    const sizes = process.env.BENCH_FANOUT_SIZES
      ? process.env.BENCH_FANOUT_SIZES.split(',').map(Number)
      : smoke
        ? [50]
        : [1_000, 5_000, 10_000];
    const jobCount = smoke ? 5 : 10;
    const eventsPerRound = 1;
    const scope = new Scope();
    const checks = new Checks();
    const figures: Figure[] = [];
    const notes: string[] = [];
    try {
      const db = scope.use(await ctx.createDatabase('fanout'), (d) => d.drop(), 'database');
      const journal = scope.use(openJournal(db.url), (j) => j.close(), 'journal');
      // The jobs: created over HTTP by the first API (which has no worker), then set RUNNING by the runner's journal
      // writer (as a worker's first step would), so nothing but the benchmark writes their events.
      const jobs: string[] = [];
      const prepare = async (apiUrl: string) => {
        if (jobs.length > 0) return;
        for (let i = 0; i < jobCount; i++)
          jobs.push(await createJob(apiUrl, `a skill for writing safe postgres migrations, fanout job ${i}`));
        for (const jobId of jobs) await journal.startRunning(jobId);
      };
      for (const size of sizes) {
        ctx.log(`${size} subscribers over ${jobCount} jobs`);
        const failed =
          (side: string) =>
          (error: unknown): SideResult => {
            checks.check(
              `${side} ${size}: ran to the end`,
              false,
              error instanceof Error ? error.message.slice(0, 2000) : String(error),
            );
            ctx.log(`${side} ${size} failed: ${error instanceof Error ? error.message.slice(0, 2000) : String(error)}`);
            return { p50: [], p99: [], rssPerSubscriberKb: Number.NaN, openMs: Number.NaN, writeMs: [] };
          };
        const app = await appSide({
          dbUrl: db.url,
          journal,
          jobs,
          size,
          rounds: ctx.rounds,
          eventsPerRound,
          checks,
          nodeArgs: ctx.serviceNodeArgs,
          log: ctx.log,
          prepare,
        }).catch(failed('app'));
        const base = await baselineSide({ size, rounds: ctx.rounds, eventsPerRound, checks, log: ctx.log }).catch(
          failed('baseline'),
        );
        const top = size === 10_000;
        figures.push(
          makeFigure({
            id: `p50_${size}`,
            label: `delivery latency p50 at ${size.toLocaleString('en-US')} subscribers`,
            unit: 'ms',
            better: 'lower',
            app: app.p50,
            baseline: base.p50,
          }),
          makeFigure({
            id: `p99_${size}`,
            label: `delivery latency p99 at ${size.toLocaleString('en-US')} subscribers`,
            unit: 'ms',
            better: 'lower',
            app: app.p99,
            baseline: base.p99,
            goal: top && !smoke ? { kind: 'at-most', value: 250 } : null,
          }),
          makeFigure({
            id: `rss_${size}`,
            label: `RSS per idle subscriber at ${size.toLocaleString('en-US')}`,
            unit: 'KB',
            better: 'lower',
            app: [app.rssPerSubscriberKb],
            baseline: [base.rssPerSubscriberKb],
            goal: top && !smoke ? { kind: 'at-most', value: 20 } : null,
          }),
        );
        const writes = percentiles(app.writeMs);
        notes.push(
          `${size} subscribers: the emitting transactions took p50 ${writes.p50.toFixed(1)} ms, p99 ${writes.p99.toFixed(1)} ms (not part of the delivery latency).`,
        );
        notes.push(
          `${size} subscribers: opening them took ${(app.openMs / 1000).toFixed(1)} s on the API (${PARALLEL_OPEN} at a time), ${(base.openMs / 1000).toFixed(1)} s on the bare server.`,
        );
      }
      notes.push(
        'RSS per subscriber is measured once per size (RSS after opening the subscriptions and delivering one event, minus RSS before, / N), so its min and max are that one value.',
      );
      notes.push(
        `Each round is ${eventsPerRound === 1 ? 'one event round' : `${eventsPerRound} event rounds`}; an event round appends one event to each of the ${jobCount} jobs and waits until every subscriber received it. App latency runs from the moment the emitting transaction's COMMIT returned in the runner to the receipt in the client process; baseline latency from just before the runner asks the bare server to send (clocks: performance.timeOrigin + performance.now() in each process on the same host).`,
      );
      return {
        name: 'fanout',
        title: this.title,
        what: `${sizes.join(' / ')} graphql-ws subscribers (raw ws with the graphql-transport-ws protocol in one client process) on jobEvents of ${jobCount} RUNNING jobs; PROGRESS events written like a worker writes them; API without in-process worker`,
        baseline:
          'the same number of plain ws sockets in the same client process, connected to a bare ws server process that sends each the same serialized next message',
        smoke,
        rounds: ctx.rounds,
        params: { sizes, jobCount, eventsPerRound, parallelOpen: PARALLEL_OPEN },
        figures,
        checks: checks.list,
        notes,
        durationSeconds: (Date.now() - startedAt) / 1000,
      };
    } finally {
      await scope.close(ctx.log);
    }
  },
};
