// The input rules of createSkillJob (task, HITL policy, idempotency key, reason), pinned as tables at and
// around every bound. Pure, no database.
import { describe, expect, test } from 'vitest';
import {
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_REASON_LENGTH,
  MAX_TASK_LENGTH,
  MIN_TASK_WORDS,
  validateIdempotencyKey,
  validatePolicyInput,
  validateReason,
  validateTaskDescription,
} from '../../../resolvers/jobs/validation';
import { CONTROL_CHARACTERS, NOT_UNICODE, UNPAIRED_SURROGATES, refusal } from '../refusal';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
/** A valid three-word task of exactly `length` characters. */
// Three words, one of them naming a subject ("plans"), padded with a long last word.
const taskOfLength = (length: number) => `review terraform plans ${'c'.repeat(length - 23)}`;
const ALLOWED_WHITESPACE = ['\t', '\n', '\r'];

test('limits', () => {
  expect(MAX_TASK_LENGTH).toBe(4000);
  expect(MIN_TASK_WORDS).toBe(3);
  expect(MAX_IDEMPOTENCY_KEY_LENGTH).toBe(255);
  expect(MAX_REASON_LENGTH).toBe(1000);
});

describe('validateTaskDescription', () => {
  test.each([
    { input: 'write postgres migrations', expected: 'write postgres migrations' },
    { input: '  write postgres migrations \n', expected: 'write postgres migrations' },
    { input: 'one\ttwo\nthree', expected: 'one\ttwo\nthree' },
    { input: 'one\r\ntwo three', expected: 'one\r\ntwo three' },
    { input: 'one  two   three', expected: 'one  two   three' },
    { input: 'un\u00A0deux trois', expected: 'un\u00A0deux trois' },
    { input: words(4), expected: words(4) },
  ])('accepts $input', ({ input, expected }) => {
    expect(validateTaskDescription(input)).toBe(expected);
  });

  test.each([
    { input: '', message: 'must not be empty' },
    { input: '   \n\t ', message: 'must not be empty' },
    { input: 'one', message: 'must be at least 3 words' },
    { input: 'one two', message: 'must be at least 3 words' },
    { input: '  one   two  ', message: 'must be at least 3 words' },
    { input: 'one\u3000two', message: 'must be at least 3 words' },
  ])('refuses $input: $message', ({ input, message }) => {
    const error = refusal(() => validateTaskDescription(input));
    expect(error.message).toBe(message);
    expect(error.field).toBe('taskDescription');
  });

  test('exactly three words is enough', () => {
    expect(validateTaskDescription(words(3))).toBe(words(3));
    expect(validateTaskDescription('one\u2003two\u2003three')).toBe('one\u2003two\u2003three');
  });

  test('a task of exactly 4000 characters is accepted, 4001 refused', () => {
    expect(validateTaskDescription(taskOfLength(4000))).toBe(taskOfLength(4000));
    const error = refusal(() => validateTaskDescription(taskOfLength(4001)));
    expect(error.message).toBe('must be at most 4000 characters');
    expect(error.field).toBe('taskDescription');
  });

  test('surrounding whitespace counts only against the raw bound of twice the limit', () => {
    const task = taskOfLength(4000);
    expect(validateTaskDescription(' '.repeat(4000) + task)).toBe(task);
    const error = refusal(() => validateTaskDescription(' '.repeat(4001) + task));
    expect(error.message).toBe('must be at most 4000 characters');
    expect(error.field).toBe('taskDescription');
  });

  test.each(['asdf qwer zxcv', 'do the thing', 'zzz xxx ccc', 'please make it work'])(
    'refuses %j: no word names a subject',
    (task) => {
      const error = refusal(() => validateTaskDescription(task));
      expect(error.message).toMatch(/^must say what the skill teaches: no word in it names a subject/);
      expect(error.field).toBe('taskDescription');
    },
  );

  test.each(['a skill for triaging flaky CI tests', 'Bake sourdough bread at home', 'Harden SSH access on servers'])(
    'accepts %j: it names a subject',
    (task) => {
      expect(validateTaskDescription(task)).toBe(task);
    },
  );

  test('an over-long input is refused before it is scanned for words', () => {
    const error = refusal(() => validateTaskDescription('x'.repeat(8001)));
    expect(error.message).toBe('must be at most 4000 characters');
  });

  test.each(CONTROL_CHARACTERS)('refuses control character %j inside the task', (c) => {
    const error = refusal(() => validateTaskDescription(`one two${c} three`));
    expect(error.message).toBe('must not contain control characters');
    expect(error.field).toBe('taskDescription');
  });

  test.each(['\u0009', '\u000A', '\u000D', '\u0080', '\u00A0'])('does not count %j as a control character', (c) => {
    expect(validateTaskDescription(`one two${c}three four`)).toBe(`one two${c}three four`);
  });
});

