// Every prompt of a job that is no longer pending, with the answer given (or the default applied at timeout).
import type { ConsolePromptFragment } from '../graphql/graphql';
import { humanize } from '../lib/format';

interface StoredResponse {
  action?: string;
  feedback?: string | null;
  answers?: Array<{ questionId: string; text?: string | null; optionIds?: string[] }>;
}

function answerLines(interaction: ConsolePromptFragment): string[] {
  const response = (interaction.responseData ?? {}) as StoredResponse;
  const prompt = interaction.prompt;
  const lines: string[] = [];
  if (prompt.__typename === 'QuestionsPrompt') {
    for (const answer of response.answers ?? []) {
      const question = prompt.questions.find((q) => q.id === answer.questionId);
      const labels = (answer.optionIds ?? []).map((id) => question?.options.find((o) => o.id === id)?.label ?? id);
      const value = [...labels, ...(answer.text ? [answer.text] : [])].join(', ');
      lines.push(`${question?.text ?? answer.questionId} — ${value}`);
    }
  } else if (response.action) lines.push(`Action: ${humanize(response.action)}`);
  if (response.feedback) lines.push(`Feedback: ${response.feedback}`);
  return lines;
}

export function PromptHistory(props: { interactions: ConsolePromptFragment[] }) {
  const past = props.interactions.filter((i) => i.status !== 'PENDING');
  if (past.length === 0) return null;
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Prompts and answers</h2>
      <ol class="history" data-testid="prompt-history">
        {past.map((interaction) => (
          <li key={interaction.id}>
            <details>
              <summary>
                {humanize(interaction.interactionType)} round {interaction.roundNumber}: {humanize(interaction.status)}
              </summary>
              <ul>
                {answerLines(interaction).map((line, n) => (
                  <li key={n}>{line}</li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
