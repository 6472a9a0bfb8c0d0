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
/** Headings every skill has; their words ("flags", "patterns") say nothing about its subject (checks/subject.ts). */
export const STRUCTURAL_HEADING =
  /^(?:red flags?|common rationali[sz]ations|common mistakes|core patterns|quick (?:start|reference))\b/i;

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

/**
 * Words that say nothing about a skill's subject (checks/subject.ts drops them, and their stems, from the name's
 * and the description's words): stop words, the vocabulary every skill description shares (skill, agent, use,
 * when, teaches, helps...), and adjectives any task can claim (safe, clean, clear, good...).
 */
export const SUBJECT_IGNORED_WORDS: readonly string[] = [
  ...['a', 'an', 'the', 'to', 'for', 'of', 'and', 'or', 'nor', 'but', 'in', 'on', 'with', 'from', 'into', 'onto'],
  ...['by', 'at', 'as', 'that', 'which', 'who', 'whom', 'whose', 'this', 'these', 'those', 'it', 'its', 'is', 'are'],
  ...['be', 'been', 'being', 'was', 'were', 'am', 'our', 'my', 'your', 'their', 'his', 'her', 'we', 'you', 'they'],
  ...['me', 'us', 'them', 'how', 'when', 'whenever', 'what', 'where', 'why', 'whether', 'if', 'then', 'than', 'so'],
  ...['not', 'no', 'also', 'any', 'all', 'each', 'every', 'some', 'such', 'other', 'own', 'same', 'very', 'can'],
  ...['could', 'should', 'would', 'will', 'may', 'might', 'must', 'do', 'does', 'did', 'done', 'have', 'has', 'had'],
  ...['about', 'after', 'before', 'over', 'under', 'between', 'through', 'during', 'without', 'within', 'across'],
  ...['up', 'down', 'out', 'off', 'again', 'more', 'most', 'less', 'few', 'many', 'much', 'one', 'only', 'just'],
  ...['there', 'here', 'both', 'either', 'instead', 'via', 'per', 'etc', 'eg', 'ie', 'vs', 'get', 'gets', 'got'],
  ...['skill', 'skills', 'agent', 'agents', 'ai', 'llm', 'assistant', 'model', 'use', 'uses', 'used', 'using'],
  ...['teach', 'teaches', 'teaching', 'help', 'helps', 'helping', 'guide', 'guides', 'guiding', 'guidance', 'learn'],
  ...['user', 'users', 'person', 'people', 'someone', 'anyone', 'team', 'task', 'tasks', 'work', 'works', 'job'],
  ...['ask', 'asks', 'asked', 'asking', 'need', 'needs', 'needed', 'want', 'wants', 'way', 'ways', 'make', 'makes'],
  ...['making', 'thing', 'things', 'step', 'steps', 'new', 'existing', 'good', 'better', 'best', 'right', 'proper'],
  ...['properly', 'correct', 'correctly', 'correctness', 'safe', 'safely', 'clean', 'clear', 'clearly', 'well'],
  ...['effective', 'quick', 'quickly', 'simple', 'easy', 'like', 'write', 'writes', 'writing', 'written', 'create'],
  ...['creates', 'creating', 'handle', 'handles', 'handling', 'perform', 'performs', 'performing', 'trigger'],
  ...['triggers', 'triggered', 'cover', 'covers', 'covering', 'including', 'includes', 'ensure', 'ensures', 'able'],
  ...['produces', 'produce', 'keep', 'keeps', 'turn', 'turns', 'want', 'wanted', 'wrong', 'went', 'previous'],
  ...['attempt', 'rejected', 'involves', 'involve', 'related', 'something', 'anything', 'general', 'specific'],
  ...['add', 'adds', 'adding', 'added', 'run', 'runs', 'running', 'design', 'designs', 'designing', 'service'],
  ...['services', 'consistent', 'find', 'finds', 'fix', 'fixes', 'fixing'],
];

/**
 * Subject words so common in skill bodies of every domain that finding one proves little (a code-review body says
 * "review", "change" and "plan" too): topicality (checks/topicality.ts) also requires most of a name's other key
 * terms. Chosen from the stems found in the instructions of at least 3 of the good fixtures and 6 of the offline
 * author's 20 drafts, plus their obvious relatives.
 */
export const COMMON_SUBJECT_WORDS: readonly string[] = [
  ...['review', 'plan', 'change', 'check', 'code', 'data', 'error', 'fail', 'failure', 'find', 'fix', 'line'],
  ...['list', 'name', 'order', 'pass', 'request', 'row', 'state', 'status', 'test', 'text', 'time', 'read'],
  ...['remove', 'file', 'key', 'call', 'note', 'value', 'result', 'build', 'update', 'release', 'version', 'issue'],
  ...['problem', 'output', 'input', 'message', 'type', 'rule', 'system', 'tool', 'process', 'page', 'report'],
  ...['record', 'decision', 'first', 'last', 'option', 'set', 'item', 'case', 'example', 'detail', 'part', 'point'],
  ...['level', 'number', 'count', 'size', 'start', 'end', 'open', 'close', 'common', 'table', 'step', 'work'],
];

/**
 * Topicality (checks/topicality.ts documents the rule and why these numbers): a key term counts as taught when it is
 * on this many instruction lines; fewer lines earn a part of it.
 */
