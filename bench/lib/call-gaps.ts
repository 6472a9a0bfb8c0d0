// Where a job's time goes between its model calls, from the llm_calls rows the worker wrote (one per call, written
// right after the answer: created_at is when that INSERT ran, latency_ms how long the request took in the worker).
// The calls of one job follow each other (LLM_SCENARIO_CONCURRENCY=1), so for each call the gap before it is its
// start (created_at - latency_ms) minus the previous call's row time: the worker's own work between two calls (the
// ledger write, a recorded scenario run, a phase commit and the next phase's reads, waiting for a connection or
// for the CPU). Before the first call the job waits for a free worker slot (200 jobs, 64 slots): that wait is
// reported apart (`queuedMs`), not as a gap; the last gap is from the last call to the job's completed_at.
import { adminQuery } from './postgres';

export interface CallGaps {
  jobs: number;
  /** Per job, mean ms: time in model requests (as the worker measured them, the fake's 250 ms included). */
  inCallsMs: number;
  /** Per job, mean ms: from creation to the first request (waiting for a worker slot, mostly). */
  queuedMs: number;
  /** Per job, mean ms: time between requests, in all (after the last one to completed_at included). */
  betweenCallsMs: number;
  /** Per job, mean ms of the gaps, by what came before -> what came next ("created" and "completed" at the ends). */
  byStep: Array<{ step: string; perJobMs: number; count: number; p50Ms: number; p99Ms: number }>;
  /** How the worker's slots were used over the round (see slotUse). */
  slots: SlotUse;
}

/**
 * Model requests in flight over the round, from the first job's creation to the last completion: the mean over the
 * whole round, over the time at least `concurrency` jobs were unfinished (every slot could have had a request in
 * flight), and how long the tail with fewer unfinished jobs than slots lasted.
 */
export interface SlotUse {
  roundMs: number;
  meanInFlight: number;
  /** While at least `concurrency` jobs were created and not completed. */
  meanInFlightWhileFull: number;
  fullMs: number;
  /** After the unfinished jobs dropped below `concurrency` for good. */
  tailMs: number;
  meanInFlightInTail: number;
}

function slotUse(rows: CallRow[], concurrency: number): SlotUse {
  // +1/-1 at each request's start and end; +1/-1 unfinished at each job's creation and completion.
  const calls: Array<[number, number]> = [];
  const jobs = new Map<string, [number, number]>();
  for (const row of rows) {
    const end = Number(row.at_ms);
    calls.push([end - row.latency_ms, 1], [end, -1]);
    jobs.set(row.job_id, [Number(row.created_ms), Number(row.completed_ms)]);
  }
  const unfinished: Array<[number, number]> = [];
  for (const [created, completed] of jobs.values()) unfinished.push([created, 1], [completed, -1]);
  const events = [
    ...calls.map(([t, d]) => ({ t, calls: d, jobs: 0 })),
    ...unfinished.map(([t, d]) => ({ t, calls: 0, jobs: d })),
  ].sort((a, b) => a.t - b.t);
  if (events.length === 0)
    return { roundMs: 0, meanInFlight: 0, meanInFlightWhileFull: 0, fullMs: 0, tailMs: 0, meanInFlightInTail: 0 };
  const start = events[0]!.t;
  const end = events.at(-1)!.t;
  // The tail starts at the last moment the unfinished count fell below `concurrency`.
  let tailStart = end;
  {
    let open = 0;
    for (const e of events) {
      const before = open;
      open += e.jobs;
      if (before >= concurrency && open < concurrency) tailStart = e.t;
    }
  }
  let inFlight = 0;
  let open = 0;
  let last = start;
  let area = 0;
  let fullArea = 0;
  let fullMs = 0;
  let tailArea = 0;
  for (const e of events) {
    const dt = e.t - last;
    area += inFlight * dt;
    if (open >= concurrency) {
      fullArea += inFlight * dt;
      fullMs += dt;
    }
    if (last >= tailStart) tailArea += inFlight * dt;
    inFlight += e.calls;
    open += e.jobs;
    last = e.t;
  }
  const roundMs = end - start;
  const tailMs = end - tailStart;
  return {
    roundMs,
    meanInFlight: roundMs > 0 ? area / roundMs : 0,
    meanInFlightWhileFull: fullMs > 0 ? fullArea / fullMs : 0,
    fullMs,
    tailMs,
    meanInFlightInTail: tailMs > 0 ? tailArea / tailMs : 0,
  };
}

