// GREEN: the first draft, written section by section; validation issues and feedback change its options.

import { renderSkill, type Section } from '../../skill-content/document';
import type { DraftHints, ScenarioSet } from '../types';
import type { Knowledge } from './knowledge';
import { counterFor, baseRedFlags } from './scenarios';
import {
  corePatternsSection,
  frontmatter,
  mistakesSection,
  overviewSection,
  quickReferenceSection,
  rationalizationRow,
  rationalizationsSection,
  redFlagsSection,
  reviewerNotesSection,
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
  const notes = reviewerNotesSection(k);
  if (notes) sections.push(notes);
  sections.push(mistakesSection(k, o), rationalizationsSection(rows), redFlagsSection(baseRedFlags(k), k));
  return renderSkill({ frontmatter: frontmatter(k), preamble: [`# ${k.title}`], sections });
}
