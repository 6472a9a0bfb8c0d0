/**
 * SKILL.md model: the only one in the project. A SKILL.md is YAML frontmatter (./frontmatter) and a markdown body
 * (./markdown); this module is its editable form (frontmatter lines, the part before the first `## ` heading and
 * the level-2 sections) with parse and render. The validator (./validator) checks the rules of ./rules; the
 * authors parse, edit and render drafts with this module and import the same rules.
 */
import { normalizeContent, parseYamlMapping, splitFrontmatter } from './frontmatter';
import { isFenceLine, scanLines, scanMarkdown } from './markdown';
import { normalizeText } from './rationalizations';

export interface Section {
  /** Heading text without the leading `## `. */
  title: string;
  /** Lines after the heading line, up to the next level-2 heading. */
  lines: string[];
}

export interface SkillDoc {
  /** The frontmatter lines between the `---` markers, or null when there is none. */
  frontmatter: string[] | null;
  /** Body lines before the first level-2 heading (title, intro). */
  preamble: string[];
  sections: Section[];
}

/** Frontmatter lines and body. An unclosed frontmatter stays in the body, so an edited document loses nothing. */
export function splitDocument(content: string): { frontmatter: string[] | null; body: string } {
  const text = normalizeContent(content);
  const split = splitFrontmatter(text);
  if (split.kind !== 'ok') return { frontmatter: null, body: text };
  const yaml = split.yaml.endsWith('\n') ? split.yaml.slice(0, -1) : split.yaml;
  return { frontmatter: split.yaml === '' ? [] : yaml.split('\n'), body: split.body };
}

/** The markdown after the frontmatter (the whole content when there is none). */
export function skillBody(content: string): string {
  return splitDocument(content).body;
}

export function parseSkill(content: string): SkillDoc {
  const { frontmatter, body } = splitDocument(content);
  const md = scanLines(body.split('\n'));
  const titles = new Map<number, string>();
  for (const heading of md.headings)
    if (heading.level === 2 && heading.text !== '') titles.set(heading.line, heading.text);
  const preamble: string[] = [];
  const sections: Section[] = [];
  md.lines.forEach((line, index) => {
    const title = titles.get(index);
    if (title !== undefined) {
      sections.push({ title, lines: [] });
      return;
    }
    const current = sections[sections.length - 1];
    if (current) current.lines.push(line.text);
    else preamble.push(line.text);
  });
  return { frontmatter, preamble, sections };
}

