// The workflow's state machine, pinned as tables: every status pair, every phase, the progress rule and the policy
// defaults. Pure, no database.
import { describe, expect, test } from 'vitest';
import {
  COMPLETED_PROGRESS,
  DEFAULT_POLICY_FLAGS,
  HITL_ACTIONS,
  HITL_TYPES,
  IllegalTransitionError,
  JOB_STATUSES,
  MAX_CLARIFY_ROUNDS,
  MAX_TIMEOUT_SECONDS,
  MAX_VALIDATION_ATTEMPTS,
  MIN_TIMEOUT_SECONDS,
  PHASE_PROMPTS,
  PHASE_START_PROGRESS,
  PHASES,
  QUESTION_TYPES,
  READINESS_THRESHOLD,
  REVIEW_PROGRESS,
  TERMINAL_STATUSES,
  WAITING_STATUSES,
  assertTransition,
  canCancel,
  canRetry,
  canGoBack,
  canTransition,
  isQuestionType,
  isTerminal,
  nextPhase,
  nextProgress,
  resolvePolicy,
  type JobStatus,
} from '../../../resolvers/workflow/machine';

/** The allowed moves, written out independently of the module's table. */
const ALLOWED: Record<JobStatus, JobStatus[]> = {
  PENDING: ['RUNNING', 'CANCELLED', 'FAILED'],
  RUNNING: ['PENDING_HITL', 'PENDING_REVIEW', 'COMPLETED', 'FAILED', 'CANCELLED'],
  PENDING_HITL: ['RUNNING', 'FAILED', 'CANCELLED'],
  PENDING_REVIEW: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  FAILED: ['PENDING'],
  CANCELLED: ['PENDING'],
};

const ALL_PAIRS = JOB_STATUSES.flatMap((from) =>
  JOB_STATUSES.map((to) => ({ from, to, allowed: ALLOWED[from].includes(to) })),
);
const allowedPairs = ALL_PAIRS.filter((p) => p.allowed);
const refusedPairs = ALL_PAIRS.filter((p) => !p.allowed);

describe('vocabularies', () => {
  test('statuses, phases, prompt types and actions in their order', () => {
    expect(JOB_STATUSES).toEqual([
      'PENDING',
      'RUNNING',
      'PENDING_HITL',
      'PENDING_REVIEW',
      'COMPLETED',
      'FAILED',
      'CANCELLED',
    ]);
    expect(PHASES).toEqual([
      'TASK_REFINEMENT',
      'DEEP_UNDERSTANDING',
      'TDD_RED',
      'TDD_GREEN',
      'TDD_REFACTOR',
      'VALIDATION',
      'PROMOTION',
    ]);
    expect(HITL_TYPES).toEqual([
      'CLARIFY',
      'CONFIRM',
      'PREVIEW',
      'VALIDATE',
      'DEEP_UNDERSTANDING',
      'TDD_RED',
      'TDD_GREEN',
      'TDD_REFACTOR',
    ]);
    expect(HITL_ACTIONS).toEqual(['PROCEED', 'REVISE', 'CANCEL']);
  });

  test('terminal and waiting statuses', () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual(['CANCELLED', 'COMPLETED', 'FAILED']);
    expect([...WAITING_STATUSES].sort()).toEqual(['PENDING_HITL', 'PENDING_REVIEW']);
  });
});

