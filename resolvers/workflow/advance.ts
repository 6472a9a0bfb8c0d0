// Runs the next steps of a skill-creation job. Each phase computes its output outside any transaction (an LLM call
// may take a while), then commits the output, the transition and the events together — only if nothing happened to
// the job meanwhile (a cancel, another worker). That guard is the checkpoint: a cancelled or superseded run stops
// without writing. Re-running a phase after a crash redoes only that phase, and writes nothing twice.
// A phase that moves on is followed by the next one in the same call (no task hop: no enqueue, no pickup, no
// second read of the job) while the caller allows it; otherwise the commit enqueues the next task.
import type { Job, Prisma } from '../../prisma/database';
import { questionsPrompt, reviewPrompt, type Prompt } from '../hitl/prompts';
import type { Services } from '../services';
import { upsertSkillFromJob } from '../skills/promote';
import { draftPathFor, writeSkillFile } from '../skills/paths';
import { sanitizeRefinement } from '../skills/refinement';
import { validateSkill } from '../skill-content/validator';
import {
  authorContext,
  latestPrompt,
  loadSnapshot,
  nextRoundNumber,
  resolvedAction,
  type JobSnapshot,
} from './context';
import {
  applyTransition,
  applyTransitionIfUnchanged,
  lockJob,
  readJob,
  statusChange,
  type EventSpec,
  type Tx,
} from './journal';
import {
  COMPLETED_PROGRESS,
  MAX_CLARIFY_ROUNDS,
  MAX_VALIDATION_ATTEMPTS,
  PHASE_START_PROGRESS,
  READINESS_THRESHOLD,
  REVIEW_PROGRESS,
  nextPhase,
  type HitlType,
  type Phase,
} from './machine';
import { advanceTask, enqueueAdvance, timeoutTask } from './queue';

type Writes = (tx: Tx, job: Job) => Promise<void>;

interface Common {
  patch?: Prisma.JobUpdateInput;
  events?: EventSpec[];
  writes?: Writes;
  message?: string;
}

/** What a phase decided; committed by `commit` under the guard. */
type PhaseResult =
  | ({ kind: 'next' } & Common)
  | ({ kind: 'repeat' } & Common)
  | ({ kind: 'pause'; type: HitlType; prompt: Prompt } & Common)
  | ({ kind: 'complete' } & Common)
  | ({ kind: 'review' } & Common);

export type AdvanceOutcome = 'advanced' | 'paused' | 'completed' | 'review' | 'idle' | 'superseded';

/** Thrown out of a phase to stop it without writing (the guard found the job changed). */
class Superseded extends Error {}

export interface AdvanceRun {
  /** Phases this call may run one after the other (default 1: one phase, then the next task). */
  maxPhases?: number;
  /** Checked before going on to another phase, e.g. the worker is shutting down: enqueue instead. */
  stopping?: () => boolean;
}

/** A phase after the first one of a call failed: earlier phases of the call were committed. */
export class LaterPhaseFailed extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export async function advanceSkillJob(
  services: Services,
  jobId: string,
  run: AdvanceRun = {},
): Promise<AdvanceOutcome> {
  let current = await startIfPending(services, jobId);
  if (!current) return 'idle';
  const maxPhases = Math.max(1, run.maxPhases ?? 1);
  for (let step = 1; ; step++) {
    const phase = current.currentPhase as Phase;
    let result: PhaseResult;
    try {
      const snapshot = await loadSnapshot(services.prisma, current);
      result = await runPhase(services, snapshot, phase);
    } catch (error) {
      throw step === 1 ? error : new LaterPhaseFailed(error);
    }
    // Decided before the commit: a commit that does not enqueue the next task must be followed by its phase here.
    const goOn = step < maxPhases && !run.stopping?.();
    let committed: { outcome: AdvanceOutcome; job: Job };
    try {
      committed = await commit(services, current, phase, result, goOn);
    } catch (error) {
      if (error instanceof Superseded) return 'superseded';
      throw step === 1 ? error : new LaterPhaseFailed(error);
    }
    if (committed.outcome !== 'advanced' || !goOn) return committed.outcome;
    current = committed.job;
    if (run.stopping?.()) {
      // Committed without a next task, and asked to stop: leave the task behind instead of the phase.
      await enqueueAdvance(services.prisma, jobId, services.settings.phaseMaxAttempts);
      return 'advanced';
    }
  }
}

