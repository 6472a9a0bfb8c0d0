// GREEN: the first draft, written section by section; validation issues and feedback change its options.

import { renderSkill, type Section, type SkillDoc } from '../../skill-content/document';
import { scanLines } from '../../skill-content/markdown';
import type { DraftHints, ScenarioSet } from '../types';
import type { Knowledge } from './knowledge';
import { counterFor, baseRedFlags } from './scenarios';
import { polish } from './text';
import {
  corePatternsSection,
  frontmatter,
  mistakesSection,
  overviewSection,
  quickReferenceSection,
  rationalizationRow,
  rationalizationsSection,
  redFlagsSection,
  toCompleteSection,
  whenToUseSection,
  type DraftOptions,
} from './sections';

/** How the previous draft's validation issues and the feedback shape the next one. */
export function draftOptions(k: Knowledge, hints?: DraftHints): DraftOptions {
  const issues = hints?.validationIssues ?? [];
  const tooLong = (s: string) =>
    /too long|exceed|more than \d+ (?:lines|words)|over \d+ (?:lines|words)|> ?\d+ (?:lines|words)/i.test(s);
  return {
    compact: issues.some(tooLong) || k.feedback.some((f) => /shorter|too long|more concise|trim it/i.test(f)),
    scrubFiller: issues.some((i) => /filler/i.test(i)),
    checklist: issues.length > 0,
  };
}

/** A complete SKILL.md: frontmatter, title and every section in the order an agent reads them. */
export function renderDraft(k: Knowledge, set: ScenarioSet, o: DraftOptions): string {
  const rows = set.rationalizations.map((r) => rationalizationRow(r, counterFor(r, set, k)));
  const sections: Section[] = [
    overviewSection(k, o),
    whenToUseSection(k, o),
    quickReferenceSection(k, o),
    corePatternsSection(k, o),
  ];
  const toComplete = toCompleteSection(k);
  if (toComplete) sections.push(toComplete);
  sections.push(mistakesSection(k, o), rationalizationsSection(rows), redFlagsSection(baseRedFlags(k), k));
  const doc: SkillDoc = { frontmatter: frontmatter(k), preamble: [`# ${k.title}`], sections };
  polishDoc(doc);
  return renderSkill(doc);
}

/** "a"/"an" agreement and doubled words fixed in the prose of a document; code blocks stay as written. */
export function polishDoc(doc: SkillDoc): void {
  for (const section of doc.sections) {
    const md = scanLines(section.lines);
    section.lines = section.lines.map((line, i) => (md.lines[i]?.inCode ? line : polish(line)));
  }
  doc.preamble = doc.preamble.map(polish);
}
