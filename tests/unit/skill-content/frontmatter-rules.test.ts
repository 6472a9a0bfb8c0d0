// The validator's frontmatter checks (delimiters, YAML, name, description, field types, key style), each pinned
// by its exact message through the public validateSkill API. Pure, no database.
import { describe, expect, test } from 'vitest';
import { parseSkillFrontmatter } from '../../../resolvers/skill-content/frontmatter';
import { TRIGGER_PHRASES } from '../../../resolvers/skill-content/rules';
import { validateSkill } from '../../../resolvers/skill-content/validator';
import {
  BODY,
  DESCRIPTION,
  NAME,
  failures,
  messageOf,
  skill,
  withDescription,
  withFrontmatterLines,
  withName,
} from './skill';

const MISSING = 'frontmatter must start with a "---" line at the very top of the file (YAML frontmatter is missing)';
const UNCLOSED = 'frontmatter must be closed by a "---" line after the YAML (closing delimiter not found)';
const NO_BODY_WARNINGS: Array<[string, string]> = [];
const FRONTMATTER = `name: ${NAME}\ndescription: ${DESCRIPTION}`;

describe('frontmatter delimiters', () => {
  test.each([
    { case: 'no frontmatter (the whole file is the body)', content: BODY, failed: [['frontmatter_present', MISSING]] },
    { case: 'a blank line before the opening', content: `\n${skill()}`, failed: [['frontmatter_present', MISSING]] },
    { case: 'four dashes', content: `----\n${FRONTMATTER}\n---\n${BODY}`, failed: [['frontmatter_present', MISSING]] },
    {
      case: 'no closing line (the body is what follows the opening)',
      content: `---\n${BODY}`,
      failed: [['frontmatter_present', UNCLOSED]],
    },
    {
      case: 'a closing line with text after the dashes',
      content: `---\n${FRONTMATTER}\n--- end\n${BODY}`,
      failed: [['frontmatter_present', UNCLOSED]],
    },
  ])('$case', ({ content, failed }) => {
    expect(failures(content)).toEqual([...failed, ...NO_BODY_WARNINGS]);
  });

  test('an opening line alone is unclosed with an empty body', () => {
    expect(failures('---').map(([name]) => name)).toEqual([
      'frontmatter_present',
      'when_to_use_section',
      'overview_section',
      'quick_reference_section',
      'body_min_length',
    ]);
    expect(messageOf('---', 'frontmatter_present')).toBe(UNCLOSED);
  });

  test.each([
    ['trailing spaces on both delimiter lines', `---  \n${FRONTMATTER}\n---\t\n${BODY}`],
    ['a BOM and CRLF line endings', `\uFEFF${skill().replace(/\n/g, '\r\n')}`],
    ['a line starting with dashes inside the YAML', `---\n${FRONTMATTER}\nnote: "--- not the end"\n---\n${BODY}`],
  ])('accepts %s', (_, content) => {
    expect(failures(content)).toEqual([]);
  });

  test.each([
    ['an opening line alone', '---'],
    ['a closing line at the very end', `---\n${FRONTMATTER}\n---`],
  ])('%s leaves an empty body', (_, content) => {
    expect(messageOf(content, 'body_min_length')).toBe('body is too short: 0 characters (minimum 100)');
  });

  test.each([
    ['an unclosed frontmatter', `---\n${'a'.repeat(50)}`, 50],
    ['CRLF line endings', `---\r\n${FRONTMATTER}\r\n---\r\n${'a\r\n'.repeat(25)}`, 49],
  ])('the body of %s is measured without the delimiter or carriage returns', (_, content, chars) => {
    expect(messageOf(content, 'body_min_length')).toBe(`body is too short: ${chars} characters (minimum 100)`);
  });

  test('parseSkillFrontmatter returns the mapping and the body, or null', () => {
    expect(parseSkillFrontmatter(`\uFEFF---\r\n${FRONTMATTER}\r\n---\r\nbody\r\n`)).toEqual({
      data: { name: NAME, description: DESCRIPTION },
      body: 'body\n',
    });
    for (const content of ['', 'no frontmatter', '---\nname: x', '---\n- a\n---\n', '---\nname: [x\n---\n']) {
      expect(parseSkillFrontmatter(content)).toBeNull();
    }
  });

  test('a closing line at the very end leaves an empty body', () => {
    expect(failures(`---\n${FRONTMATTER}\n---`).map(([name]) => name)).toEqual([
      'when_to_use_section',
      'overview_section',
      'quick_reference_section',
      'body_min_length',
    ]);
  });

  test('without frontmatter, every check that needs it reports why it was skipped', () => {
    const report = validateSkill(BODY);
    expect(Object.fromEntries(report.checks.slice(0, 12).map((c) => [c.name, [c.passed, c.message]]))).toEqual({
      frontmatter_present: [false, MISSING],
      frontmatter_yaml: [true, 'skipped: no frontmatter block'],
      name_present: [true, 'skipped: frontmatter is missing or invalid'],
      name_length: [true, 'skipped: no name'],
      name_format: [true, 'skipped: no name'],
      name_reserved_words: [true, 'skipped: no name'],
      description_present: [true, 'skipped: frontmatter is missing or invalid'],
      description_length: [true, 'skipped: no description'],
      description_no_xml: [true, 'skipped: no description'],
      description_trigger: [true, 'skipped: no description'],
      optional_fields_types: [true, 'skipped: frontmatter is missing or invalid'],
      frontmatter_keys_kebab: [true, 'skipped: frontmatter is missing or invalid'],
    });
  });
});

