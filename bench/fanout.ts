// fanout: N WebSocket subscribers (graphql-ws, one `jobEvents` subscription each, spread over 10 RUNNING jobs) in a
// client process; the runner appends one PROGRESS event to every job per event round, the way a worker does (lock,
// update, insert, pg_notify, commit), with its send time in the event's `data`. Delivery latency = receive time in
// the client minus that send time (taken before the emitting transaction starts). API RSS per idle subscription =
// RSS growth from opening the N subscriptions, / N.
// Baseline: the same number of plain `ws` sockets connected to a bare `ws` server process, which sends every socket
// the same serialized `next` message (with the send time) per round.
import type { CollectArgs, CollectResult, OpenArgs, SubscriptionSpec } from './load/ws-clients';
import { now, sleep } from './lib/clock';
import { CONNECTION_PARAMS, createJob, JOB_EVENTS_WITH_DATA } from './lib/graphql';
import { openJournal, type JournalWriter } from './lib/journal';
import { startService } from '../harness/service-process';
import { startLoad, type LoadProcess } from './lib/load-process';
import { Scope, startAll } from './lib/scope';
import { percentiles } from './lib/stats';
import { Checks, makeFigure, type Benchmark, type BenchResult, type Figure } from './lib/types';

interface Problems {
  duplicates: number;
  outOfOrder: number;
  errors: number;
  completes: number;
  closed: number;
  unparsable: number;
  sample: string[];
  open: number;
}

interface SideResult {
  p50: number[];
  p99: number[];
  rssPerSubscriberKb: number;
  openMs: number;
  /** Durations of the emitting transactions (app only). */
  writeMs: number[];
}

const PARALLEL_OPEN = 50;

/** Runs `rounds` x `eventsPerRound` event rounds: emit, then collect N deliveries. */
async function measure(options: {
  clients: LoadProcess;
  expected: number;
  rounds: number;
  eventsPerRound: number;
  firstRound: number;
  /** Sends the event(s) of one round; returns the commit delays per mark (see CollectArgs), if any. */
  emit: (round: number) => Promise<Record<string, number> | undefined>;
  checks: Checks;
  label: string;
  log: (message: string) => void;
  /** Why deliveries may have stopped (the API exited, ...), for the check's detail. */
  diagnose: () => string;
}): Promise<{ p50: number[]; p99: number[]; writeMs: number[] }> {
  const writes: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  let roundId = options.firstRound;
  for (let round = 1; round <= options.rounds; round++) {
    const latencies: number[] = [];
    let missing = 0;
    for (let e = 0; e < options.eventsPerRound; e++) {
      const id = roundId++;
      const commitDelays = await options.emit(id);
      const got = await options.clients.call<CollectResult>('collect', {
        round: id,
        expected: options.expected,
        timeoutMs: 180_000,
        commitDelays,
      } satisfies CollectArgs);
      if (commitDelays) writes.push(...Object.values(commitDelays));
      missing += options.expected - got.received;
      latencies.push(...got.latencies);
      await sleep(100);
    }
    const stats = percentiles(latencies);
    p50.push(stats.p50);
    p99.push(stats.p99);
    const complete = options.checks.check(
      `${options.label} round ${round}: every subscriber received every event`,
      missing === 0,
      `${latencies.length} of ${options.expected * options.eventsPerRound} deliveries${missing ? `; ${options.diagnose()}` : ''}`,
    );
    options.log(
      `${options.label} round ${round}: p50 ${stats.p50.toFixed(1)} ms, p99 ${stats.p99.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms`,
    );
    if (!complete) {
      options.log(`${options.label}: deliveries missing, skipping the remaining rounds`);
      break;
    }
  }
  return { p50, p99, writeMs: writes };
}

function checkProblems(checks: Checks, label: string, problems: Problems, expectedOpen: number): void {
  const bad =
    problems.duplicates +
    problems.outOfOrder +
    problems.errors +
    problems.completes +
    problems.closed +
    problems.unparsable;
  checks.check(
    `${label}: no duplicates, errors or dropped sockets; all ${expectedOpen} open`,
    bad === 0 && problems.open === expectedOpen,
    `open ${problems.open}, duplicates ${problems.duplicates}, out of order ${problems.outOfOrder}, errors ${problems.errors}, completes ${problems.completes}, closed ${problems.closed}${problems.sample.length ? `; ${problems.sample.join('; ')}` : ''}`,
  );
}

