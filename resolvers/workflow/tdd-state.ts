// The TDD loop's state as the phases read it from a snapshot: the scenario set and its runs, which draft awaits
// its with-skill round, the rates, and the evidence the author and the review prompts get.
import type { ScenarioRun, TddWorkflowState } from '../../prisma/database';
import { behaviourGate, type BehaviourVerdict } from '../agent-tests/gate';
import {
  complianceRate,
  evidenceOf,
  notComplied,
  roundRuns,
  violated,
  violationRate,
  type SetScenario,
} from '../agent-tests/runs';
import type { PressureScenario, ScenarioEvidence } from '../author/types';
import type { JobSnapshot } from './context';

/** What RED wrote into checklistState.red besides counts. */
export interface RedChecklist {
  /** Scenarios the baseline never violated: reported, and left out of GREEN and REFACTOR. */
  notAPressure?: string[];
  /** The TDD_RED prompt whose REVISE the current set answers (0: none). */
  writtenAfter?: number;
  /** A REVISE that named scenarios: those rewritten (run again) and those the author left unchanged (kept). */
  revision?: { rewritten: string[]; unchanged: string[] };
}

export function redChecklist(snapshot: JobSnapshot): RedChecklist {
  const checklist = (snapshot.tdd?.checklistState as { red?: RedChecklist } | undefined) ?? {};
  return checklist.red ?? {};
}

/** The current set's scenarios, each with the set its runs are stored under (the current one unless kept). */
export function allScenarios(snapshot: JobSnapshot): SetScenario[] {
  return scenariosOfState(snapshot.tdd);
}

/** A TDD state row's scenarios, each with the set its runs are stored under. */
export function scenariosOfState(tdd: Pick<TddWorkflowState, 'scenarios' | 'scenarioSet'> | null): SetScenario[] {
  const stored = (tdd?.scenarios as unknown as (PressureScenario & { set?: number })[] | undefined) ?? [];
  return stored.map((s) => ({ ...s, set: s.set ?? tdd?.scenarioSet ?? 0 }));
}

/** Whether a stored run is of a scenario of the current set (false: of one rewritten or replaced since). */
export function isCurrentRun(run: Pick<ScenarioRun, 'scenarioSet' | 'scenarioId'>, scenarios: readonly SetScenario[]) {
  return scenarios.some((s) => s.set === run.scenarioSet && s.id === run.scenarioId);
}

/** The scenarios GREEN and REFACTOR run: the set without those the baseline never violated. */
export function pressureScenarios(snapshot: JobSnapshot): SetScenario[] {
  const dropped = new Set(redChecklist(snapshot).notAPressure ?? []);
  return allScenarios(snapshot).filter((s) => !dropped.has(s.id));
}

export function currentSet(snapshot: JobSnapshot): number {
  return snapshot.tdd?.scenarioSet ?? 0;
}

export function runsOfRound(snapshot: JobSnapshot, iteration: number): ScenarioRun[] {
  return roundRuns(snapshot.scenarioRuns, allScenarios(snapshot), iteration);
}

/** With-skill rounds committed so far. */
export function iterationsOf(snapshot: JobSnapshot): number {
  return snapshot.tdd?.iterations ?? 0;
}

/** The round the current draft waits to be run in, or null when every draft was run. */
export function pendingRound(snapshot: JobSnapshot): number | null {
  const tdd = snapshot.tdd;
  return tdd && tdd.draftRound > tdd.iterations ? tdd.draftRound : null;
}

/** Baseline evidence per scenario: violations and the excuses quoted from the answers. */
export function baselineEvidence(snapshot: JobSnapshot): ScenarioEvidence[] {
  return evidenceOf(allScenarios(snapshot), runsOfRound(snapshot, 0), violated);
}

/** The latest with-skill round's evidence per pressure scenario (failures: not COMPLIED). */
export function latestEvidence(snapshot: JobSnapshot): ScenarioEvidence[] {
  const iteration = iterationsOf(snapshot);
  return iteration === 0 ? [] : evidenceOf(pressureScenarios(snapshot), runsOfRound(snapshot, iteration), notComplied);
}

export function failingScenarios(snapshot: JobSnapshot): ScenarioEvidence[] {
  return latestEvidence(snapshot).filter((e) => e.failures > 0);
}

/** The rule VALIDATION gates on, over the stored runs. */
export function behaviourOf(snapshot: JobSnapshot, minCompliance: number): BehaviourVerdict {
  const latest = runsOfRound(snapshot, iterationsOf(snapshot));
  const withSkill = iterationsOf(snapshot) === 0 ? [] : latest;
  return behaviourGate(
    {
      baselineViolationRate: violationRate(runsOfRound(snapshot, 0)),
      complianceRate: complianceRate(withSkill),
      withSkillViolationRate: violationRate(withSkill),
    },
    minCompliance,
  );
}

/**
 * Whether the REVISE of prompt `interactionId` is not yet turned into a draft: the phase that does so remembers the
 * prompt's id in checklistState[key].revised (its draft is committed before its runs, then the phase runs again).
 */
export function unhandledRevise(snapshot: JobSnapshot, key: string, interactionId: number | undefined): boolean {
  if (interactionId === undefined) return false;
  const handled = ((snapshot.tdd?.checklistState as Record<string, { revised?: number }> | undefined) ?? {})[key]
    ?.revised;
  return handled !== interactionId;
}

/** What VALIDATION wrote into checklistState.validation when it sent a failing draft back to TDD_REFACTOR. */
export interface SentBack {
  /** The failed validation attempt. */
  attempt: number;
  /** The job's latest prompt then: TDD_REFACTOR reviews up to it were of an older draft. */
  afterPrompt: number;
}

function checklistPart<T>(snapshot: JobSnapshot, key: string): T | undefined {
  return ((snapshot.tdd?.checklistState as Record<string, T> | undefined) ?? {})[key];
}

export function sentBack(snapshot: JobSnapshot): SentBack | undefined {
  return checklistPart<{ sentBack?: SentBack }>(snapshot, 'validation')?.sentBack;
}

/**
 * The failed validation TDD_REFACTOR has to answer with a refined draft, or null: none sent the draft back, or
 * REFACTOR already answered it (checklistState.refactor.answered). Its issues are the report's errors and warnings.
 */
export function validationToAnswer(snapshot: JobSnapshot): { attempt: number; issues: string[] } | null {
  const back = sentBack(snapshot);
  const answered = checklistPart<{ answered?: number }>(snapshot, 'refactor')?.answered;
  if (!back || answered === back.attempt) return null;
  const report = snapshot.validationReport;
  const issues = report && report.attempt === back.attempt ? [...report.errors, ...report.warnings] : [];
  return { attempt: back.attempt, issues };
}
