// TDD_REFACTOR: close the loopholes. With a model: the scenarios the agent still failed WITH the skill (and the
// excuses it gave) go to the author, and the revised draft is run again: one round per visit, then VALIDATION judges
// it and sends a failing draft back here (with its report's errors) while rounds remain (GREEN's round plus at most
// TDD_MAX_ITERATIONS); a draft every scenario complied with is left as it is. Without a model: one pass adding a
// counter per predicted rationalization and red flags (and, when sent back, answering the validation errors), not run.
import type { Prisma } from '../../../prisma/database';
import { complianceTable, notRunLine } from '../../agent-tests/evidence';
import { NOT_RUN_REASON } from '../../agent-tests/tester';
import type { SkillAuthor } from '../../author/types';
import { authorContext, latestPrompt, resolvedAction, type JobSnapshot } from '../context';
import {
  failingScenarios,
  iterationsOf,
  pressureScenarios,
  runsOfRound,
  unhandledRevise,
  validationToAnswer,
} from '../tdd-state';
import { NO_TOOLS, type PhaseResult, type PhaseRun, type PhaseTools, type TddState } from './result';
import { checklistOf, reviewable, type Reviewed } from './reviewable';
import { runPendingRound } from './tdd-round';

export const tddRefactor: PhaseRun = (author, snapshot, tools = NO_TOOLS) =>
  reviewable(snapshot, 'TDD_REFACTOR', snapshot.policy.tdd ? 'TDD_REFACTOR' : null, async () =>
    tools.tester ? closeTestedLoopholes(author, snapshot, tools) : refactorOnce(author, snapshot),
  );

async function refactorOnce(author: SkillAuthor, snapshot: JobSnapshot): Promise<Reviewed> {
  const draft = snapshot.job.draftContent ?? (await author.draft(authorContext(snapshot)));
  const failed = validationToAnswer(snapshot);
  const refactored = await author.refactor(
    authorContext(snapshot),
    draft,
    failed ? { validationIssues: failed.issues } : undefined,
  );
  const previous = (checklistOf(snapshot)['refactor'] as Record<string, unknown> | undefined) ?? {};
  const refactor = {
    ...previous,
    counters: Object.keys(refactored.counters).length,
    redFlags: refactored.redFlags.length,
    ...answering(failed),
    done: true,
  };
  const checklist = { ...checklistOf(snapshot), refactor, complete: true };
  return {
    result: {
      message: `Closed loopholes: ${Object.keys(refactored.counters).length} counters, ${refactored.redFlags.length} red flags${failed ? `; answered validation attempt ${failed.attempt}` : ''}`,
      patch: { draftContent: refactored.content },
      state: { tdd: { phase: 'REFACTOR', checklistState: checklist as Prisma.InputJsonValue } },
    },
    prompt: {
      title: 'Review the refactored skill',
      summary: `${notRunLine(NOT_RUN_REASON)} Every predicted rationalization has an explicit counter, and red flags tell the agent when it is slipping.`,
      content: refactored.content,
      highlights: refactored.redFlags,
    },
  };
}

async function closeTestedLoopholes(
  author: SkillAuthor,
  snapshot: JobSnapshot,
  tools: PhaseTools,
): Promise<Reviewed | (PhaseResult & { kind: 'repeat' })> {
  // First the runs of a draft written by the previous step (or GREEN's), then decide on them.
  const done = await runPendingRound(snapshot, tools);
  const view = done?.after ?? snapshot;
  const roundState: TddState = done?.state ?? {};
  const { maxIterations } = tools.tester!.settings;
  const latest = latestPrompt(snapshot, 'TDD_REFACTOR');
  const revise = resolvedAction(latest) === 'REVISE' && unhandledRevise(snapshot, 'refactor', latest?.interactionId);
  const failing = failingScenarios(view);
  const rounds = iterationsOf(view);
  // GREEN's round is the first; REFACTOR adds up to maxIterations more (a person's REVISE always gets one).
  const roundsLeft = rounds - 1 < maxIterations;
  const failed = validationToAnswer(snapshot);
  const checklist = checklistOf(snapshot);
  const previous = (checklist['refactor'] as Record<string, unknown> | undefined) ?? {};
  // One round per visit: a round just run goes to VALIDATION (or the review) before any other.
  const closeMore = !done && roundsLeft && (failing.length > 0 || failed !== null);

  if (revise || closeMore) {
    const draft = view.job.draftContent ?? (await author.draft(authorContext(view)));
    const refactored = await author.refactor(authorContext(view), draft, {
      failingScenarios: failing,
      ...(failed ? { validationIssues: failed.issues } : {}),
    });
    const refactor = {
      ...previous,
      ...(revise ? { revised: latest!.interactionId } : {}),
      ...answering(failed),
      counters: Object.keys(refactored.counters).length,
      redFlags: refactored.redFlags.length,
      done: false,
    };
    const closing = [
      ...(failing.length > 0 ? [`${failing.length} failing scenarios`] : []),
      ...(failed ? [`the errors of validation attempt ${failed.attempt}`] : []),
      ...(revise ? ['the review feedback'] : []),
    ];
    return {
      kind: 'repeat',
      message: `Closing loopholes of ${closing.join(' and ')}; running round ${rounds + 1}`,
      patch: { draftContent: refactored.content },
      state: {
        tdd: {
          ...roundState,
          phase: 'REFACTOR',
          draftRound: rounds + 1,
          checklistState: { ...checklist, refactor, complete: false } as Prisma.InputJsonValue,
        },
      },
    };
  }

  const withSkill = runsOfRound(view, rounds);
  const pct = `${Math.round((view.tdd?.complianceRate ?? 0) * 100)}%`;
  const outcome =
    failing.length === 0
      ? `every pressure scenario complied with the skill in round ${rounds}`
      : roundsLeft
        ? `${failing.length} scenarios still fail in round ${rounds}; VALIDATION judges the draft`
        : `${failing.length} scenarios still fail after ${rounds} with-skill rounds (TDD_MAX_ITERATIONS=${maxIterations})`;
  return {
    result: {
      message: `Refactor done: ${outcome}; ${pct} compliance`,
      state: {
        tdd: {
          ...roundState,
          phase: 'REFACTOR',
          checklistState: {
            ...checklist,
            refactor: { ...previous, rounds, failing: failing.map((f) => f.scenarioId), done: true },
            complete: true,
          } as Prisma.InputJsonValue,
        },
      },
    },
    prompt: {
      title: 'Review the refactored skill and its compliance',
      summary: `After ${rounds} with-skill rounds: ${outcome}.`,
      content: `${complianceTable(pressureScenarios(view), runsOfRound(view, 0), withSkill, rounds)}\n\n---\n\n${view.job.draftContent ?? ''}`,
      highlights: failing.flatMap((f) => f.excuses.map((e) => `${f.title}: "${e}"`)),
    },
  };
}

/** The failed validation a refined draft answers, remembered so that it is answered once (tdd-state.ts). */
function answering(failed: { attempt: number } | null): { answered?: number } {
  return failed ? { answered: failed.attempt } : {};
}
