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
