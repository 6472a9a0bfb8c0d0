// Reads what the workflow knows about a job into the shapes the author and the phases use.
import type {
  DeepUnderstandingState,
  HitlInteraction,
  Job,
  PrismaClient,
  ScenarioRun,
  Skill,
  TddWorkflowState,
  ValidationReport,
} from '../../prisma/database';
import type { AnsweredRound, AuthorContext } from '../author/types';
import { parsePrompt, type ResponseData } from '../hitl/prompts';
import { baselineEvidence, pressureScenarios, sentBack } from './tdd-state';
import {
  PHASE_PROMPTS,
  isQuestionType,
  readsScenarioRuns,
  readsValidationReport,
  type HitlAction,
  type HitlPolicy,
  type HitlType,
  type Phase,
} from './machine';

export interface JobSnapshot {
  job: Job;
  policy: HitlPolicy;
  interactions: HitlInteraction[];
  deepUnderstanding: DeepUnderstandingState | null;
  tdd: TddWorkflowState | null;
  /** The skill that has the job's skill name, read for PROMOTION only (it decides whether the name is free). */
  skillNamed: Skill | null;
  /** Every stored scenario run of the job, oldest first; read for the TDD phases and VALIDATION only. */
  scenarioRuns: ScenarioRun[];
  /** The job's latest validation report, read for TDD_REFACTOR only (after VALIDATION sent the draft back). */
  validationReport: ValidationReport | null;
}

/**
 * The job's state rows as the previous phase's commit left them, for the next phase of the same call: it starts
 * from them instead of reading them again (fewer statements per phase). The commit wrote them, and anything else
 * that changes them appends an event, which the next commit's guard (same last sequence) catches: as safe as a read.
 */
export interface CarriedState {
  interactions: HitlInteraction[];
  deepUnderstanding: DeepUnderstandingState | null;
  tdd: TddWorkflowState | null;
  /** null: not known (never read in this call, or runs were recorded since): read when a phase needs them. */
  scenarioRuns: ScenarioRun[] | null;
  /** undefined: not known (as scenarioRuns' null). */
  validationReport?: ValidationReport | null;
  /**
   * The skill named as the job, for PROMOTION: VALIDATION's commit reads it (null: no such skill); undefined: not
   * known. Another job may publish the name meanwhile: the promotion's insert finds it (skills/promote.ts).
   */
  skillNamed?: Skill | null;
}

/**
 * Everything a phase decides on, read in parallel (one round trip's wait); with `carried` (the previous commit of
 * the same call), only what it does not hold.
 */
export async function loadSnapshot(prisma: PrismaClient, job: Job, carried?: CarriedState): Promise<JobSnapshot> {
  const jobId = job.jobId;
  const [interactions, deepUnderstanding, tdd, skillNamed, scenarioRuns, validationReport] = await Promise.all([
    carried?.interactions ?? prisma.hitlInteraction.findMany({ where: { jobId }, orderBy: { interactionId: 'asc' } }),
    carried ? carried.deepUnderstanding : prisma.deepUnderstandingState.findUnique({ where: { jobId } }),
    carried ? carried.tdd : prisma.tddWorkflowState.findUnique({ where: { jobId } }),
    job.currentPhase === 'PROMOTION' && job.skillName
      ? carried?.skillNamed !== undefined
        ? carried.skillNamed
        : prisma.skill.findUnique({ where: { name: job.skillName } })
      : null,
    readsScenarioRuns(job.currentPhase)
      ? (carried?.scenarioRuns ?? prisma.scenarioRun.findMany({ where: { jobId }, orderBy: { runId: 'asc' } }))
      : [],
    readsValidationReport(job)
      ? carried?.validationReport !== undefined
        ? carried.validationReport
        : prisma.validationReport.findFirst({ where: { jobId }, orderBy: { attempt: 'desc' } })
      : null,
  ]);
  return {
    job,
    policy: job.hitlPolicy as unknown as HitlPolicy,
    interactions,
    deepUnderstanding,
    tdd,
    skillNamed,
    scenarioRuns,
    validationReport,
  };
}

