// Answers prompts the way a diligent person would, for tests that drive a job through its pauses.
import type { HitlInteraction } from '../../prisma/database';
import { parsePrompt } from '../../resolvers/hitl/prompts';
import type { RespondToHitlInput } from '../../resolvers/hitl/respond-to-hitl';

const SENTENCES: Record<string, string> = {
  problem: 'Agents write migrations that lock large tables for minutes and take production down during deploys.',
  success_criteria:
    'Every migration is reversible, runs without long locks, and is tested against a copy of production data.',
  constraints: 'PostgreSQL 16 only, no downtime allowed, and migrations must run inside our existing deploy pipeline.',
};

export function goodAnswers(interaction: HitlInteraction): RespondToHitlInput {
  const prompt = parsePrompt(interaction.promptData);
  if (prompt.kind === 'review') return { interactionId: interaction.interactionId, action: 'PROCEED' };
  return {
    interactionId: interaction.interactionId,
    action: 'PROCEED',
    answers: prompt.questions.map((q) => {
      if (q.questionType === 'TEXT') {
        return {
          questionId: q.id,
          text:
            SENTENCES[q.id] ??
            `A concrete, detailed answer about ${q.text.toLowerCase()} with a real example from our team.`,
        };
      }
      if (q.questionType === 'BOOLEAN') return { questionId: q.id, text: 'yes' };
      return { questionId: q.id, optionIds: q.options.slice(0, 1).map((o) => o.id) };
    }),
  };
}
