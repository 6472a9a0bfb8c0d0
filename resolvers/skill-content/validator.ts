/**
 * Rule-based SKILL.md validator: composes the checks of ./checks/ (one file per part of the document) in a stable
 * order and scores them. Their limits, word lists and heading patterns live in ./rules.ts.
 *
 * A skill is a folder whose SKILL.md is YAML frontmatter + markdown that teaches an AI agent how to do something.
 * validateSkill() is deterministic, synchronous, does no I/O and never throws: every input string (empty, huge,
 * binary garbage) yields a report; input it cannot make sense of yields a failing one.
 *
 * CHECKS (stable order, stable names)                    severity   weight
 *   frontmatter_present      opening `---` (after optional BOM) and a closing `---` line   CRITICAL  3
 *   frontmatter_yaml         YAML parses (safely) and is a mapping                         CRITICAL  3
 *   name_present             `name` present and a non-empty string                         CRITICAL  3
 *   name_length              `name` is 1..64 characters                                    CRITICAL  3
 *   name_format              `name` matches ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ (kebab-case)      CRITICAL  3
 *   name_reserved_words      `name` (lowercased) contains none of RESERVED_NAME_WORDS as a
 *                            substring: anthropic, claude, openai, gpt                      CRITICAL  3
 *   description_present      `description` present and a non-empty string                  CRITICAL  3
 *   description_length       `description` is at most 1024 characters                      CRITICAL  3
 *   description_no_xml       `description` has no XML/HTML tag (<tag>, </tag>, <tag/>)     CRITICAL  3
 *   description_trigger      `description` contains a TRIGGER_PHRASES entry                CRITICAL  3
 *   optional_fields_types    license/version/compatibility: string; allowed-tools: string
 *                            or list of strings; metadata: mapping (when present)          CRITICAL  3
 *   frontmatter_keys_kebab   every top-level key is kebab-case                              WARNING   1
 *   when_to_use_section      a heading (# .. ######) matching /when to use/i               CRITICAL  3
 *   overview_section         a heading matching /overview/i                                INFO      0.5
 *   quick_reference_section  a heading matching /quick (start|reference)/i                 WARNING   1
 *   code_examples            technical skill (TECHNICAL_WORDS in name or body) has a fenced
 *                            code block (``` or ~~~)                                        WARNING   1
 *   body_min_length          trimmed body is at least 100 characters                       WARNING   1
 *   body_max_length          body is at most 500 lines and at most 5000 words              WARNING   1
 *   verbosity                filler ratio <= 0.04 (formula in ./verbosity.ts)               WARNING   1
 *   topicality               the instructions (not Overview, When to Use, quotes) use the
 *                            subject terms of the name and description (./checks/topicality.ts) CRITICAL  3
 *   placeholders             no TODO:/TBD/FIXME marker, lorem ipsum, {{...}}, <placeholder>
 *                            (PLACEHOLDER_PATTERNS)                                         WARNING   1
 *   foreign_examples         no FOREIGN_EXAMPLES identifier ("pull/123", "applyDiscount",
 *                            "npm test"...) unless the subject is its home (./checks/residue.ts) WARNING 1
 *   rationalizations_countered  each options.rationalizations entry has an explicit counter
 *                            (rules in ./rationalizations.ts); passes with "no
 *                            rationalizations to check" when none are given                CRITICAL  3
 *   warnings_limit           at most MAX_FAILED_WARNINGS (3) failed WARNING checks          CRITICAL  3
 *
 * Headings and fences are found by a linear scan of the first 200,000 body characters (./markdown.ts); line and
 * word counts use the whole body. Headings inside fenced code blocks do not count.
 *
 * SKIPPED CHECKS: a check whose input does not exist because another check already failed (e.g. the name rules
 * when the frontmatter is missing or is not a mapping, the description rules when there is no description) is
 * reported as passed with a message starting with "skipped:", so every defect is reported exactly once.
 * When the frontmatter is missing the whole content is treated as the body; when it is unclosed, everything
 * after the opening `---` line is.
 *
 * WARNINGS CAN FAIL: each warning alone is a flaw an author may accept (a missing Quick Reference, one long
 * section), but four of the eight (half of them) mean the draft was not worked over, so warnings_limit fails
 * then, as an error, whatever the score.
 *
 * SCORE: weights CRITICAL 3, WARNING 1, INFO 0.5 (15 critical + 8 warning + 1 info checks = 53.5 in total).
 *   score = sum(weights of passed checks) / sum(weights of all checks), rounded to 3 decimals.
 *   passed = errors.length === 0 && score >= PASS_THRESHOLD (0.75).
 * A skill with every check passing scores 1. One failed warning costs 1/53.5 (score 0.981), two 0.963; three
 * warnings plus the info check leave 50/53.5 = 0.935, and a fourth warning fails warnings_limit (an error), so
 * with the current checks PASS_THRESHOLD only guards against future checks/weights. A failed CRITICAL check
 * always fails the report (errors is non-empty) whatever the score.
 * errors = messages of failed CRITICAL checks, warnings = messages of failed WARNING checks (failed INFO checks
 * appear only in `checks`).
 */