async function appSide(options: {
  dbUrl: string;
  journal: JournalWriter;
  jobs: string[];
  size: number;
  rounds: number;
  eventsPerRound: number;
  checks: Checks;
  nodeArgs: string[];
  log: (message: string) => void;
  /** Runs against the fresh API before anything is measured (creates the jobs the first time). */
  prepare: (apiUrl: string) => Promise<void>;
}): Promise<SideResult> {
  const scope = new Scope();
  try {
    const { journal, jobs, size, checks } = options;
    const [api, clients] = await startAll([
      startService('api', { DATABASE_URL: options.dbUrl, RUN_WORKER: 'false' }, { nodeArgs: options.nodeArgs }).then(
        (s) => scope.use(s, () => s.stop(), 'api'),
      ),
      startLoad('ws-clients', { nodeArgs: ['--max-old-space-size=4096'] }).then((l) =>
        scope.use(l, () => l.stop(), 'ws clients'),
      ),
    ]);
    await options.prepare(api.url!);
    const wsUrl = `${api.url!.replace(/^http/, 'ws')}/graphql`;
    const subscriptionsFor = async (count: number): Promise<SubscriptionSpec[]> => {
      const after = new Map<string, number>();
      for (const jobId of jobs) after.set(jobId, await journal.lastSequence(jobId));
      return Array.from({ length: count }, (_, i) => {
        const jobId = jobs[i % jobs.length]!;
        return { query: JOB_EVENTS_WITH_DATA, variables: { jobId, after: after.get(jobId)! } };
      });
    };
    const emit = async (round: number) => {
      const delays: Record<string, number> = {};
      await Promise.all(
        jobs.map(async (jobId) => {
          const sentAt = now();
          await journal.appendProgress(jobId, { sentAt, round });
          delays[String(sentAt)] = now() - sentAt;
        }),
      );
      return delays;
    };
    const open = async (count: number) => {
      const args: OpenArgs = {
        url: wsUrl,
        mode: 'graphql',
        subscriptions: await subscriptionsFor(count),
        connectionParams: CONNECTION_PARAMS,
        parallel: PARALLEL_OPEN,
      };
      return clients.call<{ opened: number; failed: number; firstError: string | null; ms: number }>('open', args);
    };

    // Warm-up: a few subscriptions through the whole path, so code is loaded and compiled before RSS is read.
    const warm = Math.min(20, size);
    await open(warm);
    const warmDelays = await emit(0);
    const warmGot = await clients.call<CollectResult>('collect', {
      round: 0,
      expected: warm,
      timeoutMs: 30_000,
      commitDelays: warmDelays,
    } satisfies CollectArgs);
    checks.check(`app ${size}: warm-up delivered`, warmGot.received === warm, `${warmGot.received}/${warm}`);
    await clients.call('close');
    await sleep(1_000);
    const rssBefore = api.rssKb();

    const opened = await open(size);
    checks.check(
      `app ${size}: all subscriptions opened`,
      opened.opened === size && opened.failed === 0,
      `${opened.opened} opened, ${opened.failed} failed${opened.firstError ? ` (${opened.firstError})` : ''} in ${(opened.ms / 1000).toFixed(1)} s`,
    );
    options.log(`app ${size}: ${opened.opened} subscriptions open in ${(opened.ms / 1000).toFixed(1)} s`);
    // The first event proves every subscription is live (its stream has read the table and waits on the doorbell).
    const firstDelays = await emit(1);
    const first = await clients.call<CollectResult>('collect', {
      round: 1,
      expected: size,
      timeoutMs: 180_000,
      commitDelays: firstDelays,
    } satisfies CollectArgs);
    const diagnose = () => {
      const status = api.exitStatus();
      return status === null
        ? `API running (RSS ${api.rssKb()} KB)`
        : `the API exited (${status}): ${api.output().slice(-1500)}`;
    };
    if (
      !checks.check(
        `app ${size}: first event reached every subscriber`,
        first.received === size,
        `${first.received}/${size} in ${(first.waitedMs / 1000).toFixed(1)} s${first.received === size ? '' : `; ${diagnose()}`}`,
      )
    ) {
      throw new Error(
        `app ${size}: the first event did not reach every subscriber (${first.received}/${size}); ${diagnose()}`,
      );
    }
    await sleep(2_000);
    const rssAfter = api.rssKb();

    const measured = await measure({
      clients,
      expected: size,
      rounds: options.rounds,
      eventsPerRound: options.eventsPerRound,
      firstRound: 2,
      emit,
      checks,
      label: `app ${size}`,
      log: options.log,
      diagnose,
    });
    checkProblems(checks, `app ${size}`, await clients.call<Problems>('problems'), size);
    return {
      p50: measured.p50,
      p99: measured.p99,
      rssPerSubscriberKb: (rssAfter - rssBefore) / size,
      openMs: opened.ms,
      writeMs: measured.writeMs,
    };
  } finally {
    await scope.close(options.log);
  }
}

