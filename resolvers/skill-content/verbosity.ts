/**
 * Verbosity (filler) score for a SKILL.md body.
 *
 *   fillerRatio = fillerWordCount / max(FILLER_MIN_DENOMINATOR, proseWordCount)
 *
 * - Prose lines: body lines outside fenced code blocks, excluding fence markers, table rows (lines starting
 *   with `|`) and blank lines. Headings and list items count as prose. Inline code spans (`...`) are removed.
 * - Words: lowercase tokens matching [a-z0-9]+('[a-z0-9]+)* (curly apostrophes become straight ones).
 * - fillerWordCount: tokens are scanned left to right; at each position the longest FILLER_PHRASES entry that
 *   matches adds its number of words and is skipped over, otherwise a FILLER_WORDS token adds 1.
 * - The denominator floor (50) keeps a very short body from being flagged for one or two fillers.
 *
 * The check warns when fillerRatio > FILLER_RATIO_THRESHOLD (0.04, i.e. more than 1 word in 25 is filler).
 * The well-written skills in tests/fixtures/skills score below 0.01; the deliberately padded one scores
 * above 0.1.
 */
import { type MdDoc, isTableRow } from './markdown';

export const FILLER_RATIO_THRESHOLD = 0.04;
export const FILLER_MIN_DENOMINATOR = 50;

/** Single filler words (intensifiers and hedges that add no instruction). */
export const FILLER_WORDS: readonly string[] = [
  'very',
  'really',
  'basically',
  'actually',
  'just',
  'simply',
  'obviously',
  'clearly',
  'quite',
  'literally',
  'totally',
  'extremely',
  'essentially',
  'definitely',
  'certainly',
  'honestly',
  'truly',
  'somewhat',
];

/** Multi-word filler phrases; each occurrence counts as its number of words. */
export const FILLER_PHRASES: readonly string[] = [
  'it is important to note that',
  'it is worth noting that',
  "it's worth noting that",
  'it should be noted that',
  'it goes without saying that',
  'it goes without saying',
  'please note that',
  'please note',
  'needless to say',
  'in order to',
  'at the end of the day',
  'as a matter of fact',
  'for all intents and purposes',
  'due to the fact that',
  'at this point in time',
  'each and every',
  'first and foremost',
  'of course',
  'as you can see',
];

const FILLER_WORD_SET = new Set(FILLER_WORDS);
/** The phrases by their first word, longest first: a token that starts none is never compared with a phrase. */
const PHRASES_BY_FIRST_WORD = new Map<string, string[][]>();
for (const tokens of FILLER_PHRASES.map((p) => p.split(' ')).sort((a, b) => b.length - a.length)) {
  const first = tokens[0]!;
  PHRASES_BY_FIRST_WORD.set(first, [...(PHRASES_BY_FIRST_WORD.get(first) ?? []), tokens]);
}
const INLINE_CODE = /`[^`]*`/g;
const CURLY_APOSTROPHE = /[\u2018\u2019\u02bc]/g;
const PROSE_WORD = /[a-z0-9]+(?:'[a-z0-9]+)*/g;

export interface VerbosityResult {
  proseWords: number;
  fillerWords: number;
  ratio: number;
  /** Distinct fillers found, in order of first appearance (for messages). */
  examples: string[];
}

export function measureVerbosity(doc: MdDoc): VerbosityResult {
  // All prose lines as one text: one pass of each regex instead of one per line.
  const prose: string[] = [];
  for (const line of doc.lines) {
    if (line.inCode || isTableRow(line.text) || line.text.trim() === '') continue;
    prose.push(line.text.includes('`') ? line.text.replace(INLINE_CODE, ' ') : line.text);
  }
  const text = prose.join('\n').toLowerCase();
  const tokens =
    (/[\u2018\u2019\u02bc]/.test(text) ? text.replace(CURLY_APOSTROPHE, "'") : text).match(PROSE_WORD) ?? [];
  let fillerWords = 0;
  const examples: string[] = [];
  const note = (text: string) => {
    if (!examples.includes(text)) examples.push(text);
  };
  let i = 0;
  while (i < tokens.length) {
    const phrase = PHRASES_BY_FIRST_WORD.get(tokens[i]!)?.find((p) => p.every((word, k) => tokens[i + k] === word));
    if (phrase) {
      fillerWords += phrase.length;
      note(phrase.join(' '));
      i += phrase.length;
      continue;
    }
    const token = tokens[i] ?? '';
    if (FILLER_WORD_SET.has(token)) {
      fillerWords++;
      note(token);
    }
    i++;
  }
  const ratio = fillerWords / Math.max(FILLER_MIN_DENOMINATOR, tokens.length);
  return { proseWords: tokens.length, fillerWords, ratio, examples };
}
