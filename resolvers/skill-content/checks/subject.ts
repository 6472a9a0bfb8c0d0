/**
 * What a skill is about and what its body teaches, as word stems: the inputs of the topicality and residue checks.
 *
 * - Words: lowercase runs of a-z and 0-9 (accents folded), at least 2 characters, containing a letter.
 * - stem(word): a small suffix stripper, the same on both sides of every comparison, so "plans"/"planning"/"plan",
 *   "migrations"/"migrate", "queries"/"query", "triaging"/"triage" and "idempotency"/"idempotent" meet. It is not
 *   a linguist's stemmer; it only has to map the forms a skill uses for its own subject to one key.
 * - Subject terms: the stems of the name's and the description's words minus SUBJECT_IGNORED_WORDS (rules.ts:
 *   stop words and the vocabulary every skill shares, such as skill, agent, use, when, teaches).
 * - Instruction lines: the body lines that teach (see instructionLines). Not the title or the headings every
 *   skill has (Red Flags, Core Patterns...: STRUCTURAL_HEADING), not the Overview or When to Use sections (they
 *   restate the description: evidence of intent, not of content), not blockquotes, and not "double-quoted" spans
 *   of a line (the person's answers quoted back, the excuses of a rationalization table). Code blocks count
 *   whole, quotes and all.
 */
import type { MdDoc } from '../markdown';
import { OVERVIEW_HEADING, STRUCTURAL_HEADING, SUBJECT_IGNORED_WORDS, WHEN_TO_USE_HEADING } from '../rules';

const VOWEL = /[aeiouy]/;
const DOUBLED_END = /([bdfgkmnprtvz])\1$/;
const QUOTED_SPAN = /"[^"]*"|\u201c[^\u201d]*\u201d/g;
/** Suffixes stripped after plurals, longest first; the stem left must keep 3 characters and a vowel. */
const SUFFIXES = ['ingly', 'ness', 'ing', 'ion', 'ed', 'ly'];
const IGNORED = new Set(SUBJECT_IGNORED_WORDS);
/** Stems of the longer ignored words ("teaches" -> "teach"); short ones would swallow real stems ("note" -> "not"). */
const IGNORED_STEMS = new Set(SUBJECT_IGNORED_WORDS.filter((w) => w.length >= 4).map((w) => computeStem(w)));

/** Lowercase words of `text` (accents folded), each at least 2 characters with a letter. One pass, no regex. */
export function words(text: string): string[] {
  const lower = /[^\x00-\x7f]/.test(text)
    ? text
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
    : text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  let letter = false;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    const isLetter = c >= 97 && c <= 122;
    if (isLetter || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
      letter ||= isLetter;
      continue;
    }
    if (start >= 0 && letter && i - start >= 2) out.push(lower.slice(start, i));
    start = -1;
    letter = false;
  }
  return out;
}

const stems = new Map<string, string>();

/** The stem of a lowercase word (memoised: a body repeats its vocabulary). */
export function stem(word: string): string {
  const known = stems.get(word);
  if (known !== undefined) return known;
  const result = computeStem(word);
  if (stems.size < 50_000) stems.set(word, result);
  return result;
}

function computeStem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length >= 6 && (w.endsWith('ency') || w.endsWith('ence'))) w = `${w.slice(0, -2)}t`;
  for (const suffix of SUFFIXES) {
    const rest = w.slice(0, -suffix.length);
    if (w.endsWith(suffix) && rest.length >= 3 && VOWEL.test(rest)) {
      w = DOUBLED_END.test(rest) ? rest.slice(0, -1) : rest;
      break;
    }
  }
  // Only when 4+ characters remain: "note" must not become "not", nor "role" meet "roll".
  if (w.endsWith('y') && w.length > 4) w = `${w.slice(0, -1)}i`;
  else if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

export interface Term {
  stem: string;
  /** The first form the text used, for messages. */
  word: string;
}

/** The distinct subject terms of `text` in order of first appearance. */
export function termsOf(text: string): Term[] {
  const seen = new Set<string>();
  const out: Term[] = [];
  for (const word of words(text)) {
    if (IGNORED.has(word)) continue;
    const s = stem(word);
    if (IGNORED_STEMS.has(s) || seen.has(s)) continue;
    seen.add(s);
    out.push({ stem: s, word });
  }
  return out;
}

