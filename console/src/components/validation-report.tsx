// The validator's report on the current draft (validateSkill: checks and their severities).
import { useEffect, useState } from 'preact/hooks';
import { ValidateSkillQuery } from '../api/operations';
import { useSession } from '../api/session';
import type { ConsoleValidateSkillQuery } from '../graphql/graphql';

type Report = ConsoleValidateSkillQuery['validateSkill'];

export function ValidationReport(props: { content: string }) {
  const { request } = useSession();
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    request(ValidateSkillQuery, { content: props.content }).then(
      (data) => current && setReport(data.validateSkill),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => void (current = false);
  }, [props.content, request]);
  return (
    <section aria-labelledby="validation-heading">
      <h2 id="validation-heading">Validation</h2>
      {error && <p class="error">{error}</p>}
      {report && (
        <>
          <p>
            <strong>{report.passed ? 'Passes' : 'Fails'}</strong> with score {report.score.toFixed(2)}
          </p>
          <table class="checks">
            <caption class="visually-hidden">Validator checks</caption>
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Severity</th>
                <th scope="col">Result</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {report.checks.map((check) => (
                <tr key={check.name} class={check.passed ? 'pass' : `fail fail-${check.severity.toLowerCase()}`}>
                  <td>{check.name}</td>
                  <td>{check.severity}</td>
                  <td>{check.passed ? 'passed' : 'failed'}</td>
                  <td>{check.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