import { bodyChecks } from './checks/body';
import { buildContext, fail, pass, type Check, type CheckContext, type Outcome } from './checks/context';
import { descriptionChecks } from './checks/description';
import { frontmatterChecks } from './checks/frontmatter';
import { nameChecks } from './checks/name';
import { residueChecks } from './checks/residue';
import { sectionChecks } from './checks/sections';
import { topicalityChecks } from './checks/topicality';

export type CheckSeverity = 'CRITICAL' | 'WARNING' | 'INFO';
export interface SkillCheck {
  name: string;
  passed: boolean;
  severity: CheckSeverity;
  message: string | null;
}
export interface SkillValidationReport {
  /** No errors (no failed CRITICAL check) AND score >= PASS_THRESHOLD. */
  passed: boolean;
  /** 0..1, rounded to 3 decimals. */
  score: number;
  /** Messages of failed CRITICAL checks. */
  errors: string[];
  /** Messages of failed WARNING checks. */
  warnings: string[];
  /** One entry per check, passed or not, in a stable order. */
  checks: SkillCheck[];
}
export const PASS_THRESHOLD = 0.75;
export interface ValidateSkillOptions {
  /** Rationalizations identified in TDD_RED; each must have an explicit counter in the skill. */
  rationalizations?: string[];
}

export const SEVERITY_WEIGHTS: Readonly<Record<CheckSeverity, number>> = { CRITICAL: 3, WARNING: 1, INFO: 0.5 };

type CheckName =
  | 'frontmatter_present'
  | 'frontmatter_yaml'
  | 'name_present'
  | 'name_length'
  | 'name_format'
  | 'name_reserved_words'
  | 'description_present'
  | 'description_length'
  | 'description_no_xml'
  | 'description_trigger'
  | 'optional_fields_types'
  | 'frontmatter_keys_kebab'
  | 'when_to_use_section'
  | 'overview_section'
  | 'quick_reference_section'
  | 'code_examples'
  | 'body_min_length'
  | 'body_max_length'
  | 'verbosity'
  | 'topicality'
  | 'placeholders'
  | 'foreign_examples'
  | 'rationalizations_countered'
  | 'warnings_limit';

