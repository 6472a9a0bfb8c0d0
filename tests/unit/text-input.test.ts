// The text rule every user-facing input shares (resolvers/text-input.ts): control characters and unpaired
// surrogates are refused on the given field; tab, newline and carriage return only in free text; paired surrogates
// (an emoji) and other Unicode are text. Pure, no database.
import { describe, expect, test } from 'vitest';
import {
  CONTROL_CHARACTERS_MESSAGE,
  NOT_UNICODE_MESSAGE,
  checkPlainText,
  withoutControlCharacters,
} from '../../resolvers/text-input';
import { CONTROL_CHARACTERS, NOT_UNICODE, UNPAIRED_SURROGATES, refusal } from './refusal';

const TABS_AND_LINE_BREAKS = ['\t', '\n', '\r', '\r\n'];
const TEXT = [
  '',
  'plain words',
  'emoji 🚀 and 👍🏽',
  'Grüße, 日本語, עברית',
  '\u0080 \u00a0 \u2028 \ufeff \ufffd',
  '\u{10ffff}',
];

describe('checkPlainText', () => {
  // Clients read these messages: they stay byte-identical to what createSkillJob has always answered.
  test('the messages are the ones clients already see', () => {
    expect(CONTROL_CHARACTERS_MESSAGE).toBe('must not contain control characters');
    expect(NOT_UNICODE_MESSAGE).toBe(NOT_UNICODE);
  });

  test.each(TEXT)('returns text %j as it is, in both modes', (value) => {
    expect(checkPlainText(value, 'f')).toBe(value);
    expect(checkPlainText(value, 'f', { tabsAndLineBreaks: false })).toBe(value);
  });

  test.each(CONTROL_CHARACTERS)('refuses control character %j on the given field, in both modes', (c) => {
    for (const options of [undefined, { tabsAndLineBreaks: true }, { tabsAndLineBreaks: false }]) {
      const error = refusal(() => checkPlainText(`a${c}b`, 'answers.2.text', options));
      expect(error.message).toBe(CONTROL_CHARACTERS_MESSAGE);
      expect(error.field).toBe('answers.2.text');
    }
  });

  test('refuses every C0 control but tab, LF and CR, and DEL; accepts the C1 range', () => {
    const refused: number[] = [];
    for (let code = 0; code <= 0x9f; code++) {
      try {
        checkPlainText(String.fromCharCode(code), 'f');
      } catch {
        refused.push(code);
      }
    }
    const expected = [...Array.from({ length: 0x20 }, (_, i) => i).filter((i) => ![9, 10, 13].includes(i)), 0x7f];
    expect(refused).toEqual(expected);
  });

  test.each(TABS_AND_LINE_BREAKS)('free text may hold %j; a key may not', (c) => {
    expect(checkPlainText(`line${c}next`, 'feedback')).toBe(`line${c}next`);
    const error = refusal(() => checkPlainText(`key${c}1`, 'idempotencyKey', { tabsAndLineBreaks: false }));
    expect(error.message).toBe(CONTROL_CHARACTERS_MESSAGE);
    expect(error.field).toBe('idempotencyKey');
  });

  test.each(UNPAIRED_SURROGATES)('refuses unpaired surrogate %j on the given field, in both modes', (s) => {
    for (const options of [undefined, { tabsAndLineBreaks: false }]) {
      const error = refusal(() => checkPlainText(`text ${s} more`, 'filter.search', options));
      expect(error.message).toBe(NOT_UNICODE_MESSAGE);
      expect(error.field).toBe('filter.search');
    }
  });

  test('a control character is named before a surrogate when both are there', () => {
    expect(refusal(() => checkPlainText('\ud800\u0000', 'f')).message).toBe(CONTROL_CHARACTERS_MESSAGE);
  });
});

describe('withoutControlCharacters', () => {
  test('drops what checkPlainText refuses as a control character, keeps tab, newlines and other text', () => {
    const all = [...CONTROL_CHARACTERS, ...TABS_AND_LINE_BREAKS].join('');
    expect(withoutControlCharacters(`a${all}b 🚀`)).toBe('a\t\n\r\r\nb 🚀');
    expect(withoutControlCharacters('\u0000\u0000x\u007f\u007f')).toBe('x');
    expect(withoutControlCharacters('nothing to drop')).toBe('nothing to drop');
  });
});