async function baselineSide(options: {
  size: number;
  rounds: number;
  eventsPerRound: number;
  checks: Checks;
  log: (message: string) => void;
}): Promise<SideResult> {
  const scope = new Scope();
  try {
    const { size, checks } = options;
    const [server, clients] = await startAll([
      startLoad('ws-server').then((l) => scope.use(l, () => l.stop(), 'ws server')),
      startLoad('ws-clients', { nodeArgs: ['--max-old-space-size=4096'] }).then((l) =>
        scope.use(l, () => l.stop(), 'ws clients'),
      ),
    ]);
    const { port } = await server.call<{ port: number }>('start');
    const url = `ws://127.0.0.1:${port}/graphql`;
    // The payload graphql-ws sends for one jobEvents event, with the same fields.
    const emit = async (round: number) => {
      const message = JSON.stringify({
        id: '1',
        type: 'next',
        payload: {
          data: {
            jobEvents: { sequence: round + 2, type: 'PROGRESS', status: 'RUNNING', data: { sentAt: now(), round } },
          },
        },
      });
      await server.call('broadcast', { message });
      return undefined;
    };
    const open = (count: number) =>
      clients.call<{ opened: number; failed: number; firstError: string | null; ms: number }>('open', {
        url,
        mode: 'plain',
        count,
        parallel: PARALLEL_OPEN,
      } satisfies OpenArgs);

    const warm = Math.min(20, size);
    await open(warm);
    await emit(0);
    await clients.call('collect', { round: 0, expected: warm, timeoutMs: 30_000 });
    await clients.call('close');
    await sleep(1_000);
    const rssBefore = server.rssKb();
    const opened = await open(size);
    checks.check(
      `baseline ${size}: all sockets opened`,
      opened.opened === size && opened.failed === 0,
      `${opened.opened} opened, ${opened.failed} failed${opened.firstError ? ` (${opened.firstError})` : ''}`,
    );
    await emit(1);
    const first = await clients.call<{ received: number }>('collect', { round: 1, expected: size, timeoutMs: 60_000 });
    if (
      !checks.check(
        `baseline ${size}: first message reached every socket`,
        first.received === size,
        `${first.received}/${size}`,
      )
    ) {
      throw new Error(`baseline ${size}: the first message did not reach every socket (${first.received}/${size})`);
    }
    await sleep(2_000);
    const rssAfter = server.rssKb();
    const measured = await measure({
      clients,
      expected: size,
      rounds: options.rounds,
      eventsPerRound: options.eventsPerRound,
      firstRound: 2,
      emit,
      checks,
      label: `baseline ${size}`,
      log: options.log,
      diagnose: () => `bare server ${server.rssKb()} KB`,
    });
    checkProblems(checks, `baseline ${size}`, await clients.call<Problems>('problems'), size);
    return {
      p50: measured.p50,
      p99: measured.p99,
      rssPerSubscriberKb: (rssAfter - rssBefore) / size,
      openMs: opened.ms,
      writeMs: [],
    };
  } finally {
    await scope.close(options.log);
  }
}

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
