import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSkillFrontmatter } from '../resolvers/skill-content/frontmatter';
import { TECHNICAL_WORDS, TRIGGER_PHRASES } from '../resolvers/skill-content/rules';
import {
  CHECK_DEFINITIONS,
  PASS_THRESHOLD,
  SEVERITY_WEIGHTS,
  validateSkill,
  type SkillValidationReport,
} from '../resolvers/skill-content/validator';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'skills');
const readFixture = (file: string): string => readFileSync(path.join(FIXTURES, file), 'utf8');

const CHECK_ORDER = [
  'frontmatter_present',
  'frontmatter_yaml',
  'name_present',
  'name_length',
  'name_format',
  'name_reserved_words',
  'description_present',
  'description_length',
  'description_no_xml',
  'description_trigger',
  'optional_fields_types',
  'frontmatter_keys_kebab',
  'when_to_use_section',
  'overview_section',
  'quick_reference_section',
  'code_examples',
  'body_min_length',
  'body_max_length',
  'verbosity',
  'rationalizations_countered',
];
const TOTAL_WEIGHT = CHECK_DEFINITIONS.reduce((sum, c) => sum + SEVERITY_WEIGHTS[c.severity], 0);
const severityOf = (name: string) => CHECK_DEFINITIONS.find((c) => c.name === name)?.severity;

interface Expectation {
  passed: boolean;
  /** null: every check passes. */
  failingCheck: string | null;
  messageIncludes?: string;
  rationalizations?: string[];
}

const REACT_RATIONALIZATIONS = [
  "I'll add tests after the UI settles",
  'Snapshot tests cover it',
  'Testing internals is faster to write',
];
const REVIEW_RATIONALIZATIONS = [
  "The author is senior, it's probably fine",
  'CI is green so it works',
  "It's too big to review properly",
  "I'll leave comments later",
];

const good: Expectation = { passed: true, failingCheck: null };

/**
 * Expected outcome of every fixture. Bad fixtures break exactly one rule, so exactly one check fails.
 * Warning-only (and info-only) fixtures still pass: one failed WARNING costs 1 of 45.5 weight points
 * (score 0.978 >= PASS_THRESHOLD) and only CRITICAL failures produce errors.
 */
