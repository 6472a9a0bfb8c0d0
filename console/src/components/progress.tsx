// The progress bar and the phase stepper over the seven phases.
import { humanize, PHASES } from '../lib/format';

export function ProgressBar(props: { percent: number; label: string }) {
  return (
    <div class="progress">
      <progress max={100} value={props.percent} aria-label={props.label} />
      <span class="progress-figure">{props.percent}%</span>
    </div>
  );
}

export function PhaseStepper(props: { current: string | null | undefined; status: string }) {
  const index = props.current ? PHASES.indexOf(props.current as (typeof PHASES)[number]) : -1;
  const finished = props.status === 'COMPLETED';
  return (
    <ol class="stepper" aria-label="Phases">
      {PHASES.map((phase, n) => {
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
