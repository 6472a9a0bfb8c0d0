// The validator's body rules (sections, code examples, length, filler) and the rationalization evidence check.
import { describe, expect, it } from 'vitest';
import { TECHNICAL_WORDS } from '../resolvers/skill-content/rules';
import { validateSkill, type SkillValidationReport } from '../resolvers/skill-content/validator';
import { readFixture, failingChecksOf } from './helpers/skill-fixtures';

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
  const check = (report: SkillValidationReport) => {
    const found = report.checks.find((c) => c.name === 'rationalizations_countered');
    if (!found) throw new Error('the report has no rationalizations_countered check');
    return found;
  };

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
    const message = check(validateSkill(skill('', ''), { rationalizations: many })).message;
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
