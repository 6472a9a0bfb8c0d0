// The deterministic offline author: writes every phase's output from the task text, the clarifying answers, the
// reviewer's feedback and a small domain knowledge table (./domains), without any model or network.
// Same context in, deep-equal output out: no clock, no randomness; where variety is needed it comes from the task.
// Each phase's step lives in its own module; this class only delegates.

import type {
  AuthorContext,
  DraftAssessment,
  DraftHints,
  QuestionRound,
  RefactoredDraft,
  ScenarioSet,
  SkillAuthor,
  TaskRefinement,
  Understanding,
} from '../types';
import { assessDraft } from './assess';
import { draftOptions, renderDraft } from './draft';
import { buildKnowledge, computeRefinement, feedbackOf, taskOf } from './knowledge';
import { askQuestions } from './questions';
import { refactorDraft } from './refactor';
import { buildScenarios, scenariosFor } from './scenarios';
import { understandAnswers } from './understand';

export class OfflineAuthor implements SkillAuthor {
  readonly name = 'offline';

  async refine(ctx: AuthorContext): Promise<TaskRefinement> {
    return computeRefinement(taskOf(ctx), feedbackOf(ctx)).refinement;
  }

  async ask(ctx: AuthorContext, round: number): Promise<QuestionRound> {
    return askQuestions(ctx, round);
  }

  async understand(ctx: AuthorContext): Promise<Understanding> {
    return understandAnswers(ctx);
  }

  async scenarios(ctx: AuthorContext): Promise<ScenarioSet> {
    return buildScenarios(buildKnowledge(ctx));
  }

  async draft(ctx: AuthorContext, hints?: DraftHints): Promise<string> {
    const k = buildKnowledge(ctx);
    return renderDraft(k, scenariosFor(ctx, k), draftOptions(k, hints));
  }

  async refactor(ctx: AuthorContext, draft: string, hints?: DraftHints): Promise<RefactoredDraft> {
    return refactorDraft(ctx, draft, hints);
  }

  async assess(ctx: AuthorContext, draft: string): Promise<DraftAssessment> {
    return assessDraft(ctx, draft);
  }
}

export function makeOfflineAuthor(): SkillAuthor {
  return new OfflineAuthor();
}