describe('frontmatter YAML', () => {
  const NOT_MAPPING = 'frontmatter must be a YAML mapping of "key: value" pairs: got';
  test.each([
    ['a list', '- a\n- b', `${NOT_MAPPING} a list`],
    ['a string', 'just text', `${NOT_MAPPING} a string`],
    ['a number', '42', `${NOT_MAPPING} a number`],
    ['a boolean', 'true', `${NOT_MAPPING} a boolean`],
    ['nothing', '', `${NOT_MAPPING} nothing (empty frontmatter)`],
    ['a comment', '# only a comment', `${NOT_MAPPING} nothing (empty frontmatter)`],
    ['a recursive alias', 'name: x\nmetadata: &a [*a]', 'frontmatter must not contain recursive aliases'],
    [
      '65 nested lists',
      `name: x\nmetadata: ${'['.repeat(65)}${']'.repeat(65)}`,
      'frontmatter is nested too deeply (more than 64 levels)',
    ],
    [
      '49 aliases of 2,101 values',
      `name: x\na: &a [${'[], '.repeat(2100)}[]]\nb: [${'*a, '.repeat(48)}*a]`,
      'frontmatter is too large (more than 100000 values)',
    ],
  ])('%s', (_, yaml, message) => {
    expect(messageOf(skill(yaml), 'frontmatter_yaml')).toBe(message);
    expect(messageOf(skill(yaml), 'name_present')).toBe('skipped: frontmatter is missing or invalid');
  });

  test('64 levels of nesting and 100,000 values are still accepted', () => {
    expect(
      messageOf(withFrontmatterLines(`metadata: {k: ${'['.repeat(63)}${']'.repeat(63)}}`), 'frontmatter_yaml'),
    ).toBe(null);
    expect(failures(withFrontmatterLines(`metadata: {k: ${'['.repeat(64)}${']'.repeat(64)}}`))).toEqual([
      ['frontmatter_yaml', 'frontmatter is nested too deeply (more than 64 levels)'],
    ]);
    expect(messageOf(withFrontmatterLines(`a: &a [${'[], '.repeat(1000)}[]]\nb: [*a]`), 'frontmatter_yaml')).toBe(null);
  });

  test.each([
    ['a syntax error', 'name: [unclosed'],
    ['a duplicate key', `${FRONTMATTER}\nname: again`],
    ['a tab indentation error', 'name: x\n\tdescription: y'],
    ['too many aliases', `a: &a [1]\nb: [${'*a, '.repeat(60)}*a]`],
  ])('%s is reported on one line as invalid YAML', (_, yaml) => {
    const message = messageOf(skill(yaml), 'frontmatter_yaml') ?? '';
    expect(message).toMatch(/^frontmatter must be valid YAML: \S/);
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThanOrEqual(235);
  });

  test('frontmatter over 65,536 characters is refused unparsed', () => {
    const yaml = `${FRONTMATTER}\nnote: "${'x'.repeat(65_536)}"`;
    expect(messageOf(skill(yaml), 'frontmatter_yaml')).toBe(
      `frontmatter must be valid YAML of at most 65536 characters: got ${yaml.length + 1}`,
    );
    const longest = `${FRONTMATTER}\nnote: "${'x'.repeat(65_535 - FRONTMATTER.length - 9)}"`;
    expect(longest.length + 1).toBe(65_536);
    expect(messageOf(skill(longest), 'frontmatter_yaml')).toBe(null);
  });
});

