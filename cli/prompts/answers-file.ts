// `--answers FILE`: answers and actions decided in advance, keyed by interaction id (numeric or global) or by
// prompt type (CLARIFY, CONFIRM, PREVIEW, ...). A value may be a list, one entry per round of that prompt type.
//
//   { "CLARIFY": { "answers": { "problem": "…", "audience": "expert", "coverage": ["a", "b"] } },
//     "PREVIEW": [{ "action": "REVISE", "feedback": "shorter" }, { "action": "PROCEED" }],
//     "17": { "action": "CANCEL" } }
import fs from 'node:fs';
import { z } from 'zod';
import type { HitlAnswerInput, PromptFieldsFragment, RespondToHitlInput } from '../../clients/graphql/graphql';
import { CliError, EXIT } from '../exit-codes';

const AnswerValue = z.union([
  z.string(),
  z.boolean(),
  z.array(z.string()),
  z.object({ optionIds: z.array(z.string()).optional(), text: z.string().optional() }).strict(),
]);
const Entry = z
  .object({
    answers: z.record(z.string(), AnswerValue).optional(),
    action: z.enum(['PROCEED', 'REVISE', 'CANCEL']).optional(),
    feedback: z.string().optional(),
  })
  .strict();
const AnswersFile = z.record(z.string(), z.union([Entry, z.array(Entry)]));

export type AnswersFile = z.infer<typeof AnswersFile>;
type AnswerValue = z.infer<typeof AnswerValue>;

export function readAnswersFile(file: string): AnswersFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`--answers: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`, EXIT.usage);
  }
  return parseAnswers(text, file);
}

export function parseAnswers(text: string, file = 'answers'): AnswersFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--answers: ${file} is not JSON: ${(error as Error).message}`, EXIT.usage);
  }
  const parsed = AnswersFile.safeParse(json);
  if (!parsed.success) {
    throw new CliError(`--answers: ${file}: ${describeIssue(parsed.error.issues[0])}`, EXIT.usage);
  }
  return parsed.data;
}

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };

/** One line for the first problem; inside "an entry or a list of entries" it is the entry's own problem. */
function describeIssue(issue: Issue | undefined): string {
  const inner = issue?.code === 'invalid_union' ? issue.errors?.[0]?.[0] : undefined;
  if (issue && inner) return describeIssue({ ...inner, path: [...issue.path, ...inner.path] });
  return `${issue?.path.map(String).join('.') || '(top)'}: ${issue?.message ?? 'invalid'}`;
}

export type FileResponse =
  { kind: 'response'; input: RespondToHitlInput } | { kind: 'missing'; questionIds: string[] } | { kind: 'none' };

/** The response the file gives for this prompt; `missing` when it answers some questions but not every required one. */
export function responseFromFile(file: AnswersFile, interaction: PromptFieldsFragment): FileResponse {
  const value = file[String(interaction.interactionId)] ?? file[interaction.id] ?? file[interaction.interactionType];
  const entry = Array.isArray(value) ? value[interaction.roundNumber - 1] : value;
  if (!entry) return { kind: 'none' };
  const base = { interactionId: interaction.id, action: entry.action, feedback: entry.feedback };
  const prompt = interaction.prompt;
  if (prompt.__typename !== 'QuestionsPrompt' || entry.action === 'CANCEL')
    return { kind: 'response', input: { ...base, action: entry.action ?? 'PROCEED' } };
  const answers: HitlAnswerInput[] = [];
  const missing: string[] = [];
  for (const question of prompt.questions) {
    const given = entry.answers?.[question.id];
    if (given === undefined) {
      if (question.required) missing.push(question.id);
      continue;
    }
    answers.push(toAnswer(question.id, new Set(question.options.map((o) => o.id)), given));
  }
  if (missing.length > 0) return { kind: 'missing', questionIds: missing };
  return { kind: 'response', input: { ...base, action: entry.action ?? 'PROCEED', answers } };
}

/** A string that names an option is that option; any other string is text (the "Other" answer, or TEXT). */
function toAnswer(questionId: string, optionIds: Set<string>, value: AnswerValue): HitlAnswerInput {
  if (typeof value === 'boolean') return { questionId, text: value ? 'yes' : 'no' };
  if (Array.isArray(value)) {
    const chosen = value.filter((v) => optionIds.has(v));
    const other = value.filter((v) => !optionIds.has(v));
    return { questionId, optionIds: chosen, ...(other.length > 0 ? { text: other.join('; ') } : {}) };
  }
  if (typeof value === 'string')
    return optionIds.has(value) ? { questionId, optionIds: [value] } : { questionId, text: value };
  return { questionId, ...value };
}
