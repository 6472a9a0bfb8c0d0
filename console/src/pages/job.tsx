// Job: the phase stepper and progress, the live timeline, the pending prompt as a form, the prompts answered, the
// validation report, the SKILL.md, and Cancel / Retry / Promote when the status allows them. The job's state comes
// from jobUpdated (the job now, then after each change), the timeline from jobEvents.
import { useState } from 'preact/hooks';
import { CancelJobMutation, JobUpdatedSubscription, PromoteSkillMutation, RetryJobMutation } from '../api/operations';
import { useSession } from '../api/session';
import { PromptHistory } from '../components/prompt-history';
import { PhaseStepper, ProgressBar, StatusBadge } from '../components/progress';
import { SkillDocument } from '../components/skill-document';
import { TddEvidence } from '../components/tdd-evidence';
import { TimelineView } from '../components/timeline';
import { ValidationReport } from '../components/validation-report';
import type { ConsoleJobFragment } from '../graphql/graphql';
import { humanize } from '../lib/format';
import { Link } from '../lib/router';
import { useJobEvents } from '../live/use-job-events';
import { useSubscription } from '../live/use-subscription';
import { PendingPrompt } from '../prompts/pending-prompt';
import { NotFound } from './not-found';

const CANCELLABLE = new Set(['PENDING', 'RUNNING', 'PENDING_HITL', 'PENDING_REVIEW']);
const RETRYABLE = new Set(['FAILED', 'CANCELLED']);

export function JobPage(props: { id: string }) {
  // Both streams end when the job does (COMPLETED, FAILED, CANCELLED); a retry starts them again.
  const [generation, setGeneration] = useState(0);
  const { data, error } = useSubscription(JobUpdatedSubscription, { jobId: props.id }, `${props.id}:${generation}`);
  const job = data?.jobUpdated;
  if (error && !job) return <NotFound what="job" detail={error} />;
  if (!job)
    return (
      <main id="main" aria-busy="true">
        <p>Loading…</p>
      </main>
    );
  return <JobView job={job} generation={generation} onRetried={() => setGeneration((g) => g + 1)} />;
}

function JobView(props: { job: ConsoleJobFragment; generation: number; onRetried(): void }) {
  const { job } = props;
  const timeline = useJobEvents(job.id, props.generation);
  const title = job.skillName ?? 'New skill';
  return (
    <main id="main" data-status={job.status}>
      <div class="toolbar">
        <h1>{title}</h1>
        <StatusBadge status={job.status} />
      </div>
      <p class="task">{job.taskDescription}</p>
      {job.taskDescriptionRefined && <p class="muted">Refined: {job.taskDescriptionRefined}</p>}
      <PhaseStepper current={job.currentPhase} status={job.status} />
      <ProgressBar percent={job.progressPercent} label="Job progress" />
      <p role="status" class="progress-message" data-testid="progress-message">
        {job.progressMessage}
      </p>
      {job.error && (
        <p class="error" role="alert">
          {job.error}
        </p>
      )}
      <div class="columns">
        <div>
          {job.pendingInteraction && (
            <PendingPrompt interaction={job.pendingInteraction} history={job.hitlInteractions} />
          )}
          <JobActions job={job} onRetried={props.onRetried} />
          {job.status === 'COMPLETED' && job.skill && (
            <p>
              Published as <Link href={`/skills/${job.skill.name}`}>{job.skill.name}</Link> version {job.skill.version}{' '}
              at <code>{job.finalPath}</code>
            </p>
          )}
          {job.draftContent && (
            <>
              <SkillDocument content={job.draftContent} fileName={`${job.skillName ?? 'skill'}-SKILL.md`} />
              <ValidationReport content={job.draftContent} />
            </>
          )}
          {job.tddWorkflow && job.tddWorkflow.rationalizationsIdentified.length > 0 && (
            <section aria-labelledby="rationalizations-heading">
              <h2 id="rationalizations-heading">Rationalizations found ({humanize(job.tddWorkflow.phase ?? 'RED')})</h2>
              <ul>
                {job.tddWorkflow.rationalizationsIdentified.map((r, n) => (
                  <li key={n}>{r}</li>
                ))}
              </ul>
            </section>
          )}
          {job.tddWorkflow && (
            <TddEvidence
              runs={job.tddWorkflow.scenarioRuns}
              baselineViolationRate={job.tddWorkflow.baselineViolationRate}
              complianceRate={job.tddWorkflow.complianceRate}
              agentUnderTest={job.tddWorkflow.agentUnderTest}
              notRunReason={job.tddWorkflow.notRunReason}
              iterations={job.tddWorkflow.iterations}
              usage={job.llmUsage}
            />
          )}
        </div>
        <aside aria-label="Timeline and prompts">
          <TimelineView timeline={timeline} />
          <PromptHistory interactions={job.hitlInteractions} />
        </aside>
      </div>
    </main>
  );
}

function JobActions(props: { job: ConsoleJobFragment; onRetried(): void }) {
  const { request } = useSession();
  const { job } = props;
  const [reason, setReason] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const run = async (action: () => Promise<{ __typename?: string; message?: string }>) => {
    if (busy) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await action();
      if (result.message) setMessage(result.message);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const canCancel = CANCELLABLE.has(job.status);
  const canRetry = RETRYABLE.has(job.status);
  const canPromote = job.status === 'PENDING_REVIEW';
  return (
    <section class="job-actions" aria-label="Job actions">
      <label for="cancel-reason">Reason to cancel</label>
      <input
        id="cancel-reason"
        type="text"
        value={reason}
        disabled={!canCancel}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <button
        type="button"
        class="danger"
        disabled={!canCancel || busy}
        onClick={() =>
          run(async () => {
            const { cancelJob } = await request(CancelJobMutation, {
              input: { jobId: job.id, ...(reason.trim() ? { reason: reason.trim() } : {}) },
            });
            // The reason went with the job (its progress message shows it); the field is for the next cancellation.
            if (cancelJob.__typename === 'CancelJobSuccess') setReason('');
            return cancelJob;
          })
        }
      >
        Cancel job
      </button>
      <button
        type="button"
        disabled={!canRetry || busy}
        onClick={() =>
          run(async () => {
            const { retryJob } = await request(RetryJobMutation, { input: { jobId: job.id } });
            if (retryJob.__typename === 'RetryJobSuccess') props.onRetried();
            return retryJob;
          })
        }
      >
        Retry
      </button>
      {canPromote && (
        <>
          <label class="choice">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.currentTarget.checked)} />
            <span>Overwrite an existing skill of the same name</span>
          </label>
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() =>
              run(
                async () => (await request(PromoteSkillMutation, { input: { jobId: job.id, overwrite } })).promoteSkill,
              )
            }
          >
            Promote
          </button>
        </>
      )}
      {message && (
        <p role="alert" class="error">
          {message}
        </p>
      )}
    </section>
  );
}
