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

const keyOf = (k: RunKey) => `${k.iteration}/${k.withSkill}/${k.scenarioId}/${k.sample}`;

/** Every run of round `iteration` (0: the baseline): each scenario `samples` times. */
export function plannedRuns(scenarios: readonly PressureScenario[], iteration: number, samples: number): RunKey[] {
  return scenarios.flatMap((s) =>
    Array.from({ length: samples }, (_, i) => ({
      iteration,
      withSkill: iteration > 0,
      scenarioId: s.id,
      sample: i + 1,
    })),
  );
}

/** The planned runs not stored yet (a redone phase runs only these). */
export function missingRuns(planned: readonly RunKey[], stored: readonly StoredRun[], scenarioSet: number): RunKey[] {
  const done = new Set(stored.filter((r) => r.scenarioSet === scenarioSet).map(keyOf));
  return planned.filter((k) => !done.has(keyOf(k)));
}

export function roundRuns<T extends StoredRun>(stored: readonly T[], scenarioSet: number, iteration: number): T[] {
  return stored.filter((r) => r.scenarioSet === scenarioSet && r.iteration === iteration);
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
