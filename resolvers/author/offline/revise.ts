// REVISE, offline: the reviewer's feedback applied to the draft itself as edits of the document model (remove,
// replace, add a section, shorter, longer, rename). Feedback it cannot read as an edit changes nothing in the skill;
// the review prompt lists it back as not applied. Applying the same feedback twice changes nothing the second time.

import {
  addSection,
  removeMentions,
  findSection,
  renameSection,
  replaceText,
  setName,
  setTitle,
  trimLists,
  type Section,
  type SkillDoc,
} from '../../skill-content/document';
import { editRequests, topicKeys, type EditRequest } from '../../skill-content/revision';
import {
  OVERVIEW_HEADING,
  QUICK_REFERENCE_HEADING,
  RATIONALIZATION_SECTION,
  RED_FLAGS_SECTION,
  WHEN_TO_USE_HEADING,
} from '../../skill-content/rules';
import type { Knowledge } from './knowledge';
import { activityTitle } from './phrases';
import { quote } from './prose';
import { TO_COMPLETE_TITLE } from './sections';
import { capitalize } from './text';

/** Sections a skill must keep whatever the feedback says (the validator requires them). */
const REQUIRED: RegExp[] = [
  WHEN_TO_USE_HEADING,
  QUICK_REFERENCE_HEADING,
  OVERVIEW_HEADING,
  RATIONALIZATION_SECTION,
  RED_FLAGS_SECTION,
];

/** Lines of the domain's knowledge that name the topic's key words: what the offline author knows about it. */
function knownAbout(k: Knowledge, topic: string): string[] {
  if (!k.known) return [];
  const keys = topicKeys(topic);
  const d = k.domain;
  const candidates = [
    ...d.patterns.flatMap((p) => p.steps),
    ...d.quickRef.map(([s, x]) => `${s}: ${x}.`),
    ...d.mistakes.map((m) => `Avoid: ${m.charAt(0).toLowerCase()}${m.slice(1)}.`),
    ...d.redFlags.map((f) => `Red flag: ${f.charAt(0).toLowerCase()}${f.slice(1)}.`),
  ];
  const hits = (line: string) => keys.filter((key) => line.toLowerCase().includes(key.replace(/s$/, ''))).length;
  return candidates.filter((line) => hits(line) >= Math.min(2, keys.length)).slice(0, 5);
}

function sectionOn(k: Knowledge, request: EditRequest & { kind: 'add' }): Section {
  const title = activityTitle(request.topic) ?? capitalize(request.topic);
  const known = knownAbout(k, request.topic);
  const lines =
    known.length > 0
      ? [`Asked for in review: ${quote(request.text, 200)}.`, '', ...known.map((l) => `- ${l}`)]
      : [
          `Asked for in review: ${quote(request.text, 200)}. The offline author has no knowledge of ${request.topic} to fill this section with.`,
          '',
          `- To complete by an expert: what an agent must do about ${request.topic}, and how to check it.`,
        ];
  return { title, lines };
}

function apply(doc: SkillDoc, k: Knowledge, request: EditRequest): boolean {
  switch (request.kind) {
    case 'remove': {
      let removed = 0;
      for (const term of request.terms) {
        if (request.kinds.includes('section')) removed += removeMentions(doc, term, ['section'], REQUIRED);
        const inner = request.kinds.filter((kind) => kind !== 'section');
        if (inner.length > 0) removed += removeMentions(doc, term, inner, [RATIONALIZATION_SECTION]);
      }
      return removed > 0;
    }
    case 'replace':
      return replaceText(doc, request.from, request.to) > 0;
    case 'add':
      return addSection(doc, sectionOn(k, request), [
        /common mistakes/i,
        new RegExp(`^${TO_COMPLETE_TITLE}$`, 'i'),
        RATIONALIZATION_SECTION,
      ]);
    case 'shorter':
      return trimLists(doc, 4, [RATIONALIZATION_SECTION]) > 0;
    case 'longer':
      return addWorkedCase(doc, k);
    case 'rename':
      // A title whose name would break the name rules changes nothing: the review lists it as not applied.
      if (request.name === null) return false;
      setTitle(doc, request.title);
      setName(doc, request.name);
      return true;
    case 'rename-section':
      return renameSection(doc, request.from, request.to);
    case 'unrecognized':
      return false;
  }
}

export const WORKED_CASE_TITLE = '### Worked Case: the Reported Problem';

/**
 * "Longer": the person's own case taken through the skill's rules (their problem, the failure they saw, the success
 * criterion it breaks, the check, their constraint), at the end of Core Patterns. Without an answered problem the
 * offline author has nothing true to add: not applied (the assessment says why).
 */
function addWorkedCase(doc: SkillDoc, k: Knowledge): boolean {
  if (doc.sections.some((s) => s.lines.includes(WORKED_CASE_TITLE))) return true;
  if (!k.problemFromUser) return false;
  const failure = k.failures[0]
    ? `the failure they saw, ${quote(k.failures[0], 200)}`
    : 'the first step that goes wrong';
  const goal = k.goals[0];
  const lines = [
    WORKED_CASE_TITLE,
    '',
    "The person's own case, taken through the rules above:",
    '',
    `1. The case: ${quote(k.problem, 300)}.`,
    `2. Find where it starts (${failure})${goal ? ` and which success criterion it breaks: ${k.goalsFromUser ? quote(goal, 200) : goal}` : ''}.`,
    `3. Fix the cause, not the symptom, then confirm: ${k.domain.verify}.`,
    ...(k.constraints[0] ? [`4. Keep to ${quote(k.constraints[0], 200)} while fixing it.`] : []),
    `${k.constraints[0] ? 5 : 4}. Record the case and the check that caught it, so the next review starts from it.`,
  ];
  const patterns = findSection(doc, /^core patterns$/i);
  if (patterns) {
    patterns.lines.push('', ...lines);
    return true;
  }
  return addSection(doc, { title: 'Worked Case', lines: lines.slice(2) }, [
    /common mistakes/i,
    RATIONALIZATION_SECTION,
  ]);
}

export interface RevisionOutcome {
  applied: EditRequest[];
  notApplied: EditRequest[];
}

/** Every feedback item of the job applied to `doc` in order (in place). */
export function applyFeedback(doc: SkillDoc, k: Knowledge): RevisionOutcome {
  const outcome: RevisionOutcome = { applied: [], notApplied: [] };
  for (const request of editRequests(k.feedback)) {
    (apply(doc, k, request) ? outcome.applied : outcome.notApplied).push(request);
  }
  return outcome;
}

/** Whether a feedback text asks for a shorter skill. */
export function asksShorter(feedback: readonly string[]): boolean {
  return editRequests(feedback).some((r) => r.kind === 'shorter');
}
