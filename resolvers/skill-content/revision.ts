// Reviewer feedback (REVISE) read as edits of a SKILL.md: remove / drop a section or example, replace X with Y, add a
// section on Z, shorter, longer, rename. The offline author applies them with the edit operations of ./document;
// the review prompt checks each against the new draft, so "applied" is what the draft shows, for any author.

import { type BlockKind, mentions, parseSkill, readFrontmatter, skillBody } from './document';
import { isValidSkillName, KEBAB_CASE, NAME_MAX_LENGTH } from './rules';

export type EditRequest =
  | { kind: 'remove'; text: string; terms: string[]; kinds: BlockKind[] }
  | { kind: 'replace'; text: string; from: string; to: string }
  | { kind: 'add'; text: string; topic: string }
  | { kind: 'shorter'; text: string }
  | { kind: 'longer'; text: string }
  /** `name`: the frontmatter name the title makes (kebab-case), or null when it is no valid skill name. */
  | { kind: 'rename'; text: string; title: string; name: string | null }
  | { kind: 'rename-section'; text: string; from: string; to: string }
  | { kind: 'unrecognized'; text: string };

/** One feedback text as separate requests: lines, bullets, semicolons and sentences. */
export function feedbackItems(feedback: string): string[] {
  return feedback
    .split(/\r?\n+|;\s+|(?<=[.!?])\s+(?=[A-Z])/)
    .map((s) =>
      s
        .replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '')
        .trim()
        .replace(/[.!]+$/, ''),
    )
    .filter((s) => s.length > 0);
}

