// Measures of an offline draft's body for tests/offline-author-measured.test.ts: its sentences, the share it shares
// verbatim with other drafts, and sentences or code lines taken from a built-in domain's knowledge.
import type { Domain } from '../../resolvers/author/offline/domain';
import { bodyOf } from './offline-author';

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*"']/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s.,;:!?-]+$/, '')
    .trim();
}

/**
 * The body's sentences, normalized: every line except blank lines, the level-2 headings and the two table header
 * rows every skill has (the required format, not content), table separators and code fences; list markers dropped,
 * table rows split into cells, prose split at sentence ends. Code lines count as one sentence each.
 */
export function bodySentences(content: string): string[] {
  const out: string[] = [];
  let inCode = false;
  for (const raw of bodyOf(content).split('\n')) {
    const line = raw.trim();
    if (/^(```|~~~)/.test(line)) {
      inCode = !inCode;
      continue;
    }
    if (!line) continue;
    if (inCode) {
      out.push(normalize(line));
      continue;
    }
    if (/^##\s/.test(line) || /^\|[-\s|]+\|$/.test(line) || /^\| (Situation \| Do|Excuse \| Reality) \|$/.test(line))
      continue;
    const cells = line.startsWith('|') ? line.split('|').slice(1, -1) : [line];
    for (const cell of cells) {
      const text = cell.replace(/^\s*(?:[-*]\s+(?:\[[ x]\]\s+)?|\d+\.\s+|#{3,6}\s+)/, '');
      for (const sentence of text.split(/(?<=[.!?])\s+(?=[A-Z"])/)) {
        const n = normalize(sentence);
        if (n) out.push(n);
      }
    }
  }
  return out;
}

/** Share (0..1, by characters) of a body's sentences that occur verbatim in any of the other bodies. */
export function sharedShare(own: string[], others: string[][]): number {
  const seen = new Set(others.flat());
  const total = own.reduce((n, s) => n + s.length, 0);
  const shared = own.filter((s) => seen.has(s)).reduce((n, s) => n + s.length, 0);
  return total === 0 ? 0 : shared / total;
}

/** Every sentence, table cell and code line of a domain's knowledge (>= 20 characters: shorter ones are not telling). */
export function domainTexts(domain: Domain): string[] {
  const texts = [
    domain.principle,
    domain.verify,
    domain.outOfScope,
    ...domain.triggers,
    ...domain.quickRef.flat(),
    ...domain.mistakes,
    ...domain.redFlags,
    ...domain.patterns.flatMap((p) => [...p.steps, ...(p.code ? p.code.body.split('\n') : [])]),
  ];
  return [...new Set(texts.map(normalize).filter((t) => t.length >= 20))];
}

/**
 * The texts of `others` that a body contains (its sentences or code lines, compared normalized), except texts the
 * domain the draft used (`own`) has too, inside one of its own texts ("CREATE INDEX CONCURRENTLY" is in two domains).
 */
export function foreignTexts(content: string, others: readonly Domain[], own: Domain | null): string[] {
  const body = normalize(bodyOf(content).replace(/\s+/g, ' '));
  const sentences = new Set(bodySentences(content));
  const mine = own ? domainTexts(own) : [];
  const isMine = (t: string) => mine.some((m) => m.includes(t));
  return others.flatMap((d) => domainTexts(d).filter((t) => !isMine(t) && (sentences.has(t) || body.includes(t))));
}

/** `body`'s markdown under `frontmatter`'s name and description: a draft of one task presented as another. */
export function presentedAs(body: string, frontmatter: string): string {
  const parts = (content: string) => {
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(content);
    if (!match) throw new Error('no frontmatter');
    return { frontmatter: match[1]!, body: match[2]! };
  };
  return `---\n${parts(frontmatter).frontmatter}\n---\n${parts(body).body}`;
}