/**
 * PENDING -> RUNNING (first start, or after a retry). Returns the job when it is RUNNING, else null. The start is a
 * compare-and-set (one statement) on the job as just read: if something changed it in between, read it again.
 */
async function startIfPending(services: Services, jobId: string): Promise<Job | null> {
  for (;;) {
    const job = await readJob(services.prisma, jobId);
    if (!job) return null;
    if (job.status === 'RUNNING') return job;
    if (job.status !== 'PENDING') return null; // waiting for a person, or finished: a stale task
    const phase = (job.currentPhase as Phase | null) ?? 'TASK_REFINEMENT';
    const started = await applyTransitionIfUnchanged(services.prisma, job, {
      to: 'RUNNING',
      phase,
      progress: PHASE_START_PROGRESS[phase],
      message: `Running ${phase}`,
      events: [statusChange('PENDING', 'RUNNING'), { type: 'PHASE_STARTED', message: `${phase} started` }],
    });
    if (started) return started;
  }
}

async function runPhase(services: Services, snapshot: JobSnapshot, phase: Phase): Promise<PhaseResult> {
  switch (phase) {
    case 'TASK_REFINEMENT':
      return taskRefinement(services, snapshot);
    case 'DEEP_UNDERSTANDING':
      return deepUnderstanding(services, snapshot);
    case 'TDD_RED':
      return tddRed(services, snapshot);
    case 'TDD_GREEN':
      return tddGreen(services, snapshot);
    case 'TDD_REFACTOR':
      return tddRefactor(services, snapshot);
    case 'VALIDATION':
      return validation(services, snapshot);
    case 'PROMOTION':
      return promotion(services, snapshot);
  }
}

async function taskRefinement({ author }: Services, snapshot: JobSnapshot): Promise<PhaseResult> {
  // The name and the taxonomy path later name a row and a folder under SKILLS_DIR: checked before they are stored.
  const { refinement, rejectedTaxonomyPath } = sanitizeRefinement(await author.refine(authorContext(snapshot)));
  const replaced =
    rejectedTaxonomyPath === undefined
      ? ''
      : ` (the proposed taxonomy path ${JSON.stringify(rejectedTaxonomyPath)} is unsafe; using ${refinement.taxonomyPath})`;
  return {
    kind: 'next',
    message: `Refined the task; proposed skill "${refinement.skillName}"${replaced}`,
    patch: {
      taskDescriptionRefined: refinement.refinedTask,
      skillName: refinement.skillName,
      skillDescription: refinement.description,
      taxonomyPath: refinement.taxonomyPath,
    },
  };
}

async function deepUnderstanding({ author }: Services, snapshot: JobSnapshot): Promise<PhaseResult> {
  const latest = latestPrompt(snapshot, 'DEEP_UNDERSTANDING');
  const latestAction = resolvedAction(latest);
  if (latest?.interactionType === 'CONFIRM' && latestAction === 'PROCEED') {
    return {
      kind: 'next',
      message: 'Understanding confirmed',
      writes: async (tx, job) => {
        await tx.deepUnderstandingState.update({ where: { jobId: job.jobId }, data: { complete: true } });
      },
    };
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
      return {
        kind: 'pause',
        type: 'CLARIFY',
        prompt: questionsPrompt(round.questions, round.rationale),
        message: `Waiting for answers to ${round.questions.length} clarifying questions (round ${answered + 1})`,
        writes: async (tx, job) => {
          const asked = [
            ...((snapshot.deepUnderstanding?.questionsAsked as unknown as unknown[]) ?? []),
            ...round.questions.map((q) => ({ round: answered + 1, ...q })),
          ];
          await tx.deepUnderstandingState.upsert({
            where: { jobId: job.jobId },
            create: {
              jobId: job.jobId,
              questionsAsked: asked as Prisma.InputJsonValue,
              rounds: answered + 1,
              readinessScore: clamp01(understanding.readinessScore),
            },
            update: {
              questionsAsked: asked as Prisma.InputJsonValue,
              rounds: answered + 1,
              readinessScore: clamp01(understanding.readinessScore),
            },
          });
        },
      };
    }
  }

  const answers = ctx.rounds.flatMap((r) => r.answers.map((a) => ({ round: r.round, ...a })));
  const state = {
    answers: answers as Prisma.InputJsonValue,
    userProblem: understanding.userProblem,
    userGoals: understanding.userGoals,
    understandingSummary: understanding.summary,
    readinessScore: clamp01(understanding.readinessScore),
    complete: !policy.confirm,
  };
  const writes: Writes = async (tx, job) => {
    await tx.deepUnderstandingState.upsert({
      where: { jobId: job.jobId },
      create: { jobId: job.jobId, ...state },
      update: state,
    });
  };
  if (!policy.confirm) return { kind: 'next', message: 'Understanding complete', writes };
  return {
    kind: 'pause',
    type: 'CONFIRM',
    message: 'Waiting for confirmation of the understanding',
    writes,
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
}

