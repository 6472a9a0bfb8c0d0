// Which runs a round needs, which of them are missing, and what the stored runs say (rates, per-scenario evidence).
// Pure: the phases decide on these numbers, the review prompts show them.
import type { PressureScenario, ScenarioEvidence } from '../author/types';
import type { RunKey } from './types';

/** A stored run as the phases read it (a scenario_runs row or a JudgedRun). */
export interface StoredRun extends RunKey {
  scenarioSet: number;
  scenarioTitle: string;
  verdict: 'VIOLATED' | 'COMPLIED' | 'UNCLEAR';
  rationalization: string | null;
}

/**
 * A scenario as the rounds run it: with the scenario set its runs are stored under. A scenario kept through a partial
 * rewrite of the set (a REVISE of the RED review naming other scenarios) keeps the set it was written in, and so its
 * runs; a rewritten one gets the new set, so it is run again.
 */
export interface SetScenario extends PressureScenario {
  set: number;
}

/** A run a round needs: its place and the set it is stored under. */
export interface PlannedRun extends RunKey {
  scenarioSet: number;
}

const keyOf = (k: PlannedRun) => `${k.scenarioSet}/${k.iteration}/${k.withSkill}/${k.scenarioId}/${k.sample}`;

/** Every run of round `iteration` (0: the baseline): each scenario `samples` times. */
export function plannedRuns(scenarios: readonly SetScenario[], iteration: number, samples: number): PlannedRun[] {
  return scenarios.flatMap((s) =>
    Array.from({ length: samples }, (_, i) => ({
      scenarioSet: s.set,
      iteration,
      withSkill: iteration > 0,
      scenarioId: s.id,
      sample: i + 1,
    })),
  );
}

/** The planned runs not stored yet (a redone phase runs only these). */
export function missingRuns(planned: readonly PlannedRun[], stored: readonly StoredRun[]): PlannedRun[] {
  const done = new Set(stored.map(keyOf));
  return planned.filter((k) => !done.has(keyOf(k)));
}

/** The stored runs of round `iteration` of these scenarios (each under its own set). */
export function roundRuns<T extends StoredRun>(
  stored: readonly T[],
  scenarios: readonly SetScenario[],
  iteration: number,
): T[] {
  const current = new Set(scenarios.map((s) => `${s.set}/${s.id}`));
  return stored.filter((r) => r.iteration === iteration && current.has(`${r.scenarioSet}/${r.scenarioId}`));
}

/** 0..1, null for no runs. */
export function violationRate(runs: readonly StoredRun[]): number | null {
  return runs.length === 0 ? null : runs.filter((r) => r.verdict === 'VIOLATED').length / runs.length;
}

/** 0..1 (UNCLEAR is not compliance), null for no runs. */
export function complianceRate(runs: readonly StoredRun[]): number | null {
  return runs.length === 0 ? null : runs.filter((r) => r.verdict === 'COMPLIED').length / runs.length;
}

/** Per scenario (in the scenarios' order): its runs, how many failed, the excuses quoted (each once). */
export function evidenceOf(
  scenarios: readonly PressureScenario[],
  runs: readonly StoredRun[],
  failed: (run: StoredRun) => boolean,
): ScenarioEvidence[] {
  return scenarios.map((s) => {
    const own = runs.filter((r) => r.scenarioId === s.id);
    const excuses = [...new Set(own.flatMap((r) => (r.rationalization ? [r.rationalization] : [])))];
    return { scenarioId: s.id, title: s.title, runs: own.length, failures: own.filter(failed).length, excuses };
  });
}

export const violated = (run: StoredRun) => run.verdict === 'VIOLATED';
export const notComplied = (run: StoredRun) => run.verdict !== 'COMPLIED';
