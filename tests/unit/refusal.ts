// What the rule modules' unit tests share: catching the ValidationError a rule throws, and the control characters
// every text rule refuses (tab, newline and carriage return aside).
import { expect } from 'vitest';
import { ValidationError } from '../../resolvers/errors';

/** The ValidationError `run` throws (fails the test when it returns instead). */
export function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

export const CONTROL_CHARACTERS = ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u000E', '\u001F', '\u007F'];