/**
 * A phase whose output a person may review: when the latest review was approved, move on; otherwise produce the
 * output (taking any feedback into account) and either ask for a review or move on.
 */
async function reviewable(
  snapshot: JobSnapshot,
  phase: Phase,
  reviewType: HitlType | null,
  produce: () => Promise<{
    result: Common;
    prompt: Omit<Prompt & { kind: 'review' }, 'kind' | 'allowedActions' | 'defaultAction'>;
  }>,
): Promise<PhaseResult> {
  const latest = latestPrompt(snapshot, phase);
  if (resolvedAction(latest) === 'PROCEED') return { kind: 'next', message: `${phase} approved` };
  const { result, prompt } = await produce();
  if (!reviewType) return { kind: 'next', ...result };
  return {
    kind: 'pause',
    type: reviewType,
    ...result,
    message: `Waiting for review: ${prompt.title}`,
    prompt: reviewPrompt({ ...prompt, allowedActions: ['PROCEED', 'REVISE', 'CANCEL'], defaultAction: 'PROCEED' }),
  };
}

async function tddRed({ author }: Services, snapshot: JobSnapshot): Promise<PhaseResult> {
  return reviewable(snapshot, 'TDD_RED', snapshot.policy.tdd ? 'TDD_RED' : null, async () => {
    const set = await author.scenarios(authorContext(snapshot));
    const state = {
      phase: 'RED' as const,
      baselineTestsRun: true,
      rationalizationsIdentified: set.rationalizations,
      scenarios: set.scenarios as unknown as Prisma.InputJsonValue,
      checklistState: {
        red: { scenarios: set.scenarios.length, rationalizations: set.rationalizations.length, done: true },
      },
    };
    return {
      result: {
        message: `Baseline: ${set.scenarios.length} pressure scenarios, ${set.rationalizations.length} rationalizations`,
        writes: async (tx, job) => {
          await tx.tddWorkflowState.upsert({
            where: { jobId: job.jobId },
            create: { jobId: job.jobId, ...state },
            update: state,
          });
        },
      },
      prompt: {
        title: 'Review the pressure scenarios (RED)',
        summary: `${set.scenarios.length} scenarios expose ${set.rationalizations.length} rationalizations an agent uses to skip the skill.`,
        content: set.scenarios
          .map(
            (s) =>
              `### ${s.title}\n- Pressure: ${s.pressure}\n- Prompt: ${s.prompt}\n- Without the skill: ${s.expectedViolation}\n- Excuse: "${s.rationalization}"`,
          )
          .join('\n\n'),
        highlights: set.rationalizations,
      },
    };
  });
}

function rationalizationsOf(snapshot: JobSnapshot): string[] {
  return snapshot.tdd?.rationalizationsIdentified ?? [];
}

function checklistOf(snapshot: JobSnapshot): Record<string, unknown> {
  return (snapshot.tdd?.checklistState as Record<string, unknown> | undefined) ?? {};
}

