// How a domain keyword matches a task's words: phrases as whole words, long keywords as a stem with a known ending.

/** Endings a keyword of >= 4 chars may take and still match ("migrat" -> "migrations", not "import" -> "important"). */
const SUFFIXES = new Set([
  '',
  's',
  'es',
  'ed',
  'ing',
  'er',
  'ers',
  'e',
  'y',
  'ies',
  'ion',
  'ions',
  'ation',
  'ations',
  'ment',
  'ments',
]);

/** `words`: the task's lowercase words; `joined`: the same words joined by single spaces, with a space at each end. */
export function keywordHits(keyword: string, words: string[], joined: string): boolean {
  if (keyword.includes(' ')) return joined.includes(` ${keyword} `);
  if (keyword.length >= 4) return words.some((w) => w.startsWith(keyword) && SUFFIXES.has(w.slice(keyword.length)));
  return words.includes(keyword);
}
