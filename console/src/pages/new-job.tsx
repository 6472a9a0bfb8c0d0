// New job: the task with the server's rules shown as you type, the HITL policy, and one job even on a double
// submit (an idempotency key made once per form, sent with every attempt).
import { useRef, useState } from 'preact/hooks';
import { CreateSkillJobMutation } from '../api/operations';
import { useSession } from '../api/session';
import { words } from '../lib/format';
import { navigate } from '../lib/router';

const MIN_WORDS = 3;
const MAX_CHARS = 4000;
const POLICY = [
  { key: 'clarify', label: 'Ask clarifying questions', initial: true },
  { key: 'confirm', label: 'Confirm the understanding before writing', initial: true },
  { key: 'preview', label: 'Review the SKILL.md draft', initial: true },
  { key: 'tdd', label: 'Review each TDD step', initial: false },
  { key: 'validate', label: 'Review the validation report', initial: false },
] as const;
type PolicyKey = (typeof POLICY)[number]['key'];

export function NewJobPage() {
  const { request } = useSession();
  const [task, setTask] = useState('');
  const [policy, setPolicy] = useState<Record<PolicyKey, boolean>>(
    Object.fromEntries(POLICY.map((p) => [p.key, p.initial])) as Record<PolicyKey, boolean>,
  );
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const idempotencyKey = useRef(crypto.randomUUID());
  const inFlight = useRef(false);
  const count = words(task);
  const rule =
    count < MIN_WORDS
      ? `${count} of at least ${MIN_WORDS} words`
      : task.length > MAX_CHARS
        ? `${task.length} of at most ${MAX_CHARS} characters`
        : null;

  async function submit(event: Event) {
    event.preventDefault();
    if (inFlight.current) return;
    if (rule) {
      setError(`The task needs ${rule.replace(/^\d+ of /, '')}.`);
      document.getElementById('task')?.focus();
      return;
    }
    inFlight.current = true;
    setSending(true);
    setError(undefined);
    try {
      const { createSkillJob: result } = await request(CreateSkillJobMutation, {
        input: { taskDescription: task.trim(), idempotencyKey: idempotencyKey.current, hitl: policy },
      });
      if (result.__typename === 'CreateSkillJobSuccess') return navigate(`/jobs/${result.job.jobId}`);
      setError(result.message);
      document.getElementById('task')?.focus();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }

  return (
    <main id="main">
      <h1>New job</h1>
      <form onSubmit={submit} noValidate class="new-job">
        <label for="task">What should the skill teach?</label>
        <textarea
          id="task"
          rows={4}
          value={task}
          aria-describedby="task-rule task-error"
          aria-invalid={error ? 'true' : undefined}
          onInput={(e) => {
            setTask(e.currentTarget.value);
            // A changed task is a new request: a new key, so it is not taken for the one already sent.
            idempotencyKey.current = crypto.randomUUID();
          }}
        />
        <p id="task-rule" class={rule ? 'rule' : 'rule ok'} aria-live="polite">
          {count} {count === 1 ? 'word' : 'words'} · {task.length} / {MAX_CHARS} characters
          {rule ? ` — needs at least ${MIN_WORDS} words` : ' — ok'}
        </p>
        {error && (
          <p id="task-error" role="alert" class="field-error">
            {error}
          </p>
        )}
        <fieldset>
          <legend>Pause for me to</legend>
          {POLICY.map((p) => (
            <label key={p.key} class="choice">
              <input
                type="checkbox"
                checked={policy[p.key]}
                onChange={(e) => setPolicy({ ...policy, [p.key]: e.currentTarget.checked })}
              />
              <span>{p.label}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary" disabled={sending}>
          {sending ? 'Creating…' : 'Create job'}
        </button>
      </form>
    </main>
  );
}