interface CallRow {
  job_id: string;
  purpose: string;
  latency_ms: number;
  at_ms: number;
  created_ms: number;
  completed_ms: number;
}

export async function callGaps(dbUrl: string, tag: string, concurrency: number): Promise<CallGaps> {
  const rows = await adminQuery<CallRow>(
    dbUrl,
    `SELECT c.job_id::text, c.purpose, c.latency_ms,
            extract(epoch FROM c.created_at) * 1000 AS at_ms,
            extract(epoch FROM j.created_at) * 1000 AS created_ms,
            extract(epoch FROM j.completed_at) * 1000 AS completed_ms
     FROM llm_calls c JOIN jobs j USING (job_id)
     WHERE j.task_description LIKE $1 AND j.status = 'COMPLETED'
     ORDER BY c.job_id, c.call_id`,
    [`%for ${tag}n%`],
  );
  const byJob = new Map<string, CallRow[]>();
  for (const row of rows) byJob.set(row.job_id, [...(byJob.get(row.job_id) ?? []), row]);
  const steps = new Map<string, number[]>();
  let inCalls = 0;
  let between = 0;
  let queued = 0;
  const add = (step: string, ms: number) => {
    steps.set(step, [...(steps.get(step) ?? []), ms]);
    between += ms;
  };
  for (const calls of byJob.values()) {
    let previous: { purpose: string; at: number } | null = null;
    for (const call of calls) {
      const at = Number(call.at_ms);
      inCalls += call.latency_ms;
      if (previous) add(`${previous.purpose} -> ${call.purpose}`, at - call.latency_ms - previous.at);
      else queued += at - call.latency_ms - Number(call.created_ms);
      previous = { purpose: call.purpose, at };
    }
    if (!previous) continue;
    add(`${previous.purpose} -> completed`, Number(calls[0]!.completed_ms) - previous.at);
  }
  const jobs = byJob.size;
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const at = (values: number[], p: number) =>
    values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
  return {
    jobs,
    inCallsMs: jobs ? inCalls / jobs : 0,
    queuedMs: jobs ? queued / jobs : 0,
    slots: slotUse(rows, concurrency),
    betweenCallsMs: jobs ? between / jobs : 0,
    byStep: [...steps.entries()]
      .map(([step, values]) => {
        const s = sorted(values);
        return {
          step,
          perJobMs: values.reduce((a, b) => a + b, 0) / Math.max(1, jobs),
          count: values.length,
          p50Ms: at(s, 50),
          p99Ms: at(s, 99),
        };
      })
      .sort((a, b) => b.perJobMs - a.perJobMs),
  };
}

/** One line per step, the costliest first. */
export function describeCallGaps(gaps: CallGaps): string[] {
  return [
    `per job (${gaps.jobs} jobs): ${gaps.queuedMs.toFixed(0)} ms queued before the first request, ${gaps.inCallsMs.toFixed(0)} ms in model requests, ${gaps.betweenCallsMs.toFixed(0)} ms between them`,
    ...gaps.byStep.map(
      (s) =>
        `  ${s.step}: ${s.perJobMs.toFixed(0)} ms per job (${s.count} gaps, p50 ${s.p50Ms.toFixed(0)} ms, p99 ${s.p99Ms.toFixed(0)} ms)`,
    ),
    `requests in flight: ${gaps.slots.meanInFlight.toFixed(1)} on average over the round (${(gaps.slots.roundMs / 1000).toFixed(1)} s); ${gaps.slots.meanInFlightWhileFull.toFixed(1)} while every slot had a job (${(gaps.slots.fullMs / 1000).toFixed(1)} s); ${gaps.slots.meanInFlightInTail.toFixed(1)} in the tail with fewer unfinished jobs than slots (${(gaps.slots.tailMs / 1000).toFixed(1)} s)`,
  ];
}