async function tddGreen({ author }: Services, snapshot: JobSnapshot): Promise<PhaseResult> {
  const { policy } = snapshot;
  const reviewType: HitlType | null = policy.preview ? 'PREVIEW' : policy.tdd ? 'TDD_GREEN' : null;
  return reviewable(snapshot, 'TDD_GREEN', reviewType, async () => {
    const draft = await author.draft(authorContext(snapshot));
    const rationalizations = rationalizationsOf(snapshot);
    // The compliance test: run the draft against the rationalizations RED found.
    const report = validateSkill(draft, { rationalizations });
    const evidence = report.checks.find((c) => c.name === 'rationalizations_countered');
    const countered = evidence?.passed ?? rationalizations.length === 0;
    const checklist = {
      ...checklistOf(snapshot),
      green: { rationalizations: rationalizations.length, allCountered: countered, done: true },
    };
    return {
      result: {
        message: 'Drafted SKILL.md',
        patch: { draftContent: draft },
        events: [
          {
            type: 'SKILL_DRAFTED',
            message: `Draft written (${draft.length} characters)`,
            data: { characters: draft.length, allCountered: countered },
          },
        ],
        writes: async (tx, job) => {
          await tx.tddWorkflowState.upsert({
            where: { jobId: job.jobId },
            create: { jobId: job.jobId, phase: 'GREEN', complianceTestsRun: true, checklistState: checklist },
            update: { phase: 'GREEN', complianceTestsRun: true, checklistState: checklist },
          });
        },
      },
      prompt: {
        title: 'Review the SKILL.md draft',
        summary: countered
          ? 'The draft answers every rationalization found in the baseline.'
          : 'The draft does not yet counter every rationalization; REFACTOR will close the gaps.',
        content: draft,
        highlights: report.warnings.length > 0 ? report.warnings : ['No warnings from the validator'],
      },
    };
  });
}

async function tddRefactor({ author }: Services, snapshot: JobSnapshot): Promise<PhaseResult> {
  return reviewable(snapshot, 'TDD_REFACTOR', snapshot.policy.tdd ? 'TDD_REFACTOR' : null, async () => {
    const draft = snapshot.job.draftContent ?? (await author.draft(authorContext(snapshot)));
    const refactored = await author.refactor(authorContext(snapshot), draft);
    const checklist = {
      ...checklistOf(snapshot),
      refactor: { counters: Object.keys(refactored.counters).length, redFlags: refactored.redFlags.length, done: true },
      complete: true,
    };
    return {
      result: {
        message: `Closed loopholes: ${Object.keys(refactored.counters).length} counters, ${refactored.redFlags.length} red flags`,
        patch: { draftContent: refactored.content },
        writes: async (tx, job) => {
          await tx.tddWorkflowState.upsert({
            where: { jobId: job.jobId },
            create: { jobId: job.jobId, phase: 'REFACTOR', checklistState: checklist },
            update: { phase: 'REFACTOR', checklistState: checklist },
          });
        },
      },
      prompt: {
        title: 'Review the refactored skill',
        summary: 'Every rationalization has an explicit counter, and red flags tell the agent when it is slipping.',
        content: refactored.content,
        highlights: refactored.redFlags,
      },
    };
  });
}

async function validation({ author }: Services, snapshot: JobSnapshot): Promise<PhaseResult> {
  const { job, policy } = snapshot;
  const latest = latestPrompt(snapshot, 'VALIDATION');
  const latestAction = resolvedAction(latest);
  if (latestAction === 'PROCEED') return { kind: 'next', message: 'Validation approved' };

  const ctx = authorContext(snapshot);
  const rationalizations = rationalizationsOf(snapshot);
  let draft = job.draftContent ?? (await author.draft(ctx));
  if (latestAction === 'REVISE')
    draft = (await author.refactor(ctx, draft, { validationIssues: ctx.feedback.slice(-1) })).content;

  const attempt = job.validationAttempts + 1;
  const report = validateSkill(draft, { rationalizations });
  const assessment = await author.assess(ctx, draft);
  const draftPath = draftPathFor(job.jobId, job.taxonomyPath ?? job.skillName ?? 'skill');
  const common: Common = {
    patch: {
      draftContent: draft,
      validationAttempts: attempt,
      validationPassed: report.passed,
      validationScore: report.score,
      draftPath,
    },
    events: [
      {
        type: 'VALIDATED',
        message: `Validation attempt ${attempt}: ${report.passed ? 'passed' : 'failed'} with score ${report.score.toFixed(2)}`,
        data: {
          attempt,
          passed: report.passed,
          score: report.score,
          errors: report.errors.length,
          warnings: report.warnings.length,
        },
      },
    ],
    writes: async (tx, j) => {
      await tx.validationReport.create({
        data: {
          jobId: j.jobId,
          attempt,
          passed: report.passed,
          score: report.score,
          errors: report.errors,
          warnings: report.warnings,
          checks: { checks: report.checks, assessment } as unknown as Prisma.InputJsonValue,
        },
      });
    },
  };
  if (report.passed) {
    if (!policy.validate)
      return { kind: 'next', ...common, message: `Validation passed (score ${report.score.toFixed(2)})` };
    return {
      kind: 'pause',
      type: 'VALIDATE',
      ...common,
      message: 'Waiting for review of the validation report',
      prompt: reviewPrompt({
        title: 'Review the validation report',
        summary: `Score ${report.score.toFixed(2)}; ${report.warnings.length} warnings. ${assessment.summary}`,
        content: draft,
        highlights: [...report.warnings, ...assessment.suggestions],
        allowedActions: ['PROCEED', 'REVISE', 'CANCEL'],
        defaultAction: 'PROCEED',
      }),
    };
  }
  if (attempt < MAX_VALIDATION_ATTEMPTS) {
    const refined = await author.refactor(ctx, draft, { validationIssues: [...report.errors, ...report.warnings] });
    return {
      kind: 'repeat',
      ...common,
      patch: { ...common.patch, draftContent: refined.content },
      message: `Validation failed (score ${report.score.toFixed(2)}); refining the draft (attempt ${attempt + 1} of ${MAX_VALIDATION_ATTEMPTS})`,
    };
  }
  return {
    kind: 'review',
    ...common,
    message: `Validation failed ${attempt} times (score ${report.score.toFixed(2)}): ${report.errors.slice(0, 3).join('; ')}. A person must review the draft.`,
  };
}

