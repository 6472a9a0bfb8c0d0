// Small, pure text helpers for the offline author: stable hashing, word handling, skill-name derivation and
// markdown/YAML-safe quoting. Nothing here reads the clock or a random source, so every output is reproducible.

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

/** Answers that carry no information however long the person meant them to be. */
const VAGUE_ANSWERS = new Set([
  '',
  'idk',
  'n a',
  'na',
  'tbd',
  'todo',
  'dunno',
  'unknown',
  'nothing',
  'whatever',
  'dont know',
  'not sure',
  'no idea',
  '?',
  '-',
]);

/** Number of words carrying content in an answer: whitespace tokens containing a letter or digit; 0 for "idk", "n/a", ... */
export function answerWordCount(text: string): number {
  const normalized = wordsOf(text).join(' ');
  if (VAGUE_ANSWERS.has(normalized)) return 0;
  return text.split(/\s+/).filter((t) => /[a-z0-9]/i.test(t)).length;
}

export const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'to',
  'for',
  'of',
  'and',
  'or',
  'in',
  'on',
  'with',
  'from',
  'into',
  'by',
  'at',
  'as',
  'that',
  'which',
  'who',
  'whom',
  'this',
  'these',
  'those',
  'it',
  'its',
  'is',
  'are',
  'be',
  'been',
  'being',
  'was',
  'were',
  'our',
  'my',
  'your',
  'their',
  'his',
  'her',
  'we',
  'i',
  'you',
  'they',
  'me',
  'us',
  'them',
  'how',
  'when',
  'what',
  'where',
  'why',
  'skill',
  'skills',
  'agent',
  'agents',
  'ai',
  'llm',
  'assistant',
  'please',
  'can',
  'could',
  'should',
  'would',
  'will',
  'must',
  'so',
  'do',
  'does',
  'about',
  'any',
  'all',
  'some',
  'each',
  'every',
  'without',
  'teach',
  'teaches',
  'help',
  'helps',
  'properly',
  'correctly',
  'good',
  'better',
  'best',
  'new',
  'via',
  'using',
  'use',
  'etc',
  'also',
  'such',
  'like',
  'than',
  'then',
  'there',
  'here',
  'not',
  'no',
  'onto',
  'up',
  'out',
  'over',
  'while',
  // Prepositions and manner adverbs: they end a noun phrase ("features behind flags", "deploy safely").
  'behind',
  'toward',
  'towards',
  'across',
  'through',
  'under',
  'between',
  'against',
  'after',
  'before',
  'during',
  'within',
  'per',
  'safely',
  'quickly',
  'effectively',
  'efficiently',
  'reliably',
]);

/** Vendor words a skill name may not contain. */
export const RESERVED_NAME_WORDS = ['anthropic', 'claude', 'openai', 'gpt'];