export function responseOf(interaction: HitlInteraction): ResponseData | null {
  return (interaction.responseData as unknown as ResponseData | null) ?? null;
}

/** The action a prompt ended with: the person's, or the default a timeout applied; null while unresolved. */
export function resolvedAction(interaction: HitlInteraction | undefined): HitlAction | null {
  if (!interaction) return null;
  if (interaction.status !== 'RESPONDED' && interaction.status !== 'TIMEOUT') return null;
  return responseOf(interaction)?.action ?? null;
}

/**
 * The latest prompt a phase raised, if any, since the job last came back to the phase: a TDD_REFACTOR review
 * approved before VALIDATION sent the draft back is about an older draft and does not count.
 */
export function latestPrompt(snapshot: JobSnapshot, phase: Phase): HitlInteraction | undefined {
  const types = PHASE_PROMPTS[phase];
  const after = phase === 'TDD_REFACTOR' ? (sentBack(snapshot)?.afterPrompt ?? 0) : 0;
  return snapshot.interactions
    .filter((i) => types.includes(i.interactionType as HitlType) && i.interactionId > after)
    .at(-1);
}

export function nextRoundNumber(interactions: readonly HitlInteraction[], type: HitlType): number {
  return interactions.filter((i) => i.interactionType === type).reduce((max, i) => Math.max(max, i.roundNumber), 0) + 1;
}

/** Clarifying rounds the person answered, oldest first. */
export function answeredRounds(snapshot: JobSnapshot): AnsweredRound[] {
  return snapshot.interactions
    .filter(
      (i) =>
        isQuestionType(i.interactionType as HitlType) &&
        i.status === 'RESPONDED' &&
        responseOf(i)?.action === 'PROCEED',
    )
    .map((i, index) => {
      const prompt = parsePrompt(i.promptData);
      const response = responseOf(i);
      return {
        round: index + 1,
        questions:
          prompt.kind === 'questions'
            ? prompt.questions.map((q) => ({
                ...q,
                options: q.options.map((o) => ({ ...o, description: o.description ?? undefined })),
              }))
            : [],
        answers: (response?.answers ?? []).map((a) => ({
          questionId: a.questionId,
          text: a.text,
          optionIds: a.optionIds,
        })),
      };
    });
}

/** Feedback given with responses (REVISE, or notes with PROCEED), oldest first. */
export function feedbackOf(snapshot: JobSnapshot): string[] {
  return snapshot.interactions
    .map((i) => responseOf(i)?.feedback)
    .filter((f): f is string => typeof f === 'string' && f.length > 0);
}

export function authorContext(snapshot: JobSnapshot): AuthorContext {
  const { job, deepUnderstanding: du, tdd } = snapshot;
  // Scenarios the baseline never violated are no pressure: the author does not write against them.
  const scenarios = pressureScenarios(snapshot).map(({ set: _set, ...s }) => s);
  const evidence = tdd?.baselineTestsRun ? baselineEvidence(snapshot).filter((e) => e.failures > 0) : [];
  return {
    jobId: job.jobId,
    taskDescription: job.taskDescription,
    refinement:
      job.skillName && job.skillDescription && job.taxonomyPath
        ? {
            refinedTask: job.taskDescriptionRefined ?? job.taskDescription,
            skillName: job.skillName,
            description: job.skillDescription,
            taxonomyPath: job.taxonomyPath,
          }
        : undefined,
    rounds: answeredRounds(snapshot),
    understanding:
      du && du.understandingSummary
        ? {
            userProblem: du.userProblem ?? '',
            userGoals: du.userGoals,
            summary: du.understandingSummary,
            readinessScore: du.readinessScore,
          }
        : undefined,
    feedback: feedbackOf(snapshot),
    scenarios:
      tdd && tdd.rationalizationsIdentified.length > 0
        ? { scenarios, rationalizations: tdd.rationalizationsIdentified }
        : undefined,
    ...(evidence.length > 0 ? { baselineEvidence: evidence } : {}),
  };
}
