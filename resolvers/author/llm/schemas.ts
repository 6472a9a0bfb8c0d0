// What each SkillAuthor method accepts from the model: zod schemas mirroring ../types, plus the repairs that are
// safe to do ourselves (defaults for metadata fields, the mandatory round-1 questions, clamping the readiness
// score, re-keying counters written with different punctuation). Anything else is an error that goes back to the
// model verbatim, so messages say what is expected, not only what is wrong.

import { z } from 'zod';
import { DESCRIPTION_MAX_LENGTH, KEBAB_CASE, NAME_MAX_LENGTH } from '../../skill-content/rules';
import type {
  AuthorContext,
  ClarifyingQuestion,
  DraftAssessment,
  QuestionOption,
  QuestionRound,
  RefactoredDraft,
  ScenarioSet,
  TaskRefinement,
  Understanding,
} from '../types';
import { skillMarkdown } from './skill-markdown';
import {
  addDuplicateIssues,
  id,
  list,
  optionalText,
  Rejection,
  text,
  validateWith,
  type Validator,
} from './validation';

export type { Validation, Validator } from './validation';

const SEGMENT = '[a-z][a-z0-9]*(-[a-z0-9]+)*';
export const TAXONOMY_PATH_PATTERN = new RegExp(`^${SEGMENT}(/${SEGMENT})*$`);

