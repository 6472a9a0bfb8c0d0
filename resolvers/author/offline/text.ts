// Small, pure text helpers for the offline author: stable hashing, words, markdown-safe quoting and trimming.
// Nothing here reads the clock or a random source, so every output is reproducible.

import { DESCRIPTION_MAX_LENGTH } from '../../skill-content/rules';
import { FILLER_WORDS } from '../../skill-content/verbosity';
import { withoutControlCharacters } from '../../text-input';
import { VAGUE_ANSWERS } from './words';

/** FNV-1a, 32 bit. Stable across runs and platforms; used where a deterministic choice is needed. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Collapses every run of whitespace (newlines included) into one space and trims. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Lowercase alphanumeric words. Possessive "'s" is dropped and apostrophes are removed ("don't" -> "dont"). */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Number of words carrying content in an answer: whitespace tokens containing a letter or digit; 0 for "idk", "n/a", ... */
export function answerWordCount(text: string): number {
  const normalized = wordsOf(text).join(' ');
  if (VAGUE_ANSWERS.has(normalized)) return 0;
  return text.split(/\s+/).filter((t) => /[a-z0-9]/i.test(t)).length;
}

/** One line of prose safe to embed in markdown: whitespace collapsed, code fences neutralized, at most `max` chars. */
export function inline(text: string, max = 400): string {
  const clean = collapse(withoutControlCharacters(text.replace(/`{3,}/g, "'''")));
  return truncate(clean, max);
}

/** A markdown table cell: like `inline` and no `|`. */
export function cell(text: string, max = 400): string {
  return inline(text, max).replace(/\|/g, '/');
}

/**
 * Cuts `text` to at most `max` chars with "..." appended: at the last sentence end, else the last clause boundary
 * (`;`, `,`, `:`, ` - `), else the last space, that leaves more than a third of the budget; never inside parentheses
 * or brackets (a cut there would leave "(databases, buckets" open).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const budget = Math.max(0, max - 3);
  let depth = 0;
  let sentence = -1;
  let clause = -1;
  let space = -1;
  for (let i = 0; i < budget && i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    if (depth > 0) continue;
    if (ch === ' ') space = i;
    if (text[i + 1] !== ' ' || i + 1 > budget) continue;
    if (/[.!?]/.test(ch)) sentence = i + 1;
    else if (/[;,:]/.test(ch) || (ch === ' ' && text[i + 1] === '-')) clause = i;
  }
  const floor = max / 3;
  const cut = sentence > floor ? sentence : clause > floor ? clause : space > floor ? space : budget;
  return text.slice(0, cut).replace(/[\s,;:.-]+$/, '') + '...';
}

/** English an article must agree with: "an idempotent", "a user", "an SSH key", "a one-line change". */
/** Capitalized words read letter by letter although they have a vowel ("a URL", "an API"). */
const SPELLED = new Set([
  'UTF',
  'URI',
  'UDP',
  'IP',
  'ID',
  'IDS',
  'URL',
  'URLS',
  'UTC',
  'API',
  'APIS',
  'UI',
  'IDE',
  'AWS',
  'ETL',
  'SSO',
  'ADR',
  'ADRS',
  'ORM',
  'IAM',
  'UUID',
  'USB',
  'UX',
  'OS',
  'SLA',
  'SLO',
  'EU',
  'US',
  'IO',
]);

/** English an article must agree with: "an idempotent", "a user", "an SSH key", "a one-line change", "an UPDATE". */
function needsAn(word: string): boolean {
  // Acronyms are spelled ("an SQL", "a URL"); a capitalized word with a vowel is read ("a NOT NULL", "an UPDATE").
  if (/^[A-Z]{2,}/.test(word) && (SPELLED.has(word.replace(/[^A-Z]/g, '')) || !/[AEIOU]/.test(word)))
    return /^[AEFHILMNORSX]/.test(word);
  const w = word.toLowerCase();
  if (/^(?:one|once|u[bcdfghjklmnpqrstvwxyz][aeiou]|uni|use|usu|eu|ewe)/.test(w)) return false;
  if (/^(?:hour|honest|honou?r|heir)/.test(w)) return true;
  return /^[aeiou]/.test(w);
}

/** Prose fixes for generated text: "a" / "an" agreement and a word written twice in a row ("on on-call"). */
export function polish(text: string): string {
  return text
    .replace(/\b(a|an|A|An)\s+([A-Za-z][\w-]*)/g, (m, article: string, word: string) => {
      const an = needsAn(word);
      const fixed = an ? 'an' : 'a';
      if (article.toLowerCase() === fixed) return m;
      return `${article[0] === 'A' ? capitalize(fixed) : fixed} ${word}`;
    })
    .replace(/\b([A-Za-z]+)\s+\1\b(?![-\w])/gi, '$1');
}

/** Splits an answer into clauses: lines, bullets, semicolons and sentences. */
export function splitClauses(text: string): string[] {
  return text
    .split(/\r?\n+|;\s*|(?<=[.!?])\s+|\s+•\s+/)
    .map((c) =>
      c
        .replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '')
        .trim()
        .replace(/[.!?]+$/, ''),
    )
    .filter((c) => answerWordCount(c) >= 2);
}

export function stripFiller(text: string): string {
  return collapse(text.replace(new RegExp(`\\b(?:${FILLER_WORDS.join('|')})\\b\\s*`, 'gi'), ''));
}

export function fillerFound(text: string): string[] {
  const words = new Set(wordsOf(text));
  return FILLER_WORDS.filter((f) => words.has(f));
}

/** A description that satisfies the frontmatter rules: one line, no angle brackets, no `: `, <= 1024 chars. */
export function sanitizeDescription(text: string): string {
  return truncate(
    collapse(
      text
        .replace(/[<>]/g, ' ')
        .replace(/:(\s|$)/g, ' -$1')
        .replace(/\s#+/g, ' '),
    ).replace(/^[^A-Za-z(]+/, ''),
    DESCRIPTION_MAX_LENGTH,
  );
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lowerFirst(text: string): string {
  // Keep acronyms ("SQL queries") and proper nouns written in caps as they are.
  if (/^[A-Z]{2,}/.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
