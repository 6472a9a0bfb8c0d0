/**
 * Rule-based SKILL.md validator.
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
 *   rationalizations_countered  each options.rationalizations entry has an explicit counter
 *                            (rules in ./rationalizations.ts); passes with "no
 *                            rationalizations to check" when none are given                CRITICAL  3
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
 * SCORE: weights CRITICAL 3, WARNING 1, INFO 0.5 (13 critical + 6 warning + 1 info checks = 45.5 in total).
 *   score = sum(weights of passed checks) / sum(weights of all checks), rounded to 3 decimals.
 *   passed = errors.length === 0 && score >= PASS_THRESHOLD (0.75).
 * A skill with every check passing scores 1. One failed warning costs 1/45.5 (score 0.978), two 0.956; even all
 * six warnings plus the info check failing leave 39/45.5 = 0.857, so with the current checks a skill without
 * CRITICAL failures always passes and PASS_THRESHOLD only guards against future checks/weights. A failed
 * CRITICAL check always fails the report (errors is non-empty) whatever the score.
 * errors = messages of failed CRITICAL checks, warnings = messages of failed WARNING checks (failed INFO checks
 * appear only in `checks`).
 */
import { normalizeContent, parseYamlMapping, splitFrontmatter, type FrontmatterSplit } from './frontmatter';
import { hasHeading, type MdDoc, MAX_SCAN_CHARS, scanMarkdown } from './markdown';
import { findUncountered } from './rationalizations';
import { FILLER_RATIO_THRESHOLD, measureVerbosity } from './verbosity';

export { parseSkillFrontmatter } from './frontmatter';

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

export const NAME_MAX_LENGTH = 64;
export const DESCRIPTION_MAX_LENGTH = 1024;
export const BODY_MIN_CHARS = 100;
export const BODY_MAX_LINES = 500;
export const BODY_MAX_WORDS = 5000;
export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A name containing any of these (case-insensitive substring, so `gpt4-helper` and `my-claude` both fail). */
export const RESERVED_NAME_WORDS: readonly string[] = ['anthropic', 'claude', 'openai', 'gpt'];

/**
 * The description must contain one of these (case-insensitive, whitespace collapsed, not inside a longer word:
 * "Use for" matches "Use for X" but not "Reuse for"). Entries ending with ':' only need the colon after them.
 */
export const TRIGGER_PHRASES: readonly string[] = [
  'use when',
  'use this when',
  'use this skill when',
  'use it when',
  'use whenever',
  'use this whenever',
  'use this skill whenever',
  'use for',
  'use this for',
  'use this skill for',
  'use it for',
  'use if',
  'use this if',
  'use this skill if',
  'when you need',
  'when you want',
  'when the user',
  'when asked to',
  'triggers:',
  'trigger:',
  'triggered when',
  'triggered by',
];

/**
 * A skill "looks technical" when its name or body contains one of these as a whole word (case-insensitive),
 * optionally followed by s, es, d, ed or ing ("tests", "deployed", "migrations", "querying"...).
 */
export const TECHNICAL_WORDS: readonly string[] = [
  'code',
  'coding',
  'sql',
  'api',
  'function',
  'command',
  'script',
  'migration',
  'query',
  'queries',
  'cli',
  'test',
  'deploy',
  'deployment',
  'git',
  'database',
  'typescript',
  'javascript',
  'python',
  'bash',
  'shell',
  'terminal',
  'compiler',
  'endpoint',
  'schema',
  'regex',
  'json',
  'yaml',
  'docker',
  'kubernetes',
  'npm',
  'repository',
  'commit',
  'debugger',
  'graphql',
  'http',
  'postgres',
  'postgresql',
  'react',
  'sdk',
  'stack trace',
];

