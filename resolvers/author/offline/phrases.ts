// What a task is about, read from its words: the core task without its lead-in, the topic phrase, the skill name
// and display casing. Pure and deterministic, like ./text.

import { reservedWordsIn } from '../../skill-content/rules';
import { collapse, stableHash, wordsOf } from './text';
import { BASE_VERBS, DISPLAY, DOUBLED_FINAL, STOP_WORDS } from './words';

/** Vendor words a skill name may not contain (the validator's list). */
export function containsReservedWord(word: string): boolean {
  return reservedWordsIn(word).length > 0;
}

/** Content words of a text, in order, deduplicated, without stop words or reserved vendor words. */
export function meaningfulWords(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of wordsOf(text)) {
    if (STOP_WORDS.has(w) || containsReservedWord(w) || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}

/** "write" -> "writing", "run" -> "running", "tie" -> "tying", "review" -> "reviewing". */
export function gerund(verb: string): string {
  if (verb.endsWith('ing')) return verb;
  if (DOUBLED_FINAL.has(verb)) return verb + verb.slice(-1) + 'ing';
  if (verb.endsWith('ie')) return verb.slice(0, -2) + 'ying';
  if (verb.length > 2 && verb.endsWith('e') && !/[eoy]e$/.test(verb)) return verb.slice(0, -1) + 'ing';
  return verb + 'ing';
}

export type TaskForm = 'verb' | 'gerund' | 'noun';

export interface CoreTask {
  /** The task without its "a skill that teaches an agent to" lead-in, original casing, no trailing punctuation. */
  core: string;
  /** The head of the core up to the first clause boundary ("write safe Postgres migrations"). */
  head: string;
  /** Whether the core opens with a base verb ("write ..."), a gerund ("reviewing ...") or a noun phrase. */
  form: TaskForm;
}

const LEAD_INS: RegExp[] = [
  /^(?:please\s+)?(?:(?:create|make|build|write|generate|draft|design|give\s+me|i\s+need|i\s+want|we\s+need|need|want)\s+)?(?:me\s+|us\s+)?(?:an?\s+|the\s+)?(?:new\s+)?(?:agent\s+)?skill\s*(?:that|which|to|for|about|on|:|-|–|—)?\s+/i,
  /^(?:teaches|teach|helps|help|shows|show|trains|train|lets|let|enables|enable|guides|guide|allows|allow|instructs|instruct)\s+(?:(?:an?|the|our|my|any)\s+)?(?:(?:ai|llm|coding)\s+)?(?:agents?\s+|assistants?\s+|models?\s+|claude\s+|bots?\s+|llms?\s+)?(?:(?:how|when)\s+)?(?:to\s+)?/i,
  /^(?:an?\s+|the\s+)?(?:ai\s+)?agents?\s+(?:how\s+)?to\s+/i,
  /^(?:how|when)\s+to\s+/i,
  /^to\s+/i,
];

/** Words that end the head of a task: "write safe migrations that never lock tables" -> "write safe migrations". */
const CLAUSE_BOUNDARY =
  /\s(?:that|which|so that|so|without|while|because|when|where|whenever|by|with|using|instead of|against|after|before|at|into|in order to|such as|including|e\.g\.)\s|[,;:.()!?]|\s[-–—]\s/i;

export function coreTask(task: string): CoreTask {
  const original = collapse(task.replace(/[<>]/g, ' ')).replace(/[.!?\s]+$/, '');
  let core = original;
  for (let pass = 0; pass < 4; pass++) {
    const before = core;
    for (const re of LEAD_INS) core = core.replace(re, '');
    core = core.trim();
    if (core === before) break;
  }
  if (meaningfulWords(core).length === 0) core = original;
  const boundary = core.search(CLAUSE_BOUNDARY);
  let head = boundary > 0 ? core.slice(0, boundary).trim() : core;
  if (meaningfulWords(head).length < 2) head = core;
  const first = wordsOf(core)[0] ?? '';
  const form: TaskForm = BASE_VERBS.has(first) ? 'verb' : first.endsWith('ing') && first.length > 4 ? 'gerund' : 'noun';
  return { core, head, form };
}

interface Token {
  /** Original text without surrounding punctuation ("Postgres", "on-call", "Node.js"). */
  text: string;
  /** Lowercase alphanumeric parts ("on-call" -> ["on", "call"]). */
  parts: string[];
  /** False for stop words and vendor words; a compound counts when any part is a content word. */
  content: boolean;
}

function tokenize(text: string): Token[] {
  return text
    .split(/\s+/)
    .map((raw) => raw.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9+#]+$/g, ''))
    .filter(Boolean)
    .map((t) => {
      const parts = wordsOf(t).filter((p) => !containsReservedWord(p));
      return { text: t, parts, content: parts.some((p) => !STOP_WORDS.has(p)) };
    });
}

/** Runs of consecutive content tokens: "write clear README docs for open source libraries" -> 2 runs. */
function contentRuns(text: string): Token[][] {
  const runs: Token[][] = [];
  let current: Token[] = [];
  for (const token of tokenize(text)) {
    if (token.content) current.push(token);
    else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * kebab-case skill name from the task head: whole runs of content words while they fit in 5 words (a single
 * longer run is cut at 5), a leading verb as gerund ("write" -> "writing"), hyphenated compounds kept
 * ("on-call"), vendor words dropped, <= 64 chars, starting with a letter.
 */
export function deriveSkillName(task: string): string {
  const { head, core } = coreTask(task);
  let runs = contentRuns(head);
  if (runs.length === 0) runs = contentRuns(core);
  const picked: string[][] = [];
  let count = 0;
  for (const run of runs) {
    const words = run.map((t) => t.parts.filter((p) => p.length > 0)).filter((p) => p.length > 0);
    const size = words.reduce((n, w) => n + w.length, 0);
    if (count === 0 && size > 5) {
      for (const w of words) {
        if (count + w.length > 5) break;
        picked.push(w);
        count += w.length;
      }
      if (count === 0 && words[0]) picked.push(words[0].slice(0, 5));
      break;
    }
    if (count + size > 5) break;
    picked.push(...words);
    count += size;
  }
  const first = picked[0];
  if (first && first.length === 1 && BASE_VERBS.has(first[0]!)) picked[0] = [gerund(first[0]!)];
  const seen = new Set<string>();
  const words = picked.map((w) => w.join('-')).filter((w) => !seen.has(w) && (seen.add(w), true));
  // The name must start with a letter.
  while (words.length > 0 && /^[0-9]/.test(words[0] ?? '')) words.shift();
  if (words.length === 0) return `skill-${stableHash(task).toString(36)}`;
  let name = '';
  for (const w of words) {
    const next = name ? `${name}-${w}` : w;
    if (next.length > 64) break;
    name = next;
  }
  return name || words[0]!.slice(0, 64).replace(/-+$/, '');
}

export function titleCase(words: string[]): string {
  return words.map((w) => DISPLAY[w] ?? w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** Words a title keeps lowercase unless they open it. */
const TITLE_SMALL = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'for',
  'of',
  'in',
  'on',
  'to',
  'with',
  'at',
  'by',
  'as',
  'from',
]);

/**
 * A title that reads as English, from the task's own activity: "reviewing Terraform plans for destructive changes"
 * -> "Reviewing Terraform Plans for Destructive Changes" (small words stay lowercase; words written with capitals or
 * digits keep their casing). Null when the activity is too long for a title (over 9 words) or has odd characters.
 */
export function activityTitle(activity: string): string | null {
  const words = activity.split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 9 || /[^A-Za-z0-9 .'+#/-]/.test(activity)) return null;
  return words
    .map((w, i) => {
      const lower = w.toLowerCase();
      if (i > 0 && TITLE_SMALL.has(lower)) return lower;
      if (/[A-Z0-9]/.test(w)) return w;
      return DISPLAY[lower] ?? w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join(' ');
}

/**
 * The noun phrase the task is about, original casing: the first run of content words after the task's verb, at
 * most its last `maxWords` words (English noun phrases end with their head noun): "safe Postgres migrations",
 * "git commit messages". Empty when the task has no content words.
 */
export function topicPhrase(task: string, maxWords = 3): string {
  const { head, core, form } = coreTask(task);
  let runs = contentRuns(head);
  if (runs.length === 0) runs = contentRuns(core);
  const skipVerb = form === 'verb' || form === 'gerund';
  for (let i = 0; i < runs.length; i++) {
    const run = i === 0 && skipVerb ? runs[i]!.slice(1) : runs[i]!;
    if (run.length === 0) continue;
    return run
      .slice(-maxWords)
      .map((t) => t.text)
      .join(' ');
  }
  const first = runs[0]?.slice(-maxWords);
  return first ? first.map((t) => t.text).join(' ') : '';
}

/** The original tokens of `text` matching a keyword ("feature flags" in "behind Feature Flags"), or null. */
export function findPhrase(text: string, keyword: string, skipFirst = false): string | null {
  const tokens = tokenize(text);
  const kw = keyword.split(' ');
  const matches = (token: Token | undefined, k: string) => {
    const word = token?.parts.join('') ?? '';
    return k.length >= 4 ? word.startsWith(k) && word.length - k.length <= 5 : word === k;
  };
  for (let i = skipFirst ? 1 : 0; i + kw.length <= tokens.length; i++) {
    if (kw.every((k, j) => matches(tokens[i + j], k)))
      return tokens
        .slice(i, i + kw.length)
        .map((t) => t.text)
        .join(' ');
  }
  return null;
}

/** "triaging" -> "triage", "running" -> "run", "reviewing" -> "review": the base verb a gerund came from. */
export function baseOfGerund(word: string): string {
  const stem = word.slice(0, -3);
  for (const candidate of [stem, `${stem}e`, stem.slice(0, -1), `${stem.slice(0, -1)}ie`])
    if (BASE_VERBS.has(candidate)) return candidate;
  return /[^aeiou][aeiou][bcdgklmnprstvz]$/.test(stem) && !/[wxy]$/.test(stem) ? stem : `${stem}e`;
}

/** "review" -> "reviews", "fix" -> "fixes", "tidy" -> "tidies". */
export function thirdPerson(verb: string): string {
  if (/(?:s|sh|ch|x|z|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/** What the agent does, in the task's own words, in two grammatical forms. */
export interface Activity {
  /** "reviewing Terraform plans for destructive changes" (or "working on <noun phrase>"). */
  gerund: string;
  /** "reviews Terraform plans for destructive changes" (or "works on <noun phrase>"). */
  third: string;
}

/** The task head as an activity: "review Terraform plans" -> reviewing / reviews Terraform plans. */
export function activityOf(core: CoreTask): Activity {
  const head = core.head.replace(/\s+/g, ' ').trim();
  const [first = '', ...rest] = head.split(' ');
  const tail = rest.join(' ');
  const lower = first.toLowerCase();
  if (core.form === 'verb') {
    return { gerund: `${gerund(lower)} ${tail}`.trim(), third: `${thirdPerson(lower)} ${tail}`.trim() };
  }
  if (core.form === 'gerund') {
    return { gerund: `${lower} ${tail}`.trim(), third: `${thirdPerson(baseOfGerund(lower))} ${tail}`.trim() };
  }
  return { gerund: `working on ${head}`, third: `works on ${head}` };
}
