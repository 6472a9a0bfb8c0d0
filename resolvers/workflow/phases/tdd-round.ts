// A with-skill round: the draft waiting for its runs (tdd.draftRound) run against every pressure scenario. Shared by
// GREEN, REFACTOR and VALIDATION: whichever phase wrote a draft has it run before deciding on it.
import { runRound } from '../../agent-tests/round';
import { complianceRate, roundRuns } from '../../agent-tests/runs';
import type { JobSnapshot } from '../context';
import { pendingRound, pressureScenarios } from '../tdd-state';
import type { PhaseTools, TddState } from './result';

export interface RoundDone {
  round: number;
  /** The snapshot as it is with the round's runs stored and counted (for the decisions that follow). */
  after: JobSnapshot;
  state: TddState;
}

/** Runs the pending round's missing runs (null when no draft waits for its runs). */
export async function runPendingRound(snapshot: JobSnapshot, tools: PhaseTools): Promise<RoundDone | null> {
  const round = pendingRound(snapshot);
  if (round === null || !tools.tester || !snapshot.tdd) return null;
  const scenarios = pressureScenarios(snapshot);
  const fresh = await runRound(tools.tester, tools.recordRun, {
    jobId: snapshot.job.jobId,
    scenarios,
    iteration: round,
    skill: snapshot.job.draftContent ?? '',
    stored: snapshot.scenarioRuns,
  });
  const scenarioRuns = [...snapshot.scenarioRuns, ...fresh.map((run, i) => asRow(snapshot, run, i))];
  const runs = roundRuns(scenarioRuns, scenarios, round);
  const state: TddState = {
    complianceTestsRun: runs.length > 0,
    iterations: round,
    complianceRate: complianceRate(runs),
  };
  return {
    round,
    after: { ...snapshot, scenarioRuns, tdd: { ...snapshot.tdd, ...state } as JobSnapshot['tdd'] },
    state,
  };
}

/** A run just stored, shaped like its row (ids and times are not read by the decisions). */
function asRow(snapshot: JobSnapshot, run: Parameters<PhaseTools['recordRun']>[0], index: number) {
  return {
    runId: -1 - index,
    jobId: snapshot.job.jobId,
    scenarioSet: run.scenarioSet,
    iteration: run.iteration,
    withSkill: run.withSkill,
    scenarioId: run.scenarioId,
    scenarioTitle: run.scenarioTitle,
    sample: run.sample,
    answer: run.answer,
    verdict: run.verdict,
    rationalization: run.rationalization,
    judgeReason: run.reason,
    createdAt: new Date(),
  };
}
