// A REVISE of the RED review, with a model: the reviewer's feedback names the scenarios to rewrite (by id or title),
// the author's revised set gives their new text, and every other scenario is kept as it was, with its stored runs
// (only the rewritten ones are run again). Feedback that names no scenario asks for a new set as a whole. Pure.
import type { SetScenario } from '../agent-tests/runs';
import type { PressureScenario, ScenarioSet } from '../author/types';

export interface RevisedSet {
  scenarios: SetScenario[];
  rationalizations: string[];
  /** The whole set was replaced (the feedback named no scenario). */
  whole: boolean;
  /** Ids of the scenarios rewritten (they get the new set, so they are run again). */
  rewritten: string[];
  /** Ids named in the feedback that the author's revision left as they were: kept, with their runs. */
  unchanged: string[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const squash = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');

/** The ids of the scenarios the feedback names: by id as a word ("authority") or by title, case-insensitive. */
export function namedScenarios(feedback: string, scenarios: readonly PressureScenario[]): string[] {
  const text = squash(feedback);
  return scenarios
    .filter(
      (s) =>
        new RegExp(`(^|[^a-z0-9-])${escape(s.id.toLowerCase())}($|[^a-z0-9-])`).test(text) ||
        (s.title.trim().length > 0 && text.includes(squash(s.title.trim()))),
    )
    .map((s) => s.id);
}

const sameText = (a: PressureScenario, b: PressureScenario) =>
  a.title === b.title &&
  a.pressure === b.pressure &&
  a.prompt === b.prompt &&
  a.expectedViolation === b.expectedViolation &&
  a.rationalization === b.rationalization;

/**
 * The set after a REVISE with `feedback`: `written` is the author's revision of `previous`, `nextSet` the set number
 * rewritten scenarios are stored under. A named scenario takes the author's scenario of the same id (or, if the
 * author renamed it, of the same position); the others are kept verbatim, whatever the author did to them.
 */
export function reviseSet(
  previous: readonly SetScenario[],
  written: ScenarioSet,
  feedback: string,
  nextSet: number,
): RevisedSet {
  const named = new Set(namedScenarios(feedback, previous));
  if (named.size === 0)
    return {
      scenarios: written.scenarios.map((s) => ({ ...s, set: nextSet })),
      rationalizations: written.rationalizations,
      whole: true,
      rewritten: written.scenarios.map((s) => s.id),
      unchanged: [],
    };
  const rewritten: string[] = [];
  const unchanged: string[] = [];
  const scenarios = previous.map((old, index) => {
    if (!named.has(old.id)) return old;
    const next = written.scenarios.find((s) => s.id === old.id) ?? written.scenarios[index];
    if (!next || sameText(old, next)) {
      unchanged.push(old.id);
      return old;
    }
    rewritten.push(old.id);
    // The id stays (the reviewer and the evidence refer to it); the new set keys its runs apart from the old ones.
    return { ...next, id: old.id, set: nextSet };
  });
  return {
    scenarios,
    rationalizations: [...new Set(scenarios.map((s) => s.rationalization))],
    whole: false,
    rewritten,
    unchanged,
  };
}