/** Every check in report order with its severity. */
export const CHECK_DEFINITIONS: ReadonlyArray<{ name: CheckName; severity: CheckSeverity }> = [
  { name: 'frontmatter_present', severity: 'CRITICAL' },
  { name: 'frontmatter_yaml', severity: 'CRITICAL' },
  { name: 'name_present', severity: 'CRITICAL' },
  { name: 'name_length', severity: 'CRITICAL' },
  { name: 'name_format', severity: 'CRITICAL' },
  { name: 'name_reserved_words', severity: 'CRITICAL' },
  { name: 'description_present', severity: 'CRITICAL' },
  { name: 'description_length', severity: 'CRITICAL' },
  { name: 'description_no_xml', severity: 'CRITICAL' },
  { name: 'description_trigger', severity: 'CRITICAL' },
  { name: 'optional_fields_types', severity: 'CRITICAL' },
  { name: 'frontmatter_keys_kebab', severity: 'WARNING' },
  { name: 'when_to_use_section', severity: 'CRITICAL' },
  { name: 'overview_section', severity: 'INFO' },
  { name: 'quick_reference_section', severity: 'WARNING' },
  { name: 'code_examples', severity: 'WARNING' },
  { name: 'body_min_length', severity: 'WARNING' },
  { name: 'body_max_length', severity: 'WARNING' },
  { name: 'verbosity', severity: 'WARNING' },
  { name: 'topicality', severity: 'CRITICAL' },
  { name: 'placeholders', severity: 'WARNING' },
  { name: 'foreign_examples', severity: 'WARNING' },
  { name: 'rationalizations_countered', severity: 'CRITICAL' },
  { name: 'warnings_limit', severity: 'CRITICAL' },
];

/** Every check but warnings_limit, which judges the others' outcomes. */
const RULES: Record<Exclude<CheckName, 'warnings_limit'>, Check> = {
  ...frontmatterChecks,
  ...nameChecks,
  ...descriptionChecks,
  ...sectionChecks,
  ...bodyChecks,
  ...topicalityChecks,
  ...residueChecks,
};

/** A skill with this many failed WARNING checks fails (see the top of this file). */
export const MAX_FAILED_WARNINGS = 3;

function warningsLimit(checks: readonly SkillCheck[]): Outcome {
  const failed = checks.filter((c) => c.severity === 'WARNING' && !c.passed).map((c) => c.name);
  if (failed.length <= MAX_FAILED_WARNINGS) return pass();
  return fail(
    `too many warnings: ${failed.length} warning checks failed (${failed.join(', ')}); a skill passes with at most ${MAX_FAILED_WARNINGS}`,
  );
}

function buildReport(checks: SkillCheck[]): SkillValidationReport {
  let total = 0;
  let earned = 0;
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const check of checks) {
    const weight = SEVERITY_WEIGHTS[check.severity];
    total += weight;
    if (check.passed) earned += weight;
    else if (check.severity === 'CRITICAL') errors.push(check.message ?? check.name);
    else if (check.severity === 'WARNING') warnings.push(check.message ?? check.name);
  }
  const score = total === 0 ? 0 : Math.round((earned / total) * 1000) / 1000;
  return { passed: errors.length === 0 && score >= PASS_THRESHOLD, score, errors, warnings, checks };
}

/** Validates a SKILL.md. Never throws; see the comment at the top of this file for the rules and scoring. */
export function validateSkill(content: string, options?: ValidateSkillOptions): SkillValidationReport {
  let ctx: CheckContext | null = null;
  try {
    ctx = buildContext(content, options);
  } catch {
    ctx = null;
  }
  const checks: SkillCheck[] = CHECK_DEFINITIONS.map(({ name, severity }) => {
    let outcome: Outcome;
    if (!ctx) {
      outcome = fail(`${name}: the input could not be read as a SKILL.md`);
    } else if (name === 'warnings_limit') {
      outcome = pass(); // decided below, once every other check has run
    } else {
      try {
        outcome = RULES[name](ctx);
      } catch {
        outcome = fail(`${name}: the check could not be evaluated on this input`);
      }
    }
    return { name, passed: outcome.passed, severity, message: outcome.message };
  });
  if (ctx) {
    const limit = checks.findIndex((c) => c.name === 'warnings_limit');
    const outcome = warningsLimit(checks);
    checks[limit] = { ...checks[limit]!, passed: outcome.passed, message: outcome.message };
  }
  return buildReport(checks);
}
