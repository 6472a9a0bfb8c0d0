// The limits and word lists of a SKILL.md, one home for each: the validator checks them, the authors write to them.

export const NAME_MAX_LENGTH = 64;
export const DESCRIPTION_MAX_LENGTH = 1024;
export const BODY_MIN_CHARS = 100;
export const BODY_MAX_LINES = 500;
export const BODY_MAX_WORDS = 5000;
/** A skill name, and every frontmatter key: lowercase letters, digits and single hyphens, starting with a letter. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A name containing any of these (case-insensitive substring, so `gpt4-helper` and `my-claude` both fail). */
export const RESERVED_NAME_WORDS: readonly string[] = ['anthropic', 'claude', 'openai', 'gpt'];

/** The reserved words `text` contains (case-insensitive substrings), in list order. */
export function reservedWordsIn(text: string): string[] {
  const lower = text.toLowerCase();
  return RESERVED_NAME_WORDS.filter((word) => lower.includes(word));
}

/** A name the validator accepts: 1..64 characters, kebab-case, no reserved word. */
export function isValidSkillName(name: string): boolean {
  return (
    name.length >= 1 && name.length <= NAME_MAX_LENGTH && KEBAB_CASE.test(name) && reservedWordsIn(name).length === 0
  );
}

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
export const RATIONALIZATION_SECTION = /rationali[sz]ation/i;
export const RED_FLAGS_SECTION = /red flags?/i;

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

/** Whether a description (lowercased, whitespace collapsed by the caller) says when to use the skill. */
export function hasTriggerPhrase(normalizedDescription: string): boolean {
  return TRIGGER_PATTERNS.some((pattern) => pattern.test(normalizedDescription));
}

/** The first XML/HTML tag in `text`, or null. */
export function findXmlTag(text: string): string | null {
  return XML_TAG.exec(text)?.[0] ?? null;
}

/** The distinct TECHNICAL_WORDS in `text` (lowercased, in order of appearance), at most `max`. */
export function technicalWordsIn(text: string, max: number): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(TECHNICAL_PATTERN)) {
    const word = (match[1] ?? '').toLowerCase();
    if (!found.includes(word)) found.push(word);
    if (found.length >= max) break;
  }
  return found;
}
