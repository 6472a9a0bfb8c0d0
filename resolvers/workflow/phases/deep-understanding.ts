// DEEP_UNDERSTANDING: clarifying rounds until the author is ready (or the rounds run out), then the understanding,
// confirmed by a person when the policy asks for it.
import type { Prisma } from '../../../prisma/database';
import { questionsPrompt, reviewPrompt } from '../../hitl/prompts';
import { authorContext, latestPrompt, resolvedAction } from '../context';
import { MAX_CLARIFY_ROUNDS, READINESS_THRESHOLD } from '../machine';
import type { PhaseRun } from './result';

export const deepUnderstanding: PhaseRun = async (author, snapshot) => {
  const latest = latestPrompt(snapshot, 'DEEP_UNDERSTANDING');
  const latestAction = resolvedAction(latest);
  if (latest?.interactionType === 'CONFIRM' && latestAction === 'PROCEED') {
    return { kind: 'next', message: 'Understanding confirmed', state: { deepUnderstanding: { complete: true } } };
  }
  const ctx = authorContext(snapshot);
  const understanding = await author.understand(ctx);
  const revising = latest?.interactionType === 'CONFIRM' && latestAction === 'REVISE';
  const answered = ctx.rounds.length;
  const { policy } = snapshot;

  if (policy.clarify && !revising) {
    const needRound =
      answered === 0 || (understanding.readinessScore < READINESS_THRESHOLD && answered < MAX_CLARIFY_ROUNDS);
    if (needRound) {
      const round = await author.ask(ctx, answered + 1);
      const asked = [
        ...((snapshot.deepUnderstanding?.questionsAsked as unknown as unknown[]) ?? []),
        ...round.questions.map((q) => ({ round: answered + 1, ...q })),
      ];
      return {
        kind: 'pause',
        type: 'CLARIFY',
        prompt: questionsPrompt(round.questions, round.rationale),
        message: `Waiting for answers to ${round.questions.length} clarifying questions (round ${answered + 1})`,
        state: {
          deepUnderstanding: {
            questionsAsked: asked as Prisma.InputJsonValue,
            rounds: answered + 1,
            readinessScore: clamp01(understanding.readinessScore),
          },
        },
      };
    }
  }

  const answers = ctx.rounds.flatMap((r) => r.answers.map((a) => ({ round: r.round, ...a })));
  const state = {
    deepUnderstanding: {
      answers: answers as Prisma.InputJsonValue,
      userProblem: understanding.userProblem,
      userGoals: understanding.userGoals,
      understandingSummary: understanding.summary,
      readinessScore: clamp01(understanding.readinessScore),
      complete: !policy.confirm,
    },
  };
  if (!policy.confirm) return { kind: 'next', message: 'Understanding complete', state };
  return {
    kind: 'pause',
    type: 'CONFIRM',
    message: 'Waiting for confirmation of the understanding',
    state,
    prompt: reviewPrompt({
      title: 'Is this what the skill should do?',
      summary: understanding.summary,
      content: [
        `**Problem:** ${understanding.userProblem}`,
        '',
        '**Goals:**',
        ...understanding.userGoals.map((g) => `- ${g}`),
      ].join('\n'),
      highlights: understanding.userGoals,
      allowedActions: ['PROCEED', 'REVISE', 'CANCEL'],
      defaultAction: 'PROCEED',
    }),
  };
};

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