export const WHEN_TO_USE_HEADING = /when to use/i;
export const QUICK_REFERENCE_HEADING = /quick (start|reference)/i;
export const OVERVIEW_HEADING = /overview/i;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const TRIGGER_PATTERNS: RegExp[] = TRIGGER_PHRASES.map(
  (p) => new RegExp(`(?:^|[^a-z0-9])${escapeRegExp(p)}${p.endsWith(':') ? '' : '(?![a-z0-9])'}`),
);
const TECHNICAL_PATTERN = new RegExp(
  `\\b(${TECHNICAL_WORDS.map((w) => escapeRegExp(w).replace(/ /g, '\\s+')).join('|')})(?:s|es|d|ed|ing)?\\b`,
  'gi',
);
/** <tag>, </tag>, <tag/>, <tag attr="x">. Linear: [^<>]* stops at the next angle bracket. */
const XML_TAG = /<\/?[a-z][a-z0-9_.:-]*(?:\s[^<>]*)?\/?>/i;

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
  | 'rationalizations_countered';

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
  { name: 'rationalizations_countered', severity: 'CRITICAL' },
];

/** Outcome of one check: passed with an optional note, or failed with a message. */
type Outcome = { passed: true; message: string | null } | { passed: false; message: string };

const pass = (message: string | null = null): Outcome => ({ passed: true, message });
const fail = (message: string): Outcome => ({ passed: false, message });
const skip = (reason: string): Outcome => ({ passed: true, message: `skipped: ${reason}` });

/** Shortens a value for a message: JSON-quoted, at most `max` characters. */
function quote(value: string, max = 80): string {
  const short = value.length > max ? `${value.slice(0, max)}...` : value;
  return JSON.stringify(short);
}

function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

function isPlainMapping(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map);
}

function has(data: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(data, key);
}

/** Number of lines (trailing whitespace ignored) and whitespace-separated words. Linear, no allocation. */
function countLinesAndWords(body: string): { lines: number; words: number } {
  const text = body.trimEnd();
  if (text.length === 0) return { lines: 0, words: 0 };
  let lines = 1;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;
    if (c === 10) lines++;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return { lines, words };
}

interface Context {
  split: FrontmatterSplit;
  /** Parsed frontmatter mapping, or null when missing/invalid. */
  data: Record<string, unknown> | null;
  yamlError: string | null;
  body: string;
  md: MdDoc;
  rationalizations: unknown[];
}

function buildContext(content: unknown, options: unknown): Context {
  const text = normalizeContent(content);
  const split = splitFrontmatter(text);
  let data: Record<string, unknown> | null = null;
  let yamlError: string | null = null;
  if (split.kind === 'ok') {
    const parsed = parseYamlMapping(split.yaml);
    if (parsed.ok) data = parsed.data;
    else yamlError = parsed.message;
  }
  const body = split.body;
  let rationalizations: unknown[] = [];
  if (options !== null && typeof options === 'object') {
    const list = (options as { rationalizations?: unknown }).rationalizations;
    if (Array.isArray(list)) rationalizations = list;
  }
  return { split, data, yamlError, body, md: scanMarkdown(body), rationalizations };
}

const NO_FRONTMATTER = 'frontmatter is missing or invalid';

function nameValue(ctx: Context): string | null {
  const name = ctx.data?.['name'];
  return typeof name === 'string' && name.length > 0 ? name : null;
}

function descriptionValue(ctx: Context): string | null {
  const description = ctx.data?.['description'];
  return typeof description === 'string' && description.trim().length > 0 ? description : null;
}

