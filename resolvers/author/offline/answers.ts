// Reading clarifying rounds: which slot each answer fills (problem, success criteria, constraints, ...) and how
// ready the job is to draft. Works on any questions, not only the offline author's: unknown ids are classified by
// the wording of the question.

import type { AnsweredRound, Answer, ClarifyingQuestion } from '../types';
import { meaningfulWords } from './phrases';
import { answerWordCount, inline } from './text';

export type Slot = 'problem' | 'success' | 'constraints' | 'failures' | 'extras' | 'audience' | 'coverage';

/** Round-1 ids and follow-up suffixes (round 2+ ids are `r<round>_<suffix>`). */
export const QUESTION_IDS = {
  problem: 'problem',
  success: 'success_criteria',
  constraints: 'constraints',
  audience: 'audience',
  coverage: 'coverage',
  problemExample: 'problem_example',
  successCheck: 'success_check',
  constraintsAvoid: 'constraints_avoid',
  failureSeen: 'failure_seen',
  edgeCases: 'edge_cases',
} as const;

const SLOT_BY_ID: Record<string, Slot> = {
  problem: 'problem',
  problem_example: 'problem',
  success_criteria: 'success',
  success_check: 'success',
  constraints: 'constraints',
  constraints_avoid: 'constraints',
  failure_seen: 'failures',
  edge_cases: 'extras',
  audience: 'audience',
  coverage: 'coverage',
};

export function slotOf(questionId: string, question?: ClarifyingQuestion): Slot {
  const bare = questionId.replace(/^r\d+_/, '');
  const known = SLOT_BY_ID[bare];
  if (known) return known;
  const text = `${questionId} ${question?.text ?? ''}`.toLowerCase();
  if (/constraint|avoid|never|must not|off limits|forbid/.test(text)) return 'constraints';
  if (/success|criteria|how will you know|definition of done|measure/.test(text)) return 'success';
  if (/fail|went wrong|mistake|broke/.test(text)) return 'failures';
  if (/problem|pain|struggl|why do you need/.test(text)) return 'problem';
  if (/audience|experience|level|who will/.test(text)) return 'audience';
  if (/cover|areas|topics|scope/.test(text)) return 'coverage';
  return 'extras';
}

export interface OptionPick {
  id: string;
  label: string;
}

export interface CollectedAnswers {
  problem: string[];
  success: string[];
  constraints: string[];
  failures: string[];
  /** Free answers that fit no other slot, as "question: answer" when the question is known. */
  extras: string[];
  audience: OptionPick | null;
  /** Free text given with the audience question ("Other"). */
  audienceOther: string | null;
  coverage: OptionPick[];
  /** Number of answered questions per round, oldest first. */
  answeredPerRound: number[];
}

function answerParts(question: ClarifyingQuestion | undefined, answer: Answer): { text: string; picks: OptionPick[] } {
  const text = inline(answer.text ?? '', 2000);
  const picks: OptionPick[] = [];
  for (const id of answer.optionIds ?? []) {
    const option = question?.options.find((o) => o.id === id);
    picks.push({ id, label: option?.label ?? id });
  }
  return { text, picks };
}

