// What the rule modules' unit tests share: catching the ValidationError a rule throws, and the control characters
// (tab, newline and carriage return aside) and unpaired surrogates every text rule refuses (resolvers/text-input.ts).
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

/** Lone halves of a UTF-16 surrogate pair, alone, reversed, or cut off after a letter. */
export const UNPAIRED_SURROGATES = ['\ud800', '\udfff', '\udfff\ud800x', 'a\ud83d'];
export const NOT_UNICODE = 'must be Unicode text (it contains an unpaired surrogate)';
