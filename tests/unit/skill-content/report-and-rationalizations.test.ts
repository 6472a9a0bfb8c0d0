// The validator's report (check order, severities, score, errors and warnings, never throwing) and the
// rationalizations_countered check, through the public validateSkill API. Pure, no database.
import { describe, expect, test } from 'vitest';
import {
  CHECK_DEFINITIONS,
  PASS_THRESHOLD,
  SEVERITY_WEIGHTS,
  validateSkill,
} from '../../../resolvers/skill-content/validator';
import { validateSkillContent, MAX_SKILL_CONTENT_CHARS } from '../../../resolvers/skill-content/validate-content';
import { ValidationError } from '../../../resolvers/errors';
import { BODY, failures, messageOf, skill, withName } from './skill';

const CHECKS = [
  ['frontmatter_present', 'CRITICAL'],
  ['frontmatter_yaml', 'CRITICAL'],
  ['name_present', 'CRITICAL'],
  ['name_length', 'CRITICAL'],
  ['name_format', 'CRITICAL'],
  ['name_reserved_words', 'CRITICAL'],
  ['description_present', 'CRITICAL'],
  ['description_length', 'CRITICAL'],
  ['description_no_xml', 'CRITICAL'],
  ['description_trigger', 'CRITICAL'],
  ['optional_fields_types', 'CRITICAL'],
  ['frontmatter_keys_kebab', 'WARNING'],
  ['when_to_use_section', 'CRITICAL'],
  ['overview_section', 'INFO'],
  ['quick_reference_section', 'WARNING'],
  ['code_examples', 'WARNING'],
  ['body_min_length', 'WARNING'],
  ['body_max_length', 'WARNING'],
  ['verbosity', 'WARNING'],
  ['topicality', 'CRITICAL'],
  ['placeholders', 'WARNING'],
  ['foreign_examples', 'WARNING'],
  ['rationalizations_countered', 'CRITICAL'],
  ['warnings_limit', 'CRITICAL'],
];

