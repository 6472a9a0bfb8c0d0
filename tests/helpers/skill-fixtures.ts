// The SKILL.md fixture corpus (tests/fixtures/skills) with what the validator must say about each file, and the
// assertions every report must satisfy. Shared by the tests/skill-validator-*.test.ts files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  CHECK_DEFINITIONS,
  PASS_THRESHOLD,
  SEVERITY_WEIGHTS,
  validateSkill,
  type CheckSeverity,
  type SkillValidationReport,
} from '../../resolvers/skill-content/validator';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'skills');
export const readFixture = (file: string): string => readFileSync(path.join(FIXTURES, file), 'utf8');

export const CHECK_ORDER = [
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
  'topicality',
  'placeholders',
  'foreign_examples',
  'rationalizations_countered',
  'warnings_limit',
];
export const TOTAL_WEIGHT = CHECK_DEFINITIONS.reduce((sum, c) => sum + SEVERITY_WEIGHTS[c.severity], 0);
/** The severity of a check; throws for a name that is not a check, so a typo cannot pass as some severity. */
export function severityOf(name: string): CheckSeverity {
  const definition = CHECK_DEFINITIONS.find((c) => c.name === name);
  if (!definition) throw new Error(`no check named ${name}`);
  return definition.severity;
}

/**
 * A good fixture passes every check; a bad one fails exactly `failingCheck` with a message containing
 * `messageIncludes` (and, for warnings_limit, the warning checks `warnings` that make it fail).
 */
export type Expectation =
  | { passed: true; failingCheck: null; rationalizations?: string[] }
  | {
      passed: boolean;
      failingCheck: string;
      messageIncludes: string;
      rationalizations?: string[];
      warnings?: string[];
    };

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
 * Expected outcome of every fixture. Bad fixtures break exactly one rule, so exactly one check fails (except
 * bad-too-many-warnings.md: four warnings, which is what fails warnings_limit).
 * Warning-only (and info-only) fixtures still pass: one failed WARNING costs 1 of 53.5 weight points
 * (score 0.981 >= PASS_THRESHOLD) and only CRITICAL failures produce errors.
 */
export const EXPECTATIONS: Record<string, Expectation> = {
  'good-api-pagination-design.md': good,
  'good-code-review-checklist.md': good,
  'good-django-idempotent-migrations.md': good,
  'good-flaky-ci-triage.md': good,
  'good-terraform-plan-review.md': good,
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

  'bad-topicality-off-topic.md': {
    passed: false,
    failingCheck: 'topicality',
    messageIncludes: "the body never addresses 'terraform', 'destructive'",
  },
  'bad-too-many-warnings.md': {
    passed: false,
    failingCheck: 'warnings_limit',
    messageIncludes: 'too many warnings: 4 warning checks failed',
    warnings: ['frontmatter_keys_kebab', 'quick_reference_section', 'placeholders', 'foreign_examples'],
  },

  'warn-placeholder-todo.md': { passed: true, failingCheck: 'placeholders', messageIncludes: '"TODO"' },
  'warn-foreign-example.md': {
    passed: true,
    failingCheck: 'foreign_examples',
    messageIncludes: `examples from another domain's template: "pull/123", "npm test"`,
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

export const fixtureFiles = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.md'))
  .sort();
export const goodFiles = Object.keys(EXPECTATIONS).filter((f) => EXPECTATIONS[f]?.failingCheck === null);
export const badFiles = Object.keys(EXPECTATIONS).filter((f) => EXPECTATIONS[f]?.failingCheck !== null);

export function expectWellFormed(report: SkillValidationReport): void {
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
export function failingChecksOf(content: string, options?: { rationalizations?: string[] }) {
  return validateSkill(content, options).checks.filter((c) => !c.passed);
}
