// A QuestionsPrompt as a form: TEXT as a textarea, SINGLE as radios, MULTI as checkboxes, BOOLEAN as yes/no,
// `allowsOther` as a free-text option. The server's rules (required answers, at most 4000 characters) are checked
// before sending; the server's own ValidationError is shown at the question it names.
import { useRef, useState } from 'preact/hooks';
import { useSession } from '../api/session';
import type { ConsolePromptFragment, HitlAnswerInput } from '../graphql/graphql';
import { renderInline } from '../lib/markdown';
import { questionOfField, respond } from './respond';

type Questions = Extract<ConsolePromptFragment['prompt'], { __typename: 'QuestionsPrompt' }>['questions'];
type Question = Questions[number];

interface Draft {
  text: string;
  optionIds: string[];
  other: boolean;
}

const MAX_TEXT = 4000;
const EMPTY: Draft = { text: '', optionIds: [], other: false };

function answerOf(question: Question, draft: Draft): HitlAnswerInput | null {
  const text = draft.text.trim();
  switch (question.questionType) {
    case 'TEXT':
    case 'BOOLEAN':
      return text ? { questionId: question.id, text } : null;
    case 'SINGLE':
    case 'MULTI': {
      const otherText = draft.other || question.questionType === 'MULTI' ? text : '';
      if (draft.optionIds.length === 0 && !otherText) return null;
      return { questionId: question.id, optionIds: draft.optionIds, ...(otherText ? { text: otherText } : {}) };
    }
  }
}

function clientErrors(questions: Questions, drafts: Record<string, Draft>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const question of questions) {
    const draft = drafts[question.id] ?? EMPTY;
    if (draft.text.length > MAX_TEXT)
      errors[question.id] = `At most ${MAX_TEXT} characters (${draft.text.length} now).`;
    else if (question.required && !answerOf(question, draft)) errors[question.id] = 'This question needs an answer.';
  }
  return errors;
}

