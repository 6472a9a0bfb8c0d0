// VALIDATION: the validator's report and the author's assessment of the draft. A failing draft is refined and
// assessed again, up to MAX_VALIDATION_ATTEMPTS; then a person must review it.
import type { Prisma } from '../../../prisma/database';
import { reviewPrompt } from '../../hitl/prompts';
import { draftPathFor } from '../../skills/paths';
import { validateSkill } from '../../skill-content/validator';
import { authorContext, latestPrompt, resolvedAction } from '../context';
import { MAX_VALIDATION_ATTEMPTS } from '../machine';
import type { PhaseResult, PhaseRun } from './result';
import { rationalizationsOf } from './reviewable';

export const validation: PhaseRun = async (author, snapshot) => {
  const { job, policy } = snapshot;
  const latestAction = resolvedAction(latestPrompt(snapshot, 'VALIDATION'));
  if (latestAction === 'PROCEED') return { kind: 'next', message: 'Validation approved' };

  const ctx = authorContext(snapshot);
  let draft = job.draftContent ?? (await author.draft(ctx));
  if (latestAction === 'REVISE')
    draft = (await author.refactor(ctx, draft, { validationIssues: ctx.feedback.slice(-1) })).content;

  const attempt = job.validationAttempts + 1;
  const report = validateSkill(draft, { rationalizations: rationalizationsOf(snapshot) });
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
      validationReport: {
        attempt,
        passed: report.passed,
        score: report.score,
        errors: report.errors,
        warnings: report.warnings,
        checks: { checks: report.checks, assessment } as unknown as Prisma.InputJsonValue,
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
};
