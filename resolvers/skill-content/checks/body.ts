// Checks of the body's size and prose, and the TDD evidence: every rationalization countered.
import { findUncountered } from '../rationalizations';
import { BODY_MAX_LINES, BODY_MAX_WORDS, BODY_MIN_CHARS } from '../rules';
import { FILLER_RATIO_THRESHOLD, measureVerbosity } from '../verbosity';
import { fail, pass, quote, type Check } from './context';

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

export const bodyChecks = {
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
} satisfies Record<string, Check>;
