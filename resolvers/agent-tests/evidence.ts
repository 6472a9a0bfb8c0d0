// The evidence as a person reads it in the review prompts: RED's baseline answers per scenario (verdicts, quoted
// excuses), and the compliance table (scenario x baseline vs with the skill).
import type { PressureScenario } from '../author/types';
import { complianceRate, violationRate, type StoredRun } from './runs';

export const notRunLine = (reason: string) =>
  `Behavioural tests not run: ${reason}. The scenarios are written, not run against an agent.`;

const pct = (rate: number | null) => (rate === null ? 'n/a' : `${Math.round(rate * 100)}%`);
const count = (runs: readonly StoredRun[], verdict: StoredRun['verdict']) =>
  runs.filter((r) => r.verdict === verdict).length;

/** RED's review: each scenario with its baseline runs' verdicts and the excuses agents gave, quoted. */
export function baselineReport(
  scenarios: readonly PressureScenario[],
  baseline: readonly StoredRun[],
  notAPressure: ReadonlySet<string>,
  rewritten: ReadonlySet<string> = new Set(),
): string {
  return scenarios
    .map((s) => {
      const runs = baseline.filter((r) => r.scenarioId === s.id);
      const quotes = [...new Set(runs.flatMap((r) => (r.rationalization ? [r.rationalization] : [])))];
      return [
        `### ${s.title}${rewritten.has(s.id) ? ' (rewritten after the review: these runs are new)' : ''}${
          notAPressure.has(s.id)
            ? ' (not a pressure: never violated without the skill; dropped unless a REVISE names it to be rewritten)'
            : ''
        }`,
        `- Pressure: ${s.pressure}`,
        `- Prompt: ${s.prompt}`,
        `- Without the skill: ${count(runs, 'VIOLATED')} of ${runs.length} runs VIOLATED, ${count(runs, 'COMPLIED')} COMPLIED, ${count(runs, 'UNCLEAR')} UNCLEAR`,
        ...quotes.map((q) => `  - agent said: "${q}"`),
        `- Predicted excuse (the author's, not observed unless quoted above): "${s.rationalization}"`,
      ].join('\n');
    })
    .join('\n\n');
}

/** Scenario x (baseline violations, with-skill compliance of round `iteration`), then the totals. */
export function complianceTable(
  scenarios: readonly PressureScenario[],
  baseline: readonly StoredRun[],
  withSkill: readonly StoredRun[],
  iteration: number,
): string {
  const rows = scenarios.map((s) => {
    const b = baseline.filter((r) => r.scenarioId === s.id);
    const w = withSkill.filter((r) => r.scenarioId === s.id);
    return `| ${s.title} | ${count(b, 'VIOLATED')}/${b.length} violated | ${count(w, 'COMPLIED')}/${w.length} complied |`;
  });
  return [
    `| scenario | baseline (without the skill) | with the skill (round ${iteration}) |`,
    '|---|---|---|',
    ...rows,
    `| **overall** | ${pct(violationRate(baseline))} violated | ${pct(complianceRate(withSkill))} complied |`,
  ].join('\n');
}
