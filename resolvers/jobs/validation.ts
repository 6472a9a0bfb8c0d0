// Input rules for creating a job, in one place (the GraphQL layer and scripts call createSkillJob, which calls these).
import { namedSubject } from '../author/offline/subject';
import { ValidationError } from '../errors';
import { checkPlainText } from '../text-input';
import { MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS, type HitlPolicy } from '../workflow/machine';

export const MAX_TASK_LENGTH = 4000;
export const MIN_TASK_WORDS = 3;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
export const MAX_REASON_LENGTH = 1000;

export function validateTaskDescription(input: string): string {
  const field = 'taskDescription';
  if (input.length > MAX_TASK_LENGTH * 2)
    throw new ValidationError(`must be at most ${MAX_TASK_LENGTH} characters`, field);
  const task = input.trim();
  if (task.length === 0) throw new ValidationError('must not be empty', field);
  if (task.length > MAX_TASK_LENGTH) throw new ValidationError(`must be at most ${MAX_TASK_LENGTH} characters`, field);
  // The jobs are written as one JSON parameter (resolvers/group-commit.ts): an unpaired surrogate would fail the batch.
  checkPlainText(task, field);
  // The original design's rule: a task of fewer than three words cannot say what the skill is for.
  if (task.split(/\s+/u).filter(Boolean).length < MIN_TASK_WORDS)
    throw new ValidationError(`must be at least ${MIN_TASK_WORDS} words`, field);
  // A skill must be about something: at least one word that names a subject (not "asdf qwer zxcv", "do the thing").
  if (namedSubject(task).length === 0)
    throw new ValidationError(
      'must say what the skill teaches: no word in it names a subject (e.g. "review Terraform plans for destructive changes")',
      field,
    );
  return task;
}

export function validatePolicyInput(input: Partial<HitlPolicy> | null | undefined): void {
  const timeout = input?.timeoutSeconds;
  if (timeout === undefined || timeout === null) return;
  if (!Number.isInteger(timeout) || timeout < MIN_TIMEOUT_SECONDS || timeout > MAX_TIMEOUT_SECONDS) {
    throw new ValidationError(
      `must be an integer between ${MIN_TIMEOUT_SECONDS} and ${MAX_TIMEOUT_SECONDS} seconds`,
      'hitl.timeoutSeconds',
    );
  }
}

export function validateIdempotencyKey(key: string | null | undefined): string | null {
  if (key === undefined || key === null) return null;
  const field = 'idempotencyKey';
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw new ValidationError(`must be 1..${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, field);
  return checkPlainText(key, field, { tabsAndLineBreaks: false });
}

export function validateReason(reason: string | null | undefined): string | null {
  if (reason === undefined || reason === null) return null;
  if (reason.length > MAX_REASON_LENGTH)
    throw new ValidationError(`must be at most ${MAX_REASON_LENGTH} characters`, 'reason');
  return checkPlainText(reason, 'reason').trim() || null;
}
