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
}

interface CallRow {
  job_id: string;
  purpose: string;
  latency_ms: number;
  at_ms: number;
  created_ms: number;
  completed_ms: number;
}

export async function callGaps(dbUrl: string, tag: string): Promise<CallGaps> {
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
  ];
}
