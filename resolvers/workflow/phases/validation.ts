// VALIDATION: the validator's report, the behavioural evidence and the author's assessment of the draft. It passes
// only when the rule checks pass AND (with a model) the with-skill compliance reaches TDD_MIN_COMPLIANCE and beats the
// baseline. A failing draft goes back to TDD_REFACTOR, which answers the report's errors (and, with a model, the
// failing scenarios) and runs the refined draft, up to MAX_VALIDATION_ATTEMPTS and (with a model) while with-skill
// rounds remain (GREEN's + TDD_MAX_ITERATIONS); then a person must review it. A person's REVISE of the report is
// refined here.
import type { Prisma } from '../../../prisma/database';
import { NOT_RUN_REASON } from '../../agent-tests/tester';
import { reviewPrompt } from '../../hitl/prompts';
import { draftPathFor } from '../../skills/paths';
import { validateSkill } from '../../skill-content/validator';
import { authorContext, latestPrompt, resolvedAction } from '../context';
import { MAX_VALIDATION_ATTEMPTS } from '../machine';
import { behaviourOf, iterationsOf, unhandledRevise, type SentBack } from '../tdd-state';
import { NO_TOOLS, type PhaseResult, type PhaseRun } from './result';
import { checklistOf, rationalizationsOf } from './reviewable';
import { runPendingRound } from './tdd-round';

export const NOT_RUN_WARNING = `behavioural tests not run: ${NOT_RUN_REASON}`;

export const validation: PhaseRun = async (author, snapshot, tools = NO_TOOLS) => {
  const { job, policy } = snapshot;
  const latest = latestPrompt(snapshot, 'VALIDATION');
  const latestAction = resolvedAction(latest);
  if (latestAction === 'PROCEED') return { kind: 'next', message: 'Validation approved' };
  const { tester } = tools;

  // A refined draft is run against the scenarios before it is judged.
  const done = tester ? await runPendingRound(snapshot, tools) : null;
  if (done) {
    const pct = `${Math.round((done.state.complianceRate ?? 0) * 100)}%`;
    return {
      kind: 'repeat',
      message: `Ran the refined draft against the scenarios (round ${done.round}): ${pct} compliance`,
      state: { tdd: done.state },
    };
  }

  const ctx = authorContext(snapshot);
  let draft = job.draftContent ?? (await author.draft(ctx));
  const revise = latestAction === 'REVISE' && unhandledRevise(snapshot, 'validation', latest?.interactionId);
  // VALIDATION's own part of the checklist: the REVISE it answered, the attempt it sent back to TDD_REFACTOR.
  let own = (checklistOf(snapshot)['validation'] as Record<string, unknown> | undefined) ?? {};
  const withOwn = (part: Record<string, unknown>) =>
    ({ ...checklistOf(snapshot), validation: { ...own, ...part } }) as Prisma.InputJsonValue;
  if (revise) {
    draft = (await author.refactor(ctx, draft, { validationIssues: ctx.feedback.slice(-1) })).content;
    if (tester)
      return {
        kind: 'repeat',
        message: 'Revised the draft after the review; running the scenarios with it',
        patch: { draftContent: draft },
        state: {
          tdd: { draftRound: iterationsOf(snapshot) + 1, checklistState: withOwn({ revised: latest!.interactionId }) },
        },
      };
    own = { ...own, revised: latest!.interactionId };
  }

  const attempt = job.validationAttempts + 1;
  const rules = validateSkill(draft, { rationalizations: rationalizationsOf(snapshot) });
  const behaviour = tester ? behaviourOf(snapshot, tester.settings.minCompliance) : null;
  const report = {
    ...rules,
    passed: rules.passed && (behaviour?.passed ?? true),
    errors: [...rules.errors, ...(behaviour?.problems ?? [])],
    warnings: [...rules.warnings, ...(behaviour ? [] : [NOT_RUN_WARNING])],
  };
  const behaviourReport = behaviour
    ? {
        run: true,
        passed: behaviour.passed,
        problems: behaviour.problems,
        baselineViolationRate: snapshot.tdd?.baselineViolationRate ?? null,
        complianceRate: snapshot.tdd?.complianceRate ?? null,
        minCompliance: tester!.settings.minCompliance,
        iterations: iterationsOf(snapshot),
      }
    : { run: false, reason: NOT_RUN_REASON };
  const assessment = await author.assess(ctx, draft);
  const draftPath = draftPathFor(job.jobId, job.taxonomyPath ?? job.skillName ?? 'skill');
  const common = {
    patch: {
      draftContent: draft,
      validationAttempts: attempt,
      validationPassed: report.passed,
      validationScore: report.score,
      draftPath,
    },
    events: [
      {
        type: 'VALIDATED' as const,
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
    state: {
      ...(revise ? { tdd: { checklistState: withOwn({}) } } : {}),
      validationReport: {
        attempt,
        passed: report.passed,
        score: report.score,
        errors: report.errors,
        warnings: report.warnings,
        checks: { checks: report.checks, assessment, behaviour: behaviourReport } as unknown as Prisma.InputJsonValue,
      },
    },
  } satisfies Omit<PhaseResult, 'kind'>;
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
        summary: `Score ${report.score.toFixed(2)}; ${report.warnings.length} warnings. ${behaviourLine(behaviourReport)} ${assessment.summary}`,
        content: draft,
        highlights: [...report.warnings, ...assessment.suggestions],
        allowedActions: ['PROCEED', 'REVISE', 'CANCEL'],
        defaultAction: 'PROCEED',
      }),
    };
  }
  // With a model every refined draft is run again: only while with-skill rounds are left (GREEN's + maxIterations).
  const rounds = iterationsOf(snapshot);
  const roundsLeft = !tester || rounds - 1 < tester.settings.maxIterations;
  const errors = report.errors.slice(0, 3).join('; ');
  if (attempt < MAX_VALIDATION_ATTEMPTS && roundsLeft) {
    const back: SentBack = {
      attempt,
      afterPrompt: snapshot.interactions.reduce((max, i) => Math.max(max, i.interactionId), 0),
    };
    return {
      kind: 'back',
      phase: 'TDD_REFACTOR',
      ...common,
      state: { ...common.state, tdd: { checklistState: withOwn({ sentBack: back }) } },
      message: `Validation attempt ${attempt} of ${MAX_VALIDATION_ATTEMPTS} failed (score ${report.score.toFixed(2)}): ${errors}. Back to TDD_REFACTOR to refine the draft.`,
    };
  }
  const spent = tester
    ? ` after ${rounds} with-skill rounds${roundsLeft ? '' : ` (none left: TDD_MAX_ITERATIONS=${tester.settings.maxIterations})`}`
    : '';
  return {
    kind: 'review',
    ...common,
    message: `Validation failed ${attempt} times${spent} (score ${report.score.toFixed(2)}): ${errors}. A person must review the draft.`,
  };
};

function behaviourLine(report: {
  run: boolean;
  complianceRate?: number | null;
  baselineViolationRate?: number | null;
}) {
  if (!report.run) return `Behavioural tests not run: ${NOT_RUN_REASON}.`;
  const pct = (rate: number | null | undefined) => (rate == null ? 'n/a' : `${Math.round(rate * 100)}%`);
  return `Behavioural tests: ${pct(report.complianceRate)} compliance with the skill, ${pct(report.baselineViolationRate)} violations without it.`;
}