export const TOPICALITY_TAUGHT_LINES = 3;
/** Topicality: mean share of TOPICALITY_TAUGHT_LINES the name's key terms must reach. */
export const TOPICALITY_MIN_KEY_EVIDENCE = 0.5;
/** Topicality: share of the distinctive key terms (outside COMMON_SUBJECT_WORDS) that may be absent, rounded down. */
export const TOPICALITY_MAX_ABSENT_DISTINCTIVE = 1 / 3;
/** Topicality: share of the description's subject terms the instructions must use. */
export const TOPICALITY_MIN_DESCRIPTION_COVERAGE = 0.1;
/** Topicality is not judged on instructions of fewer words than this. */
export const TOPICALITY_MIN_INSTRUCTION_WORDS = 30;
/** Topicality: the description's share is judged only for a description with at least this many terms. */
export const TOPICALITY_MIN_DESCRIPTION_TERMS = 5;
/**
 * Template placeholders (checks/residue.ts): searched in the prose with inline code removed, and in code blocks
 * only where inCode (a `# TODO` comment in an example shell script is the example's business). Each pattern runs
 * once over all lines joined by newlines (hence the m flag and no \s that could cross a line).
 */
export const PLACEHOLDER_PATTERNS: ReadonlyArray<{ label: string; pattern: RegExp; inCode: boolean }> = [
  // As a marker (followed by ':', '(' or ']', or ending the line), not a word being talked about ("such as TODO").
  { label: 'TODO', pattern: /\bTODO\b(?=[ \t]*(?:[:(\]]|$))/m, inCode: false },
  { label: 'TBD', pattern: /\bTBD\b(?=[ \t]*(?:[:(\]]|$))/m, inCode: false },
  { label: 'FIXME', pattern: /\bFIXME\b(?=[ \t]*(?:[:(\]]|$))/m, inCode: false },
  { label: 'lorem ipsum', pattern: /\blorem ipsum\b/i, inCode: true },
  { label: '{{...}}', pattern: /(?<![$\\])\{\{[^{}\n]{0,80}\}\}/, inCode: false },
  {
    label: '<placeholder>',
    pattern: /<[ \t]*(?:placeholder|insert\b[^<>\n]{0,60}|fill[ -]in\b[^<>\n]{0,60}|your[ _-]text[ _-]here)[ \t]*>/i,
    inCode: true,
  },
  {
    label: '[placeholder]',
    pattern: /\[[ \t]*(?:placeholder|insert\b[^\]\n]{0,60}|fill[ -]in\b[^\]\n]{0,60})[ \t]*\]/i,
    inCode: true,
  },
];

/**
 * Example identifiers of well-known template content (the kind an author copies from one domain into another).
 * One is foreign residue (checks/residue.ts) when the skill's subject terms (name and description, stemmed as in
 * checks/subject.ts) contain none of its `home` stems: "pull/123" belongs in a skill about pull requests, not in
 * one about Terraform plans.
 */
export const FOREIGN_EXAMPLES: ReadonlyArray<{ label: string; pattern: RegExp; home: readonly string[] }> = [
  {
    label: 'pull/123',
    pattern: /\bpull\/\d+\b/,
    home: ['pull', 'merg', 'github', 'gitlab', 'git', 'pr', 'diff', 'branch', 'commit'],
  },
  {
    label: 'applyDiscount',
    pattern: /\bapplyDiscount\b/,
    home: ['pull', 'discount', 'cart', 'checkout', 'pric', 'coupon', 'shop', 'commerc'],
  },
  {
    label: 'npm test',
    pattern: /\bnpm (?:test|run|install|ci|outdated|audit|ls)\b/,
    home: ['javascript', 'typescript', 'node', 'npm', 'js', 'ts', 'react', 'vue', 'angular', 'frontend', 'web'].concat([
      'vitest',
      'jest',
      'packag',
      'dependent',
      'librari',
      'readm',
      'pull',
      'code',
    ]),
  },
  {
    label: 'CREATE INDEX CONCURRENTLY',
    pattern: /\bCREATE\s+INDEX\s+CONCURRENTLY\b|\bSET\s+lock_timeout\b/i,
    home: ['sql', 'postgr', 'databas', 'migrat', 'queri', 'index', 'tabl', 'schema', 'db', 'django', 'rail'],
  },
  {
    label: 'kubectl',
    pattern: /\bkubectl\b/,
    home: ['kubernet', 'k8s', 'kubectl', 'cluster', 'pod', 'deploi', 'helm', 'contain', 'rollout'],
  },
  {
    label: 'pandas',
    pattern: /\bimport pandas\b|\bpd\.read_csv\b/,
    home: ['pandas', 'python', 'data', 'csv', 'datafram', 'tabular', 'notebook', 'analyst'],
  },
  {
    label: '@testing-library',
    pattern: /@testing-library\/|\bscreen\.getBy[A-Z]\w*/,
    home: ['react', 'component', 'test', 'ui', 'frontend', 'dom', 'vue'],
  },
  {
    label: 'EXPLAIN ANALYZE',
    pattern: /\bEXPLAIN\s+\(?\s*ANALYZE\b/i,
    home: ['sql', 'queri', 'postgr', 'databas', 'index', 'performanc', 'slow', 'tun', 'db'],
  },
];