const EXPECTATIONS: Record<string, Expectation> = {
  'good-api-pagination-design.md': good,
  'good-code-review-checklist.md': good,
  'good-git-bisect-debugging.md': good,
  'good-incident-postmortems.md': good,
  'good-meeting-notes.md': good,
  'good-postgres-migrations.md': good,
  'good-react-component-testing.md': good,

  'bad-frontmatter-missing-opening.md': {
    passed: false,
    failingCheck: 'frontmatter_present',
    messageIncludes: 'must start with a "---" line',
  },
  'bad-frontmatter-missing-closing.md': {
    passed: false,
    failingCheck: 'frontmatter_present',
    messageIncludes: 'must be closed by a "---" line',
  },
  'bad-yaml-syntax-error.md': {
    passed: false,
    failingCheck: 'frontmatter_yaml',
    messageIncludes: 'frontmatter must be valid YAML',
  },
  'bad-yaml-not-mapping.md': {
    passed: false,
    failingCheck: 'frontmatter_yaml',
    messageIncludes: 'must be a YAML mapping',
  },
  'bad-yaml-duplicate-key.md': { passed: false, failingCheck: 'frontmatter_yaml', messageIncludes: 'unique' },
  'bad-name-missing.md': { passed: false, failingCheck: 'name_present', messageIncludes: 'name is required' },
  'bad-name-not-string.md': {
    passed: false,
    failingCheck: 'name_present',
    messageIncludes: 'name must be a string: got number',
  },
  'bad-name-uppercase.md': {
    passed: false,
    failingCheck: 'name_format',
    messageIncludes:
      'kebab-case (lowercase letters, digits and single hyphens, starting with a letter): got "Postgres-Migrations"',
  },
  'bad-name-underscore.md': {
    passed: false,
    failingCheck: 'name_format',
    messageIncludes: 'got "code_review_checklist"',
  },
  'bad-name-double-hyphen.md': {
    passed: false,
    failingCheck: 'name_format',
    messageIncludes: 'got "git--bisect-debugging"',
  },
  'bad-name-leading-digit.md': {
    passed: false,
    failingCheck: 'name_format',
    messageIncludes: 'got "1on1-meeting-notes"',
  },
  'bad-name-too-long.md': {
    passed: false,
    failingCheck: 'name_length',
    messageIncludes: 'name must be 1..64 characters: got 65',
  },
  'bad-name-reserved-word.md': {
    passed: false,
    failingCheck: 'name_reserved_words',
    messageIncludes: 'contains "claude"',
  },
  'bad-name-reserved-substring.md': {
    passed: false,
    failingCheck: 'name_reserved_words',
    messageIncludes: 'contains "gpt"',
  },
  'bad-description-missing.md': {
    passed: false,
    failingCheck: 'description_present',
    messageIncludes: 'description is required',
  },
  'bad-description-not-string.md': {
    passed: false,
    failingCheck: 'description_present',
    messageIncludes: 'description must be a string: got list',
  },
  'bad-description-too-long.md': {
    passed: false,
    failingCheck: 'description_length',
    messageIncludes: 'at most 1024 characters: got 1025',
  },
  'bad-description-html-tag.md': {
    passed: false,
    failingCheck: 'description_no_xml',
    messageIncludes: 'must not contain XML/HTML tags: found "<b>"',
  },
  'bad-description-no-trigger.md': {
    passed: false,
    failingCheck: 'description_trigger',
    messageIncludes: 'must say when to use the skill',
  },
  'bad-license-not-string.md': {
    passed: false,
    failingCheck: 'optional_fields_types',
    messageIncludes: 'license must be a string (got mapping)',
  },
  'bad-allowed-tools-number.md': {
    passed: false,
    failingCheck: 'optional_fields_types',
    messageIncludes: 'allowed-tools must be a string or a list of strings (got number)',
  },
  'bad-metadata-string.md': {
    passed: false,
    failingCheck: 'optional_fields_types',
    messageIncludes: 'metadata must be a mapping (got string)',
  },
  'bad-version-number.md': {
    passed: false,
    failingCheck: 'optional_fields_types',
    messageIncludes: 'version must be a string (got number)',
  },
  'bad-missing-when-to-use.md': {
    passed: false,
    failingCheck: 'when_to_use_section',
    messageIncludes: '"When to Use" section',
  },
  'bad-when-to-use-only-in-code-fence.md': {
    passed: false,
    failingCheck: 'when_to_use_section',
    messageIncludes: '"When to Use" section',
  },
  'bad-rationalization-not-countered.md': {
    passed: false,
    failingCheck: 'rationalizations_countered',
    messageIncludes: 'not countered: "Testing internals is faster to write"',
    rationalizations: REACT_RATIONALIZATIONS,
  },
  'bad-rationalization-empty-counter.md': {
    passed: false,
    failingCheck: 'rationalizations_countered',
    messageIncludes: `not countered: "I'll leave comments later"`,
    rationalizations: REVIEW_RATIONALIZATIONS,
  },

  'warn-key-not-kebab.md': { passed: true, failingCheck: 'frontmatter_keys_kebab', messageIncludes: '"lastReviewed"' },
  'warn-missing-quick-reference.md': {
    passed: true,
    failingCheck: 'quick_reference_section',
    messageIncludes: '"Quick Reference" or "Quick Start"',
  },
  'warn-technical-no-code-fence.md': {
    passed: true,
    failingCheck: 'code_examples',
    messageIncludes: 'fenced code block',
  },
  'warn-body-too-short.md': { passed: true, failingCheck: 'body_min_length', messageIncludes: 'body is too short' },
  'warn-body-too-long.md': { passed: true, failingCheck: 'body_max_length', messageIncludes: 'lines (maximum 500)' },
  'warn-body-too-many-words.md': {
    passed: true,
    failingCheck: 'body_max_length',
    messageIncludes: 'words (maximum 5000)',
  },
  'warn-filler-heavy.md': { passed: true, failingCheck: 'verbosity', messageIncludes: 'filler-heavy' },
  'info-missing-overview.md': { passed: true, failingCheck: 'overview_section', messageIncludes: '"Overview" section' },
};

const fixtureFiles = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.md'))
  .sort();
const goodFiles = Object.keys(EXPECTATIONS).filter((f) => EXPECTATIONS[f]?.failingCheck === null);
const badFiles = Object.keys(EXPECTATIONS).filter((f) => EXPECTATIONS[f]?.failingCheck !== null);