const RULES: Record<CheckName, (ctx: Context) => Outcome> = {
  frontmatter_present(ctx) {
    if (ctx.split.kind === 'missing') {
      return fail('frontmatter must start with a "---" line at the very top of the file (YAML frontmatter is missing)');
    }
    if (ctx.split.kind === 'unclosed') {
      return fail('frontmatter must be closed by a "---" line after the YAML (closing delimiter not found)');
    }
    return pass();
  },

  frontmatter_yaml(ctx) {
    if (ctx.split.kind !== 'ok') return skip('no frontmatter block');
    return ctx.yamlError === null ? pass() : fail(ctx.yamlError);
  },

  name_present(ctx) {
    if (!ctx.data) return skip(NO_FRONTMATTER);
    if (!has(ctx.data, 'name')) return fail('name is required in the frontmatter');
    const name = ctx.data['name'];
    if (typeof name !== 'string') return fail(`name must be a string: got ${describeType(name)}`);
    if (name.length === 0) return fail('name must not be empty');
    return pass();
  },

  name_length(ctx) {
    const name = nameValue(ctx);
    if (name === null) return skip('no name');
    return name.length <= NAME_MAX_LENGTH
      ? pass()
      : fail(`name must be 1..${NAME_MAX_LENGTH} characters: got ${name.length}`);
  },

  name_format(ctx) {
    const name = nameValue(ctx);
    if (name === null) return skip('no name');
    return KEBAB_CASE.test(name)
      ? pass()
      : fail(
          `name must be kebab-case (lowercase letters, digits and single hyphens, starting with a letter): got ${quote(name)}`,
        );
  },

  name_reserved_words(ctx) {
    const name = nameValue(ctx);
    if (name === null) return skip('no name');
    const lower = name.toLowerCase();
    const found = RESERVED_NAME_WORDS.filter((word) => lower.includes(word));
    return found.length === 0
      ? pass()
      : fail(
          `name must not contain reserved vendor words (${RESERVED_NAME_WORDS.join(', ')}): got ${quote(name)}, which contains ${found
            .map((w) => `"${w}"`)
            .join(', ')}`,
        );
  },

  description_present(ctx) {
    if (!ctx.data) return skip(NO_FRONTMATTER);
    if (!has(ctx.data, 'description')) return fail('description is required in the frontmatter');
    const description = ctx.data['description'];
    if (typeof description !== 'string') return fail(`description must be a string: got ${describeType(description)}`);
    if (description.trim().length === 0) return fail('description must not be empty');
    return pass();
  },

  description_length(ctx) {
    const description = descriptionValue(ctx);
    if (description === null) return skip('no description');
    return description.length <= DESCRIPTION_MAX_LENGTH
      ? pass()
      : fail(`description must be at most ${DESCRIPTION_MAX_LENGTH} characters: got ${description.length}`);
  },

  description_no_xml(ctx) {
    const description = descriptionValue(ctx);
    if (description === null) return skip('no description');
    const tag = XML_TAG.exec(description.slice(0, MAX_SCAN_CHARS));
    return tag ? fail(`description must not contain XML/HTML tags: found ${quote(tag[0], 60)}`) : pass();
  },

  description_trigger(ctx) {
    const description = descriptionValue(ctx);
    if (description === null) return skip('no description');
    const text = description.slice(0, MAX_SCAN_CHARS).toLowerCase().replace(/\s+/g, ' ');
    return TRIGGER_PATTERNS.some((pattern) => pattern.test(text))
      ? pass()
      : fail(
          'description must say when to use the skill with a trigger phrase such as "Use when ...", "Use this when ...", "Use for ...", "when you need ..." or "Triggers: ..."',
        );
  },

  optional_fields_types(ctx) {
    if (!ctx.data) return skip(NO_FRONTMATTER);
    const data = ctx.data;
    const problems: string[] = [];
    for (const key of ['license', 'version', 'compatibility']) {
      if (has(data, key) && typeof data[key] !== 'string') {
        problems.push(`${key} must be a string (got ${describeType(data[key])})`);
      }
    }
    if (has(data, 'allowed-tools')) {
      const tools = data['allowed-tools'];
      const ok = typeof tools === 'string' || (Array.isArray(tools) && tools.every((t) => typeof t === 'string'));
      if (!ok) problems.push(`allowed-tools must be a string or a list of strings (got ${describeType(tools)})`);
    }
    if (has(data, 'metadata') && !isPlainMapping(data['metadata'])) {
      problems.push(`metadata must be a mapping (got ${describeType(data['metadata'])})`);
    }
    return problems.length === 0 ? pass() : fail(`frontmatter field has the wrong type: ${problems.join('; ')}`);
  },

  frontmatter_keys_kebab(ctx) {
    if (!ctx.data) return skip(NO_FRONTMATTER);
    const bad = Object.keys(ctx.data).filter((key) => !KEBAB_CASE.test(key));
    if (bad.length === 0) return pass();
    const listed = bad.slice(0, 5).map((k) => quote(k, 40));
    const more = bad.length > 5 ? ` and ${bad.length - 5} more` : '';
    return fail(`frontmatter keys should be kebab-case (e.g. "allowed-tools"): ${listed.join(', ')}${more}`);
  },

  when_to_use_section(ctx) {
    return hasHeading(ctx.md, WHEN_TO_USE_HEADING)
      ? pass()
      : fail('body must have a "When to Use" section (a markdown heading such as "## When to Use")');
  },

  overview_section(ctx) {
    return hasHeading(ctx.md, OVERVIEW_HEADING)
      ? pass()
      : fail('body has no "Overview" section (a heading such as "## Overview" helps an agent orient itself)');
  },

  quick_reference_section(ctx) {
    return hasHeading(ctx.md, QUICK_REFERENCE_HEADING)
      ? pass()
      : fail('body should have a "Quick Reference" or "Quick Start" section (a heading such as "## Quick Reference")');
  },

  code_examples(ctx) {
    if (ctx.md.fenceCount > 0) return pass();
    const name = nameValue(ctx) ?? '';
    const haystack = `${name.slice(0, 1000)}\n${ctx.body.slice(0, MAX_SCAN_CHARS)}`;
    const found: string[] = [];
    for (const match of haystack.matchAll(TECHNICAL_PATTERN)) {
      const word = (match[1] ?? '').toLowerCase();
      if (!found.includes(word)) found.push(word);
      if (found.length >= 3) break;
    }
    if (found.length === 0) return pass('not a technical skill; no code block needed');
    return fail(
      `technical skill (mentions ${found.map((w) => `"${w}"`).join(', ')}) should include at least one fenced code block (\`\`\` or ~~~)`,
    );
  },

  body_min_length(ctx) {
    const length = ctx.body.trim().length;
    return length >= BODY_MIN_CHARS
      ? pass()
      : fail(`body is too short: ${length} characters (minimum ${BODY_MIN_CHARS})`);
  },

  body_max_length(ctx) {
    const { lines, words } = countLinesAndWords(ctx.body);
    const problems: string[] = [];
    if (lines > BODY_MAX_LINES) problems.push(`${lines} lines (maximum ${BODY_MAX_LINES})`);
    if (words > BODY_MAX_WORDS) problems.push(`${words} words (maximum ${BODY_MAX_WORDS})`);
    return problems.length === 0
      ? pass()
      : fail(`body is too long for an agent's context: ${problems.join(', ')}; move details to reference files`);
  },

  verbosity(ctx) {
    const v = measureVerbosity(ctx.md);
    if (v.ratio <= FILLER_RATIO_THRESHOLD) return pass();
    const examples = v.examples
      .slice(0, 5)
      .map((e) => `"${e}"`)
      .join(', ');
    return fail(
      `prose is filler-heavy: filler ratio ${v.ratio.toFixed(3)} > ${FILLER_RATIO_THRESHOLD} (${v.fillerWords} filler words in ${v.proseWords}; e.g. ${examples})`,
    );
  },

  rationalizations_countered(ctx) {
    const usable = ctx.rationalizations.filter((r) => typeof r === 'string' && r.trim() !== '');
    if (usable.length === 0) return pass('no rationalizations to check');
    const missing = findUncountered(ctx.md, usable);
    if (missing.length === 0) return pass();
    const listed = missing.slice(0, 5).map((r) => quote(r, 80));
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    return fail(
      `every rationalization needs an explicit counter (a row in a "Common Rationalizations" table or an item under "Red Flags"); not countered: ${listed.join(', ')}${more}`,
    );
  },
};

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
  let ctx: Context | null = null;
  try {
    ctx = buildContext(content, options);
  } catch {
    ctx = null;
  }
  const checks: SkillCheck[] = CHECK_DEFINITIONS.map(({ name, severity }) => {
    let outcome: Outcome;
    if (!ctx) {
      outcome = fail(`${name}: the input could not be read as a SKILL.md`);
    } else {
      try {
        outcome = RULES[name](ctx);
      } catch {
        outcome = fail(`${name}: the check could not be evaluated on this input`);
      }
    }
    return { name, passed: outcome.passed, severity, message: outcome.message };
  });
  return buildReport(checks);
}
