// Phrasing helpers shared by every step of the offline author: lists in prose, quoted answers, deduplication.

import { normalizeText } from '../../skill-content/rationalizations';
import { inline } from './text';

export function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Items without repeats, compared as the validator compares rationalizations (normalizeText); blanks dropped. */
export function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const key = normalizeText(item);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** `"text"`: one line, inner double quotes made single, a trailing period dropped (the sentence adds its own). */
export function quote(text: string, max = 300): string {
  return `"${inline(text, max)
    .replace(/"/g, "'")
    .replace(/(?<!\.)\.$/, '')}"`;
}
