// Writes what a phase decided (./phases/result.ts), the transition, its state rows and the events in one statement
// (in one transaction with the reads a pause or a promotion needs first), only if nothing happened to the job
// meanwhile: the guard. That guard is the checkpoint: a cancelled or superseded run stops without writing, and a
// phase re-run after a crash writes nothing twice. The commit is a span of its own (a child of the phase's).
import type {
  DeepUnderstandingState,
  Job,
  Prisma,
  Skill,
  TddWorkflowState,
  ValidationReport,
} from '../../prisma/database';
import {
  applyGuardedTransition,
  applyTransitionRequiring,
  lockJob,
  statusChange,
  type EventSpec,
  type TransitionSpec,
} from '../jobs/journal';
import { skillNamedRow, stateRows, storedState } from '../jobs/phase-state-rows';
import type { Services } from '../services';
import { firstPromotion, promoteDraft } from '../skills/promote';
import { inSpan } from '../telemetry/spans';
import { nextRoundNumber } from './context';
import { draftPatch } from './draft-identity';
import { COMPLETED_PROGRESS, PHASE_START_PROGRESS, REVIEW_PROGRESS, canGoBack, nextPhase, type Phase } from './machine';
import type { PhaseResult } from './phases/result';

export type CommitOutcome = 'advanced' | 'paused' | 'completed' | 'review';

/** Thrown by commit when the guard found the job changed: nothing was written. */
export class Superseded extends Error {}

/** The state rows a commit wrote, as stored: the next phase of the same call starts from them (context.ts). */
export interface WrittenState {
  deepUnderstanding?: DeepUnderstandingState;
  tdd?: TddWorkflowState;
  validationReport?: ValidationReport;
  /** The skill named as the job, read by a commit that moves on to PROMOTION (null: none). */
  skillNamed?: Skill | null;
}

export interface Committed {
  outcome: CommitOutcome;
  job: Job;
  written: WrittenState;
}

/**
 * Commits a phase's result for the job as it was `seen` when the phase started. `inline`: the caller runs the next
 * phase itself, so no task is added for it.
 */
export async function commit(
  services: Services,
  seen: Job,
  phase: Phase,
  result: PhaseResult,
  inline: boolean,
): Promise<Committed> {
  const next = inline ? undefined : services.queue.advance(seen.jobId, seen.traceParent);
  const span = {
    attributes: {
      'db.system.name': 'postgresql',
      'db.operation.name': 'transaction',
      'skills_fleet.job.id': seen.jobId,
      'skills_fleet.phase': phase,
      'skills_fleet.phase.result': result.kind,
    },
    expected: (error: unknown) => (error instanceof Superseded ? 'superseded' : undefined),
  };
  return inSpan(`commit ${phase}`, span, async (active) => {
    const committed = await transact(services, seen, phase, result, next);
    active.setAttribute('skills_fleet.outcome', committed.outcome);
    return committed;
  });
}

/** A result whose commit reads nothing first (next, back, repeat, review): its transition and outcome. */
function plainTransition(
  seen: Job,
  phase: Phase,
  result: PhaseResult,
  next: Prisma.Sql | undefined,
): { spec: TransitionSpec; outcome: CommitOutcome } | null {
  const patch = draftPatch(seen, result.patch ?? {});
  const events = phaseEvents(phase, result);
  switch (result.kind) {
    case 'next': {
      const following = nextPhase(phase);
      if (!following) throw new Error(`${phase} has no next phase`);
      const message = result.message ?? `${phase} completed`;
      const spec: TransitionSpec = {
        phase: following,
        progress: PHASE_START_PROGRESS[following],
        message,
        patch,
        events: [
          ...events,
          { type: 'PHASE_COMPLETED', phase, message },
          { type: 'PHASE_STARTED', phase: following, message: `${following} started` },
        ],
        ...(next ? { task: next } : {}),
      };
      return { spec, outcome: 'advanced' };
    }
    case 'back': {
      if (!canGoBack(phase, result.phase)) throw new Error(`${phase} cannot go back to ${result.phase}`);
      // Progress never drops (journal.ts), so the bar stays where VALIDATION put it; the phase says where the job is.
      const spec: TransitionSpec = {
        phase: result.phase,
        progress: PHASE_START_PROGRESS[result.phase],
        message: result.message,
        patch,
        events: [
          ...events,
          { type: 'PHASE_COMPLETED', phase, message: result.message },
          { type: 'PHASE_STARTED', phase: result.phase, message: `${result.phase} started again` },
        ],
        ...(next ? { task: next } : {}),
      };
      return { spec, outcome: 'advanced' };
    }
    case 'repeat': {
      const spec: TransitionSpec = {
        message: result.message,
        patch,
        events: [...events, { type: 'PROGRESS', message: result.message }],
        ...(next ? { task: next } : {}),
      };
      return { spec, outcome: 'advanced' };
    }
    case 'review': {
      const spec: TransitionSpec = {
        to: 'PENDING_REVIEW',
        progress: REVIEW_PROGRESS,
        message: result.message,
        patch,
        events: [...events, statusChange('RUNNING', 'PENDING_REVIEW', result.message)],
      };
      return { spec, outcome: 'review' };
    }
    default:
      return null;
  }
}

