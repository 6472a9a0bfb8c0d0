// The validator over the fixture corpus: every good skill passes with score 1, every bad one breaks exactly one
// rule; the check list, severities, weights and score.
import { describe, expect, it } from 'vitest';
import {
  CHECK_DEFINITIONS,
  PASS_THRESHOLD,
  SEVERITY_WEIGHTS,
  validateSkill,
} from '../resolvers/skill-content/validator';
import {
  readFixture,
  CHECK_ORDER,
  TOTAL_WEIGHT,
  severityOf,
  EXPECTATIONS,
  fixtureFiles,
  goodFiles,
  badFiles,
  expectWellFormed,
} from './helpers/skill-fixtures';

describe('fixture corpus', () => {
  it('has an expectation for every fixture file and a file for every expectation', () => {
    expect(fixtureFiles).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  it('has at least 43 fixtures, 10 good and 30 bad', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(43);
    expect(goodFiles.length).toBeGreaterThanOrEqual(10);
    expect(badFiles.length).toBeGreaterThanOrEqual(30);
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

    // Only warnings_limit fails because of other checks: the warnings that add up to it.
    const because = expected.warnings ?? [];
    const failed = report.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.name)).toEqual(
      CHECK_ORDER.filter((n) => n === expected.failingCheck || because.includes(n)),
    );
    const check = failed.find((c) => c.name === expected.failingCheck)!;
    expect(check.message).toContain(expected.messageIncludes);
    expect(report.passed).toBe(expected.passed);

    const severity = severityOf(expected.failingCheck);
    const lost = SEVERITY_WEIGHTS[severity] + because.length * SEVERITY_WEIGHTS.WARNING;
    expect(report.score).toBe(Math.round(((TOTAL_WEIGHT - lost) / TOTAL_WEIGHT) * 1000) / 1000);
    // A failed CRITICAL check is an error, a failed WARNING a warning, a failed INFO check neither.
    const messagesOf = (s: string) => failed.filter((c) => c.severity === s).map((c) => c.message);
    expect({ errors: report.errors, warnings: report.warnings }).toEqual({
      errors: severity === 'CRITICAL' ? [check.message] : [],
      warnings: severity === 'WARNING' ? [check.message] : messagesOf('WARNING'),
    });
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

const failingNames = (content: string) =>
  validateSkill(content)
    .checks.filter((c) => !c.passed)
    .map((c) => c.name);

describe('check list and score', () => {
  it('reports every check in a stable order with fixed severities', () => {
    expect(CHECK_DEFINITIONS.map((c) => c.name)).toEqual(CHECK_ORDER);
    expect(validateSkill('').checks.map((c) => [c.name, c.severity])).toEqual(
      CHECK_DEFINITIONS.map((c) => [c.name, c.severity]),
    );
    expect(CHECK_DEFINITIONS.filter((c) => c.severity === 'CRITICAL')).toHaveLength(15);
    expect(CHECK_DEFINITIONS.filter((c) => c.severity === 'WARNING')).toHaveLength(8);
    expect(CHECK_DEFINITIONS.filter((c) => c.severity === 'INFO')).toHaveLength(1);
  });

  it('uses weights CRITICAL 3, WARNING 1, INFO 0.5', () => {
    expect(SEVERITY_WEIGHTS).toEqual({ CRITICAL: 3, WARNING: 1, INFO: 0.5 });
    expect(TOTAL_WEIGHT).toBe(53.5);
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
    expect(report.score).toBe(0.963);
    expect(report.passed).toBe(true);
    expect(report.warnings).toHaveLength(2);

    // Three warnings still pass; a fourth fails warnings_limit, an error, whatever the score.
    const three = twoWarnings.replace('### Backfill in batches', 'TODO: more\n\n### Backfill in batches');
    expect(failingNames(three)).toEqual(['frontmatter_keys_kebab', 'quick_reference_section', 'placeholders']);
    expect(validateSkill(three).passed).toBe(true);
    const four = three.replace('### Backfill in batches', 'Run `npm test` first.\n\n### Backfill in batches');
    expect(failingNames(four)).toEqual([
      'frontmatter_keys_kebab',
      'quick_reference_section',
      'placeholders',
      'foreign_examples',
      'warnings_limit',
    ]);
    const failedFour = validateSkill(four);
    expect(failedFour.score).toBeGreaterThanOrEqual(PASS_THRESHOLD);
    expect(failedFour.passed).toBe(false);
    expect(failedFour.errors).toEqual([expect.stringContaining('too many warnings: 4 warning checks failed')]);

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