export function containsReservedWord(word: string): boolean {
  return RESERVED_NAME_WORDS.some((r) => word.includes(r));
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

/** Verbs that commonly open a task ("write safe migrations"); they become gerunds in skill names. */
export const BASE_VERBS = new Set([
  'write',
  'review',
  'run',
  'conduct',
  'handle',
  'plan',
  'design',
  'test',
  'debug',
  'deploy',
  'tune',
  'clean',
  'audit',
  'refactor',
  'upgrade',
  'profile',
  'import',
  'manage',
  'create',
  'build',
  'roll',
  'add',
  'set',
  'configure',
  'migrate',
  'optimize',
  'optimise',
  'document',
  'triage',
  'perform',
  'prepare',
  'draft',
  'investigate',
  'fix',
  'analyze',
  'analyse',
  'monitor',
  'organize',
  'automate',
  'choose',
  'evaluate',
  'measure',
  'ship',
  'release',
  'maintain',
  'secure',
  'validate',
  'parse',
  'track',
  'respond',
  'instrument',
  'implement',
  'improve',
  'read',
  'resolve',
  'rotate',
  'merge',
  'rebase',
  'squash',
  'commit',
  'split',
  'log',
  'hand',
  'load',
  'scan',
  'check',
  'verify',
  'diagnose',
  'benchmark',
  'estimate',
  'present',
  'explain',
  'teach',
  'onboard',
  'interview',
  'summarize',
  'summarise',
  'translate',
  'publish',
  'restore',
  'harden',
  'lint',
  'bump',
  'keep',
  'make',
  'get',
  'give',
  'find',
  'use',
  'call',
  'bake',
  'cook',
  'brew',
  'grow',
  'train',
  'learn',
  'study',
  'sell',
  'negotiate',
  'pitch',
  'recruit',
  'hire',
  'mentor',
  'coach',
  'schedule',
  'answer',
  'reply',
  'edit',
  'proofread',
  'search',
  'compare',
  'convert',
  'generate',
  'extract',
  'scrape',
  'send',
  'submit',
  'apply',
  'book',
  'sort',
  'calculate',
  'forecast',
  'budget',
  'sketch',
  'draw',
  'compose',
  'host',
  'facilitate',
  'moderate',
  'support',
  'escalate',
  'archive',
  'encrypt',
  'sign',
  'avoid',
  'prevent',
  'detect',
  'reduce',
  'remove',
  'replace',
  'rename',
  'reorganize',
  'simplify',
  'standardize',
  'describe',
  'prioritize',
  'label',
  'tag',
  'map',
  'package',
  'containerize',
  'provision',
  'operate',
  'observe',
]);

const DOUBLED_FINAL = new Set([
  'run',
  'plan',
  'debug',
  'set',
  'ship',
  'commit',
  'stop',
  'cut',
  'get',
  'put',
  'log',
  'tag',
  'map',
  'scan',
  'drop',
  'split',
  'submit',
  'swap',
  'trim',
  'chat',
  'plug',
  'pin',
  'prep',
  'skim',
  'step',
]);

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

export const SKILL_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function isValidSkillName(name: string): boolean {
  return name.length >= 1 && name.length <= 64 && SKILL_NAME_PATTERN.test(name) && !containsReservedWord(name);
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

/** Case used when a lowercase word is shown to a reader. */
const DISPLAY: Record<string, string> = {
  api: 'API',
  apis: 'APIs',
  sql: 'SQL',
  csv: 'CSV',
  csvs: 'CSVs',
  adr: 'ADR',
  adrs: 'ADRs',
  ci: 'CI',
  cd: 'CD',
  ui: 'UI',
  ux: 'UX',
  aws: 'AWS',
  gcp: 'GCP',
  json: 'JSON',
  yaml: 'YAML',
  http: 'HTTP',
  graphql: 'GraphQL',
  postgres: 'Postgres',
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  react: 'React',
  python: 'Python',
  kubernetes: 'Kubernetes',
  k8s: 'K8s',
  git: 'Git',
  github: 'GitHub',
  gitlab: 'GitLab',
  pr: 'PR',
  prs: 'PRs',
  jwt: 'JWT',
  oauth: 'OAuth',
  css: 'CSS',
  html: 'HTML',
  npm: 'npm',
  wcag: 'WCAG',
  a11y: 'A11y',
  pandas: 'pandas',
  rest: 'REST',
  cli: 'CLI',
  sdk: 'SDK',
  tsx: 'TSX',
  node: 'Node',
  nodejs: 'Node.js',
  docker: 'Docker',
  helm: 'Helm',
  owasp: 'OWASP',
  etl: 'ETL',
  ios: 'iOS',
  url: 'URL',
  urls: 'URLs',
  id: 'ID',
  ids: 'IDs',
  db: 'DB',
};

export function titleCase(words: string[]): string {
  return words.map((w) => DISPLAY[w] ?? w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
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

/** One line of prose safe to embed in markdown: whitespace collapsed, code fences neutralized, at most `max` chars. */
export function inline(text: string, max = 400): string {
  const clean = collapse(text.replace(/`{3,}/g, "'''").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));
  return truncate(clean, max);
}

/** A markdown table cell: like `inline` and no `|`. */
export function cell(text: string, max = 400): string {
  return inline(text, max).replace(/\|/g, '/');
}

/** Cuts at a word boundary and appends "..." when `text` is longer than `max`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 3));
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '') + '...';
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

/** The normalization the validator uses to match rationalizations: lowercase, [a-z0-9 ] only, single spaces. */
export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/ +/g, ' ')
    .trim();
}

/** Same list as the validator's verbosity check (resolvers/skill-content/verbosity.ts). */
export const FILLER_WORDS = [
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

export function stripFiller(text: string): string {
  return collapse(text.replace(new RegExp(`\\b(?:${FILLER_WORDS.join('|')})\\b\\s*`, 'gi'), ''));
}

export function fillerFound(text: string): string[] {
  const words = new Set(wordsOf(text));
  return FILLER_WORDS.filter((f) => words.has(f));
}

/** A YAML scalar: plain when that parses back to the same string, JSON-quoted (valid YAML) otherwise. */
export function yamlScalar(value: string): string {
  const plain =
    value.length > 0 &&
    /^[A-Za-z(]/.test(value) &&
    value === value.trim() &&
    !/:(\s|$)|\s#|[\n\r\t]/.test(value) &&
    !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(value);
  return plain ? value : JSON.stringify(value);
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
    1024,
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
