// The measuring steps of the fanout benchmark, shared by its two sides: the warm-up, event rounds (emit, then collect
// N deliveries), the RSS per subscriber and the check that no subscriber saw a duplicate, a gap, an error or an early
// end.
import type { CollectArgs, CollectResult, OpenResult } from '../load/ws-clients';
import { sleep } from '../lib/clock';
import { type LoadProcess } from '../lib/load-process';
import { percentiles } from '../lib/stats';
import { Checks } from '../lib/types';

export interface Problems {
  duplicates: number;
  outOfOrder: number;
  errors: number;
  completes: number;
  closed: number;
  unparsable: number;
  sample: string[];
  open: number;
}

export interface SideResult {
  p50: number[];
  p99: number[];
  rssPerSubscriberKb: number;
  openMs: number;
  /** Durations of the emitting transactions (app only). */
  writeMs: number[];
}

export const PARALLEL_OPEN = 50;

/** Sends the event(s) of one round; returns the commit delays per mark (see CollectArgs), if any. */
type Emit = (round: number) => Promise<Record<string, number> | undefined>;

/** Emits round `round` and waits until `expected` clients received it (or `timeoutMs` passed). */
export async function emitAndCollect(
  clients: LoadProcess,
  emit: Emit,
  round: number,
  expected: number,
  timeoutMs: number,
): Promise<CollectResult & { commitDelays: Record<string, number> | undefined }> {
  const commitDelays = await emit(round);
  const got = await clients.call<CollectResult>('collect', {
    round,
    expected,
    timeoutMs,
    commitDelays,
  } satisfies CollectArgs);
  return { ...got, commitDelays };
}

/**
 * A few subscriptions through the whole path, so code is loaded and compiled before RSS is read; then closes them
 * and reads the server's RSS at rest.
 */
export async function warmUp(options: {
  clients: LoadProcess;
  size: number;
  open: (count: number) => Promise<OpenResult>;
  emit: Emit;
  rssKb: () => number;
}): Promise<{ warm: number; received: number; rssBefore: number }> {
  const warm = Math.min(20, options.size);
  await options.open(warm);
  const got = await emitAndCollect(options.clients, options.emit, 0, warm, 30_000);
  await options.clients.call('close');
  await sleep(1_000);
  return { warm, received: got.received, rssBefore: options.rssKb() };
}

interface RoundOptions {
  clients: LoadProcess;
  rounds: number;
  eventsPerRound: number;
  emit: Emit;
  checks: Checks;
  label: string;
  log: (message: string) => void;
  /** Why deliveries may have stopped (the API exited, ...), for the check's detail. */
  diagnose: () => string;
}

/** Once the first event reached every subscriber: RSS per subscriber, the measured rounds, the streams' problems. */
export async function measureSide(
  options: RoundOptions & { size: number; rssKb: () => number; rssBefore: number; opened: OpenResult },
): Promise<SideResult> {
  const { clients, size, checks, label } = options;
  await sleep(2_000);
  const rssAfter = options.rssKb();
  const measured = await measure({ ...options, expected: size, firstRound: 2 });
  checkProblems(checks, label, await clients.call<Problems>('problems'), size);
  return {
    p50: measured.p50,
    p99: measured.p99,
    rssPerSubscriberKb: (rssAfter - options.rssBefore) / size,
    openMs: options.opened.ms,
    writeMs: measured.writeMs,
  };
}

/** Runs `rounds` x `eventsPerRound` event rounds: emit, then collect N deliveries. */
async function measure(
  options: RoundOptions & { expected: number; firstRound: number },
): Promise<{ p50: number[]; p99: number[]; writeMs: number[] }> {
  const writes: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  let roundId = options.firstRound;
  for (let round = 1; round <= options.rounds; round++) {
    const latencies: number[] = [];
    let missing = 0;
    for (let e = 0; e < options.eventsPerRound; e++) {
      const got = await emitAndCollect(options.clients, options.emit, roundId++, options.expected, 180_000);
      if (got.commitDelays) writes.push(...Object.values(got.commitDelays));
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
