// A fence-aware view of a SKILL.md: frontmatter, the part before the first `## ` heading, and the level-2
// sections. Used by refactor (to rebuild sections of any draft, ours or not) and assess (to judge one).

import { parse as parseYaml } from 'yaml';
import { normalizeForMatch } from './text';

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

export function splitFrontmatter(content: string): { frontmatter: string[] | null; body: string[] } {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (end > 0) return { frontmatter: lines.slice(1, end), body: lines.slice(end + 1) };
  }
  return { frontmatter: null, body: lines };
}

export function parseSkill(content: string): SkillDoc {
  const { frontmatter, body } = splitFrontmatter(content);
  const preamble: string[] = [];
  const sections: Section[] = [];
  let fence: string | null = null;
  for (const line of body) {
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === null) fence = marker;
      else if (marker.startsWith(fence.charAt(0)) && marker.length >= fence.length) fence = null;
    }
    const heading = fence === null && !fenceMatch ? /^##\s+(.+?)\s*#*\s*$/.exec(line) : null;
    if (heading) {
      sections.push({ title: heading[1]!, lines: [] });
      continue;
    }
    const current = sections[sections.length - 1];
    if (current) current.lines.push(line);
    else preamble.push(line);
  }
  return { frontmatter, preamble, sections };
}

export function readFrontmatter(doc: SkillDoc): { name?: string; description?: string } {
  if (!doc.frontmatter) return {};
  try {
    const data: unknown = parseYaml(doc.frontmatter.join('\n'));
    if (data && typeof data === 'object') {
      const record = data as Record<string, unknown>;
      return {
        name: typeof record.name === 'string' ? record.name : undefined,
        description: typeof record.description === 'string' ? record.description : undefined,
      };
    }
  } catch {
    // Invalid YAML: treat as absent; refactor writes a fresh frontmatter.
  }
  return {};
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

export function sectionKey(title: string): string {
  return normalizeForMatch(title);
}

export function findSection(doc: SkillDoc, pattern: RegExp): Section | undefined {
  return doc.sections.find((s) => pattern.test(s.title));
}

/** Merges sections with the same heading into the first one (later copies' new lines are appended). */
export function dedupeSections(doc: SkillDoc): SkillDoc {
  const sections: Section[] = [];
  const byKey = new Map<string, Section>();
  for (const section of doc.sections) {
    const key = sectionKey(section.title);
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

/** Cells of a markdown table row, or null when the line is not a row. Separator rows return null. */
export function tableCells(line: string): string[] | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|')) return null;
  const cells = trimmed
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
  if (cells.every((c) => /^:?-{2,}:?$/.test(c) || c === '')) return null;
  return cells;
}

export function isBullet(line: string): boolean {
  return /^\s*[-*+]\s+\S/.test(line);
}

export function bulletText(line: string): string {
  return line.replace(/^\s*[-*+]\s+/, '').trim();
}

export function countCodeBlocks(content: string): number {
  const fences = content.split('\n').filter((l) => /^\s*(`{3,}|~{3,})/.test(l)).length;
  return Math.floor(fences / 2);
}

/** Non-empty lines of a section that are not blank, headings or fence markers. */
export function contentLines(section: Section): number {
  return section.lines.filter((l) => l.trim() !== '' && !/^\s*(`{3,}|~{3,})/.test(l)).length;
}