describe('name', () => {
  test.each([
    ['description: x', 'name is required in the frontmatter'],
    ['name: 42', 'name must be a string: got number'],
    ['name: [a]', 'name must be a string: got list'],
    ['name: {a: b}', 'name must be a string: got mapping'],
    ['name:', 'name must be a string: got null'],
    ['name: true', 'name must be a string: got boolean'],
    ['name: ""', 'name must not be empty'],
  ])('%s: %s', (line, message) => {
    const content = skill(`${line}\ndescription: ${DESCRIPTION}`.replace('description: x\n', ''));
    expect(failures(content)).toEqual([['name_present', message]]);
    expect(messageOf(content, 'name_length')).toBe('skipped: no name');
    expect(messageOf(content, 'name_format')).toBe('skipped: no name');
    expect(messageOf(content, 'name_reserved_words')).toBe('skipped: no name');
  });

  test.each(['a', 'abc', 'a1-b2', 'x-9', 'notes-2024', `a${'-b'.repeat(31)}c`])('accepts %s', (name) => {
    expect(failures(withName(name))).toEqual([]);
  });

  test('65 characters is too long', () => {
    const name = `a${'-b'.repeat(32)}`;
    expect(failures(withName(name))).toEqual([['name_length', 'name must be 1..64 characters: got 65']]);
  });

  const FORMAT = 'name must be kebab-case (lowercase letters, digits and single hyphens, starting with a letter): got';
  test.each(['My-Skill', 'my_skill', '-leading', 'trailing-', 'double--hyphen', '1st', '"has space"', '"notes-é"'])(
    'refuses the format of %s',
    (name) => {
      const plain = name.replace(/^"|"$/g, '');
      expect(failures(withName(name))).toEqual([['name_format', `${FORMAT} ${JSON.stringify(plain)}`]]);
    },
  );

  test('a name of 80 characters is quoted whole', () => {
    const name = `X${'y'.repeat(79)}`;
    expect(failures(withName(name))).toEqual([
      ['name_length', 'name must be 1..64 characters: got 80'],
      ['name_format', `${FORMAT} "${name}"`],
    ]);
  });

  test('a long name is quoted up to 80 characters', () => {
    const name = `X${'y'.repeat(99)}`;
    expect(failures(withName(name))).toEqual([
      ['name_length', 'name must be 1..64 characters: got 100'],
      ['name_format', `${FORMAT} "${name.slice(0, 80)}..."`],
    ]);
  });

  test.each([
    ['claude-notes', '"claude"'],
    ['my-anthropic', '"anthropic"'],
    ['openai', '"openai"'],
    ['gpt4-helper', '"gpt"'],
    ['claude-gpt-notes', '"claude", "gpt"'],
  ])('refuses the reserved word in %s', (name, found) => {
    expect(failures(withName(name))).toEqual([
      [
        'name_reserved_words',
        `name must not contain reserved vendor words (anthropic, claude, openai, gpt): got "${name}", which contains ${found}`,
      ],
    ]);
  });

  test('reserved words are found whatever their case', () => {
    expect(failures(withName('Claude-Notes')).map(([check]) => check)).toEqual(['name_format', 'name_reserved_words']);
  });
});