export function QuestionsForm(props: {
  interaction: ConsolePromptFragment;
  questions: Questions;
  rationale?: string | null;
}) {
  const { request } = useSession();
  const { interaction, questions } = props;
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [state, setState] = useState<'editing' | 'sending' | 'sent'>('editing');
  const inFlight = useRef(false);
  // An edited question's message is re-checked at once: it goes when the answer now passes (a server message
  // goes on any edit, since only the server can say whether the new answer passes it).
  const update = (id: string, change: Partial<Draft>) => {
    setDrafts((all) => ({ ...all, [id]: { ...(all[id] ?? EMPTY), ...change } }));
    if (!errors[id]) return;
    const edited = { ...(drafts[id] ?? EMPTY), ...change };
    const still = clientErrors(
      questions.filter((q) => q.id === id),
      { [id]: edited },
    )[id];
    setErrors((all) => {
      const rest = { ...all };
      delete rest[id];
      return still ? { ...rest, [id]: still } : rest;
    });
  };

  async function submit(event: Event) {
    event.preventDefault();
    if (inFlight.current || state === 'sent') return;
    const found = clientErrors(questions, drafts);
    setErrors(found);
    setFormError(undefined);
    const firstInvalid = questions.find((q) => found[q.id]);
    if (firstInvalid) {
      document.getElementById(`q-${interaction.interactionId}-${firstInvalid.id}`)?.focus();
      return;
    }
    const answers = questions.flatMap((q) => answerOf(q, drafts[q.id] ?? EMPTY) ?? []);
    inFlight.current = true;
    setState('sending');
    const outcome = await respond(request, { interactionId: interaction.id, action: 'PROCEED', answers });
    inFlight.current = false;
    if (outcome.ok) return setState('sent');
    setState('editing');
    const questionId = questionOfField(outcome.field, answers);
    if (questionId) {
      setErrors({ [questionId]: outcome.message });
      document.getElementById(`q-${interaction.interactionId}-${questionId}`)?.focus();
    } else setFormError(outcome.message);
  }

  return (
    <form class="prompt-form" onSubmit={submit} noValidate aria-label="Answer the questions">
      {props.rationale && <p class="muted">{props.rationale}</p>}
      {questions.map((question) => (
        <QuestionField
          key={question.id}
          idPrefix={`q-${interaction.interactionId}-${question.id}`}
          question={question}
          draft={drafts[question.id] ?? EMPTY}
          error={errors[question.id]}
          disabled={state !== 'editing'}
          onChange={(change) => update(question.id, change)}
        />
      ))}
      {formError && (
        <p role="alert" class="error">
          {formError}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={state !== 'editing'}>
          {state === 'sending' ? 'Sending…' : state === 'sent' ? 'Sent' : 'Send answers'}
        </button>
        {state === 'sent' && (
          <span role="status" class="muted">
            Answers accepted; the job goes on.
          </span>
        )}
      </div>
    </form>
  );
}

function QuestionField(props: {
  idPrefix: string;
  question: Question;
  draft: Draft;
  error?: string;
  disabled: boolean;
  onChange(change: Partial<Draft>): void;
}) {
  const { question, draft, idPrefix, onChange, disabled, error } = props;
  const errorId = `${idPrefix}-error`;
  const described = error ? errorId : undefined;
  const legend = (
    <>
      <span>{renderInline(question.text)}</span>
      {question.required ? (
        <span class="required">
          {' '}
          <span aria-hidden="true">*</span>
          <span class="visually-hidden">(required)</span>
        </span>
      ) : (
        <span class="muted"> (optional)</span>
      )}
    </>
  );
  const errorLine = error && (
    <p id={errorId} class="field-error" role="alert">
      {error}
    </p>
  );
  if (question.questionType === 'TEXT') {
    return (
      <div class={`question${error ? ' invalid' : ''}`} data-question={question.id}>
        <label for={idPrefix} class="question-text">
          {legend}
        </label>
        <textarea
          id={idPrefix}
          rows={3}
          value={draft.text}
          disabled={disabled}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
          aria-required={question.required}
          onInput={(e) => onChange({ text: e.currentTarget.value })}
        />
        {errorLine}
      </div>
    );
  }
  const boolean = question.questionType === 'BOOLEAN';
  const multi = question.questionType === 'MULTI';
  const options = boolean
    ? [
        { id: 'yes', label: 'Yes', description: null },
        { id: 'no', label: 'No', description: null },
      ]
    : question.options;
  const name = idPrefix;
  return (
    <fieldset
      class={`question${error ? ' invalid' : ''}`}
      data-question={question.id}
      aria-describedby={described}
      aria-invalid={error ? 'true' : undefined}
    >
      <legend class="question-text">{legend}</legend>
      {options.map((option, n) => {
        const checked = boolean ? draft.text === option.id : draft.optionIds.includes(option.id);
        return (
          <label key={option.id} class="choice">
            <input
              id={n === 0 ? idPrefix : undefined}
              type={multi ? 'checkbox' : 'radio'}
              name={name}
              value={option.id}
              checked={checked}
              disabled={disabled}
              onChange={() => {
                if (boolean) onChange({ text: option.id });
                else if (multi)
                  onChange({
                    optionIds: checked
                      ? draft.optionIds.filter((id) => id !== option.id)
                      : [...draft.optionIds, option.id],
                  });
                else onChange({ optionIds: [option.id], other: false, text: '' });
              }}
            />
            <span>{option.label}</span>
            {option.description && <span class="muted"> — {option.description}</span>}
          </label>
        );
      })}
      {question.allowsOther && !boolean && !multi && (
        <label class="choice">
          <input
            type="radio"
            name={name}
            value="__other"
            checked={draft.other}
            disabled={disabled}
            onChange={() => onChange({ other: true, optionIds: [] })}
          />
          <span>Other</span>
        </label>
      )}
      {question.allowsOther && !boolean && (multi || draft.other) && (
        <label class="other">
          <span>{multi ? 'Other (free text, optional)' : 'Other: your answer'}</span>
          <input
            type="text"
            value={draft.text}
            disabled={disabled}
            onInput={(e) => onChange({ text: e.currentTarget.value })}
          />
        </label>
      )}
      {errorLine}
    </fieldset>
  );
}