describe('report', () => {
  test('every check in a stable order with its severity; weights 3, 1 and 0.5; pass mark 0.75', () => {
    expect(CHECK_DEFINITIONS.map((c) => [c.name, c.severity])).toEqual(CHECKS);
    expect(validateSkill(skill()).checks.map((c) => [c.name, c.severity])).toEqual(CHECKS);
    expect(SEVERITY_WEIGHTS).toEqual({ CRITICAL: 3, WARNING: 1, INFO: 0.5 });
    expect(PASS_THRESHOLD).toBe(0.75);
  });

  test('a skill that passes every check', () => {
    const report = validateSkill(skill());
    expect(report).toMatchObject({ passed: true, score: 1, errors: [], warnings: [] });
    expect(report.checks.every((c) => c.passed)).toBe(true);
  });

  test.each([
    { case: 'one INFO', content: skill(undefined, BODY.replace('## Overview', '## Why')), score: 0.991, passed: true },
    { case: 'one WARNING', content: skill(undefined, BODY.replace('Quick', 'Short')), score: 0.981, passed: true },
    { case: 'one CRITICAL', content: withName('Notes'), score: 0.944, passed: false },
    { case: 'two CRITICAL', content: withName('Claude'), score: 0.888, passed: false },
    { case: 'all but four (missing frontmatter, empty body)', content: 'x', score: 0.841, passed: false },
  ])('$case failed: score $score, passed $passed', ({ content, score, passed }) => {
    const report = validateSkill(content);
    expect(report.score).toBe(score);
    expect(report.passed).toBe(passed);
  });

  test('errors are the failed CRITICAL messages, warnings the failed WARNING ones; INFO is in neither', () => {
    const content = `---\nname: Notes\ndescription: Writes notes.\nlastReviewed: x\n---\n# Notes\n`;
    const report = validateSkill(content);
    expect(report.errors).toEqual([
      messageOf(content, 'name_format'),
      messageOf(content, 'description_trigger'),
      messageOf(content, 'when_to_use_section'),
    ]);
    expect(report.warnings).toEqual([
      messageOf(content, 'frontmatter_keys_kebab'),
      messageOf(content, 'quick_reference_section'),
      messageOf(content, 'body_min_length'),
    ]);
    expect(report.checks.find((c) => c.name === 'overview_section')?.passed).toBe(false);
    expect(report.score).toBe(0.766);
    expect(report.passed).toBe(false);
  });

  test.each([undefined, null, 42, {}, []])('input %j that is not a string is an empty file', (value) => {
    expect(failures(value as unknown as string).map(([check]) => check)).toEqual([
      'frontmatter_present',
      'when_to_use_section',
      'overview_section',
      'quick_reference_section',
      'body_min_length',
    ]);
  });

  test('options that cannot be read fail every check instead of throwing', () => {
    const options = {
      get rationalizations(): string[] {
        throw new Error('unreadable');
      },
    };
    const report = validateSkill(skill(), options);
    expect(report.checks.map((c) => [c.name, c.passed, c.message])).toEqual(
      CHECKS.map(([name]) => [name, false, `${name}: the input could not be read as a SKILL.md`]),
    );
    expect(report.score).toBe(0);
    expect(report.passed).toBe(false);
  });

  test('a check that throws fails alone', () => {
    const hostile = new Proxy(['excuse'], {
      get(target, key, receiver) {
        if (key === 'filter') throw new Error('hostile');
        return Reflect.get(target, key, receiver);
      },
    });
    expect(failures(skill(), { rationalizations: hostile })).toEqual([
      ['rationalizations_countered', 'rationalizations_countered: the check could not be evaluated on this input'],
    ]);
  });

  test('validateSkillContent refuses content over 200,000 characters before validating', () => {
    expect(MAX_SKILL_CONTENT_CHARS).toBe(200_000);
    const longest = skill(undefined, `${BODY}${'a'.repeat(200_000 - skill().length)}`);
    expect(longest).toHaveLength(200_000);
    expect(validateSkillContent(longest).checks).toHaveLength(CHECKS.length);
    let thrown: unknown;
    try {
      validateSkillContent(`${longest}a`);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(thrown).toMatchObject({ message: 'must be at most 200000 characters', field: 'content' });
  });
});

describe('rationalizations', () => {
  const NOT_COUNTERED =
    'every rationalization needs an explicit counter (a row in a "Common Rationalizations" table or an item under "Red Flags"); not countered:';
  const withCounters = (sections: string) => skill(undefined, `${BODY}\n${sections}\n`);
  const TABLE = `## Common Rationalizations

| Excuse | Reality |
|---|---|
| "Too simple to write down" | Simple decisions are forgotten first. |
| I\u2019ll write it later | Later never comes. |
| Naïve notes | Still notes. |
| Pipe \\| inside | Still a row. |
| No reality | |
| Dash reality | - |
`;
  const RED_FLAGS = `## Red Flags

- Keeping notes "in my head"
* Waiting for the recording
+ Skipping the owner
1. Notes without dates
2) Notes without names
Not a list item about typing later
`;
  const content = withCounters(`${TABLE}\n${RED_FLAGS}`);

  test.each([
    [undefined],
    [{}],
    [{ rationalizations: [] }],
    [{ rationalizations: ['', '   ', 7, null] as unknown as string[] }],
    [{ rationalizations: 'not a list' as unknown as string[] }],
    [null as unknown as undefined],
  ])('%j: nothing to check', (options) => {
    expect(messageOf(content, 'rationalizations_countered', options)).toBe('no rationalizations to check');
  });

  test.each([
    ['a table row, punctuation and case ignored', 'TOO SIMPLE to write down!!'],
    ['a row with a curly apostrophe', "I'll write it later"],
    ['a row whose excuse is part of the rationalization', 'Honestly, too simple to write down, always'],
    ['part of a row excuse', 'simple to write'],
    ['an accented row, matched without accents', 'naive notes'],
    ['a row with an escaped pipe', 'pipe inside'],
    ['a "-" red flag', 'keeping notes in my head'],
    ['a "*" red flag', 'Waiting for the recording'],
    ['a "+" red flag', 'skipping the owner'],
    ['a "1." red flag', 'notes without dates'],
    ['a "1)" red flag', 'notes without names'],
  ])('countered by %s', (_, rationalization) => {
    expect(failures(content, { rationalizations: [rationalization] })).toEqual([]);
  });

  test.each([
    ['the header row', 'Excuse'],
    ['a row without a reality', 'No reality'],
    ['a row whose reality is only punctuation', 'Dash reality'],
    ['a line of a red-flag section that is not a list item', 'typing later'],
    ['a red flag holding only part of it', 'waiting for the recording to finish'],
  ])('not countered by %s', (_, rationalization) => {
    expect(failures(content, { rationalizations: [rationalization] })).toEqual([
      ['rationalizations_countered', `${NOT_COUNTERED} ${JSON.stringify(rationalization)}`],
    ]);
  });

  test.each([
    ['## Rationalisations', '| Skip it | No. |', true],
    ['### Common rationalization', '| Skip it | No. |', true],
    ['## Red Flag', '- skip it', true],
    ['## Excuses', '| Skip it | No. |', false],
    ['## Warnings', '- skip it', false],
  ])('a "%s" section with %j counters: %s', (heading, line, countered) => {
    const report = failures(withCounters(`${heading}\n\n${line}\n`), { rationalizations: ['Skip it'] });
    expect(report.length === 0).toBe(countered);
  });

  test('a section ends at the next heading of its level and includes its subsections; code does not count', () => {
    const sections = `## Common Rationalizations\n\n### Details\n\n| In a subsection | Counted. |\n\n\`\`\`\n| In code | Not counted. |\n\`\`\`\n\n## Other\n\n| After the section | Not counted. |\n`;
    const report = failures(withCounters(sections), {
      rationalizations: ['In a subsection', 'In code', 'After the section'],
    });
    expect(report).toEqual([['rationalizations_countered', `${NOT_COUNTERED} "In code", "After the section"`]]);
  });

  test('lists each uncountered rationalization once, trimmed, at most five and 80 characters each', () => {
    const long = `Never ${'x'.repeat(100)}`;
    const given = ['  skip it ', 'Skip it!', long, 'third', 'fourth', 'fifth', 'sixth', 'seventh'];
    expect(messageOf(content, 'rationalizations_countered', { rationalizations: given })).toBe(
      `${NOT_COUNTERED} "skip it", "${long.slice(0, 80)}...", "third", "fourth", "fifth" and 2 more`,
    );
  });

  test('five uncountered rationalizations are all listed', () => {
    const given = ['first', 'second', 'third', 'fourth', 'fifth'];
    expect(messageOf(content, 'rationalizations_countered', { rationalizations: given })).toBe(
      `${NOT_COUNTERED} "first", "second", "third", "fourth", "fifth"`,
    );
  });

  test('only the first 500 rationalizations are read', () => {
    const first500 = Array<string>(500).fill('naive notes');
    expect(failures(content, { rationalizations: [...first500, 'never countered'] })).toEqual([]);
    expect(failures(content, { rationalizations: [...first500.slice(1), 'never countered'] })).toHaveLength(1);
  });

  test('only the first 2,000 characters of a rationalization are read', () => {
    const flag = withCounters(`## Red Flags\n\n- ${'a'.repeat(2000)}\n`);
    expect(failures(flag, { rationalizations: [`${'a'.repeat(2000)}b`] })).toEqual([]);
    expect(failures(flag, { rationalizations: [`${'a'.repeat(1999)}b`] })).toHaveLength(1);
  });
});