/** Every answer of every round, sorted into slots. Same rounds -> same result (rounds are read in the given order). */
export function collectAnswers(rounds: AnsweredRound[]): CollectedAnswers {
  const out: CollectedAnswers = {
    problem: [],
    success: [],
    constraints: [],
    failures: [],
    extras: [],
    audience: null,
    audienceOther: null,
    coverage: [],
    answeredPerRound: [],
  };
  for (const round of rounds) {
    let answered = 0;
    for (const answer of round.answers) {
      const question = round.questions.find((q) => q.id === answer.questionId);
      const slot = slotOf(answer.questionId, question);
      const { text, picks } = answerParts(question, answer);
      if (!text && picks.length === 0) continue;
      answered++;
      const pickText = picks.map((p) => p.label).join(', ');
      switch (slot) {
        case 'audience':
          if (picks[0] && !out.audience) out.audience = picks[0];
          if (text && !out.audienceOther) out.audienceOther = text;
          break;
        case 'coverage':
          for (const p of picks) if (!out.coverage.some((c) => c.id === p.id)) out.coverage.push(p);
          if (text) out.extras.push(`Also cover: ${text}`);
          break;
        case 'extras': {
          const value = [text, pickText].filter(Boolean).join('; ');
          // Answers to questions this author did not ask keep their question for context.
          const foreign = question !== undefined && !(question.id.replace(/^r\d+_/, '') in SLOT_BY_ID);
          out.extras.push(foreign ? `${inline(question.text, 160)} - ${value}` : value);
          break;
        }
        default:
          out[slot].push([text, pickText].filter(Boolean).join('; '));
      }
    }
    out.answeredPerRound.push(answered);
  }
  return out;
}

/** Words an answer slot must reach to count as specific (a plain sentence). */
export const SPECIFIC_WORDS = 8;

export function slotWords(texts: string[]): number {
  return texts.reduce((sum, t) => sum + answerWordCount(t), 0);
}

/** 0..1: how specific a slot is; min(1, words / 8). */
export function slotScore(texts: string[]): number {
  return Math.min(1, slotWords(texts) / SPECIFIC_WORDS);
}

export interface Readiness {
  score: number;
  parts: { task: number; problem: number; success: number; constraints: number; optional: number };
  /** Slots below full score, for the summary and for round 2+ questions. */
  vague: ('problem' | 'success' | 'constraints')[];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Readiness formula.
 *
 * With no clarifying rounds (questions switched off), only the task can be judged:
 *   score = min(0.95, 0.70 + 0.05 * min(4, contentWords(task)) + (task matches a known domain ? 0.05 : 0))
 * so any task with two or more content words ("git commits") reaches 0.8 and the workflow proceeds unattended.
 *
 * With rounds, each slot scores s(slot) = min(1, words / 8) over all its answers (round 1 plus follow-ups;
 * "idk", "n/a", "tbd" count as 0 words), and
 *   score = 0.10 * min(1, contentWords(task) / 4)
 *         + 0.30 * s(problem) + 0.30 * s(success criteria) + 0.20 * s(constraints)
 *         + 0.10 * min(1, optionalAnswers / 2)      (audience, coverage, failures seen, edge cases)
 * Three answered sentences of >= 8 words give >= 0.90; one-word or empty answers give <= 0.30.
 * Scores are rounded to two decimals.
 */
export function readiness(task: string, rounds: AnsweredRound[], knownDomain: boolean): Readiness {
  const taskWords = meaningfulWords(task).length;
  if (rounds.length === 0) {
    const score = Math.min(0.95, 0.7 + 0.05 * Math.min(4, taskWords) + (knownDomain ? 0.05 : 0));
    return {
      score: round2(score),
      parts: { task: Math.min(1, taskWords / 4), problem: 0, success: 0, constraints: 0, optional: 0 },
      vague: [],
    };
  }
  const answers = collectAnswers(rounds);
  const optionalCount =
    (answers.audience || answers.audienceOther ? 1 : 0) +
    (answers.coverage.length > 0 ? 1 : 0) +
    answers.failures.length +
    answers.extras.length;
  const parts = {
    task: Math.min(1, taskWords / 4),
    problem: slotScore(answers.problem),
    success: slotScore(answers.success),
    constraints: slotScore(answers.constraints),
    optional: Math.min(1, optionalCount / 2),
  };
  const score =
    0.1 * parts.task + 0.3 * parts.problem + 0.3 * parts.success + 0.2 * parts.constraints + 0.1 * parts.optional;
  const vague: Readiness['vague'] = [];
  if (parts.problem < 1) vague.push('problem');
  if (parts.success < 1) vague.push('success');
  if (parts.constraints < 1) vague.push('constraints');
  return { score: round2(Math.min(1, Math.max(0, score))), parts, vague };
}
