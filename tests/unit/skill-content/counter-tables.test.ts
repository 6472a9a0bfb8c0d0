// How the rationalizations_countered check reads the markdown of a counter: which lines are table rows, header
// and separator rows, escaped pipes, section bounds, the scan limits. Through validateSkill. Pure, no database.
import { describe, expect, test } from 'vitest';
import { BODY, failures, skill } from './skill';

const UNCOUNTERED =
  'every rationalization needs an explicit counter (a row in a "Common Rationalizations" table or an item under "Red Flags"); not countered: "Skip it"';
const SECTION = '## Common Rationalizations\n\n';
const check = (body: string, rationalization = 'Skip it') =>
  failures(skill(undefined, `${BODY}\n${body}\n`), { rationalizations: [rationalization] });

describe('what counters "Skip it"', () => {
  test.each([
    ['a plain row', `${SECTION}| Skip it | No. |`],
    ['an indented row', `${SECTION}   | Skip it | No. |`],
    ['a row without the closing pipe', `${SECTION}| Skip it | No.`],
    ['a row whose reality is an escaped pipe and text', `${SECTION}| Skip it | \\|x |`],
    ['a row followed by a row of cells ending in dashes', `${SECTION}| Skip it | No. |\n| later -- | soon -- |`],
    ['a row followed by a row of cells starting with dashes', `${SECTION}| Skip it | No. |\n| -- later | -- soon |`],
    ['a row followed by a row with one dash cell', `${SECTION}| Skip it | No. |\n| --- | not a separator |`],
    ['a row followed by a thematic break', `${SECTION}| Skip it | No. |\n---`],
    ['a red flag, the rationalization trimmed of punctuation', '## Red Flags\n\n- skip it'],
  ])('%s', (_, body) => {
    expect(check(body)).toEqual([]);
  });

  test('a row on the last line of the body', () => {
    const content = skill(undefined, `${BODY}\n${SECTION}| Skip it | No. |`);
    expect(failures(content, { rationalizations: ['Skip it'] })).toEqual([]);
  });

  test.each(['- Skip it -', 'skip\tit', 'skip\u00a0it', '"Skip  it"'])('%j normalizes to "skip it"', (given) => {
    expect(check('## Red Flags\n\n- skip it', given)).toEqual([]);
  });
});

describe('what does not counter "Skip it"', () => {
  test.each([
    ['a line with a pipe that is not a row', `${SECTION}Skip it | not a row`],
    ['a header row above an aligned separator', `${SECTION}| Skip it | No |\n|:---|---:|`],
    ['a row whose reality is only an escaped pipe', `${SECTION}| Skip it | \\| |`],
    ['a row before the section', `| Skip it | No. |\n${SECTION}| Other | Yes. |`],
    ['a row whose reality lies beyond 4,000 characters', `${SECTION}| Skip it ${'x'.repeat(4000)} | No. |`],
  ])('%s', (_, body) => {
    expect(check(body)).toEqual([['rationalizations_countered', UNCOUNTERED]]);
  });
});

test('headings beyond the first 200,000 body characters are not found', () => {
  const late = skill(undefined, `${'a'.repeat(200_000)}\n## When to Use\n## Overview\n## Quick Reference\n`);
  expect(failures(late).map(([name]) => name)).toEqual([
    'when_to_use_section',
    'overview_section',
    'quick_reference_section',
  ]);
  const early = skill(undefined, `${'a'.repeat(199_000)}\n## When to Use\n## Overview\n## Quick Reference\n`);
  expect(failures(early)).toEqual([]);
});
