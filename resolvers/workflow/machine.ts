// The workflow's rules as data: job statuses and which may follow which, the phases in order, how far along each
// phase puts the job, and which prompts a HITL policy turns on. Pure: imports nothing, so every caller (use cases,
// tasks, tests, the invariant checker) reads the same table.

export const JOB_STATUSES = [
  'PENDING',
  'RUNNING',
  'PENDING_HITL',
  'PENDING_REVIEW',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const PHASES = [
  'TASK_REFINEMENT',
  'DEEP_UNDERSTANDING',
  'TDD_RED',
  'TDD_GREEN',
  'TDD_REFACTOR',
  'VALIDATION',
  'PROMOTION',
] as const;
export type Phase = (typeof PHASES)[number];

export const HITL_TYPES = [
  'CLARIFY',
  'CONFIRM',
  'PREVIEW',
  'VALIDATE',
  'DEEP_UNDERSTANDING',
  'TDD_RED',
  'TDD_GREEN',
  'TDD_REFACTOR',
] as const;
export type HitlType = (typeof HITL_TYPES)[number];

export const HITL_ACTIONS = ['PROCEED', 'REVISE', 'CANCEL'] as const;
export type HitlAction = (typeof HITL_ACTIONS)[number];

/** Statuses after which nothing happens unless a person retries (FAILED, CANCELLED). */
export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** Statuses in which a job holds no worker and waits for a person. */
export const WAITING_STATUSES: ReadonlySet<JobStatus> = new Set(['PENDING_HITL', 'PENDING_REVIEW']);

/**
 * Allowed status changes. PENDING_REVIEW ends the automatic run (the draft failed validation, or could not be
 * promoted); a person promotes it (COMPLETED) or cancels it. FAILED and CANCELLED go back to PENDING on retry.
 */
const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  PENDING: ['RUNNING', 'CANCELLED', 'FAILED'],
  RUNNING: ['PENDING_HITL', 'PENDING_REVIEW', 'COMPLETED', 'FAILED', 'CANCELLED'],
  PENDING_HITL: ['RUNNING', 'FAILED', 'CANCELLED'],
  PENDING_REVIEW: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  FAILED: ['PENDING'],
  CANCELLED: ['PENDING'],
};

export class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
  constructor(
    readonly from: JobStatus,
    readonly to: JobStatus,
  ) {
    super(`a job cannot go from ${from} to ${to}`);
  }
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: JobStatus, to: JobStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export function canCancel(status: JobStatus): boolean {
  return canTransition(status, 'CANCELLED');
}

export function canRetry(status: JobStatus): boolean {
  return status === 'FAILED' || status === 'CANCELLED';
}

export function nextPhase(phase: Phase): Phase | null {
  const index = PHASES.indexOf(phase);
  return PHASES[index + 1] ?? null;
}

/**
 * The only way back: a draft failing VALIDATION returns to TDD_REFACTOR while rounds remain (the loop the TDD
 * workflow names). Every other transition between phases goes forward.
 */
const BACK_EDGES: Readonly<Partial<Record<Phase, readonly Phase[]>>> = { VALIDATION: ['TDD_REFACTOR'] };

export function canGoBack(from: Phase, to: Phase): boolean {
  return BACK_EDGES[from]?.includes(to) ?? false;
}

/** Progress when a phase starts. Progress only grows; 100 is reserved for COMPLETED. */
export const PHASE_START_PROGRESS: Readonly<Record<Phase, number>> = {
  TASK_REFINEMENT: 5,
  DEEP_UNDERSTANDING: 15,
  TDD_RED: 35,
  TDD_GREEN: 50,
  TDD_REFACTOR: 65,
  VALIDATION: 80,
  PROMOTION: 92,
};
export const REVIEW_PROGRESS = 95;
export const COMPLETED_PROGRESS = 100;

/** Never lower, and below 100 until the job completes. */
export function nextProgress(current: number, proposed: number, status: JobStatus): number {
  if (status === 'COMPLETED') return COMPLETED_PROGRESS;
  return Math.min(99, Math.max(current, proposed));
}

export interface HitlPolicy {
  clarify: boolean;
  confirm: boolean;
  preview: boolean;
  validate: boolean;
  tdd: boolean;
  timeoutSeconds: number;
}

export const DEFAULT_POLICY_FLAGS = {
  clarify: true,
  confirm: true,
  preview: true,
  validate: false,
  tdd: false,
} as const;

/** Bounds for a per-job prompt timeout: long enough to answer, short enough that a forgotten job ends. */
export const MIN_TIMEOUT_SECONDS = 1;
export const MAX_TIMEOUT_SECONDS = 30 * 86_400;

export function resolvePolicy(
  input: Partial<HitlPolicy> | null | undefined,
  defaultTimeoutSeconds: number,
): HitlPolicy {
  return {
    clarify: input?.clarify ?? DEFAULT_POLICY_FLAGS.clarify,
    confirm: input?.confirm ?? DEFAULT_POLICY_FLAGS.confirm,
    preview: input?.preview ?? DEFAULT_POLICY_FLAGS.preview,
    validate: input?.validate ?? DEFAULT_POLICY_FLAGS.validate,
    tdd: input?.tdd ?? DEFAULT_POLICY_FLAGS.tdd,
    timeoutSeconds: input?.timeoutSeconds ?? defaultTimeoutSeconds,
  };
}

/** Question prompts are answered; review prompts are approved, revised or cancelled. */
export const QUESTION_TYPES: ReadonlySet<HitlType> = new Set(['CLARIFY', 'DEEP_UNDERSTANDING']);

export function isQuestionType(type: HitlType): boolean {
  return QUESTION_TYPES.has(type);
}

/** The prompt types each phase may raise, so a phase can find its own latest prompt. */
export const PHASE_PROMPTS: Readonly<Record<Phase, readonly HitlType[]>> = {
  TASK_REFINEMENT: [],
  DEEP_UNDERSTANDING: ['CLARIFY', 'DEEP_UNDERSTANDING', 'CONFIRM'],
  TDD_RED: ['TDD_RED'],
  TDD_GREEN: ['PREVIEW', 'TDD_GREEN'],
  TDD_REFACTOR: ['TDD_REFACTOR'],
  VALIDATION: ['VALIDATE'],
  PROMOTION: [],
};

/** Clarifying rounds: ask again while readiness is below the bar, at most this many rounds. */
export const READINESS_THRESHOLD = 0.8;
export const MAX_CLARIFY_ROUNDS = 3;
/** VALIDATION: the first assessment plus up to two returns to TDD_REFACTOR for a refined draft. */
export const MAX_VALIDATION_ATTEMPTS = 3;

/** The phases that decide on stored scenario runs: their snapshot holds the job's runs (else it holds none, unread). */
export const SCENARIO_RUN_READERS: ReadonlySet<string> = new Set([
  'TDD_RED',
  'TDD_GREEN',
  'TDD_REFACTOR',
  'VALIDATION',
]);

export function readsScenarioRuns(phase: string | null): boolean {
  return SCENARIO_RUN_READERS.has(phase ?? '');
}

/** Whether the phase's snapshot holds the latest validation report: TDD_REFACTOR, once the job was validated. */
export function readsValidationReport(job: { currentPhase: string | null; validationAttempts: number }): boolean {
  return job.currentPhase === 'TDD_REFACTOR' && job.validationAttempts > 0;
}