describe('description', () => {
  test.each([
    [`name: ${NAME}`, 'description is required in the frontmatter'],
    [`name: ${NAME}\ndescription: 7`, 'description must be a string: got number'],
    [`name: ${NAME}\ndescription: [Use when]`, 'description must be a string: got list'],
    [`name: ${NAME}\ndescription: "  \\t "`, 'description must not be empty'],
  ])('%j: %s', (frontmatter, message) => {
    const content = skill(frontmatter);
    expect(failures(content)).toEqual([['description_present', message]]);
    for (const check of ['description_length', 'description_no_xml', 'description_trigger']) {
      expect(messageOf(content, check)).toBe('skipped: no description');
    }
  });

  test('1024 characters is the longest description', () => {
    const longest = `Use when notes are needed. ${'x'.repeat(1024 - 27)}`;
    expect(longest).toHaveLength(1024);
    expect(failures(withDescription(longest))).toEqual([]);
    expect(failures(withDescription(`${longest}x`))).toEqual([
      ['description_length', 'description must be at most 1024 characters: got 1025'],
    ]);
  });

  test.each([
    ['<b>', '"<b>"'],
    ['</b>', '"</b>"'],
    ['<br/>', '"<br/>"'],
    ['<note type="x">', '"<note type=\\"x\\">"'],
    [`<note ${'a'.repeat(80)}>`, `"<note ${'a'.repeat(54)}..."`],
  ])('refuses the tag %s', (tag, found) => {
    expect(failures(withDescription(`Use when a meeting ends ${tag} here.`))).toEqual([
      ['description_no_xml', `description must not contain XML/HTML tags: found ${found}`],
    ]);
  });

  test.each(['Use when latency is <5 ms.', 'Use when a < b and c > d.', 'Use when <a+b> holds.'])(
    '%s has no tag',
    (description) => {
      expect(failures(withDescription(description))).toEqual([]);
    },
  );

  const NO_TRIGGER =
    'description must say when to use the skill with a trigger phrase such as "Use when ...", "Use this when ...", "Use for ...", "when you need ..." or "Triggers: ..."';

  test.each(TRIGGER_PHRASES)('accepts the trigger phrase "%s" in any case', (phrase) => {
    expect(failures(withDescription(`Writes notes. ${phrase.toUpperCase()} meetings end.`))).toEqual([]);
    expect(failures(withDescription(`${phrase}meetings`))).toEqual(
      phrase.endsWith(':') ? [] : [['description_trigger', NO_TRIGGER]],
    );
  });

  test.each(['Use\n  when a meeting ends.', 'Triggers:meetings', '(use for) meetings'])('accepts %j', (description) => {
    expect(failures(withDescription(description))).toEqual([]);
  });

  test.each(['Writes notes for the team.', 'Reuse for other teams.', 'Misuse when bored.', 'Use whenx it rains.'])(
    'refuses %j',
    (description) => {
      expect(failures(withDescription(description))).toEqual([['description_trigger', NO_TRIGGER]]);
    },
  );
});

describe('optional fields and keys', () => {
  const WRONG = 'frontmatter field has the wrong type:';
  test.each([
    ['license: 1', 'license must be a string (got number)'],
    ['version: 2', 'version must be a string (got number)'],
    ['compatibility: [node]', 'compatibility must be a string (got list)'],
    ['license:', 'license must be a string (got null)'],
    ['allowed-tools: 7', 'allowed-tools must be a string or a list of strings (got number)'],
    ['allowed-tools: [Read, 7]', 'allowed-tools must be a string or a list of strings (got list)'],
    ['allowed-tools: {a: b}', 'allowed-tools must be a string or a list of strings (got mapping)'],
    ['metadata: [a]', 'metadata must be a mapping (got list)'],
    ['metadata: x', 'metadata must be a mapping (got string)'],
    ['metadata:', 'metadata must be a mapping (got null)'],
    ['license: 1\nmetadata: x', 'license must be a string (got number); metadata must be a mapping (got string)'],
  ])('%j', (lines, problems) => {
    expect(failures(withFrontmatterLines(lines))).toEqual([['optional_fields_types', `${WRONG} ${problems}`]]);
  });

  test.each([
    'license: MIT\nversion: "1.0"\ncompatibility: any',
    'allowed-tools: Read Write',
    'allowed-tools: [Read, Write]',
    'allowed-tools: []',
    'metadata: {}',
    'metadata: {author: ops}',
    'custom-key: [1, 2]',
  ])('accepts %j', (lines) => {
    expect(failures(withFrontmatterLines(lines))).toEqual([]);
  });

  const KEYS = 'frontmatter keys should be kebab-case (e.g. "allowed-tools"):';
  test.each([
    ['lastReviewed: x', `${KEYS} "lastReviewed"`],
    ['"a b": 1\nc_d: 2', `${KEYS} "a b", "c_d"`],
    [['Aa', 'Bb', 'Cc', 'Dd', 'Ee'].map((k) => `${k}: 1`).join('\n'), `${KEYS} "Aa", "Bb", "Cc", "Dd", "Ee"`],
    [
      ['Aa', 'Bb', 'Cc', 'Dd', 'Ee', 'Ff', 'Gg'].map((k) => `${k}: 1`).join('\n'),
      `${KEYS} "Aa", "Bb", "Cc", "Dd", "Ee" and 2 more`,
    ],
    [`K${'k'.repeat(59)}: 1`, `${KEYS} "K${'k'.repeat(39)}..."`],
  ])('%j', (lines, message) => {
    expect(failures(withFrontmatterLines(lines))).toEqual([['frontmatter_keys_kebab', message]]);
  });
});