async function promotion(services: Services, snapshot: JobSnapshot): Promise<PhaseResult> {
  const { job } = snapshot;
  const existing = job.skillName ? await services.prisma.skill.findUnique({ where: { name: job.skillName } }) : null;
  if (existing && existing.jobId !== job.jobId) {
    return {
      kind: 'review',
      message: `A skill named "${job.skillName}" already exists (version ${existing.version}); promote with overwrite to publish this draft as its next version`,
    };
  }
  const finalPath = job.taxonomyPath ?? job.skillName ?? '';
  return {
    kind: 'complete',
    message: `Promoted skill "${job.skillName}"`,
    writes: async (tx, j) => {
      const { skill } = await upsertSkillFromJob(tx, j, { overwrite: false });
      await tx.job.update({
        where: { jobId: j.jobId },
        data: {
          promoted: true,
          finalPath: skill.taxonomyPath,
          result: {
            skillId: skill.skillId,
            name: skill.name,
            version: skill.version,
            taxonomyPath: skill.taxonomyPath,
            draftPath: j.draftPath,
            finalPath: skill.taxonomyPath,
          },
        },
      });
      // Written before the commit, so whoever sees COMPLETED finds the file. Should the commit fail, the retry
      // writes the same content again; a file system problem is logged, not a reason to fail the promotion.
      if (services.settings.skillsDir) {
        try {
          writeSkillFile(services.settings.skillsDir, skill.taxonomyPath, skill.content);
        } catch (error) {
          services.logger.error({ err: error, jobId: j.jobId }, 'writing the promoted SKILL.md to SKILLS_DIR failed');
        }
      }
    },
    events: [
      {
        type: 'PROMOTED',
        message: `Skill "${job.skillName}" is active at ${finalPath}`,
        data: { name: job.skillName, finalPath },
      },
    ],
  };
}

