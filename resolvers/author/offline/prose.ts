// Phrasing helpers shared by every step of the offline author: lists in prose, quoted answers, deduplication, and
// references to a topic that vary after its first mention.

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

/** Ways to refer to a topic once it has been named: "the Terraform plans", then "these plans", then "them". */
export interface TopicReferences {
  /** "the Terraform plans" */
  full: string;
  /** "these plans" / "this capacity": the head noun with a demonstrative. */
  near: string;
  /** "them" / "it" */
  pronoun: string;
}

export function topicReferences(topic: string): TopicReferences {
  const head = topic.split(/\s+/).at(-1) ?? topic;
  // "plans", "migrations", "tests" are plural; "analysis", "access", "status" are not.
  const plural = /[^su]s$/i.test(head) && !/(?:is|ss|us)$/i.test(head);
  return { full: `the ${topic}`, near: `${plural ? 'these' : 'this'} ${head}`, pronoun: plural ? 'them' : 'it' };
}
