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
    expect(failed[0]?.message).toContain(expected.messageIncludes);
    expect(report.passed).toBe(expected.passed);

    const severity = severityOf(expected.failingCheck);
    const expectedScore = Math.round(((TOTAL_WEIGHT - SEVERITY_WEIGHTS[severity]) / TOTAL_WEIGHT) * 1000) / 1000;
    expect(report.score).toBe(expectedScore);
    // A failed CRITICAL check is an error, a failed WARNING a warning, a failed INFO check neither.
    const message = failed[0]!.message;
    expect({ errors: report.errors, warnings: report.warnings }).toEqual({
      errors: severity === 'CRITICAL' ? [message] : [],
      warnings: severity === 'WARNING' ? [message] : [],
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
