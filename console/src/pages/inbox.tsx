// Inbox: every prompt waiting for you, live (the list comes from the app-wide useInbox).
import type { ConsolePromptFragment } from '../graphql/graphql';
import { age, humanize } from '../lib/format';
import { Link } from '../lib/router';

export function InboxPage(props: { prompts: ConsolePromptFragment[] }) {
  return (
    <main id="main">
      <h1>Inbox</h1>
      {props.prompts.length === 0 ? (
        <p data-testid="inbox-empty">Nothing is waiting for you.</p>
      ) : (
        <ul class="inbox" data-testid="inbox">
          {props.prompts.map((prompt) => (
            <li key={prompt.id}>
              <Link href={`/jobs/${prompt.job.jobId}`}>
                {humanize(prompt.interactionType)} round {prompt.roundNumber}:{' '}
                {prompt.job.skillName ?? prompt.job.taskDescription.slice(0, 80)}
              </Link>
              <span class="muted"> — asked {age(prompt.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