/** `name` and `description` when the frontmatter is a YAML mapping holding them as strings. */
export function readFrontmatter(doc: SkillDoc): { name?: string; description?: string } {
  if (!doc.frontmatter) return {};
  const parsed = parseYamlMapping(doc.frontmatter.join('\n'));
  if (!parsed.ok) return {};
  const { name, description } = parsed.data;
  return {
    name: typeof name === 'string' ? name : undefined,
    description: typeof description === 'string' ? description : undefined,
  };
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

/** Frontmatter lines `key: value`, each value a safe YAML scalar. */
export function frontmatterLines(fields: Record<string, string>): string[] {
  return Object.entries(fields).map(([key, value]) => `${key}: ${yamlScalar(value)}`);
}

function trimBlank(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

/** Reassembles a document: one blank line between blocks, a trailing newline. */
export function renderSkill(doc: SkillDoc): string {
  const out: string[] = [];
  if (doc.frontmatter) out.push('---', ...doc.frontmatter, '---', '');
  const preamble = trimBlank(doc.preamble);
  if (preamble.length > 0) out.push(...preamble, '');
  for (const section of doc.sections) {
    out.push(`## ${section.title}`, '');
    const body = trimBlank(section.lines);
    if (body.length > 0) out.push(...body, '');
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}

export function findSection(doc: SkillDoc, pattern: RegExp): Section | undefined {
  return doc.sections.find((s) => pattern.test(s.title));
}

/** Merges sections with the same heading into the first one (later copies' new lines are appended). */
export function dedupeSections(doc: SkillDoc): SkillDoc {
  const sections: Section[] = [];
  const byKey = new Map<string, Section>();
  for (const section of doc.sections) {
    const key = normalizeText(section.title);
    const first = byKey.get(key);
    if (!first) {
      const copy = { title: section.title, lines: [...section.lines] };
      byKey.set(key, copy);
      sections.push(copy);
      continue;
    }
    const present = new Set(first.lines.map((l) => l.trim()).filter(Boolean));
    const extra = section.lines.filter((l) => l.trim() === '' || !present.has(l.trim()));
    if (trimBlank(extra).length > 0) first.lines.push('', ...trimBlank(extra));
  }
  return { ...doc, sections };
}

/** Fenced code blocks in a body, counted as the validator's code_examples check counts them. */
export function countCodeBlocks(body: string): number {
  return scanMarkdown(body).fenceCount;
}

/** Lines of a section that are neither blank nor fence markers. */
export function contentLines(section: Section): number {
  return section.lines.filter((l) => l.trim() !== '' && !isFenceLine(l)).length;
}

// Edit operations (REVISE): each changes the document in place and says how much it changed, so a caller can tell
// an applied edit from one that found nothing to change.

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word, case-insensitive match of a term, plural "s" allowed ("npm", "pull request(s)"). */
export function mentions(text: string, term: string): boolean {
  const words = term.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return words !== '' && new RegExp(`(?:^|[^a-z0-9])${words}s?(?![a-z0-9])`, 'i').test(text);
}

export type BlockKind = 'section' | 'code' | 'item';

function isItemLine(line: string): boolean {
  return /^\s*(?:[-*+]|\d+[.)])\s+\S/.test(line) || (/^\s*\|.*\|\s*$/.test(line) && !/^\s*\|[\s|:-]+\|\s*$/.test(line));
}

/** Level-3 subsections of `lines` whose heading mentions `term`, removed; returns the new lines and the count. */
function removeSubsections(lines: string[], term: string): { lines: string[]; removed: number } {
  const out: string[] = [];
  let removed = 0;
  let dropping = false;
  let inCode = false;
  for (const line of lines) {
    if (isFenceLine(line)) inCode = !inCode;
    const heading = !inCode && /^###\s+(.*)$/.exec(line);
    if (heading) {
      dropping = mentions(heading[1]!, term);
      if (dropping) removed++;
    }
    if (!dropping) out.push(line);
  }
  return { lines: out, removed };
}

/** Fenced code blocks of `lines` whose text mentions `term`, removed with their fences. */
function removeCodeBlocks(lines: string[], term: string): { lines: string[]; removed: number } {
  const out: string[] = [];
  let removed = 0;
  let block: string[] | null = null;
  for (const line of lines) {
    if (block) {
      block.push(line);
      if (isFenceLine(line)) {
        if (mentions(block.slice(1, -1).join('\n'), term)) removed++;
        else out.push(...block);
        block = null;
      }
    } else if (isFenceLine(line)) block = [line];
    else out.push(line);
  }
  if (block) out.push(...block);
  return { lines: out, removed };
}

/** List items and table rows (not headers or separators) that mention `term`, outside code blocks. */
function removeItems(lines: string[], term: string): { lines: string[]; removed: number } {
  const out: string[] = [];
  let removed = 0;
  let inCode = false;
  lines.forEach((line, i) => {
    if (isFenceLine(line)) inCode = !inCode;
    const isHeaderRow = /^\s*\|/.test(line) && /^\s*\|[\s|:-]+\|\s*$/.test(lines[i + 1] ?? '');
    if (!inCode && isItemLine(line) && !isHeaderRow && mentions(line, term)) removed++;
    else out.push(line);
  });
  return { lines: out, removed };
}

/**
 * Removes what mentions `term`, of the given kinds: level-2 sections (by title) and level-3 subsections, code
 * blocks, list items and table rows. Sections whose title matches a `keep` pattern are never removed, and their
 * items stay (a required section, the rationalizations table). Returns the number of blocks removed.
 */
export function removeMentions(doc: SkillDoc, term: string, kinds: BlockKind[], keep: RegExp[] = []): number {
  let removed = 0;
  const kept = (s: Section) => keep.some((k) => k.test(s.title));
  if (kinds.includes('section')) {
    const before = doc.sections.length;
    doc.sections = doc.sections.filter((s) => kept(s) || !mentions(s.title, term));
    removed += before - doc.sections.length;
  }
  for (const section of doc.sections) {
    const steps: ((l: string[], t: string) => { lines: string[]; removed: number })[] = [];
    if (kinds.includes('section')) steps.push(removeSubsections);
    if (kinds.includes('code')) steps.push(removeCodeBlocks);
    if (kinds.includes('item') && !kept(section)) steps.push(removeItems);
    for (const step of steps) {
      const result = step(section.lines, term);
      section.lines = result.lines;
      removed += result.removed;
    }
  }
  return removed;
}

/** Replaces every occurrence of `from` (case-insensitive, whole words) in the title and body; returns the count. */
export function replaceText(doc: SkillDoc, from: string, to: string): number {
  const words = from.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  if (!words) return 0;
  const pattern = new RegExp(`(?<![A-Za-z0-9])${words}(?![A-Za-z0-9])`, 'gi');
  let count = 0;
  const swap = (line: string) =>
    line.replace(pattern, () => {
      count++;
      return to;
    });
  doc.preamble = doc.preamble.map(swap);
  for (const section of doc.sections) {
    section.title = swap(section.title);
    section.lines = section.lines.map(swap);
  }
  return count;
}

/** Adds a section before the first section matching `before` (else at the end); false when its title exists. */
export function addSection(doc: SkillDoc, section: Section, before: RegExp[] = []): boolean {
  const key = normalizeText(section.title);
  if (doc.sections.some((s) => normalizeText(s.title) === key)) return false;
  for (const pattern of before) {
    const index = doc.sections.findIndex((s) => pattern.test(s.title));
    if (index >= 0) {
      doc.sections.splice(index, 0, section);
      return true;
    }
  }
  doc.sections.push(section);
  return true;
}

/** The `# ` title of the document, replaced (or added); false when it already reads `title`. */
export function setTitle(doc: SkillDoc, title: string): boolean {
  const index = doc.preamble.findIndex((l) => /^#\s+\S/.test(l));
  if (index >= 0 && doc.preamble[index] === `# ${title}`) return false;
  if (index >= 0) doc.preamble[index] = `# ${title}`;
  else doc.preamble.unshift(`# ${title}`);
  return true;
}

/** The frontmatter's `name`, replaced (or added as its first key); false when it already is `name`. */
export function setName(doc: SkillDoc, name: string): boolean {
  const line = frontmatterLines({ name })[0]!;
  const lines = doc.frontmatter ?? [];
  const index = lines.findIndex((l) => /^name\s*:/.test(l));
  if (index >= 0 && lines[index] === line) return false;
  if (index >= 0) lines[index] = line;
  else lines.unshift(line);
  doc.frontmatter = lines;
  return true;
}

/** The first level-2 section whose title mentions `from`, renamed; false when there is none. */
export function renameSection(doc: SkillDoc, from: string, to: string): boolean {
  const section = doc.sections.find((s) => mentions(s.title, from));
  if (!section || section.title === to) return false;
  section.title = to;
  return true;
}

/** Lists and tables cut to their first `max` items, except in sections matching `keep`; returns items removed. */
export function trimLists(doc: SkillDoc, max: number, keep: RegExp[] = []): number {
  let removed = 0;
  for (const section of doc.sections) {
    if (keep.some((k) => k.test(section.title))) continue;
    const out: string[] = [];
    let run = 0;
    let inCode = false;
    for (const line of section.lines) {
      if (isFenceLine(line)) inCode = !inCode;
      const separator = /^\s*\|[\s|:-]+\|\s*$/.test(line);
      if (!inCode && isItemLine(line) && !separator) {
        run++;
        // A table's header row is its first row: it never counts against the limit.
        if (run > max + (/^\s*\|/.test(line) ? 1 : 0)) {
          removed++;
          continue;
        }
      } else if (!separator) run = 0;
      out.push(line);
    }
    section.lines = out;
  }
  return removed;
}