const unquote = (s: string) =>
  s
    .trim()
    .replace(/^["'`“”]+|["'`“”]+$/g, '')
    .trim();

const KIND_WORDS: [RegExp, BlockKind][] = [
  [/\b(?:examples?|code|snippets?|commands?|blocks?|samples?)$/i, 'code'],
  [/\b(?:sections?|parts?|headings?|chapters?|subsections?)$/i, 'section'],
  [/\b(?:steps?|items?|rows?|lines?|bullets?|flags?|mistakes?|points?|entries|entry|mentions?)$/i, 'item'],
];

function removeRequest(text: string, target: string): EditRequest {
  let rest = unquote(target)
    .replace(/^(?:all\s+|any\s+|every\s+)?(?:(?:mentions?|references?)\s+(?:of|to)\s+)?(?:the|a|an)\s+/i, '')
    .trim();
  const kinds: BlockKind[] = [];
  for (const [pattern, kind] of KIND_WORDS) {
    if (pattern.test(rest)) {
      kinds.push(kind);
      rest = rest.replace(pattern, '').trim();
      break;
    }
  }
  const terms = rest
    .split(/\s*\/\s*|\s*,\s*|\s+or\s+|\s+and\s+/i)
    .map((t) => unquote(t.replace(/^(?:the|a|an)\s+/i, '')))
    .filter((t) => t.length > 1);
  if (terms.length === 0) return { kind: 'unrecognized', text };
  return { kind: 'remove', text, terms, kinds: kinds.length > 0 ? kinds : ['section', 'code', 'item'] };
}

/**
 * "Rename it to Safe Postgres Migrations": that title and the name safe-postgres-migrations; "call it pg-safety":
 * that name and the title "Pg Safety". The name must pass the validator's name rules (rules.ts isValidSkillName).
 */
function renameRequest(text: string, target: string): EditRequest {
  const given = unquote(target);
  if (KEBAB_CASE.test(given)) {
    const title = given.replace(/-/g, ' ').replace(/\b[a-z]/g, (c) => c.toUpperCase());
    return { kind: 'rename', text, title, name: isValidSkillName(given) ? given : null };
  }
  const name = given
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('-');
  return { kind: 'rename', text, title: given, name: isValidSkillName(name) ? name : null };
}

/** Why a rename's name is refused, for the review (the rule itself is rules.ts isValidSkillName). */
export const INVALID_RENAME = `it makes no valid skill name (kebab-case starting with a letter, at most ${NAME_MAX_LENGTH} characters, no reserved word)`;

/** One feedback item as an edit request, or `unrecognized`. */
export function parseFeedback(item: string): EditRequest {
  const text = item.trim();
  const t = text.replace(/^(?:please\s+|can you\s+|could you\s+|i want you to\s+)/i, '').replace(/[.!?]+$/, '');
  let m: RegExpExecArray | null;
  if ((m = /^(?:rename|retitle)\s+(?:the\s+)?["']?(.+?)["']?\s+section\s+(?:to|as)\s+(.+)$/i.exec(t)))
    return { kind: 'rename-section', text, from: unquote(m[1]!), to: unquote(m[2]!) };
  if ((m = /^(?:rename|retitle)\s+(?:it|the\s+skill|the\s+title|the\s+document)\s+(?:to|as)\s+(.+)$/i.exec(t)))
    return renameRequest(text, m[1]!);
  if ((m = /^(?:call|title|name)\s+it\s+(.+)$/i.exec(t))) return renameRequest(text, m[1]!);
  if ((m = /^(?:replace|swap)\s+(.+?)\s+(?:with|by|for)\s+(.+)$/i.exec(t)))
    return { kind: 'replace', text, from: unquote(m[1]!), to: unquote(m[2]!) };
  if ((m = /^use\s+(.+?)\s+instead\s+of\s+(.+)$/i.exec(t)))
    return { kind: 'replace', text, from: unquote(m[2]!), to: unquote(m[1]!) };
  if ((m = /^change\s+(.+?)\s+(?:to|into)\s+(.+)$/i.exec(t)))
    return { kind: 'replace', text, from: unquote(m[1]!), to: unquote(m[2]!) };
  if ((m = /^(?:remove|drop|delete|cut|take\s+out|get\s+rid\s+of|strip)\s+(.+)$/i.exec(t)))
    return removeRequest(text, m[1]!);
  if (/\b(?:shorter|shorten|too\s+long|more\s+concise|trim\s+it|condense|cut\s+it\s+down)\b/i.test(t))
    return { kind: 'shorter', text };
  if (/\b(?:longer|too\s+short|more\s+detail(?:s|ed)?|expand\s+it|elaborate)\b/i.test(t))
    return { kind: 'longer', text };
  if (
    (m =
      /^(?:add|include|write|also\s+cover|cover|mention|explain|describe|discuss|focus\s+on)\s+(?:(?:a|an|one)\s+)?(?:(?:new|short)\s+)?(?:(?:section|part|paragraph)\s+)?(?:(?:on|about|for|covering|that\s+covers)\s+)?(.+)$/i.exec(
        t,
      ))
  )
    return { kind: 'add', text, topic: unquote(m[1]!) };
  return { kind: 'unrecognized', text };
}

/** Every request in a list of feedback texts, in order. */
export function editRequests(feedback: readonly string[]): EditRequest[] {
  return feedback.flatMap(feedbackItems).map(parseFeedback);
}

function headingsOf(content: string): string[] {
  const doc = parseSkill(content);
  const inner = doc.sections.flatMap((s) =>
    s.lines.filter((l) => /^###\s/.test(l)).map((l) => l.replace(/^#+\s*/, '')),
  );
  return [...doc.sections.map((s) => s.title), ...inner];
}

function countMentions(content: string, term: string): number {
  return skillBody(content)
    .split('\n')
    .filter((l) => mentions(l, term)).length;
}

const titleOf = (content: string) => /^#\s+(.+)$/m.exec(skillBody(content))?.[1]?.trim() ?? '';
const nameOf = (content: string) => readFrontmatter(parseSkill(content)).name;
const sizeOf = (content: string) => skillBody(content).split(/\s+/).filter(Boolean).length;

/** Words of an add request's topic a heading must contain (its first three content words, >= 3 letters). */
export function topicKeys(topic: string): string[] {
  return topic
    .toLowerCase()
    .split(/[^a-z0-9_]+/)
    .filter((w) => w.length >= 3 && !['the', 'and', 'for', 'with', 'about', 'how', 'when', 'what'].includes(w))
    .slice(0, 3);
}

/**
 * Whether `next` shows the request, compared with `previous`: null for an unrecognized request (nothing to check:
 * only the diff can tell what an author did with it).
 */
export function requestApplied(request: EditRequest, previous: string, next: string): boolean | null {
  switch (request.kind) {
    case 'remove':
      return request.terms.some((t) => countMentions(next, t) < countMentions(previous, t));
    case 'replace':
      return (
        countMentions(next, request.from) < countMentions(previous, request.from) && countMentions(next, request.to) > 0
      );
    case 'add': {
      const keys = topicKeys(request.topic);
      return headingsOf(next).some((h) => keys.length > 0 && keys.every((k) => h.toLowerCase().includes(k)));
    }
    case 'shorter':
      return sizeOf(next) < sizeOf(previous);
    case 'longer':
      return sizeOf(next) > sizeOf(previous);
    case 'rename':
      return request.name !== null && titleOf(next) === request.title && nameOf(next) === request.name;
    case 'rename-section':
      return parseSkill(next).sections.some((s) => s.title === request.to);
    case 'unrecognized':
      return null;
  }
}
