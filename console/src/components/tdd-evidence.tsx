// The TDD evidence: each pressure scenario's verdicts without the skill (baseline) and with it, per iteration, or
// why nothing was run (no model configured), and what the job's model calls cost.
import { Markdown } from '../lib/markdown';

export type Verdict = 'VIOLATED' | 'COMPLIED' | 'UNCLEAR';

export interface ScenarioRun {
  scenarioId: string;
  scenarioTitle: string;
  withSkill: boolean;
  iteration: number;
  sample: number;
  answer: string;
  verdict: Verdict;
  rationalization?: string | null;
  judgeReason?: string | null;
  /** False for the kept runs of a scenario rewritten since (a REVISE of the RED review). */
  current?: boolean;
}

export interface TddEvidenceProps {
  runs: ScenarioRun[];
  baselineViolationRate?: number | null;
  complianceRate?: number | null;
  agentUnderTest?: string | null;
  notRunReason?: string | null;
  iterations?: number;
  usage?: { calls: number; promptTokens: number; completionTokens: number };
}

function cell(runs: ScenarioRun[]) {
  if (runs.length === 0) return <span class="muted">not run</span>;
  // Runs are stored as they finish (concurrently): shown by round, then sample.
  const ordered = [...runs].sort((a, b) => a.iteration - b.iteration || a.sample - b.sample);
  return (
    <ul class="verdicts">
      {ordered.map((run) => (
        <li key={`${run.iteration}-${run.sample}`} class={`verdict verdict-${run.verdict.toLowerCase()}`}>
          <details>
            <summary>
              {run.verdict}{' '}
              <span class="muted">
                (iteration {run.iteration}, sample {run.sample})
              </span>
            </summary>
            {run.judgeReason && <p>Judge: {run.judgeReason}</p>}
            {run.rationalization && <p>Excuse: {run.rationalization}</p>}
            <Markdown source={run.answer} label="The agent's answer" />
          </details>
        </li>
      ))}
    </ul>
  );
}

export function TddEvidence(props: TddEvidenceProps) {
  // The table is the evidence of the scenarios as they stand; runs of rewritten ones are kept, counted below it.
  const runs = props.runs.filter((r) => r.current !== false);
  const replaced = props.runs.length - runs.length;
  const scenarios = [...new Map(runs.map((r) => [r.scenarioId, r.scenarioTitle])).entries()];
  const percent = (rate?: number | null) => (rate == null ? 'n/a' : `${Math.round(rate * 100)}%`);
  return (
    <section aria-labelledby="tdd-heading">
      <h2 id="tdd-heading">TDD evidence</h2>
      {props.usage && props.usage.calls > 0 && (
        <p class="muted">
          Model calls: {props.usage.calls} ({props.usage.promptTokens} prompt and {props.usage.completionTokens}{' '}
          completion tokens).
        </p>
      )}
      {props.runs.length === 0 ? (
        <p data-testid="tdd-not-run">Behavioural tests not run{props.notRunReason ? `: ${props.notRunReason}` : ''}.</p>
      ) : (
        <p>
          Agent under test {props.agentUnderTest ?? 'unknown'}; baseline violation rate{' '}
          {percent(props.baselineViolationRate)}; compliance with the skill {percent(props.complianceRate)} after{' '}
          {props.iterations ?? 0} with-skill round(s).
        </p>
      )}
      {props.runs.length > 0 && (
        <table class="evidence">
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Baseline (without the skill)</th>
              <th scope="col">With the skill</th>
            </tr>
          </thead>
          <tbody>
            {scenarios.map(([id, title]) => (
              <tr key={id}>
                <th scope="row">{title}</th>
                <td>{cell(runs.filter((r) => r.scenarioId === id && !r.withSkill))}</td>
                <td>{cell(runs.filter((r) => r.scenarioId === id && r.withSkill))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {replaced > 0 && (
        <p class="muted">
          {replaced} earlier run(s) of scenarios rewritten after the RED review are kept in the job's history and not
          shown here.
        </p>
      )}
    </section>
  );
}
