// The measuring loop of the fanout benchmark, shared by its two sides: event rounds (emit, then collect N deliveries)
// and the check that no subscriber saw a duplicate, a gap, an error or an early end.
import type { CollectArgs, CollectResult } from '../load/ws-clients';
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

/** Runs `rounds` x `eventsPerRound` event rounds: emit, then collect N deliveries. */
export async function measure(options: {
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

export function checkProblems(checks: Checks, label: string, problems: Problems, expectedOpen: number): void {
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
