// A ReviewPrompt: what to approve (rendered, with the diff against the previous draft when there is one), its
// highlights, one button per allowed action (REVISE needs feedback), and the timeout with what happens then.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useSession } from '../api/session';
import type { ConsolePromptFragment, HitlAction } from '../graphql/graphql';
import { diffLines } from '../lib/diff';
import { countdown } from '../lib/format';
import { Markdown } from '../lib/markdown';
import { respond } from './respond';

type Review = Extract<ConsolePromptFragment['prompt'], { __typename: 'ReviewPrompt' }>;

const ACTION_LABEL: Record<HitlAction, string> = {
  PROCEED: 'Approve',
  REVISE: 'Request changes',
  CANCEL: 'Cancel the job',
};
const DEFAULT_LABEL: Record<HitlAction, string> = {
  PROCEED: 'it is approved as it is',
  REVISE: 'it is sent back for changes',
  CANCEL: 'the job is cancelled',
};

export function ReviewForm(props: { interaction: ConsolePromptFragment; review: Review; previous?: string | null }) {
  const { request } = useSession();
  const { interaction, review, previous } = props;
  const [feedback, setFeedback] = useState('');
  const [feedbackError, setFeedbackError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [state, setState] = useState<'editing' | 'sending' | 'sent'>('editing');
  const inFlight = useRef(false);
  const feedbackId = `feedback-${interaction.interactionId}`;

  async function send(action: HitlAction) {
    if (inFlight.current || state === 'sent') return;
    setFormError(undefined);
    if (action === 'REVISE' && feedback.trim() === '') {
      setFeedbackError('Say what to change: REVISE needs feedback.');
      document.getElementById(feedbackId)?.focus();
      return;
    }
    if (feedback.length > 4000) {
      setFeedbackError(`At most 4000 characters (${feedback.length} now).`);
      return;
    }
    setFeedbackError(undefined);
    inFlight.current = true;
    setState('sending');
    const outcome = await respond(request, {
      interactionId: interaction.id,
      action,
      ...(feedback.trim() ? { feedback: feedback.trim() } : {}),
    });
    inFlight.current = false;
    if (outcome.ok) return setState('sent');
    setState('editing');
    if (outcome.field === 'feedback') setFeedbackError(outcome.message);
    else setFormError(outcome.message);
  }

  return (
    <form class="prompt-form" onSubmit={(e) => e.preventDefault()} aria-label={`Review: ${review.title}`}>
      <h3>{review.title}</h3>
      <Markdown source={review.summary} label="Summary" />
      {review.highlights.length > 0 && (
        <ul class="highlights" aria-label="Highlights">
          {review.highlights.map((h, n) => (
            <li key={n}>{h}</li>
          ))}
        </ul>
      )}
      {review.content && (
        <details open class="review-content">
          <summary>The material under review</summary>
          <Markdown source={review.content} label="Material under review" scrollable />
        </details>
      )}
      {review.content && previous && previous !== review.content && (
        <DraftDiff before={previous} after={review.content} />
      )}
      <Timeout timeoutAt={interaction.timeoutAt} defaultAction={review.defaultAction} />
      <label for={feedbackId}>
        Feedback <span class="muted">(required to request changes)</span>
      </label>
      <textarea
        id={feedbackId}
        rows={3}
        value={feedback}
        disabled={state !== 'editing'}
        aria-invalid={feedbackError ? 'true' : undefined}
        aria-describedby={feedbackError ? `${feedbackId}-error` : undefined}
        onInput={(e) => setFeedback(e.currentTarget.value)}
      />
      {feedbackError && (
        <p id={`${feedbackId}-error`} class="field-error" role="alert">
          {feedbackError}
        </p>
      )}
      {formError && (
        <p role="alert" class="error">
          {formError}
        </p>
      )}
      <div class="actions">
        {review.allowedActions.map((action) => (
          <button
            key={action}
            type="button"
            class={action === 'PROCEED' ? 'primary' : action === 'CANCEL' ? 'danger' : undefined}
            disabled={state !== 'editing'}
            onClick={() => void send(action)}
          >
            {ACTION_LABEL[action]}
          </button>
        ))}
        {state === 'sending' && <span class="muted">Sending…</span>}
        {state === 'sent' && (
          <span role="status" class="muted">
            Answer accepted; the job goes on.
          </span>
        )}
      </div>
    </form>
  );
}

function DraftDiff(props: { before: string; after: string }) {
  const lines = diffLines(props.before, props.after);
  const added = lines.filter((l) => l.kind === 'added').length;
  const removed = lines.filter((l) => l.kind === 'removed').length;
  return (
    <details class="diff">
      <summary>
        Changes since the previous draft: +{added} −{removed} lines
      </summary>
      <pre aria-label="Diff against the previous draft" tabIndex={0}>
        {lines.map((line, n) => (
          <span key={n} class={`diff-${line.kind}`}>
            {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </details>
  );
}

function Timeout(props: { timeoutAt?: string | null; defaultAction?: HitlAction | null }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!props.timeoutAt) return null;
  const then = props.defaultAction ? DEFAULT_LABEL[props.defaultAction] : 'the job fails';
  return (
    <p class="timeout">
      Times out in <strong>{countdown(props.timeoutAt, now)}</strong>; then {then}.
    </p>
  );
}
