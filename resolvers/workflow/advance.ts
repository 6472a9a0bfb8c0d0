// The driver of a skill-creation job: load the job, run its phase (./phases: outside any transaction, an LLM call
// may take a while), commit the result under the guard (./commit.ts). A phase that moves on is followed by the next
// one in the same call (no task hop: no enqueue, no pickup, no second read of the job nor of the state rows the
// commit just wrote) while the caller allows it; otherwise the commit enqueues the next task. Each phase is a span
// (with its model calls and its commit inside), parented on the job's trace context, which the task runs in
// (tasks/payload.ts).
import { readAndStartIfFresh } from '../jobs/snapshot-reads';
import type { Services } from '../services';
import { commit, Superseded, type CommitOutcome, type Committed } from './commit';
import { loadSnapshot, type CarriedState, type JobSnapshot } from './context';
import { readsScenarioRuns, readsValidationReport, type Phase } from './machine';
import { inPhase } from '../llm-usage/scope';
import { startSpan } from '../telemetry/spans';
import { runPhase, type PhaseResult } from './phases';
import { makeRunRecorder } from './run-recorder';

export type AdvanceOutcome = CommitOutcome | 'idle' | 'superseded';

export interface AdvanceRun {
  /** Phases this call may run one after the other (default 1: one phase, then the next task). */
  maxPhases?: number;
  /** Checked before going on to another phase, e.g. the worker is shutting down: enqueue instead. */
  stopping?: () => boolean;
}

/** A phase after the first one of a call failed: earlier phases of the call were committed. */
export class LaterPhaseFailed extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export async function advanceSkillJob(
  services: Services,
  jobId: string,
  run: AdvanceRun = {},
): Promise<AdvanceOutcome> {
  const runnable = await readAndStartIfFresh(services.prisma, jobId);
  if (!runnable) return 'idle';
  let current = runnable.job;
  const maxPhases = Math.max(1, run.maxPhases ?? 1);
  // A fresh job's rows are known (it has none); otherwise the first phase reads them.
  let carried: CarriedState | undefined = runnable.rows ?? undefined;
  for (let step = 1; ; step++) {
    const phase = current.currentPhase as Phase;
    const started = performance.now();
    const span = startSpan(`phase ${phase}`, {
      attributes: { 'skills_fleet.job.id': jobId, 'skills_fleet.phase': phase, 'skills_fleet.phase.step': step },
      expected: (error) => (error instanceof Superseded ? 'superseded' : undefined),
    });
    const observe = (outcome: string, error?: unknown) => {
      services.metrics.phaseFinished(phase, outcome, (performance.now() - started) / 1000);
      span.end(error, { 'skills_fleet.outcome': outcome });
    };
    let result: PhaseResult;
    const recorder = makeRunRecorder(services, current, phase);
    let snapshot: JobSnapshot;
    try {
      snapshot = await loadSnapshot(services.prisma, current, carried);
      const tools = { tester: services.agentTester ?? null, recordRun: recorder.record };
      // Model calls made by the phase are accounted to it (llm-usage/scope.ts).
      result = await span.run(() => inPhase(phase, () => runPhase(services.author, snapshot, phase, tools)));
    } catch (error) {
      // The failed attempt's own writes: a write of it that failed is not reported to the next attempt's commit.
      await services.usage?.settled(jobId).catch(() => undefined);
      // A scenario run found the job changed (cancelled, taken over): like a superseded commit.
      observe(error instanceof Superseded ? 'superseded' : 'failed', error);
      if (error instanceof Superseded) return 'superseded';
      throw step === 1 ? error : new LaterPhaseFailed(error);
    }
    // Decided before the commit: a commit that does not enqueue the next task must be followed by its phase here.
    const goOn = step < maxPhases && !run.stopping?.();
    let committed: Committed;
    try {
      // The phase's model calls are written before its result is (and a failed write fails the phase).
      await services.usage?.settled(jobId);
      committed = await span.run(() => commit(services, recorder.seen(), phase, result, goOn));
    } catch (error) {
      observe(error instanceof Superseded ? 'superseded' : 'failed', error);
      if (error instanceof Superseded) return 'superseded';
      throw step === 1 ? error : new LaterPhaseFailed(error);
    }
    observe(committed.outcome);
    if (committed.outcome !== 'advanced' || !goOn) return committed.outcome;
    current = committed.job;
    carried = carriedAfter(snapshot, carried, committed, recorder.stored() > 0);
    if (run.stopping?.()) {
      // Committed without a next task, and asked to stop: leave the task behind instead of the phase.
      await services.queue.enqueueAdvance(services.prisma, jobId, current.traceParent);
      return 'advanced';
    }
  }
}

/** What the next phase starts from after `committed` (a 'next', 'back' or 'repeat' commit: no prompt was created). */
function carriedAfter(
  snapshot: JobSnapshot,
  carried: CarriedState | undefined,
  committed: Committed,
  runsRecorded: boolean,
): CarriedState {
  // The runs are known when this phase read them or was handed them, and it recorded none.
  const runs = readsScenarioRuns(snapshot.job.currentPhase) ? snapshot.scenarioRuns : (carried?.scenarioRuns ?? null);
  const report = readsValidationReport(snapshot.job) ? snapshot.validationReport : carried?.validationReport;
  return {
    interactions: snapshot.interactions,
    deepUnderstanding: committed.written.deepUnderstanding ?? snapshot.deepUnderstanding,
    tdd: committed.written.tdd ?? snapshot.tdd,
    scenarioRuns: runsRecorded ? null : runs,
    validationReport: committed.written.validationReport ?? report,
    ...(committed.written.skillNamed !== undefined ? { skillNamed: committed.written.skillNamed } : {}),
  };
}