/** The lines of the body that teach, with quoted spans removed (see the top of this file). */
export function instructionLines(md: MdDoc): string[] {
  const excluded = new Uint8Array(md.lines.length);
  // A section runs to the next heading of the same or a higher level; a level-1 "# When to Use" is read as a
  // level-2 one (skills use it as a section, not as the title of everything after it).
  for (let h = 0; h < md.headings.length; h++) {
    const heading = md.headings[h]!;
    if (heading.level === 1 || STRUCTURAL_HEADING.test(heading.text)) excluded[heading.line] = 1;
    if (!WHEN_TO_USE_HEADING.test(heading.text) && !OVERVIEW_HEADING.test(heading.text)) continue;
    let end = md.lines.length;
    for (let next = h + 1; next < md.headings.length; next++) {
      if (md.headings[next]!.level <= Math.max(2, heading.level)) {
        end = md.headings[next]!.line;
        break;
      }
    }
    excluded.fill(1, heading.line, end);
  }
  const out: string[] = [];
  for (let i = 0; i < md.lines.length; i++) {
    const line = md.lines[i]!;
    if (excluded[i]) continue;
    if (line.inCode) {
      out.push(line.text);
      continue;
    }
    if (line.text.trimStart().startsWith('>')) continue;
    const text =
      line.text.includes('"') || line.text.includes('\u201c') ? line.text.replace(QUOTED_SPAN, ' ') : line.text;
    if (text.trim() !== '') out.push(text);
  }
  return out;
}

/** Every stem of the instruction lines with the lines it is on, and how many words they have. */
export function instructionStems(lines: readonly string[]): { stems: LineStems; wordCount: number } {
  let wordCount = 0;
  const perLine = lines.map((line) => {
    const lineWords = words(line);
    wordCount += lineWords.length;
    return lineWords.map(stem);
  });
  return { stems: new LineStems(perLine), wordCount };
}

/** Stems, asked whether they hold a term or a word of the same root (hasTerm). */
export class StemSet {
  protected readonly set: Set<string>;
  /** The stems in code-unit order, for the longer stems a term starts (binary search instead of a scan); sorted
   * on the first question the set alone cannot answer. */
  private sortedStems: string[] | null = null;

  constructor(stems: Iterable<string>) {
    this.set = new Set(stems);
  }

  private get sorted(): string[] {
    this.sortedStems ??= [...this.set].sort();
    return this.sortedStems;
  }

  get size(): number {
    return this.set.size;
  }

  /**
   * The stems of the same root as the term: the term itself; a shorter stem that starts the term, lacks at most 4
   * of its characters and has 5+ characters ("destruct" for "destructiv", "document" for "documentat"), or, for a
   * term of 6+ characters (one a suffix was stripped from), a 3-4 character prefix plus the "e" the stemmer keeps
   * on short words ("page" for "paginat", not "role" for "roll"); and every longer stem the term starts (a term of
   * 4+ characters: "postgre" in "postgresql"). Shorter prefixes alone would let "hand" stand for "handoff".
   */
  sameRoot(term: string): string[] {
    const out: string[] = [];
    if (this.set.has(term)) out.push(term);
    for (let length = Math.max(3, term.length - 4); length < term.length; length++) {
      const prefix = term.slice(0, length);
      if (length >= 5 && this.set.has(prefix)) out.push(prefix);
      else if (length <= 4 && term.length >= 6 && this.set.has(`${prefix}e`)) out.push(`${prefix}e`);
    }
    if (term.length < 4) return out;
    // The first stem above the term; every stem that starts with the term follows it.
    const sorted = this.sorted;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! <= term) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < sorted.length && sorted[i]!.startsWith(term); i++) out.push(sorted[i]!);
    return out;
  }

  /** Whether the stems hold the term or a word of the same root (sameRoot). */
  hasTerm(term: string): boolean {
    return this.set.has(term) || this.sameRoot(term).length > 0;
  }
}

/** The stems of a list of lines, also asked on how many lines a term (or a word of its root) occurs. */
export class LineStems extends StemSet {
  private readonly linesOf = new Map<string, number[]>();

  constructor(lines: readonly (readonly string[])[]) {
    super(lines.flat());
    lines.forEach((lineStems, line) => {
      for (const s of lineStems) {
        const known = this.linesOf.get(s);
        if (known === undefined) this.linesOf.set(s, [line]);
        else if (known[known.length - 1] !== line) known.push(line);
      }
    });
  }

  /** The number of lines holding the term or a word of the same root. */
  linesWith(term: string): number {
    const roots = this.sameRoot(term);
    if (roots.length <= 1) return roots.length === 0 ? 0 : this.linesOf.get(roots[0]!)!.length;
    return new Set(roots.flatMap((r) => this.linesOf.get(r)!)).size;
  }
}
