// The prompt a job waits on, as the form its type calls for; keyed by interaction, so a new round starts clean.
import type { ConsolePromptFragment } from '../graphql/graphql';
import { humanize } from '../lib/format';
import { QuestionsForm } from './questions-form';
import { ReviewForm } from './review-form';

export function PendingPrompt(props: { interaction: ConsolePromptFragment; history: ConsolePromptFragment[] }) {
  const { interaction } = props;
  const prompt = interaction.prompt;
  const previous = props.history
    .filter((h) => h.interactionType === interaction.interactionType && h.roundNumber < interaction.roundNumber)
    .at(-1);
  const previousContent = previous?.prompt.__typename === 'ReviewPrompt' ? previous.prompt.content : null;
  return (
    <section class="pending" aria-labelledby="pending-heading" data-testid="pending-prompt">
      <h2 id="pending-heading">
        Waiting for you: {humanize(interaction.interactionType)}
        {interaction.roundNumber > 1 ? `, round ${interaction.roundNumber}` : ''}
      </h2>
      {prompt.__typename === 'QuestionsPrompt' ? (
        <QuestionsForm
          key={interaction.id}
          interaction={interaction}
          questions={prompt.questions}
          rationale={prompt.rationale}
        />
      ) : prompt.__typename === 'ReviewPrompt' ? (
        <ReviewForm key={interaction.id} interaction={interaction} review={prompt} previous={previousContent} />
      ) : null}
    </section>
  );
}
