// What each SkillAuthor method accepts from the model: zod schemas mirroring ../types, plus the repairs that are
// safe to do ourselves (defaults for metadata fields, the mandatory round-1 questions, clamping the readiness
// score, re-keying counters written with different punctuation). Anything else is an error that goes back to the
// model verbatim, so messages say what is expected, not only what is wrong.

import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
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

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };
export type Validator<T> = (data: unknown) => Validation<T>;

export const SKILL_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const SKILL_NAME_MAX = 64;
export const DESCRIPTION_MAX = 1024;
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

const ISSUES_MAX = 1000;

// ---------------------------------------------------------------------------------------------------------------
// building blocks

const text = z.string().trim().min(1, 'must not be empty');
/** Ids: models like numbers ("id": 1); ids are strings here. */
const id = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), text);
const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v == null || v.trim() === '' ? undefined : v.trim()));
const list = (item: z.ZodType<string>) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) out += out === '' ? name : `.${name}`;
      else out += `[${JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}...` : name)}]`;
    }
  }
  return out === '' ? '(root)' : out;
}

export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, Math.max(0, max - 3))}...`;
}

/** zod issues as "path: message; path: message", at most ~1000 characters. */
export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const lines = [...new Set(issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`))];
  return truncate(lines.join('; '), ISSUES_MAX);
}

/** Problems found after the zod parse (checks that need the whole value or the context). */
class Rejection {
  constructor(readonly issues: { path: PropertyKey[]; message: string }[]) {}
}

function validateWith<S extends z.ZodType, T>(
  schema: S,
  data: unknown,
  post: (value: z.output<S>) => T | Rejection,
): Validation<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { ok: false, error: formatIssues(parsed.error.issues) };
  const result = post(parsed.data);
  if (result instanceof Rejection) return { ok: false, error: formatIssues(result.issues) };
  return { ok: true, value: result };
}

function addDuplicateIssues(
  values: string[],
  path: (index: number) => PropertyKey[],
  what: string,
  ctx: z.RefinementCtx,
) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      ctx.addIssue({
        code: 'custom',
        path: path(index),
        message: `duplicate ${what} "${value}"; ${what}s must be unique`,
      });
    seen.add(value);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// refine

const refinementSchema = z.object({
  refinedTask: text,
  skillName: z
    .string()
    .trim()
    .max(SKILL_NAME_MAX, `must be at most ${SKILL_NAME_MAX} characters`)
    .regex(SKILL_NAME_PATTERN, 'must be kebab-case matching ^[a-z][a-z0-9]*(-[a-z0-9]+)*$, e.g. "postgres-migrations"'),
  description: text.max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`),
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
// draft, refactor: SKILL.md content

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const OUTER_FENCE = /^```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/;

/** The problems of a SKILL.md, as messages for the model; [] when it is acceptable. */
export function skillMarkdownProblems(content: string, expectedName?: string): string[] {
  if (!content.startsWith('---')) {
    return [
      'must be the complete SKILL.md starting with "---" (YAML frontmatter with name and description, then the body)',
    ];
  }
  const match = FRONTMATTER.exec(content);
  if (!match) return ['the YAML frontmatter must be closed by a line "---" followed by the markdown body'];
  const problems: string[] = [];
  let frontmatter: unknown;
  try {
    frontmatter = parseYaml(match[1] ?? '');
  } catch (err) {
    return [
      `the frontmatter is not valid YAML (${truncate(err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err), 200)})`,
    ];
  }
  const fm = (frontmatter !== null && typeof frontmatter === 'object' ? frontmatter : {}) as Record<string, unknown>;
  const name = fm['name'];
  if (typeof name !== 'string' || name.trim() === '') problems.push('the frontmatter must have a "name"');
  else if (expectedName !== undefined && name.trim() !== expectedName)
    problems.push(`the frontmatter name must be "${expectedName}", not "${name.trim()}"`);
  else if (!SKILL_NAME_PATTERN.test(name.trim()) || name.trim().length > SKILL_NAME_MAX)
    problems.push('the frontmatter name must be kebab-case, at most 64 characters');
  const description = fm['description'];
  if (typeof description !== 'string' || description.trim() === '')
    problems.push('the frontmatter must have a "description"');
  else if (description.length > DESCRIPTION_MAX)
    problems.push(`the frontmatter description must be at most ${DESCRIPTION_MAX} characters`);
  if (content.slice(match[0].length).trim() === '') problems.push('the markdown body after the frontmatter is empty');
  return problems;
}

function skillMarkdown(expectedName: string | undefined) {
  return z
    .string()
    .transform((v) => {
      const fenced = OUTER_FENCE.exec(v.trim());
      const body = (fenced ? (fenced[1] ?? '') : v).trimStart().replace(/\s+$/, '');
      return `${body}\n`;
    })
    .superRefine((v, ctx) => {
      for (const message of skillMarkdownProblems(v, expectedName)) ctx.addIssue({ code: 'custom', message });
    });
}

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
