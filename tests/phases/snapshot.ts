// Hand-built inputs of a phase: a job snapshot as loadSnapshot would read it, prompts as they are stored, and an
// author that answers from fixed data and records what it was asked. No database.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HitlInteraction, Job, Prisma, Skill, TddWorkflowState } from '../../prisma/database';
import type { ClarifyingQuestion, DraftHints, SkillAuthor, Understanding } from '../../resolvers/author/types';
import { questionsPrompt, reviewPrompt, type ResponseData } from '../../resolvers/hitl/prompts';
import type { JobSnapshot } from '../../resolvers/workflow/context';
import type { HitlAction, HitlPolicy, HitlType } from '../../resolvers/workflow/machine';

export const JOB_ID = '00000000-0000-4000-8000-000000000001';
export const ALL_OFF: HitlPolicy = {
  clarify: false,
  confirm: false,
  preview: false,
  validate: false,
  tdd: false,
  timeoutSeconds: 60,
};

const fixture = (name: string) =>
  fs.readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'skills', `${name}.md`),
    'utf8',
  );
/** A SKILL.md that passes the validator, and one that fails it (no "When to Use" section). */
export const GOOD_DRAFT = fixture('good-postgres-migrations');
export const BAD_DRAFT = fixture('bad-missing-when-to-use');

export function makeJob(patch: Partial<Job> = {}): Job {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    jobId: JOB_ID,
    status: 'RUNNING',
    jobType: 'skill_creation',
    userId: 'alice',
    taskDescription: 'a skill for writing safe Postgres migrations',
    taskDescriptionRefined: null,
    currentPhase: 'TASK_REFINEMENT',
    progressMessage: null,
    progressPercent: 5,
    result: null,
    error: null,
    errorStack: null,
    draftPath: null,
    finalPath: null,
    promoted: false,
    validationPassed: null,
    validationScore: null,
    hitlPolicy: ALL_OFF as unknown as Prisma.JsonValue,
    idempotencyKey: null,
    skillName: 'postgres-migrations',
    skillDescription: 'Writes safe migrations. Use when changing a live schema.',
    taxonomyPath: 'development/databases/postgres-migrations',
    draftContent: null,
    validationAttempts: 0,
    lastSequence: 3,
    cancelReason: null,
    createdAt: at,
    startedAt: at,
    completedAt: null,
    updatedAt: at,
    ...patch,
  } as Job;
}

export function makeSnapshot(parts: Partial<Omit<JobSnapshot, 'policy'>> & { policy?: Partial<HitlPolicy> } = {}) {
  const snapshot: JobSnapshot = {
    job: parts.job ?? makeJob(),
    policy: { ...ALL_OFF, ...parts.policy },
    interactions: parts.interactions ?? [],
    deepUnderstanding: parts.deepUnderstanding ?? null,
    tdd: parts.tdd ?? null,
    skillNamed: parts.skillNamed ?? null,
    scenarioRuns: parts.scenarioRuns ?? [],
    validationReport: parts.validationReport ?? null,
  };
  return snapshot;
}

let nextInteractionId = 1;

/** A resolved prompt of `type`: a question round answered with PROCEED, or a review with `action`. */
export function resolvedPrompt(
  type: HitlType,
  action: HitlAction,
  options: { questions?: ClarifyingQuestion[]; feedback?: string; status?: 'RESPONDED' | 'TIMEOUT' } = {},
): HitlInteraction {
  const prompt = options.questions
    ? questionsPrompt(options.questions, 'why')
    : reviewPrompt({ title: type, summary: '', highlights: [], allowedActions: ['PROCEED', 'REVISE', 'CANCEL'] });
  const response: ResponseData = {
    action,
    answers: (options.questions ?? []).map((q) => ({ questionId: q.id, text: `answer to ${q.id}`, optionIds: [] })),
    feedback: options.feedback ?? null,
    respondedBy: 'alice',
  };
  return {
    interactionId: nextInteractionId++,
    jobId: JOB_ID,
    interactionType: type,
    roundNumber: 1,
    status: options.status ?? 'RESPONDED',
    promptData: prompt as unknown as Prisma.JsonValue,
    responseData: response as unknown as Prisma.JsonValue,
    createdAt: new Date(),
    respondedAt: new Date(),
    timeoutAt: null,
  };
}

export function question(id: string): ClarifyingQuestion {
  return { id, text: `${id}?`, questionType: 'TEXT', options: [], allowsOther: false, required: true };
}

export function tddState(patch: Partial<TddWorkflowState> = {}): TddWorkflowState {
  const at = new Date();
  return {
    stateId: 1,
    jobId: JOB_ID,
    phase: 'RED',
    baselineTestsRun: false,
    complianceTestsRun: false,
    rationalizationsIdentified: [],
    checklistState: {},
    scenarios: [],
    agentUnderTest: null,
    notRunReason: null,
    baselineViolationRate: null,
    complianceRate: null,
    iterations: 0,
    scenarioSet: 0,
    draftRound: 0,
    createdAt: at,
    updatedAt: at,
    ...patch,
  };
}

export function skillNamed(jobId: string | null): Skill {
  const at = new Date();
  return {
    skillId: '00000000-0000-4000-8000-0000000000aa',
    name: 'postgres-migrations',
    taxonomyPath: 'development/databases/postgres-migrations',
    description: 'd',
    content: GOOD_DRAFT,
    version: '1.2.0',
    status: 'ACTIVE',
    jobId,
    validationScore: 1,
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
  };
}

/** An author answering from fixed data (`understanding`, drafts), recording each call by method name. */
export function stubAuthor(
  options: { understanding?: Partial<Understanding>; draft?: string; refactored?: string } = {},
): SkillAuthor & { calls: string[]; refactorHints: (DraftHints | undefined)[] } {
  const calls: string[] = [];
  const refactorHints: (DraftHints | undefined)[] = [];
  const called = (name: string) => calls.push(name);
  return {
    name: 'stub',
    calls,
    refactorHints,
    async refine() {
      called('refine');
      return {
        refinedTask: 'Teach an agent to write migrations that never lock hot tables.',
        skillName: 'postgres-migrations',
        description: 'Writes safe migrations. Use when changing a live schema.',
        taxonomyPath: 'development/databases/postgres-migrations',
      };
    },
    async ask(_ctx, round) {
      called('ask');
      return { questions: [question(`r${round}-a`), question(`r${round}-b`)], rationale: `round ${round}` };
    },
    async understand() {
      called('understand');
      return {
        userProblem: 'migrations lock tables',
        userGoals: ['no downtime', 'no data loss'],
        summary: 'safe migrations',
        readinessScore: 0.9,
        ...options.understanding,
      };
    },
    async scenarios() {
      called('scenarios');
      return {
        scenarios: [
          {
            id: 's1',
            title: 'Friday deploy',
            pressure: 'time',
            prompt: 'add a column now',
            expectedViolation: 'locks the table',
            rationalization: 'it is a small table',
          },
        ],
        rationalizations: ['it is a small table'],
      };
    },
    async draft() {
      called('draft');
      return options.draft ?? GOOD_DRAFT;
    },
    async refactor(_ctx, draft, hints) {
      called('refactor');
      refactorHints.push(hints);
      return { content: options.refactored ?? draft, counters: { a: 'b', c: 'd' }, redFlags: ['hurry'] };
    },
    async assess() {
      called('assess');
      return { summary: 'reads well', suggestions: ['add an example'] };
    },
  };
}