describe('validatePolicyInput', () => {
  test.each([
    null,
    undefined,
    {},
    { timeoutSeconds: undefined },
    { timeoutSeconds: null as unknown as number },
    { clarify: false },
    { timeoutSeconds: 1 },
    { timeoutSeconds: 60 },
    { timeoutSeconds: 2_592_000 },
  ])('accepts %j', (input) => {
    expect(validatePolicyInput(input)).toBeUndefined();
  });

  test.each([0, -1, 2_592_001, 1.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a timeout of %d', (t) => {
    const error = refusal(() => validatePolicyInput({ timeoutSeconds: t }));
    expect(error.message).toBe('must be an integer between 1 and 2592000 seconds');
    expect(error.field).toBe('hitl.timeoutSeconds');
  });
});

describe('validateIdempotencyKey', () => {
  test.each([
    { key: null, expected: null },
    { key: undefined, expected: null },
    { key: 'k', expected: 'k' },
    { key: ' spaced key ', expected: ' spaced key ' },
    { key: 'x'.repeat(255), expected: 'x'.repeat(255) },
    { key: 'clé-ünïcode-✓', expected: 'clé-ünïcode-✓' },
  ])('accepts $key', ({ key, expected }) => {
    expect(validateIdempotencyKey(key)).toBe(expected);
  });

  test.each(['', 'x'.repeat(256), 'x'.repeat(1000)])('refuses a key of %#: wrong length', (key) => {
    const error = refusal(() => validateIdempotencyKey(key));
    expect(error.message).toBe('must be 1..255 characters');
    expect(error.field).toBe('idempotencyKey');
  });

  test.each([...CONTROL_CHARACTERS, ...ALLOWED_WHITESPACE])('refuses %j, even tab and newlines', (c) => {
    const error = refusal(() => validateIdempotencyKey(`key${c}1`));
    expect(error.message).toBe('must not contain control characters');
    expect(error.field).toBe('idempotencyKey');
  });
});

describe('validateReason', () => {
  test.each([
    { reason: null, expected: null },
    { reason: undefined, expected: null },
    { reason: '', expected: null },
    { reason: '   \n ', expected: null },
    { reason: ' not needed any more ', expected: 'not needed any more' },
    { reason: 'line one\nline\ttwo\r\n', expected: 'line one\nline\ttwo' },
    { reason: 'r'.repeat(1000), expected: 'r'.repeat(1000) },
  ])('accepts $reason as $expected', ({ reason, expected }) => {
    expect(validateReason(reason)).toBe(expected);
  });

  test('refuses a reason over 1000 characters', () => {
    const error = refusal(() => validateReason('r'.repeat(1001)));
    expect(error.message).toBe('must be at most 1000 characters');
    expect(error.field).toBe('reason');
  });

  test.each(CONTROL_CHARACTERS)('refuses control character %j', (c) => {
    const error = refusal(() => validateReason(`because${c}`));
    expect(error.message).toBe('must not contain control characters');
    expect(error.field).toBe('reason');
  });
});

// Unpaired UTF-16 surrogates are not Unicode text: PostgreSQL refuses them in the JSON the jobs are written with
// (chaos/abuse-input found `"\udfff\ud800x"` as a key answered INTERNAL_SERVER_ERROR). A paired one (an emoji) is text.
describe('unpaired surrogates', () => {
  test.each(UNPAIRED_SURROGATES)('refuses %j in a task, a key and a reason', (s) => {
    for (const [field, validate] of [
      ['taskDescription', () => validateTaskDescription(`review terraform plans ${s}`)],
      ['idempotencyKey', () => validateIdempotencyKey(`key${s}`)],
      ['reason', () => validateReason(`because ${s}`)],
    ] as const) {
      const error = refusal(validate);
      expect(error.message).toBe(NOT_UNICODE);
      expect(error.field).toBe(field);
    }
  });

  test('accepts a paired surrogate (an emoji) in each', () => {
    expect(validateTaskDescription('review terraform plans 🚀')).toBe('review terraform plans 🚀');
    expect(validateIdempotencyKey('key-🚀')).toBe('key-🚀');
    expect(validateReason('because 🚀')).toBe('because 🚀');
  });
});
