// The shape of a phase whose output a person may review (TDD_RED, TDD_GREEN, TDD_REFACTOR).
import { parsePrompt, reviewPrompt, type ReviewPrompt } from '../../hitl/prompts';
import { diffLines } from '../../skill-content/diff';
import { editRequests, requestApplied } from '../../skill-content/revision';
import { latestPrompt, resolvedAction, responseOf, type JobSnapshot } from '../context';
import type { HitlType, Phase } from '../machine';
import type { PhaseResult } from './result';

export interface Reviewed {
  result: Omit<PhaseResult & { kind: 'next' }, 'kind'>;
  prompt: Omit<ReviewPrompt, 'kind' | 'allowedActions' | 'defaultAction'>;
}

/** The heading under which a draft lists what needs expert content (the offline author's, below its threshold). */
const TO_COMPLETE = /^## To Complete$/m;

/**
 * What a REVISE round changed, checked against the new content: each feedback item read as an edit
 * (skill-content/revision) is applied or not applied as the new draft shows it; an item that is no recognized edit
 * is listed for the person to check in the diff. Then the line diff against the draft the person reviewed.
 */
export function revisionSummary(previous: string, next: string, feedback: string, editRules = true): string {
  const applied: string[] = [];
  const notApplied: string[] = [];
  const unchecked: string[] = [];
  // The edit rules read feedback on a SKILL.md; on other content (RED's scenarios) the diff alone says what changed.
  for (const request of editRules ? editRequests([feedback]) : []) {
    const outcome = requestApplied(request, previous, next);
    (outcome === null ? (next === previous ? notApplied : unchecked) : outcome ? applied : notApplied).push(
      JSON.stringify(request.text),
    );
  }
  const diff = diffLines(previous, next);
  const parts = [`Changes since the draft you reviewed: ${diff.added} line(s) added, ${diff.removed} removed.`];
  if (applied.length > 0) parts.push(`Applied: ${applied.join('; ')}.`);
  if (notApplied.length > 0) parts.push(`Not applied: ${notApplied.join('; ')}.`);
  if (unchecked.length > 0)
    parts.push(`Not applied by an edit rule (any other change shows in the diff): ${unchecked.join('; ')}.`);
  if (diff.text) parts.push('', '```diff', diff.text, '```');
  return parts.join('\n');
}

function withRevision(
  prompt: Reviewed['prompt'],
  previous: ReturnType<typeof latestPrompt>,
  phase: Phase,
): Reviewed['prompt'] {
  const notes: string[] = [];
  const content = prompt.content ?? '';
  if (TO_COMPLETE.test(content))
    notes.push('The draft marks what needs expert content under "## To Complete": fill it in or confirm it.');
  const feedback = previous ? responseOf(previous)?.feedback : undefined;
  const before = previous ? parsePrompt(previous.promptData) : null;
  if (resolvedAction(previous) === 'REVISE' && before?.kind === 'review' && typeof before.content === 'string')
    notes.push(revisionSummary(before.content, content, feedback ?? '', phase !== 'TDD_RED'));
  return notes.length > 0 ? { ...prompt, summary: [prompt.summary, ...notes].join('\n\n') } : prompt;
}

/**
 * When the latest review was approved, move on; otherwise produce the output (taking any feedback into account) and
 * either ask for a review (`reviewType`) or move on (null: the policy asks for none). After a REVISE the prompt
 * says what changed (see revisionSummary).
 */
export async function reviewable(
  snapshot: JobSnapshot,
  phase: Phase,
  reviewType: HitlType | null,
  produce: () => Promise<Reviewed | (PhaseResult & { kind: 'repeat' })>,
): Promise<PhaseResult> {
  const latest = latestPrompt(snapshot, phase);
  if (resolvedAction(latest) === 'PROCEED') return { kind: 'next', message: `${phase} approved` };
  const produced = await produce();
  // A step of the output that must be committed before the rest (a draft before its scenario runs): run again.
  if ('kind' in produced) return produced;
  const { result, prompt } = produced;
  if (!reviewType) return { kind: 'next', ...result };
  const shown = withRevision(prompt, latest, phase);
  return {
    kind: 'pause',
    type: reviewType,
    ...result,
    message: `Waiting for review: ${prompt.title}`,
    prompt: reviewPrompt({ ...shown, allowedActions: ['PROCEED', 'REVISE', 'CANCEL'], defaultAction: 'PROCEED' }),
  };
}

export function rationalizationsOf(snapshot: JobSnapshot): string[] {
  return snapshot.tdd?.rationalizationsIdentified ?? [];
}

export function checklistOf(snapshot: JobSnapshot): Record<string, unknown> {
  return (snapshot.tdd?.checklistState as Record<string, unknown> | undefined) ?? {};
}
