// GREEN: the first draft, written section by section; validation issues and feedback change its options.

import { renderSkill, type Section, type SkillDoc } from '../../skill-content/document';
import { scanLines } from '../../skill-content/markdown';
import { RATIONALIZATION_SECTION } from '../../skill-content/rules';
import type { DraftHints, ScenarioSet } from '../types';
import type { Knowledge } from './knowledge';
import { applyFeedback, asksShorter } from './revise';
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
    compact: issues.some(tooLong) || asksShorter(k.feedback),
    scrubFiller: issues.some((i) => /filler/i.test(i)),
    // "Longer" adds the person's own case instead (./revise addWorkedCase): a checklist restating the criteria is no
    // substance, so it does not count as making a skill longer.
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
  applyFeedback(doc, k);
  polishDoc(doc);
  return renderSkill(doc);
}

/**
 * "a"/"an" agreement and doubled words fixed in the prose of a document; code blocks stay as written, and so does
 * the rationalizations table (its excuses must match RED's verbatim; ./scenarios polishes them when it writes them).
 */
export function polishDoc(doc: SkillDoc): void {
  for (const section of doc.sections) {
    if (RATIONALIZATION_SECTION.test(section.title)) continue;
    const md = scanLines(section.lines);
    section.lines = section.lines.map((line, i) => (md.lines[i]?.inCode ? line : polish(line)));
  }
  doc.preamble = doc.preamble.map(polish);
}
