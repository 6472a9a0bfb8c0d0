// Pure rendering of a job's progress: the phase stepper, the progress bar and the one-line form of an event.
import type { JobStatus, WorkflowPhase } from '../../clients/graphql/graphql';

export const PHASES: readonly WorkflowPhase[] = [
  'TASK_REFINEMENT',
  'DEEP_UNDERSTANDING',
  'TDD_RED',
  'TDD_GREEN',
  'TDD_REFACTOR',
  'VALIDATION',
  'PROMOTION',
];

const LABELS: Record<WorkflowPhase, string> = {
  TASK_REFINEMENT: 'refine',
  DEEP_UNDERSTANDING: 'understand',
  TDD_RED: 'red',
  TDD_GREEN: 'green',
  TDD_REFACTOR: 'refactor',
  VALIDATION: 'validate',
  PROMOTION: 'promote',
};

export interface Paint {
  green(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** "✔ refine › ● understand › ○ red › …": done phases ticked, the current one marked (all ticked when COMPLETED). */
export function renderStepper(phase: WorkflowPhase | null | undefined, status: JobStatus, paint: Paint): string {
  const current = phase ? PHASES.indexOf(phase) : -1;
  return PHASES.map((p, i) => {
    const label = LABELS[p];
    if (status === 'COMPLETED' || i < current) return paint.green(`✔ ${label}`);
    if (i === current) return paint.bold(paint.cyan(`● ${label}`));
    return paint.dim(`○ ${label}`);
  }).join(paint.dim(' › '));
}

/** The stepper for a narrow terminal: "phase 3/7: red". */
export function compactStepper(phase: WorkflowPhase | null | undefined, status: JobStatus): string {
  if (status === 'COMPLETED') return `phase ${PHASES.length}/${PHASES.length}: done`;
  const index = phase ? PHASES.indexOf(phase) : -1;
  return index < 0 ? `phase -/${PHASES.length}` : `phase ${index + 1}/${PHASES.length}: ${LABELS[phase!]}`;
}

/** "[██████░░░░░░░░░░░░░░]  30%" */
export function renderBar(percent: number, width = 30): string {
  const clamped = Math.max(0, Math.min(100, Math.round(percent)));
  const filled = Math.round((clamped / 100) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(clamped).padStart(3)}%`;
}

export interface EventLike {
  sequence: number;
  type: string;
  status: string;
  phase?: string | null;
  progressPercent: number;
  message?: string | null;
}

/** The plain line of an event for pipes and logs: "#12   45% RUNNING TDD_GREEN PHASE_COMPLETED TDD_GREEN completed". */
export function eventLine(event: EventLike): string {
  const parts = [
    `#${event.sequence}`.padEnd(4), // aligned up to #999
    `${String(event.progressPercent).padStart(3)}%`,
    event.status,
    event.phase ?? '-',
    event.type,
  ];
  return event.message ? `${parts.join(' ')} ${event.message}` : parts.join(' ');
}
