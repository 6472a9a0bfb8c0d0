// The progress bar and the phase stepper over the workflow's phases (in the API's order: workflowPhases).
import { useSession } from '../api/session';
import type { WorkflowPhase } from '../graphql/graphql';
import { humanize } from '../lib/format';

export function ProgressBar(props: { percent: number; label: string }) {
  return (
    <div class="progress">
      <progress max={100} value={props.percent} aria-label={props.label} />
      <span class="progress-figure">{props.percent}%</span>
    </div>
  );
}

export function PhaseStepper(props: { current: WorkflowPhase | null | undefined; status: string }) {
  const phases = useSession().workflow.phases;
  const index = props.current ? phases.indexOf(props.current) : -1;
  const finished = props.status === 'COMPLETED';
  return (
    <ol class="stepper" aria-label="Phases">
      {phases.map((phase, n) => {
        const state = finished || n < index ? 'done' : n === index ? 'current' : 'todo';
        return (
          <li key={phase} class={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span class="step-mark" aria-hidden="true">
              {state === 'done' ? '✓' : n + 1}
            </span>
            <span class="step-name">{humanize(phase)}</span>
            <span class="visually-hidden">
              {state === 'done' ? ' (done)' : state === 'current' ? ' (current)' : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export function StatusBadge(props: { status: string }) {
  return <span class={`badge badge-${props.status.toLowerCase()}`}>{humanize(props.status)}</span>;
}