describe('transitions', () => {
  test('the table covers all 49 status pairs, 15 of them allowed', () => {
    expect(ALL_PAIRS).toHaveLength(49);
    expect(allowedPairs).toHaveLength(15);
  });

  test.each(allowedPairs)('$from -> $to is allowed', ({ from, to }) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  test.each(refusedPairs)('$from -> $to is refused', ({ from, to }) => {
    expect(canTransition(from, to)).toBe(false);
    let thrown: unknown;
    try {
      assertTransition(from, to);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IllegalTransitionError);
    expect(thrown).toMatchObject({
      name: 'IllegalTransitionError',
      from,
      to,
      message: `a job cannot go from ${from} to ${to}`,
    });
  });

  test('IllegalTransitionError is an Error carrying both statuses', () => {
    const error = new IllegalTransitionError('COMPLETED', 'RUNNING');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('IllegalTransitionError');
    expect(error.from).toBe('COMPLETED');
    expect(error.to).toBe('RUNNING');
    expect(error.message).toBe('a job cannot go from COMPLETED to RUNNING');
  });
});

describe('status predicates', () => {
  const rows = JOB_STATUSES.map((status) => ({
    status,
    terminal: ['COMPLETED', 'FAILED', 'CANCELLED'].includes(status),
    cancellable: ['PENDING', 'RUNNING', 'PENDING_HITL', 'PENDING_REVIEW'].includes(status),
    retryable: ['FAILED', 'CANCELLED'].includes(status),
  }));

  test.each(rows)('$status: terminal $terminal, cancellable $cancellable, retryable $retryable', (row) => {
    expect(isTerminal(row.status)).toBe(row.terminal);
    expect(canCancel(row.status)).toBe(row.cancellable);
    expect(canRetry(row.status)).toBe(row.retryable);
  });

  test.each(JOB_STATUSES)('a retryable %s may go back to PENDING, and only a retryable one', (status) => {
    expect(canTransition(status, 'PENDING')).toBe(canRetry(status));
  });
});

describe('phases', () => {
  test.each([
    ['TASK_REFINEMENT', 'DEEP_UNDERSTANDING'],
    ['DEEP_UNDERSTANDING', 'TDD_RED'],
    ['TDD_RED', 'TDD_GREEN'],
    ['TDD_GREEN', 'TDD_REFACTOR'],
    ['TDD_REFACTOR', 'VALIDATION'],
    ['VALIDATION', 'PROMOTION'],
    ['PROMOTION', null],
  ] as const)('after %s comes %s', (phase, next) => {
    expect(nextPhase(phase)).toBe(next);
  });

  test('the only way back is from VALIDATION to TDD_REFACTOR', () => {
    const back = PHASES.flatMap((from) => PHASES.filter((to) => canGoBack(from, to)).map((to) => [from, to]));
    expect(back).toEqual([['VALIDATION', 'TDD_REFACTOR']]);
  });

  test.each([
    ['TASK_REFINEMENT', 5],
    ['DEEP_UNDERSTANDING', 15],
    ['TDD_RED', 35],
    ['TDD_GREEN', 50],
    ['TDD_REFACTOR', 65],
    ['VALIDATION', 80],
    ['PROMOTION', 92],
  ] as const)('%s starts at %i %%', (phase, progress) => {
    expect(PHASE_START_PROGRESS[phase]).toBe(progress);
  });

  test('start progress grows phase by phase and stays below review and completion', () => {
    const starts = PHASES.map((p) => PHASE_START_PROGRESS[p]);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(new Set(starts).size).toBe(starts.length);
    expect(Math.max(...starts)).toBeLessThan(REVIEW_PROGRESS);
    expect(REVIEW_PROGRESS).toBe(95);
    expect(COMPLETED_PROGRESS).toBe(100);
  });

  test.each([
    ['TASK_REFINEMENT', []],
    ['DEEP_UNDERSTANDING', ['CLARIFY', 'DEEP_UNDERSTANDING', 'CONFIRM']],
    ['TDD_RED', ['TDD_RED']],
    ['TDD_GREEN', ['PREVIEW', 'TDD_GREEN']],
    ['TDD_REFACTOR', ['TDD_REFACTOR']],
    ['VALIDATION', ['VALIDATE']],
    ['PROMOTION', []],
  ] as const)('%s raises the prompts %j', (phase, prompts) => {
    expect(PHASE_PROMPTS[phase]).toEqual(prompts);
  });

  test('every prompt type belongs to exactly one phase', () => {
    const raised = PHASES.flatMap((p) => PHASE_PROMPTS[p]);
    expect([...raised].sort()).toEqual([...HITL_TYPES].sort());
  });
});

describe('nextProgress', () => {
  test.each([
    { current: 0, proposed: 5, status: 'RUNNING', expected: 5 },
    { current: 50, proposed: 35, status: 'RUNNING', expected: 50 },
    { current: 35, proposed: 35, status: 'RUNNING', expected: 35 },
    { current: 92, proposed: 100, status: 'RUNNING', expected: 99 },
    { current: 80, proposed: 99, status: 'RUNNING', expected: 99 },
    { current: 80, proposed: 98, status: 'RUNNING', expected: 98 },
    { current: 100, proposed: 5, status: 'RUNNING', expected: 99 },
    { current: 92, proposed: 95, status: 'PENDING_REVIEW', expected: 95 },
    { current: 15, proposed: 15, status: 'PENDING_HITL', expected: 15 },
    { current: 65, proposed: 0, status: 'FAILED', expected: 65 },
    { current: 65, proposed: 0, status: 'CANCELLED', expected: 65 },
    { current: 92, proposed: 92, status: 'COMPLETED', expected: 100 },
    { current: 0, proposed: 0, status: 'COMPLETED', expected: 100 },
  ] as const)('from $current proposing $proposed while $status gives $expected', (row) => {
    expect(nextProgress(row.current, row.proposed, row.status)).toBe(row.expected);
  });
});

describe('HITL policy', () => {
  test('defaults: clarify, confirm and preview on; validate and tdd off', () => {
    expect(DEFAULT_POLICY_FLAGS).toEqual({ clarify: true, confirm: true, preview: true, validate: false, tdd: false });
  });

  test.each([null, undefined, {}])('%j takes every default and the given timeout', (input) => {
    expect(resolvePolicy(input, 600)).toEqual({
      clarify: true,
      confirm: true,
      preview: true,
      validate: false,
      tdd: false,
      timeoutSeconds: 600,
    });
  });

  test('every flag and the timeout can be overridden, false as much as true', () => {
    const inverted = { clarify: false, confirm: false, preview: false, validate: true, tdd: true, timeoutSeconds: 7 };
    expect(resolvePolicy(inverted, 600)).toEqual(inverted);
  });

  test.each(['clarify', 'confirm', 'preview', 'validate', 'tdd'] as const)('%s alone is overridden', (flag) => {
    const flipped = !DEFAULT_POLICY_FLAGS[flag];
    expect(resolvePolicy({ [flag]: flipped }, 60)).toEqual({
      ...DEFAULT_POLICY_FLAGS,
      [flag]: flipped,
      timeoutSeconds: 60,
    });
  });

  test('timeout bounds: one second to thirty days', () => {
    expect(MIN_TIMEOUT_SECONDS).toBe(1);
    expect(MAX_TIMEOUT_SECONDS).toBe(2_592_000);
  });
});

describe('prompt kinds and round limits', () => {
  test.each(HITL_TYPES.map((type) => ({ type, question: type === 'CLARIFY' || type === 'DEEP_UNDERSTANDING' })))(
    '$type is a question prompt: $question',
    ({ type, question }) => {
      expect(isQuestionType(type)).toBe(question);
      expect(QUESTION_TYPES.has(type)).toBe(question);
    },
  );

  test('clarifying and validation limits', () => {
    expect(READINESS_THRESHOLD).toBe(0.8);
    expect(MAX_CLARIFY_ROUNDS).toBe(3);
    expect(MAX_VALIDATION_ATTEMPTS).toBe(3);
  });
});
