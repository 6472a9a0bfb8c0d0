// The shape of a phase whose output a person may review (TDD_RED, TDD_GREEN, TDD_REFACTOR).
import { reviewPrompt, type ReviewPrompt } from '../../hitl/prompts';
import { latestPrompt, resolvedAction, type JobSnapshot } from '../context';
import type { HitlType, Phase } from '../machine';
import type { PhaseResult } from './result';

export interface Reviewed {
  result: Omit<PhaseResult & { kind: 'next' }, 'kind'>;
  prompt: Omit<ReviewPrompt, 'kind' | 'allowedActions' | 'defaultAction'>;
}

/**
 * When the latest review was approved, move on; otherwise produce the output (taking any feedback into account) and
 * either ask for a review (`reviewType`) or move on (null: the policy asks for none).
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
  return {
    kind: 'pause',
    type: reviewType,
    ...result,
    message: `Waiting for review: ${prompt.title}`,
    prompt: reviewPrompt({ ...prompt, allowedActions: ['PROCEED', 'REVISE', 'CANCEL'], defaultAction: 'PROCEED' }),
  };
}

export function rationalizationsOf(snapshot: JobSnapshot): string[] {
  return snapshot.tdd?.rationalizationsIdentified ?? [];
}

export function checklistOf(snapshot: JobSnapshot): Record<string, unknown> {
  return (snapshot.tdd?.checklistState as Record<string, unknown> | undefined) ?? {};
}
