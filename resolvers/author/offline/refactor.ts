// TDD_REFACTOR: any draft (ours or not) parsed into sections, repaired where it misses what a skill needs, its
// rationalizations table and red flags rebuilt so every excuse has a counter.

import {
  countCodeBlocks,
  dedupeSections,
  findSection,
  parseSkill,
  readFrontmatter,
  renderSkill,
  skillBody,
  type Section,
  type SkillDoc,
} from '../../skill-content/document';
import {
  isTableRow,
  isTableSeparator,
  listItemText,
  scanLines,
  tableCells,
  tableRow,
} from '../../skill-content/markdown';
import { normalizeText } from '../../skill-content/rationalizations';
import {
  isValidSkillName,
  OVERVIEW_HEADING,
  QUICK_REFERENCE_HEADING,
  RATIONALIZATION_SECTION,
  RED_FLAGS_SECTION,
  WHEN_TO_USE_HEADING,
} from '../../skill-content/rules';
import type { AuthorContext, DraftHints, RefactoredDraft, ScenarioSet } from '../types';
import { draftOptions, polishDoc, renderDraft } from './draft';
import { applyFeedback } from './revise';
import { buildKnowledge, type Knowledge } from './knowledge';
import { dedupe } from './prose';
import { baseRedFlags, counterFor, pressureRedFlags, scenariosFor } from './scenarios';
import {
  corePatternsSection,
  frontmatter,
  quickReferenceSection,
  rationalizationRow,
  rationalizationsSection,
  redFlagsSection,
  whenToUseSection,
} from './sections';
import { fillerFound, stripFiller } from './text';

function insertBefore(doc: SkillDoc, section: Section, before: RegExp[]): void {
  for (const pattern of before) {
    const index = doc.sections.findIndex((s) => pattern.test(s.title));
    if (index >= 0) {
      doc.sections.splice(index, 0, section);
      return;
    }
  }
  doc.sections.push(section);
}

function rebuildRationalizations(doc: SkillDoc, set: ScenarioSet, counters: Record<string, string>): void {
  const existing = findSection(doc, RATIONALIZATION_SECTION);
  const ours = set.rationalizations.map((r) => rationalizationRow(r, counters[r] ?? ''));
  const ourKeys = set.rationalizations.map((r) => normalizeText(r));
  if (!existing) {
    insertBefore(doc, rationalizationsSection(ours), [RED_FLAGS_SECTION, /reviewer notes/i]);
    return;
  }
  const intro: string[] = [];
  const kept: string[] = [];
  let seenTable = false;
  for (const line of existing.lines) {
    if (isTableRow(line)) {
      seenTable = true;
      const cells = tableCells(line);
      if (isTableSeparator(cells) || cells.length < 2) continue;
      const [first = '', second = ''] = cells;
      const key = normalizeText(first);
      const isHeader = /^(excuse|rationali[sz]ation)s?$/.test(key);
      if (isHeader || !second || ourKeys.some((o) => o === key)) continue;
      kept.push(tableRow([first, second]));
    } else if (!seenTable && line.trim()) {
      intro.push(line);
    }
  }
  existing.lines = [
    ...(intro.length > 0
      ? [...intro, '']
      : ['Excuses an agent under pressure reaches for, and why each one fails.', '']),
    '| Excuse | Reality |',
    '|---|---|',
    ...ours,
    ...kept,
  ];
}

function rebuildRedFlags(doc: SkillDoc, flags: string[], k: Knowledge): string[] {
  const existing = findSection(doc, RED_FLAGS_SECTION);
  if (!existing) {
    const merged = dedupe(flags);
    doc.sections.push(redFlagsSection(merged, k));
    return merged;
  }
  const items: string[] = [];
  const other: string[] = [];
  for (const line of existing.lines) {
    const item = listItemText(line)?.trim();
    if (item) items.push(item);
    else if (line.trim()) other.push(line);
  }
  const merged = dedupe([...items, ...flags]);
  existing.lines = [
    ...merged.map((f) => `- ${f}`),
    '',
    ...(other.length > 0 ? other : [`**All of these mean:** stop, then ${k.domain.rule} before going further.`]),
  ];
  return merged;
}

/** Filler words out of the prose; code blocks stay as written. */
function scrubDoc(doc: SkillDoc): void {
  for (const section of doc.sections) {
    const md = scanLines(section.lines);
    section.lines = section.lines.map((line, i) => {
      if (md.lines[i]?.inCode || !fillerFound(line).length) return line;
      const indent = /^\s*(?:[-*+]\s+|\d+\.\s+|\|\s*)?/.exec(line)?.[0] ?? '';
      return indent + stripFiller(line.slice(indent.length));
    });
  }
}

/** Whether a draft's frontmatter can stay: a valid name and a description that says when to use the skill. */
function keepsFrontmatter(doc: SkillDoc): boolean {
  const meta = readFrontmatter(doc);
  return (
    meta.name !== undefined &&
    isValidSkillName(meta.name) &&
    meta.description !== undefined &&
    /use when/i.test(meta.description) &&
    !/[<>]/.test(meta.description)
  );
}

export function refactorDraft(ctx: AuthorContext, draft: string, hints?: DraftHints): RefactoredDraft {
  const k = buildKnowledge(ctx);
  const o = draftOptions(k, hints);
  const set = scenariosFor(ctx, k);
  const counters: Record<string, string> = {};
  for (const r of set.rationalizations) counters[r] = counterFor(r, set, k);

  let doc = parseSkill(draft.trim() ? draft : renderDraft(k, set, o));
  if (!keepsFrontmatter(doc)) doc.frontmatter = frontmatter(k);
  if (!doc.preamble.some((l) => /^#\s+\S/.test(l))) doc.preamble = [`# ${k.title}`, ...doc.preamble];
  doc = dedupeSections(doc);
  if (!findSection(doc, WHEN_TO_USE_HEADING)) {
    const overview = doc.sections.findIndex((s) => OVERVIEW_HEADING.test(s.title));
    doc.sections.splice(overview >= 0 ? overview + 1 : 0, 0, whenToUseSection(k, o));
  }
  if (!findSection(doc, QUICK_REFERENCE_HEADING)) {
    const when = doc.sections.findIndex((s) => WHEN_TO_USE_HEADING.test(s.title));
    doc.sections.splice(when + 1, 0, quickReferenceSection(k, o));
  }
  if (countCodeBlocks(skillBody(renderSkill(doc))) === 0) {
    const patterns = findSection(doc, /core patterns|patterns|workflow|process/i);
    const generated = corePatternsSection(k, o);
    if (patterns) patterns.lines.push('', ...generated.lines);
    else insertBefore(doc, generated, [/common mistakes/i, RATIONALIZATION_SECTION, RED_FLAGS_SECTION]);
  }
  rebuildRationalizations(doc, set, counters);
  const redFlags = rebuildRedFlags(doc, [...baseRedFlags(k), ...pressureRedFlags(k)], k);
  // Last, so a repair above cannot bring back what the reviewer asked to remove.
  applyFeedback(doc, k);
  if (o.scrubFiller) scrubDoc(doc);
  polishDoc(doc);
  const content = renderSkill(doc);
  // Only the flags the skill still shows (a reviewer may have asked to remove one).
  return { content, counters, redFlags: redFlags.filter((f) => content.includes(`- ${f}`)) };
}