/** Round 1 always asks these (types.ts: "Round 1 always asks the problem, the success criteria and the constraints"). */
export const ROUND_ONE_QUESTIONS: readonly ClarifyingQuestion[] = [
  {
    id: 'problem',
    text: 'What problem should this skill solve? Describe a situation where an agent gets it wrong today.',
    questionType: 'TEXT',
    options: [],
    allowsOther: false,
    required: true,
  },
  {
    id: 'success_criteria',
    text: 'How will you know the skill works? What must an agent with the skill do, or never do?',
    questionType: 'TEXT',
    options: [],
    allowsOther: false,
    required: true,
  },
  {
    id: 'constraints',
    text: 'Which constraints apply: tools, versions, environments, conventions, things the skill must not do?',
    questionType: 'TEXT',
    options: [],
    allowsOther: false,
    required: true,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// refine

const refinementSchema = z.object({
  refinedTask: text,
  skillName: z
    .string()
    .trim()
    .max(NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters`)
    .regex(KEBAB_CASE, 'must be kebab-case matching ^[a-z][a-z0-9]*(-[a-z0-9]+)*$, e.g. "postgres-migrations"'),
  description: text.max(DESCRIPTION_MAX_LENGTH, `must be at most ${DESCRIPTION_MAX_LENGTH} characters`),
  taxonomyPath: z
    .string()
    .trim()
    .transform((v) => v.replace(/^\/+|\/+$/g, ''))
    .pipe(
      z
        .string()
        .regex(
          TAXONOMY_PATH_PATTERN,
          'must be lowercase kebab-case segments joined by "/", e.g. "development/databases/postgres-migrations"',
        ),
    ),
});

export const validateRefinement: Validator<TaskRefinement> = (data) =>
  validateWith(refinementSchema, data, (v): TaskRefinement => ({ ...v }));

// ---------------------------------------------------------------------------------------------------------------
// ask

const QUESTION_TYPES = ['TEXT', 'SINGLE', 'MULTI', 'BOOLEAN'] as const;

const optionSchema = z.object({ id, label: text, description: optionalText });

const questionSchema = z
  .object({
    id,
    text,
    questionType: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.enum(QUESTION_TYPES)),
    options: z
      .array(optionSchema)
      .nullish()
      .transform((v) => v ?? []),
    allowsOther: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
    required: z
      .boolean()
      .nullish()
      .transform((v) => v ?? true),
  })
  .superRefine((q, ctx) => {
    if ((q.questionType === 'SINGLE' || q.questionType === 'MULTI') && q.options.length < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `a ${q.questionType} question needs at least 2 options`,
      });
    }
    addDuplicateIssues(
      q.options.map((o) => o.id),
      (i) => ['options', i, 'id'],
      'option id',
      ctx,
    );
  });

const roundSchema = z.object({ questions: z.array(questionSchema), rationale: text }).superRefine((r, ctx) =>
  addDuplicateIssues(
    r.questions.map((q) => q.id),
    (i) => ['questions', i, 'id'],
    'question id',
    ctx,
  ),
);

const normalizeId = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function questionRoundValidator(round: number): Validator<QuestionRound> {
  return (data) =>
    validateWith(roundSchema, data, (v): QuestionRound | Rejection => {
      const questions: ClarifyingQuestion[] = v.questions.map((q) => ({
        id: q.id,
        text: q.text,
        questionType: q.questionType,
        options: q.options.map((o): QuestionOption =>
          o.description === undefined ? { id: o.id, label: o.label } : { ...o, description: o.description },
        ),
        allowsOther: q.allowsOther,
        required: q.required,
      }));
      if (round === 1) {
        const ids = new Set(questions.map((q) => q.id));
        // "success-criteria" or "Success Criteria" mean the mandatory question: give it the stable id.
        for (const q of questions) {
          const normalized = normalizeId(q.id);
          if (!ids.has(normalized) && ROUND_ONE_QUESTIONS.some((m) => m.id === normalized)) {
            ids.delete(q.id);
            q.id = normalized;
            ids.add(normalized);
          }
        }
        // The mandatory three first, in their canonical order (the model's wording when it asked them), then the rest.
        const mandatory = ROUND_ONE_QUESTIONS.map((m) => questions.find((q) => q.id === m.id) ?? { ...m, options: [] });
        const rest = questions.filter((q) => !ROUND_ONE_QUESTIONS.some((m) => m.id === q.id));
        questions.splice(0, questions.length, ...mandatory, ...rest);
      }
      if (questions.length === 0)
        return new Rejection([{ path: ['questions'], message: 'must contain at least 1 question' }]);
      return { questions, rationale: v.rationale };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// understand

const understandingSchema = z.object({
  userProblem: text,
  userGoals: z.array(text).min(1, 'must list at least 1 goal'),
  summary: text,
  readinessScore: z
    .preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number())
    .transform((n) => Math.min(1, Math.max(0, n))),
});

export const validateUnderstanding: Validator<Understanding> = (data) =>
  validateWith(understandingSchema, data, (v): Understanding => ({ ...v }));

// ---------------------------------------------------------------------------------------------------------------
// scenarios

const scenarioSchema = z.object({
  id,
  title: text,
  pressure: text,
  prompt: text,
  expectedViolation: text,
  rationalization: text,
});

const scenarioSetSchema = z
  .object({
    scenarios: z.array(scenarioSchema).min(1, 'must contain at least 1 scenario'),
    rationalizations: list(text),
  })
  .superRefine((s, ctx) =>
    addDuplicateIssues(
      s.scenarios.map((x) => x.id),
      (i) => ['scenarios', i, 'id'],
      'scenario id',
      ctx,
    ),
  );

export const validateScenarioSet: Validator<ScenarioSet> = (data) =>
  validateWith(scenarioSetSchema, data, (v): ScenarioSet => {
    // Every scenario's excuse is one of the rationalizations, verbatim: add the ones the model forgot to list.
    const rationalizations = [...new Set([...v.rationalizations, ...v.scenarios.map((s) => s.rationalization)])];
    return { scenarios: v.scenarios.map((s) => ({ ...s })), rationalizations };
  });

// ---------------------------------------------------------------------------------------------------------------
// draft, refactor: SKILL.md content (checked in ./skill-markdown)

export function draftValidator(ctx: AuthorContext): Validator<string> {
  const schema = z.object({ content: skillMarkdown(ctx.refinement?.skillName) });
  return (data) => validateWith(schema, data, (v) => v.content);
}

const normalizeKey = (value: string) =>
  value
    .toLowerCase()
    .replace(/[\s"'`“”‘’.,;:!?()[\]-]+/g, ' ')
    .trim();

/** Counters as an object, or as the array form models sometimes prefer: [{ rationalization, counter }]. */
const countersSchema = z.preprocess(
  (v) => {
    if (!Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const item of v) {
      if (item !== null && typeof item === 'object' && 'rationalization' in item && 'counter' in item) {
        out[String(item.rationalization)] = item.counter;
      } else return v;
    }
    return out;
  },
  z.record(z.string(), text),
);

export function refactorValidator(ctx: AuthorContext): Validator<RefactoredDraft> {
  const schema = z.object({
    content: skillMarkdown(ctx.refinement?.skillName),
    counters: countersSchema,
    redFlags: z.array(text).min(1, 'must list at least 1 red flag'),
  });
  const required = ctx.scenarios?.rationalizations ?? [];
  return (data) =>
    validateWith(schema, data, (v): RefactoredDraft | Rejection => {
      const counters: Record<string, string> = {};
      const byNormalized = new Map<string, string>();
      for (const [key, counter] of Object.entries(v.counters)) {
        counters[key] = counter;
        byNormalized.set(normalizeKey(key), counter);
      }
      const errors: { path: PropertyKey[]; message: string }[] = [];
      for (const rationalization of required) {
        if (counters[rationalization] !== undefined) continue;
        const counter = byNormalized.get(normalizeKey(rationalization));
        if (counter !== undefined) {
          // Same excuse, different quotes or punctuation: key it verbatim, drop the variant.
          for (const key of Object.keys(counters)) {
            if (normalizeKey(key) === normalizeKey(rationalization)) delete counters[key];
          }
          counters[rationalization] = counter;
        } else {
          errors.push({
            path: ['counters', rationalization],
            message: 'missing: every rationalization needs a counter, keyed by the rationalization verbatim',
          });
        }
      }
      if (errors.length > 0) return new Rejection(errors);
      return { content: v.content, counters, redFlags: v.redFlags };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// assess

const assessmentSchema = z.object({ summary: text, suggestions: list(text) });

export const validateAssessment: Validator<DraftAssessment> = (data) =>
  validateWith(assessmentSchema, data, (v): DraftAssessment => ({ ...v }));
