// The rule for text a user sends (a task, an answer, feedback, a reason, a search, an idempotency key): no control
// characters and Unicode text only. Every resolver that accepts such text checks it here, before anything is written
// or sent to PostgreSQL.
import { ValidationError } from './errors';

export const CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters';
export const NOT_UNICODE_MESSAGE = 'must be Unicode text (it contains an unpaired surrogate)';

/** C0 controls and DEL, except tab, newline and carriage return (which free text may hold). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const EVERY_CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTERS.source, 'g');
const TABS_AND_LINE_BREAKS = /[\t\n\r]/;
/**
 * A UTF-16 surrogate that is not half of a pair (with the u flag a pair is one code point, so only a lone half
 * matches). It is no character: JSON.stringify writes it as `\ud800`, which PostgreSQL refuses in json/jsonb, and a
 * text parameter carries it as U+FFFD, i.e. as some other text than the user sent.
 */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

export interface PlainTextOptions {
  /** Whether tab, newline and carriage return are allowed (default true: free text; false for keys and tokens). */
  tabsAndLineBreaks?: boolean;
}

/** Throws ValidationError on `field` when `value` holds a control character or an unpaired surrogate; else returns it. */
export function checkPlainText(value: string, field: string, options: PlainTextOptions = {}): string {
  if (CONTROL_CHARACTERS.test(value) || (options.tabsAndLineBreaks === false && TABS_AND_LINE_BREAKS.test(value)))
    throw new ValidationError(CONTROL_CHARACTERS_MESSAGE, field);
  if (UNPAIRED_SURROGATE.test(value)) throw new ValidationError(NOT_UNICODE_MESSAGE, field);
  return value;
}

/** `text` with the characters this rule refuses removed (tab, newline and carriage return kept): for text put into
 * markdown that did not come through checkPlainText, e.g. an author's. */
export function withoutControlCharacters(text: string): string {
  return text.replace(EVERY_CONTROL_CHARACTER, '');
}
