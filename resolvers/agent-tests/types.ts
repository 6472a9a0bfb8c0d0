// The behavioural tests' shapes: which run (scenario, round, sample) and what came of it.
import type { ScenarioVerdict } from '../../prisma/database';

export type { ScenarioVerdict };

/** One run's place: round 0 is the baseline (without the skill), rounds 1.. are with the skill. */
export interface RunKey {
  iteration: number;
  withSkill: boolean;
  scenarioId: string;
  sample: number;
}

export interface Judgement {
  verdict: ScenarioVerdict;
  /** One sentence. */
  reason: string;
  /** For a violation: the excuse, quoted from the answer. */
  rationalization: string | null;
}

/** A finished run, as stored (scenario_runs). */
export interface JudgedRun extends RunKey, Judgement {
  scenarioSet: number;
  scenarioTitle: string;
  /** Verbatim, cut at ANSWER_MAX_BYTES with a marker. */
  answer: string;
}

/** Stores one finished run (once: a run already stored is not stored again) under the workflow's guard. */
export type RecordRun = (run: JudgedRun) => Promise<void>;