function expectWellFormed(report: SkillValidationReport): void {
  expect(report.checks.map((c) => c.name)).toEqual(CHECK_ORDER);
  expect(report.score).toBeGreaterThanOrEqual(0);
  expect(report.score).toBeLessThanOrEqual(1);
  expect(Math.round(report.score * 1000) / 1000).toBe(report.score);
  const failed = report.checks.filter((c) => !c.passed);
  expect(report.errors).toEqual(failed.filter((c) => c.severity === 'CRITICAL').map((c) => c.message));
  expect(report.warnings).toEqual(failed.filter((c) => c.severity === 'WARNING').map((c) => c.message));
  expect(report.passed).toBe(report.errors.length === 0 && report.score >= PASS_THRESHOLD);
  for (const check of report.checks) {
    if (!check.passed) {
      expect(typeof check.message).toBe('string');
      expect(check.message).not.toMatch(/\n\s+at /); // no stack traces
    }
  }
}

/** The failed checks of a report. */
function failingChecksOf(content: string, options?: { rationalizations?: string[] }) {
  return validateSkill(content, options).checks.filter((c) => !c.passed);
}

describe('fixture corpus', () => {
  it('has an expectation for every fixture file and a file for every expectation', () => {
    expect(fixtureFiles).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  it('has at least 32 fixtures, 6 good and 26 bad', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(32);
    expect(goodFiles.length).toBeGreaterThanOrEqual(6);
    expect(badFiles.length).toBeGreaterThanOrEqual(26);
  });

  it('covers every check with at least one failing fixture', () => {
    const covered = new Set(badFiles.map((f) => EXPECTATIONS[f]?.failingCheck));
    expect(CHECK_ORDER.filter((name) => !covered.has(name))).toEqual([]);
  });
});

describe('good skills', () => {
  it.each(goodFiles)('%s passes every check with score 1', (file) => {
    const report = validateSkill(readFixture(file));
    expectWellFormed(report);
    expect(report.checks.filter((c) => !c.passed)).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.score).toBe(1);
    expect(report.passed).toBe(true);
  });

  it.each(goodFiles)('%s counters every excuse of its own rationalization table', (file) => {
    const content = readFixture(file);
    const section = content.slice(content.indexOf('## Common Rationalizations'), content.indexOf('## Red Flags'));
    const excuses = section
      .split('\n')
      .filter((line) => line.startsWith('| "'))
      .map((line) => (line.split('|')[1] ?? '').trim().replace(/^"|"$/g, ''));
    expect(excuses.length).toBeGreaterThanOrEqual(2);
    const report = validateSkill(content, { rationalizations: excuses });
    const check = report.checks.find((c) => c.name === 'rationalizations_countered');
    expect(check).toEqual({ name: 'rationalizations_countered', passed: true, severity: 'CRITICAL', message: null });
    expect(report.passed).toBe(true);
  });

  it.each(goodFiles)('%s gives the same report with a BOM and CRLF line endings', (file) => {
    const content = readFixture(file);
    expect(validateSkill(`\uFEFF${content.replace(/\n/g, '\r\n')}`)).toEqual(validateSkill(content));
  });
});

describe('bad skills break exactly one rule', () => {
  it.each(badFiles)('%s', (file) => {
    const expected = EXPECTATIONS[file];
    if (!expected?.failingCheck) throw new Error(`no expectation for ${file}`);
    const options = expected.rationalizations ? { rationalizations: expected.rationalizations } : undefined;
    const report = validateSkill(readFixture(file), options);
    expectWellFormed(report);

    const failed = report.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.name)).toEqual([expected.failingCheck]);
    expect(failed[0]?.message).toContain(expected.messageIncludes ?? '');
    expect(report.passed).toBe(expected.passed);

    const severity = severityOf(expected.failingCheck);
    expect(severity).toBeDefined();
    const expectedScore =
      Math.round(((TOTAL_WEIGHT - SEVERITY_WEIGHTS[severity ?? 'CRITICAL']) / TOTAL_WEIGHT) * 1000) / 1000;
    expect(report.score).toBe(expectedScore);
    if (severity === 'CRITICAL') {
      expect(report.errors).toEqual([failed[0]?.message]);
      expect(report.warnings).toEqual([]);
    } else if (severity === 'WARNING') {
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([failed[0]?.message]);
    } else {
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([]);
    }
  });

  it('the rationalization fixtures pass when no rationalizations are given', () => {
    for (const file of ['bad-rationalization-not-countered.md', 'bad-rationalization-empty-counter.md']) {
      const report = validateSkill(readFixture(file));
      expect(report.passed).toBe(true);
      expect(report.checks.find((c) => c.name === 'rationalizations_countered')?.message).toBe(
        'no rationalizations to check',
      );
    }
  });
});