/** A phase's own events (SKILL_DRAFTED, VALIDATED, ...) happened in that phase, not in the one the commit moves to. */
function phaseEvents(phase: Phase, result: PhaseResult): EventSpec[] {
  return (result.events ?? []).map((event) => ({ phase, ...event }));
}

async function transact(
  services: Services,
  seen: Job,
  phase: Phase,
  result: PhaseResult,
  next: Prisma.Sql | undefined,
): Promise<Committed> {
  // Anything else that happened to the job (a cancel, a response, another worker finishing this phase) appended
  // an event, so its last sequence moved on.
  const unchanged = (job: Job | null): job is Job =>
    !!job && job.status === 'RUNNING' && job.currentPhase === phase && job.lastSequence === seen.lastSequence;
  if (!unchanged(seen)) throw new Superseded();
  const plain = plainTransition(seen, phase, result, next);
  if (plain) {
    // Nothing to read first: one statement, a compare-and-set on the job as the phase saw it (no lock, no BEGIN or
    // COMMIT round trip); when the job changed meanwhile it writes nothing.
    // Moving on to PROMOTION: the statement also reads the skill of the job's name, which PROMOTION decides on.
    const toPromotion = plain.spec.phase === 'PROMOTION' && phase !== 'PROMOTION';
    const rows = [...stateRows(seen.jobId, result.state), ...(toPromotion ? [skillNamedRow()] : [])];
    const written = await applyGuardedTransition(services.prisma, seen, plain.spec, rows);
    if (!written) throw new Superseded();
    return { outcome: plain.outcome, job: written.job, written: storedState(written) };
  }
  if (result.kind === 'promote' && !services.settings.skillsDir) {
    const promoted = await promoteInOneStatement(services, seen, phase, result);
    if (promoted) return promoted;
  }
  return services.prisma.$transaction(async (tx): Promise<Committed> => {
    const job = await lockJob(tx, seen.jobId);
    if (!unchanged(job)) throw new Superseded();
    const patch = draftPatch(job, result.patch ?? {});
    const events = phaseEvents(phase, result);
    const state = stateRows(job.jobId, result.state);
    // The job is locked and as seen: the guarded statement writes.
    const write = async (spec: TransitionSpec) => {
      const written = await applyGuardedTransition(tx, job, spec, state);
      if (!written) throw new Superseded();
      return written;
    };
    switch (result.kind) {
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
        const written = await write({
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
          task: services.queue.timeout(interaction.interactionId, timeoutAt, job.traceParent),
        });
        return { outcome: 'paused', job: written.job, written: storedState(written) };
      }
      case 'promote': {
        const promoted = await promoteDraft(tx, job, {
          overwrite: false,
          skillsDir: services.settings.skillsDir,
          logger: services.logger,
        });
        const written = await write(completion(phase, result, { ...patch, ...promoted.patch }));
        return { outcome: 'completed', job: written.job, written: storedState(written) };
      }
      default:
        throw new Error(`no commit for a ${result.kind} result`);
    }
  });
}

/** The PROMOTION commit's transition: the job COMPLETED with the published skill's columns. */
function completion(phase: Phase, result: PhaseResult, patch: TransitionSpec['patch']): TransitionSpec {
  return {
    to: 'COMPLETED',
    progress: COMPLETED_PROGRESS,
    message: result.message ?? null,
    patch,
    events: [
      ...phaseEvents(phase, result),
      { type: 'PHASE_COMPLETED', phase, message: `${phase} completed` },
      statusChange('RUNNING', 'COMPLETED'),
    ],
  };
}

/**
 * The common promotion, a first publication of a free name with no SKILLS_DIR to write, as one statement: the skill's
 * insert and the job's completion, both only when the job is as seen (no lock, read or BEGIN/COMMIT round trips).
 * Null when the name is taken (by this job's own skill after a re-run, or another job's): the locked path decides
 * then. With a SKILLS_DIR the file must be written before the commit, so that path is always taken.
 */
async function promoteInOneStatement(
  services: Services,
  seen: Job,
  phase: Phase,
  result: PhaseResult,
): Promise<Committed | null> {
  const first = firstPromotion(seen);
  if (!first) return null;
  const patch = { ...draftPatch(seen, result.patch ?? {}), ...first.patch };
  const outcome = await applyTransitionRequiring(
    services.prisma,
    seen,
    completion(phase, result, patch),
    first.row,
    stateRows(seen.jobId, result.state),
  );
  if (!outcome.held) throw new Superseded();
  if (!outcome.written) return null;
  return { outcome: 'completed', job: outcome.written.job, written: storedState(outcome.written) };
}
