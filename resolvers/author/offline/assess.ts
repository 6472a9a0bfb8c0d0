// The offline author's own judgement of a draft: the gaps a reviewer would name (missing or thin sections, no code
// example in a technical skill, uncountered excuses, feedback and answers not reflected, length, filler).

import {
  contentLines,
  countCodeBlocks,
  findSection,
  parseSkill,
  readFrontmatter,
  skillBody,
} from '../../skill-content/document';
import { normalizeText } from '../../skill-content/rationalizations';
import {
  BODY_MAX_LINES,
  BODY_MAX_WORDS,
  isValidSkillName,
  OVERVIEW_HEADING,
  QUICK_REFERENCE_HEADING,
  RATIONALIZATION_SECTION,
  RED_FLAGS_SECTION,
  WHEN_TO_USE_HEADING,
} from '../../skill-content/rules';
import type { AuthorContext, DraftAssessment } from '../types';
import { editRequests, INVALID_RENAME } from '../../skill-content/revision';
import { buildKnowledge } from './knowledge';
import { meaningfulWords } from './phrases';
import { joinList, quote } from './prose';
import { buildScenarios } from './scenarios';
import { TO_COMPLETE_TITLE } from './sections';
import { fillerFound } from './text';

export function assessDraft(ctx: AuthorContext, draft: string): DraftAssessment {
  const k = buildKnowledge(ctx);
  const doc = parseSkill(draft);
  const meta = readFrontmatter(doc);
  const body = skillBody(draft);
  const lines = body.split('\n').length;
  const words = body.split(/\s+/).filter(Boolean).length;
  const codeBlocks = countCodeBlocks(body);
  const suggestions: string[] = [];

  if (!doc.frontmatter) suggestions.push('Add YAML frontmatter with name and description.');
  if (meta.name && !isValidSkillName(meta.name))
    suggestions.push(`Rename the skill: "${meta.name}" is not a valid kebab-case name of at most 64 characters.`);
  if (meta.description !== undefined && !/use when/i.test(meta.description))
    suggestions.push('Add a "Use when ..." trigger to the description.');
  const required: [string, RegExp][] = [
    ['Overview', OVERVIEW_HEADING],
    ['When to Use', WHEN_TO_USE_HEADING],
    ['Quick Reference', QUICK_REFERENCE_HEADING],
    ['Core Patterns', /core patterns|patterns/i],
    ['Common Mistakes', /common mistakes|mistakes/i],
    ['Common Rationalizations', RATIONALIZATION_SECTION],
    ['Red Flags', RED_FLAGS_SECTION],
  ];
  for (const [title, pattern] of required) {
    const section = findSection(doc, pattern);
    if (!section) suggestions.push(`Add a "## ${title}" section.`);
    else if (contentLines(section) < 3)
      suggestions.push(`Expand "## ${section.title}": it has ${contentLines(section)} line(s) of content.`);
  }
  if (codeBlocks === 0 && k.technical)
    suggestions.push(
      `Add a fenced code example: the task is technical (${k.known ? k.domain.id : 'it names code or tools'}).`,
    );
  const set = ctx.scenarios ?? buildScenarios(k);
  const normalizedBody = normalizeText(body);
  const uncountered = set.rationalizations.filter((r) => !normalizedBody.includes(normalizeText(r)));
  for (const r of uncountered) suggestions.push(`Counter the rationalization "${r}" in the rationalizations table.`);
  const lowerBody = body.toLowerCase();
  const feedbackMissing = k.feedback.filter((f) => {
    const keys = meaningfulWords(f).filter((w) => w.length >= 4);
    const hits = keys.filter((w) => lowerBody.includes(w)).length;
    return keys.length > 0 ? hits < Math.ceil(keys.length / 2) : !lowerBody.includes(f.toLowerCase());
  });
  for (const f of feedbackMissing) suggestions.push(`Address the reviewer feedback ${quote(f, 200)}.`);
  const notApplied: string[] = [];
  for (const r of editRequests(k.feedback)) {
    const before = suggestions.length;
    if (r.kind === 'unrecognized')
      suggestions.push(`Not applied (no edit rule reads it): ${quote(r.text, 200)}; an author with a model can.`);
    else if (r.kind === 'rename' && r.name === null)
      suggestions.push(`Not applied: ${quote(r.text, 200)}: ${INVALID_RENAME}.`);
    else if (r.kind === 'longer' && !k.problemFromUser)
      suggestions.push(
        `Not applied: ${quote(r.text, 200)}: the offline author has nothing more to add from the task or the answers; describe the problem you see in an answer, or use an author with a model.`,
      );
    if (suggestions.length > before) notApplied.push(r.text);
  }
  // A feedback item counts as reflected only when its words are in the body and no part of it was left unapplied.
  const reflected = k.feedback.filter((f) => !feedbackMissing.includes(f) && !notApplied.some((t) => f.includes(t)));
  const toComplete = findSection(doc, new RegExp(`^${TO_COMPLETE_TITLE}$`, 'i'));
  if (toComplete)
    suggestions.push(
      k.known
        ? `Fill in "## ${TO_COMPLETE_TITLE}": the built-in ${k.domain.id} knowledge does not cover ${joinList(k.match.uncoveredNames)}, so expert content is missing there.`
        : `Fill in "## ${TO_COMPLETE_TITLE}": no built-in domain covers this task, so expert content is missing there.`,
    );
  if (k.goalsFromUser && !k.goals.some((g) => normalizedBody.includes(normalizeText(g)))) {
    suggestions.push('Quote the success criteria the user gave, so the skill can be checked against them.');
  }
  if (k.constraints.length > 0 && !k.constraints.some((c) => normalizedBody.includes(normalizeText(c)))) {
    suggestions.push('State the user\'s constraints in the skill ("Do not use when ..." or a constraints list).');
  }
  if (lines > BODY_MAX_LINES || words > BODY_MAX_WORDS)
    suggestions.push(
      `Shorten the body: ${lines} lines and ${words} words (limits ${BODY_MAX_LINES} lines, ${BODY_MAX_WORDS} words).`,
    );
  const filler = fillerFound(body.replace(/```[\s\S]*?```/g, ''));
  if (filler.length > 0) suggestions.push(`Remove filler words: ${filler.join(', ')}.`);

  const countered = set.rationalizations.length - uncountered.length;
  const summary =
    `Draft "${meta.name ?? k.refinement.skillName}" for ${k.topic}: ${lines} lines, ${words} words, ${doc.sections.length} sections, ` +
    `${codeBlocks} code block(s); ${countered} of ${set.rationalizations.length} rationalizations countered` +
    (k.feedback.length > 0 ? `; ${reflected.length} of ${k.feedback.length} feedback item(s) reflected` : '') +
    `. ${suggestions.length === 0 ? 'No gaps found.' : `${suggestions.length} suggestion(s).`}`;
  return { summary, suggestions };
}