describe('check list and score', () => {
  it('reports every check in a stable order with fixed severities', () => {
    expect(CHECK_DEFINITIONS.map((c) => c.name)).toEqual(CHECK_ORDER);
    expect(validateSkill('').checks.map((c) => [c.name, c.severity])).toEqual(
      CHECK_DEFINITIONS.map((c) => [c.name, c.severity]),
    );
    expect(CHECK_DEFINITIONS.filter((c) => c.severity === 'CRITICAL')).toHaveLength(13);
    expect(CHECK_DEFINITIONS.filter((c) => c.severity === 'WARNING')).toHaveLength(6);
    expect(CHECK_DEFINITIONS.filter((c) => c.severity === 'INFO')).toHaveLength(1);
  });

  it('uses weights CRITICAL 3, WARNING 1, INFO 0.5', () => {
    expect(SEVERITY_WEIGHTS).toEqual({ CRITICAL: 3, WARNING: 1, INFO: 0.5 });
    expect(TOTAL_WEIGHT).toBe(45.5);
  });

  it('keeps a skill with two warnings above the threshold and fails any critical error', () => {
    const base = readFixture('good-postgres-migrations.md');
    const twoWarnings = base
      .replace('## Quick Reference', '## Cheat Sheet')
      .replace('name: postgres-migrations', 'name: postgres-migrations\nlastReviewed: "2024-01-01"');
    const report = validateSkill(twoWarnings);
    expect(report.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual([
      'frontmatter_keys_kebab',
      'quick_reference_section',
    ]);
    expect(report.score).toBe(0.956);
    expect(report.passed).toBe(true);
    expect(report.warnings).toHaveLength(2);

    const critical = validateSkill(base.replace('## When to Use', '## Scope'));
    expect(critical.score).toBeGreaterThanOrEqual(PASS_THRESHOLD);
    expect(critical.passed).toBe(false);
  });

  it('is deterministic for every fixture', () => {
    for (const file of fixtureFiles) {
      const options = { rationalizations: EXPECTATIONS[file]?.rationalizations ?? ['some excuse'] };
      const first = validateSkill(readFixture(file), options);
      const second = validateSkill(readFixture(file), options);
      expect(second).toEqual(first);
      expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    }
  });
});

describe('frontmatter rules', () => {
  const base = readFixture('good-meeting-notes.md');
  const withName = (name: string) => base.replace('name: meeting-notes', `name: ${name}`);
  const withDescription = (description: string) =>
    base.replace(/^description: .*$/m, () => `description: ${JSON.stringify(description)}`);

  /** The meeting-notes skill with a minimal frontmatter (name, description) plus `extra` lines. */
  const withMinimalFrontmatter = (extra: string) => {
    const parsed = parseSkillFrontmatter(base);
    if (!parsed) throw new Error('fixture has no frontmatter');
    const description = JSON.stringify(parsed.data['description']);
    return `---\nname: meeting-notes\ndescription: ${description}\n${extra}\n---\n${parsed.body}`;
  };

  it.each(['a', 'abc', 'a1-b2', 'x-9', 'notes-2024'])('accepts the name %s', (name) => {
    expect(failingChecksOf(withName(name))).toEqual([]);
  });

  it.each([
    ['My_Skill', 'name_format'],
    ['-leading', 'name_format'],
    ['trailing-', 'name_format'],
    ['has space', 'name_format'],
    ['"notes-é"', 'name_format'],
    ['anthropic-notes', 'name_reserved_words'],
    ['openai-notes', 'name_reserved_words'],
    ['notes-gpt', 'name_reserved_words'],
    ['myclaudenotes', 'name_reserved_words'],
    ['""', 'name_present'],
  ])('rejects the name %s (%s)', (name, check) => {
    expect(failingChecksOf(withName(name)).map((c) => c.name)).toEqual([check]);
  });

  it('allows a name of exactly 64 characters', () => {
    const name = `a${'-b'.repeat(31)}c`;
    expect(name).toHaveLength(64);
    expect(failingChecksOf(withName(name))).toEqual([]);
  });

  it.each(TRIGGER_PHRASES.map((p) => [p]))('accepts the trigger phrase "%s"', (phrase) => {
    const description = `Summarises meetings. ${phrase.toUpperCase()} a meeting ends.`;
    expect(failingChecksOf(withDescription(description))).toEqual([]);
  });

  it.each(['Summarises meetings for the team.', 'Reuse for other teams.', 'Summarises meetings; misuse when bored.'])(
    'rejects a description without a trigger: %s',
    (description) => {
      expect(failingChecksOf(withDescription(description)).map((c) => c.name)).toEqual(['description_trigger']);
    },
  );

  it.each(['<b>', '</b>', '<br/>', '<br />', '<note type="x">', '<xml:tag>'])(
    'rejects the tag %s in the description',
    (tag) => {
      const failed = failingChecksOf(withDescription(`Use when a meeting ends ${tag} here.`));
      expect(failed.map((c) => c.name)).toEqual(['description_no_xml']);
      // The found tag is quoted as a JSON string (quotes and control characters escaped).
      expect(failed[0]?.message).toContain(`found ${JSON.stringify(tag)}`);
    },
  );

  it.each(['Use when latency is <5 ms.', 'Use when a < b and c > d.', 'Use when an email like a@b.c arrives.'])(
    'does not mistake comparisons for tags: %s',
    (description) => {
      expect(failingChecksOf(withDescription(description))).toEqual([]);
    },
  );

  it('allows a description of exactly 1024 characters', () => {
    const description = `Use when meetings end. ${'x'.repeat(1024 - 23)}`;
    expect(description).toHaveLength(1024);
    expect(failingChecksOf(withDescription(description))).toEqual([]);
  });

  it.each([
    ['allowed-tools: [Read, 7]', 'allowed-tools must be a string or a list of strings (got list)'],
    ['allowed-tools: {a: b}', 'allowed-tools must be a string or a list of strings (got mapping)'],
    ['compatibility: [node]', 'compatibility must be a string (got list)'],
    ['license:', 'license must be a string (got null)'],
    ['metadata: [a, b]', 'metadata must be a mapping (got list)'],
    ['version: 2', 'version must be a string (got number)'],
    ['license: 1\nmetadata: x', 'license must be a string (got number); metadata must be a mapping (got string)'],
  ])('rejects the wrongly typed field %s', (line, message) => {
    expect(failingChecksOf(withMinimalFrontmatter(''))).toEqual([]);
    const failed = failingChecksOf(withMinimalFrontmatter(line));
    expect(failed.map((c) => c.name)).toEqual(['optional_fields_types']);
    expect(failed[0]?.message).toContain(message);
  });

  it.each([
    'custom-key: { anything: [1, 2] }',
    'allowed-tools: "Read Grep"',
    'allowed-tools: []',
    'metadata: {}',
    'license: ""',
  ])('accepts the frontmatter line %s', (line) => {
    expect(failingChecksOf(withMinimalFrontmatter(line))).toEqual([]);
  });

  it('lists at most 5 non-kebab keys, then "and N more"', () => {
    const keys = ['Aa', 'Bb', 'c_c', 'dD', 'E', 'ff_', 'g g'].map((k, i) => `"${k}": ${i}`).join('\n');
    const failed = failingChecksOf(base.replace('license: MIT', `license: MIT\n${keys}`));
    expect(failed.map((c) => c.name)).toEqual(['frontmatter_keys_kebab']);
    expect(failed[0]?.message).toContain('"Aa", "Bb", "c_c", "dD", "E" and 2 more');
  });

  it('accepts a BOM before the opening delimiter and trailing spaces on delimiter lines', () => {
    const content = `\uFEFF${base.replace(/^---$/gm, '---  ')}`;
    expect(failingChecksOf(content)).toEqual([]);
  });
});

describe('body rules', () => {
  it('accepts any heading level for the sections, with closing hashes', () => {
    const content = readFixture('good-git-bisect-debugging.md')
      .replace('## When to Use', '###### when TO use ######')
      .replace('## Quick Reference', '# Quick Start');
    expect(failingChecksOf(content)).toEqual([]);
  });

  it('does not count a heading without a space after the hashes', () => {
    const content = readFixture('good-git-bisect-debugging.md').replace('## When to Use', '##When to Use');
    expect(failingChecksOf(content).map((c) => c.name)).toEqual(['when_to_use_section']);
  });

  it('accepts a ~~~ fence as a code block', () => {
    const content = readFixture('good-git-bisect-debugging.md').replace(/```(bash)?/g, '~~~');
    expect(failingChecksOf(content)).toEqual([]);
  });

  it.each(['sql', 'deploying', 'migrations', 'git', 'TypeScript', 'API', 'stack  trace'])(
    'treats a body mentioning "%s" as technical',
    (word) => {
      const content = readFixture('good-meeting-notes.md').replace(
        'Readers\nskim;',
        `Readers mention ${word} and\nskim;`,
      );
      const failed = failingChecksOf(content);
      expect(failed.map((c) => c.name)).toEqual(['code_examples']);
    },
  );

  it('exports a documented technical word list', () => {
    expect(TECHNICAL_WORDS).toEqual(
      expect.arrayContaining([
        'code',
        'sql',
        'api',
        'function',
        'command',
        'script',
        'migration',
        'query',
        'cli',
        'test',
        'deploy',
        'git',
        'database',
        'typescript',
        'python',
      ]),
    );
  });

  it('treats a technical name as technical', () => {
    const content = readFixture('good-meeting-notes.md').replace('name: meeting-notes', 'name: sql-meeting-notes');
    expect(failingChecksOf(content).map((c) => c.name)).toEqual(['code_examples']);
  });

  it('does not flag a short body for one or two filler words (denominator floor of 50 words)', () => {
    const content = readFixture('warn-body-too-short.md').replace('Be brief.', 'Be very brief, just kind.');
    expect(failingChecksOf(content).map((c) => c.name)).toEqual(['body_min_length']);
  });

  it('ignores filler words inside code blocks and tables', () => {
    const filler = 'just really very basically actually simply obviously '.repeat(20);
    const content = readFixture('good-git-bisect-debugging.md')
      .replace('git bisect reset\n```', `git bisect reset\n# ${filler}\n\`\`\``)
      .replace('| `git bisect log` |', `| ${filler} |\n| \`git bisect log\` |`);
    expect(failingChecksOf(content)).toEqual([]);
  });

  it('counts filler phrases by their number of words', () => {
    const base = readFixture('good-meeting-notes.md');
    const sentence = 'It is important to note that the notes matter. ';
    // 6 filler words per sentence; the prose has roughly 560 words, so 5 sentences (30 words) cross 0.04.
    const failed = failingChecksOf(base.replace('## When to Use\n', `${sentence.repeat(5)}\n\n## When to Use\n`));
    expect(failed.map((c) => c.name)).toEqual(['verbosity']);
    expect(failed[0]?.message).toContain('"it is important to note that"');
    expect(failingChecksOf(base.replace('## When to Use\n', `${sentence}\n\n## When to Use\n`))).toEqual([]);
  });
});

describe('rationalization evidence', () => {
  const skill = (table: string, redFlags: string) => `---
name: tdd-discipline
description: Enforces writing a failing test before production code. Use when implementing any feature or bugfix.
---

## Overview

Write the test first, watch it fail, then write the code that makes it pass. This keeps every change covered.

## When to Use

Every feature and every bug fix, without exceptions for small changes.

## Quick Reference

| Step | Action |
|---|---|
| Red | Write a failing test |
| Green | Make it pass |

\`\`\`bash
npm test
\`\`\`

## Common Rationalizations

| Excuse | Reality |
|---|---|
${table}

## Red Flags - STOP

${redFlags}

## Unrelated

| Too simple to test | Simple code breaks too. |
- Tests after achieve the same goals
`;
  const check = (report: SkillValidationReport) => report.checks.find((c) => c.name === 'rationalizations_countered');

  it('reports "no rationalizations to check" when none are given', () => {
    const content = skill('', '');
    for (const options of [undefined, {}, { rationalizations: [] }, { rationalizations: ['', '   '] }]) {
      expect(check(validateSkill(content, options))).toEqual({
        name: 'rationalizations_countered',
        passed: true,
        severity: 'CRITICAL',
        message: 'no rationalizations to check',
      });
    }
  });

  it('passes when every rationalization is countered by a table row or a red flag', () => {
    const content = skill(
      `| "Too simple to test" | Simple code breaks too; the test takes 30 seconds. |\n| I\u2019ll test after | Tests written after pass immediately and prove nothing. |`,
      `- Keeping the code "as reference" instead of deleting it\n* "This is different because..." means stop\n1. Tests after achieve the same goals - they do not`,
    );
    const report = validateSkill(content, {
      rationalizations: [
        'too simple to test!!',
        "I'll test after",
        'Keeping the code as reference',
        'This is different because',
        'TESTS AFTER ACHIEVE THE SAME GOALS',
        // the excuse cell is a substring of the rationalization ("vice versa")
        'It is too simple to test, honestly',
      ],
    });
    expect(check(report)).toEqual({
      name: 'rationalizations_countered',
      passed: true,
      severity: 'CRITICAL',
      message: null,
    });
    expect(report.passed).toBe(true);
  });

  it('fails listing exactly the uncountered rationalizations', () => {
    const content = skill('| Too simple to test | Simple code breaks too. |', '- Tests after achieve the same goals');
    const report = validateSkill(content, {
      rationalizations: [
        'Too simple to test',
        'Manual testing is enough',
        'Tests after achieve the same goals',
        'Deadline pressure',
      ],
    });
    const result = check(report);
    expect(result?.passed).toBe(false);
    expect(result?.message).toContain('not countered: "Manual testing is enough", "Deadline pressure"');
    expect(result?.message).not.toContain('Too simple');
    expect(result?.message).not.toContain('same goals');
    expect(report.errors).toEqual([result?.message]);
    expect(report.passed).toBe(false);
  });

  it('ignores the header row, rows without a counter and matches outside the two sections', () => {
    const content = skill('| Empty counter | |\n| Dash counter | - |', '');
    const report = validateSkill(content, {
      rationalizations: [
        'Excuse',
        'Empty counter',
        'Dash counter',
        'Too simple to test',
        'Tests after achieve the same goals',
      ],
    });
    expect(check(report)?.message).toContain(
      'not countered: "Excuse", "Empty counter", "Dash counter", "Too simple to test", "Tests after achieve the same goals"',
    );
  });

  it('does not treat a partial red flag as a counter (the item must contain the whole rationalization)', () => {
    const content = skill('', '- Tests after');
    const result = check(validateSkill(content, { rationalizations: ['Tests after achieve the same goals'] }));
    expect(result?.passed).toBe(false);
  });

  it('truncates long rationalizations to 80 characters and lists at most 5', () => {
    const long = `Never ${'x'.repeat(200)}`;
    const many = [
      long,
      'second excuse',
      'third excuse',
      'fourth excuse',
      'fifth excuse',
      'sixth excuse',
      'seventh excuse',
    ];
    const message = check(validateSkill(skill('', ''), { rationalizations: many }))?.message ?? '';
    expect(message).toContain(`"${long.slice(0, 80)}..."`);
    expect(message).not.toContain(long.slice(0, 81));
    expect(message).toContain('"fifth excuse" and 2 more');
    expect(message).not.toContain('sixth');
  });

  it('reports duplicate rationalizations once', () => {
    const message = check(
      validateSkill(skill('', ''), { rationalizations: ['Skip it', 'skip it!', 'SKIP IT'] }),
    )?.message;
    expect(message).toMatch(/not countered: "Skip it"$/);
  });
});

describe('parseSkillFrontmatter', () => {
  it('returns the mapping and the body', () => {
    const parsed = parseSkillFrontmatter(readFixture('good-postgres-migrations.md'));
    expect(parsed?.data['name']).toBe('postgres-migrations');
    expect(parsed?.data['allowed-tools']).toEqual(['Read', 'Edit', 'Bash']);
    expect(parsed?.data['metadata']).toEqual({
      author: 'platform-team',
      tags: ['postgres', 'migrations', 'databases'],
    });
    expect(parsed?.body.startsWith('\n# Zero-Downtime PostgreSQL Migrations\n')).toBe(true);
  });

  it('handles a BOM and CRLF line endings', () => {
    const parsed = parseSkillFrontmatter('\uFEFF---\r\nname: x\r\ndescription: y\r\n---\r\nbody\r\n');
    expect(parsed).toEqual({ data: { name: 'x', description: 'y' }, body: 'body\n' });
  });

  it.each([
    'bad-frontmatter-missing-opening.md',
    'bad-frontmatter-missing-closing.md',
    'bad-yaml-syntax-error.md',
    'bad-yaml-not-mapping.md',
    'bad-yaml-duplicate-key.md',
  ])('returns null for %s', (file) => {
    expect(parseSkillFrontmatter(readFixture(file))).toBeNull();
  });

  it.each([
    '',
    '---',
    '---\n---\n',
    '---\n42\n---\n',
    '---\n"text"\n---\n',
    '---\nnull\n---\n',
    '---\na: &a [*a]\n---\n',
  ])('returns null for %j', (content) => {
    expect(parseSkillFrontmatter(content)).toBeNull();
  });
});

describe('hostile input', () => {
  /** Deterministic pseudo-random string over the whole BMP (including lone surrogates and NUL). */
  function randomText(length: number, seed: number): string {
    let state = seed >>> 0;
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      codes[i] = state >>> 16;
    }
    let out = '';
    for (let i = 0; i < length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
    return out;
  }

  const goodSkill = readFixture('good-postgres-migrations.md');
  const frontmatter = goodSkill.slice(0, goodSkill.indexOf('\n---\n', 4) + 5);
  const aliasBomb = [
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
    'g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]',
  ].join('\n');
  let nestedBlock = '';
  for (let i = 0; i < 2000; i++) nestedBlock += `${' '.repeat(i)}k${i}:\n`;

  const cases: Array<[string, string, boolean]> = [
    // [label, content, whether frontmatter checks can pass]
    ['empty string', '', false],
    ['whitespace only', ' \n\t\n ', false],
    ['1 MB of random characters', randomText(1_000_000, 42), false],
    ['1 MB of random characters after an opening delimiter', `---\n${randomText(1_000_000, 7)}`, false],
    ['random YAML and a 1 MB random body', `---\n${randomText(20_000, 3)}\n---\n${randomText(1_000_000, 5)}`, false],
    ['NUL bytes', '\0'.repeat(100_000), false],
    ['NUL bytes inside the frontmatter', `---\nname: a\0b\ndescription: "Use when \0"\n---\n\0\0\0`, false],
    [
      'deeply nested flow YAML',
      `---\nname: x\ndescription: Use when x\nmetadata: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n---\nbody`,
      false,
    ],
    [
      'deeply nested block YAML',
      `---\nname: x\ndescription: Use when x\nmetadata:\n${nestedBlock.replace(/^/gm, '  ')}---\nbody`,
      false,
    ],
    ['recursive alias', '---\nname: x\ndescription: Use when x\nmetadata: &a [*a, *a]\n---\nbody', false],
    ['alias bomb', `---\nname: x\ndescription: Use when x\n${aliasBomb}\n---\nbody`, false],
    [
      'huge frontmatter',
      `---\nname: x\ndescription: Use when x\nmetadata:\n${'  k: v\n'.repeat(100_000)}---\nbody`,
      false,
    ],
    ['unterminated quoted scalar', `---\nname: "x\ndescription: ${'"'.repeat(100_000)}\n---\n`, false],
    ['10,000-line body', `${frontmatter}${'Some line of text about queries and nothing else.\n'.repeat(10_000)}`, true],
    [
      'backtracking bait in the body',
      `${frontmatter}${'#'.repeat(40_000)}\n${' '.repeat(40_000)}#\n${'|'.repeat(40_000)}\n${'`'.repeat(40_000)}\n${'- '.repeat(20_000)}\n${'`a'.repeat(20_000)}\n${'a'.repeat(30_000)}s!`,
      true,
    ],
    [
      'many matching section headings',
      `${frontmatter}${'## Red Flags\n- x\n### Common Rationalizations\n| a | b |\n'.repeat(8_000)}`,
      true,
    ],
    ['backtracking bait in the description', `---\nname: x\ndescription: "${'<a '.repeat(20_000)}"\n---\nbody`, false],
    [
      'lone surrogates and emoji',
      `---\nname: \uD800\ndescription: "\uDFFF 🎉 Use when"\n---\n# \uD83D When to Use 🎉\n`,
      false,
    ],
  ];

  it.each(cases)('never throws on: %s', (_label, content, frontmatterOk) => {
    const rationalizations = ['Too simple to test', '\uD800', 'x'.repeat(10_000)];
    const started = performance.now();
    const report = validateSkill(content, { rationalizations });
    const elapsed = performance.now() - started;
    expectWellFormed(report);
    expect(report.passed).toBe(false);
    expect(elapsed).toBeLessThan(3_000);
    if (!frontmatterOk) {
      expect(report.checks.slice(0, 12).some((c) => !c.passed)).toBe(true);
    }
    expect(validateSkill(content, { rationalizations })).toEqual(report);
    expect(() => parseSkillFrontmatter(content)).not.toThrow();
  });

  it('rejects recursive aliases and alias bombs in the frontmatter_yaml check', () => {
    const recursive = validateSkill('---\nname: x\ndescription: Use when x\nmetadata: &a [*a, *a]\n---\nbody');
    expect(recursive.checks.find((c) => c.name === 'frontmatter_yaml')?.passed).toBe(false);
    const bomb = validateSkill(`---\nname: x\ndescription: Use when x\n${aliasBomb}\n---\nbody`);
    expect(bomb.checks.find((c) => c.name === 'frontmatter_yaml')?.passed).toBe(false);
  });

  it('flags a 10,000-line body as too long', () => {
    const report = validateSkill(`${frontmatter}${'## When to Use\nSome line of text about queries.\n'.repeat(5_000)}`);
    const check = report.checks.find((c) => c.name === 'body_max_length');
    expect(check?.passed).toBe(false);
    expect(check?.message).toContain('10000 lines (maximum 500)');
  });

  it('survives non-string input from untyped callers', () => {
    for (const value of [undefined, null, 42, {}, []]) {
      const report = validateSkill(value as unknown as string, { rationalizations: 'nope' as unknown as string[] });
      expectWellFormed(report);
      expect(report.passed).toBe(false);
      expect(parseSkillFrontmatter(value as unknown as string)).toBeNull();
    }
  });
});
