// The clarifying questions: round 1 always asks the problem, the success criteria and the constraints (plus the
// audience and the areas to cover); later rounds follow up on what is still vague.

import type { AuthorContext, ClarifyingQuestion, QuestionRound } from '../types';
import { collectAnswers, QUESTION_IDS, readiness, slotWords, type CollectedAnswers, type Readiness } from './answers';
import { buildKnowledge, type Knowledge } from './knowledge';
import { joinList, quote } from './prose';
import { polish } from './text';

/** A free-text question: no options to choose from. */
function textQuestion(id: string, text: string, required: boolean): ClarifyingQuestion {
  return { id, text, questionType: 'TEXT', options: [], allowsOther: false, required };
}

/** Round 1 asks about the task's own activity ("when an agent reviews Terraform plans"), not about a domain. */
function roundOneQuestions(k: Knowledge): ClarifyingQuestion[] {
  const t = k.topic;
  const { third, gerund } = k.activity;
  return [
    textQuestion(
      QUESTION_IDS.problem,
      polish(`What problem should this skill solve? Describe what goes wrong today when an agent ${third}.`),
      true,
    ),
    textQuestion(
      QUESTION_IDS.success,
      polish(`How will you know the skill works? Describe the result you expect when an agent ${third} with it.`),
      true,
    ),
    textQuestion(
      QUESTION_IDS.constraints,
      polish(`What constraints must the skill respect, and what should the agent avoid when ${gerund}?`),
      true,
    ),
    {
      id: QUESTION_IDS.audience,
      text: polish(`Who will rely on this skill: how experienced are they with ${gerund}?`),
      questionType: 'SINGLE',
      options: [
        { id: 'beginner', label: 'Beginner', description: `New to ${t}; needs each step and its reason spelled out` },
        {
          id: 'intermediate',
          label: 'Intermediate',
          description: `Has done ${t} before; needs the steps people skip under pressure`,
        },
        {
          id: 'expert',
          label: 'Expert',
          description: `Experienced with ${t}; needs a terse checklist of non-negotiables`,
        },
      ],
      allowsOther: true,
      required: false,
    },
    {
      id: QUESTION_IDS.coverage,
      text: `Which areas of ${t} should the skill cover?`,
      questionType: 'MULTI',
      options: k.domain.areas.map((a) => ({ id: a.id, label: a.label })),
      allowsOther: true,
      required: false,
    },
  ];
}

function followUpQuestions(
  k: Knowledge,
  round: number,
  prior: CollectedAnswers,
  ready: Readiness,
): ClarifyingQuestion[] {
  const prefix = `r${round}_`;
  const t = k.topic;
  const said = (texts: string[], what: string, none: string) =>
    texts.length > 0 ? `You described ${what} as ${quote(texts.join(' '), 160)}. ` : `${none} `;
  const questions: ClarifyingQuestion[] = [];
  if (ready.vague.includes('problem')) {
    questions.push(
      textQuestion(
        prefix + QUESTION_IDS.problemExample,
        `${said(prior.problem, 'the problem', 'No problem statement was given yet.')}Describe one concrete case where ${t} went wrong: what happened, and what should the agent have done instead?`,
        true,
      ),
    );
  }
  if (ready.vague.includes('success')) {
    questions.push(
      textQuestion(
        prefix + QUESTION_IDS.successCheck,
        `${said(prior.success, 'success', 'No success criteria were given yet.')}How would you check that the agent got ${t} right? Name an observable result: a command that passes, a number that moves, a checklist that is complete.`,
        true,
      ),
    );
  }
  if (ready.vague.includes('constraints')) {
    questions.push(
      textQuestion(
        prefix + QUESTION_IDS.constraintsAvoid,
        `${said(prior.constraints, 'the constraints', 'No constraints were given yet.')}What must the agent never do when working on ${t}? Name the shortcut or action that would cause real damage.`,
        true,
      ),
    );
  }
  if (prior.failures.length === 0) {
    questions.push(
      textQuestion(
        prefix + QUESTION_IDS.failureSeen,
        `What is the worst failure you have seen with ${t}, and which shortcut caused it?`,
        false,
      ),
    );
  }
  if (questions.length === 0 || ready.vague.length === 0) {
    questions.push(
      textQuestion(
        prefix + QUESTION_IDS.edgeCases,
        `Which edge case of ${t} should the skill handle that we have not discussed yet?`,
        false,
      ),
    );
  }
  return questions;
}

export function askQuestions(ctx: AuthorContext, round: number): QuestionRound {
  const k = buildKnowledge(ctx);
  const n = Number.isFinite(round) ? Math.max(1, Math.floor(round)) : 1;
  const feedbackNote =
    k.feedback.length > 0
      ? ` Reviewer feedback taken into account: ${k.feedback.map((f) => quote(f, 200)).join('; ')}.`
      : '';
  if (n === 1) {
    return {
      questions: roundOneQuestions(k),
      rationale: `Round 1 pins down the problem, the success criteria and the constraints for ${k.topic}, plus who the skill is for and which areas it covers.${feedbackNote}`,
    };
  }
  const priorRounds = (ctx.rounds ?? []).filter((r) => r.round < n);
  const prior = collectAnswers(priorRounds);
  const ready = readiness(k.task, priorRounds, k.known);
  const questions = followUpQuestions(k, n, prior, ready);
  const vagueText = ready.vague.map((slot) => {
    const texts = slot === 'problem' ? prior.problem : slot === 'success' ? prior.success : prior.constraints;
    return `${slot === 'success' ? 'success criteria' : slot} (${slotWords(texts)} words so far)`;
  });
  const rationale =
    vagueText.length > 0
      ? `Round ${n} follows up on answers that are still vague: ${joinList(vagueText)}. A concrete example and the failure seen make the skill specific to ${k.topic}.${feedbackNote}`
      : `The earlier answers are specific; round ${n} only collects optional detail about ${k.topic}.${feedbackNote}`;
  return { questions, rationale };
}
