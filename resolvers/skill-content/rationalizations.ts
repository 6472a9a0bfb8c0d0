/**
 * TDD evidence: every rationalization observed in the RED phase must have an explicit counter in the skill.
 *
 * A rationalization R is countered when either
 *  1. a table row `| <excuse> | <reality> | ...` sits in a section whose heading matches /rationali[sz]ation/i,
 *     normalize(excuse) is non-empty, normalize(R) is a substring of normalize(excuse) or vice versa, and
 *     normalize(reality) is non-empty (header rows, i.e. rows followed by a `|---|` row, and delimiter rows
 *     are ignored); or
 *  2. a list item (`- `, `* `, `+ `, `1. `, `1) `) in a section whose heading matches /red flags?/i has a
 *     normalized text that contains normalize(R).
 *
 * normalize(s): Unicode NFKD, lowercase, curly quotes/apostrophes to straight ones, whitespace to spaces, every
 * character other than a-z, 0-9 and space removed, whitespace collapsed, trimmed. (NFKD first means accented
 * letters keep their base letter: "naïve" -> "naive".)
 *
 * Rationalizations that are not strings or normalize to '' are ignored; duplicates (after normalizing) are
 * reported once. At most MAX_RATIONALIZATIONS entries of at most MAX_RATIONALIZATION_CHARS characters each are
 * considered.
 */
import { type MdDoc, isTableRow, isTableSeparator, listItemText, sectionLines, tableCells } from './markdown';
import { RATIONALIZATION_SECTION, RED_FLAGS_SECTION } from './rules';

const MAX_RATIONALIZATIONS = 500;
const MAX_RATIONALIZATION_CHARS = 2_000;

export function normalizeText(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u02bc]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/\s/g, ' ')
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

interface Counters {
  /** [normalized excuse, normalized reality] pairs from rationalization tables. */
  rows: Array<[string, string]>;
  /** Normalized red-flag list items. */
  redFlags: string[];
}

export function collectCounters(doc: MdDoc): Counters {
  const rows: Array<[string, string]> = [];
  const tableLines = sectionLines(doc, RATIONALIZATION_SECTION);
  for (let i = 0; i < tableLines.length; i++) {
    const line = tableLines[i] ?? '';
    if (!isTableRow(line)) continue;
    const cells = tableCells(line);
    if (isTableSeparator(cells)) continue;
    const next = tableLines[i + 1];
    if (next !== undefined && isTableRow(next) && isTableSeparator(tableCells(next))) continue; // header row
    const excuse = normalizeText(cells[0] ?? '');
    const reality = normalizeText(cells[1] ?? '');
    if (excuse !== '' && reality !== '') rows.push([excuse, reality]);
  }
  const redFlags: string[] = [];
  for (const line of sectionLines(doc, RED_FLAGS_SECTION)) {
    const item = listItemText(line);
    if (item === null) continue;
    const normalized = normalizeText(item);
    if (normalized !== '') redFlags.push(normalized);
  }
  return { rows, redFlags };
}

/** Returns the original text of every rationalization without a counter (deduplicated, in input order). */
export function findUncountered(doc: MdDoc, rationalizations: readonly unknown[]): string[] {
  const counters = collectCounters(doc);
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const raw of rationalizations.slice(0, MAX_RATIONALIZATIONS)) {
    if (typeof raw !== 'string') continue;
    const original = raw.trim().slice(0, MAX_RATIONALIZATION_CHARS);
    const r = normalizeText(original);
    if (r === '' || seen.has(r)) continue;
    seen.add(r);
    const countered =
      counters.rows.some(([excuse]) => excuse.includes(r) || r.includes(excuse)) ||
      counters.redFlags.some((item) => item.includes(r));
    if (!countered) missing.push(original);
  }
  return missing;
}