/** Commits a phase's result under the guard. `inline`: the caller runs the next phase itself (no task for it). */
async function commit(
  services: Services,
  seen: Job,
  phase: Phase,
  result: PhaseResult,
  inline: boolean,
): Promise<{ outcome: AdvanceOutcome; job: Job }> {
  const next = inline ? null : advanceTask(seen.jobId, services.settings.phaseMaxAttempts);
  return services.prisma.$transaction(async (tx): Promise<{ outcome: AdvanceOutcome; job: Job }> => {
    const job = await lockJob(tx, seen.jobId);
    // The checkpoint: anything else that happened to the job (a cancel, a response, another worker finishing this
    // phase) appended an event, so its last sequence moved on. Stop without writing.
    if (!job || job.status !== 'RUNNING' || job.currentPhase !== phase || job.lastSequence !== seen.lastSequence)
      throw new Superseded();
    await result.writes?.(tx, job);
    const patch = result.patch ?? {};
    const events = result.events ?? [];
    switch (result.kind) {
      case 'next': {
        const following = nextPhase(phase);
        if (!following) throw new Error(`${phase} has no next phase`);
        const updated = await applyTransition(tx, job, {
          phase: following,
          progress: PHASE_START_PROGRESS[following],
          message: result.message ?? `${phase} completed`,
          patch,
          events: [
            ...events,
            { type: 'PHASE_COMPLETED', phase, message: result.message ?? `${phase} completed` },
            { type: 'PHASE_STARTED', phase: following, message: `${following} started` },
          ],
          ...(next ? { task: next } : {}),
        });
        return { outcome: 'advanced', job: updated };
      }
      case 'repeat': {
        const updated = await applyTransition(tx, job, {
          message: result.message,
          patch,
          events: [...events, { type: 'PROGRESS', message: result.message }],
          ...(next ? { task: next } : {}),
        });
        return { outcome: 'advanced', job: updated };
      }
      case 'pause': {
        const interactions = await tx.hitlInteraction.findMany({ where: { jobId: job.jobId } });
        const timeoutSeconds =
          (job.hitlPolicy as { timeoutSeconds?: number }).timeoutSeconds ?? services.settings.hitlTimeoutSeconds;
        const timeoutAt = new Date(Date.now() + timeoutSeconds * 1000);
        const interaction = await tx.hitlInteraction.create({
          data: {
            jobId: job.jobId,
            interactionType: result.type,
            roundNumber: nextRoundNumber(interactions, result.type),
            promptData: result.prompt as unknown as Prisma.InputJsonValue,
            timeoutAt,
          },
        });
        const updated = await applyTransition(tx, job, {
          to: 'PENDING_HITL',
          message: result.message,
          patch,
          events: [
            ...events,
            {
              type: 'HITL_REQUESTED',
              message: result.message,
              data: {
                interactionId: interaction.interactionId,
                interactionType: result.type,
                roundNumber: interaction.roundNumber,
                timeoutAt: timeoutAt.toISOString(),
              },
            },
            statusChange('RUNNING', 'PENDING_HITL'),
          ],
          task: timeoutTask(interaction.interactionId, timeoutAt),
        });
        return { outcome: 'paused', job: updated };
      }
      case 'complete': {
        const updated = await applyTransition(tx, job, {
          to: 'COMPLETED',
          progress: COMPLETED_PROGRESS,
          message: result.message,
          patch,
          events: [
            ...events,
            { type: 'PHASE_COMPLETED', phase, message: `${phase} completed` },
            statusChange('RUNNING', 'COMPLETED'),
          ],
        });
        return { outcome: 'completed', job: updated };
      }
      case 'review': {
        const updated = await applyTransition(tx, job, {
          to: 'PENDING_REVIEW',
          progress: REVIEW_PROGRESS,
          message: result.message,
          patch,
          events: [...events, statusChange('RUNNING', 'PENDING_REVIEW', result.message)],
        });
        return { outcome: 'review', job: updated };
      }
    }
  });
}

/** A phase ran out of attempts: the job is FAILED with a readable error; the stack stays in error_stack. */
export async function failJob(services: Services, jobId: string, error: unknown, attempts: number): Promise<void> {
  const err = error instanceof Error ? error : new Error(String(error));
  await services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId);
    if (!job || (job.status !== 'RUNNING' && job.status !== 'PENDING')) return;
    const phase = job.currentPhase ?? 'TASK_REFINEMENT';
    const message = `${phase} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${readableMessage(err)}`;
    await applyTransition(tx, job, {
      to: 'FAILED',
      message,
      patch: { error: message, errorStack: err.stack ?? null },
      events: [statusChange(job.status, 'FAILED', message)],
    });
  });
}

/**
 * A failed attempt that will be retried: tell watchers, keep the job RUNNING. `retry`: the task that retries it
 * (added with the event), when the failing task itself is not retried.
 */
export async function recordFailedAttempt(
  services: Services,
  jobId: string,
  error: unknown,
  attempt: number,
  maxAttempts: number,
  retry?: Prisma.Sql,
): Promise<void> {
  await services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId);
    if (!job || job.status !== 'RUNNING') return;
    const message = `${job.currentPhase} attempt ${attempt} of ${maxAttempts} failed: ${readableMessage(error)}; retrying`;
    await applyTransition(tx, job, {
      message,
      events: [{ type: 'PROGRESS', message }],
      ...(retry ? { task: retry } : {}),
    });
  });
}

/** First line of an error, bounded: what a person can read; never a stack trace. */
export function readableMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0]?.trim() || 'unknown error';
  return firstLine.length > 500 ? `${firstLine.slice(0, 497)}...` : firstLine;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
