// What a prompt looks like when stored (hitl_interactions.prompt_data), and the rules a response must satisfy
// before anything is written. Question prompts (CLARIFY, DEEP_UNDERSTANDING) are answered; review prompts
// (CONFIRM, PREVIEW, VALIDATE, TDD_*) are approved, revised with feedback, or cancelled.
import { z } from 'zod';
import type { ClarifyingQuestion } from '../author/types';
import { ValidationError } from '../errors';
import { checkPlainText } from '../text-input';
import { HITL_ACTIONS, type HitlAction } from '../workflow/machine';

const optionSchema = z.object({ id: z.string(), label: z.string(), description: z.string().nullish() });
const questionSchema = z.object({
  id: z.string(),
  text: z.string(),
  questionType: z.enum(['TEXT', 'SINGLE', 'MULTI', 'BOOLEAN']),
  options: z.array(optionSchema),
  allowsOther: z.boolean(),
  required: z.boolean(),
});

export const questionsPromptSchema = z.object({
  kind: z.literal('questions'),
  questions: z.array(questionSchema),
  rationale: z.string().nullish(),
});
export const reviewPromptSchema = z.object({
  kind: z.literal('review'),
  title: z.string(),
  summary: z.string(),
  content: z.string().nullish(),
  highlights: z.array(z.string()),
  allowedActions: z.array(z.enum(HITL_ACTIONS)),
  /** What happens when nobody answers before the timeout; none means the job fails. */
  defaultAction: z.enum(HITL_ACTIONS).nullish(),
});
export const promptSchema = z.discriminatedUnion('kind', [questionsPromptSchema, reviewPromptSchema]);

export type QuestionsPrompt = z.infer<typeof questionsPromptSchema>;
export type ReviewPrompt = z.infer<typeof reviewPromptSchema>;
export type Prompt = z.infer<typeof promptSchema>;

export interface StoredAnswer {
  questionId: string;
  text: string | null;
  optionIds: string[];
}

/** hitl_interactions.response_data. */
export interface ResponseData {
  action: HitlAction;
  answers: StoredAnswer[];
  feedback: string | null;
  respondedBy: string;
  /** Set when the timeout applied the prompt's default. */
  timedOut?: boolean;
}

export function questionsPrompt(questions: ClarifyingQuestion[], rationale: string): QuestionsPrompt {
  return { kind: 'questions', questions, rationale };
}

export function reviewPrompt(prompt: Omit<ReviewPrompt, 'kind'>): ReviewPrompt {
  return { kind: 'review', ...prompt };
}

export function parsePrompt(data: unknown): Prompt {
  return promptSchema.parse(data);
}

export const MAX_TEXT_LENGTH = 4000;

export interface ResponseInput {
  action?: HitlAction | null;
  answers?: Array<{ questionId: string; text?: string | null; optionIds?: string[] | null }> | null;
  feedback?: string | null;
}

function checkText(value: string, field: string): string {
  if (value.length > MAX_TEXT_LENGTH) throw new ValidationError(`must be at most ${MAX_TEXT_LENGTH} characters`, field);
  // Stored in hitl_interactions.response_data (jsonb), which cannot hold an unpaired surrogate.
  return checkPlainText(value, field).trim();
}

// A Set, not an object literal: `in` on an object also finds "constructor" and "__proto__".
const BOOLEAN_WORDS: ReadonlySet<string> = new Set(['true', 'yes', 'false', 'no']);

/**
 * Checks a response against its prompt and returns what will be stored. Throws ValidationError (with the input
 * path, e.g. `answers.0.optionIds.1`; `answers[<question id>]` for a required question left unanswered) for a missing required answer, an unknown question or option, an action the prompt does not allow, or a
 * REVISE without feedback.
 */
export function validateResponse(prompt: Prompt, input: ResponseInput, respondedBy: string): ResponseData {
  const feedback = input.feedback == null ? null : checkText(input.feedback, 'feedback') || null;
  if (prompt.kind === 'review') {
    const action = input.action ?? 'PROCEED';
    if (!prompt.allowedActions.includes(action)) {
      throw new ValidationError(`this prompt allows ${prompt.allowedActions.join(', ')}; got ${action}`, 'action');
    }
    if (input.answers && input.answers.length > 0)
      throw new ValidationError('a review prompt takes an action, not answers', 'answers');
    if (action === 'REVISE' && !feedback)
      throw new ValidationError('REVISE needs feedback saying what to change', 'feedback');
    return { action, answers: [], feedback, respondedBy };
  }

  const action = input.action ?? 'PROCEED';
  if (action === 'REVISE')
    throw new ValidationError('questions are answered (PROCEED) or the job is cancelled (CANCEL)', 'action');
  if (action === 'CANCEL') return { action, answers: [], feedback, respondedBy };

  const byId = new Map(prompt.questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const answers: StoredAnswer[] = [];
  for (const [index, answer] of (input.answers ?? []).entries()) {
    const field = `answers.${index}`;
    const question = byId.get(answer.questionId);
    if (!question)
      throw new ValidationError(`unknown question id "${answer.questionId.slice(0, 100)}"`, `${field}.questionId`);
    if (seen.has(question.id))
      throw new ValidationError(`question "${question.id}" is answered twice`, `${field}.questionId`);
    seen.add(question.id);

    const text = answer.text == null ? null : checkText(answer.text, `${field}.text`) || null;
    const optionIds = [...new Set(answer.optionIds ?? [])];
    const validOptions = new Set(question.options.map((o) => o.id));
    for (const [i, optionId] of optionIds.entries()) {
      if (!validOptions.has(optionId)) {
        throw new ValidationError(
          `"${optionId.slice(0, 100)}" is not an option of question "${question.id}"`,
          `${field}.optionIds.${i}`,
        );
      }
    }
    switch (question.questionType) {
      case 'TEXT':
        if (optionIds.length > 0)
          throw new ValidationError(`question "${question.id}" takes text, not options`, `${field}.optionIds`);
        break;
      case 'SINGLE':
        if (optionIds.length > 1)
          throw new ValidationError(`question "${question.id}" takes one option`, `${field}.optionIds`);
        if (text && !question.allowsOther && optionIds.length === 0) {
          throw new ValidationError(`question "${question.id}" takes one of its options`, `${field}.optionIds`);
        }
        break;
      case 'MULTI':
        if (text && !question.allowsOther && optionIds.length === 0) {
          throw new ValidationError(`question "${question.id}" takes options`, `${field}.optionIds`);
        }
        break;
      case 'BOOLEAN': {
        const word = (text ?? optionIds[0] ?? '').toLowerCase();
        if (word && !BOOLEAN_WORDS.has(word))
          throw new ValidationError(`question "${question.id}" takes yes or no`, `${field}.text`);
        break;
      }
    }
    answers.push({ questionId: question.id, text, optionIds });
  }
  for (const question of prompt.questions) {
    if (!question.required) continue;
    const answer = answers.find((a) => a.questionId === question.id);
    // Named by question id: a missing answer has no position in the input to point at.
    if (!answer || (!answer.text && answer.optionIds.length === 0))
      throw new ValidationError(`question "${question.id}" is required: ${question.text}`, `answers[${question.id}]`);
  }
  return { action, answers, feedback, respondedBy };
}
