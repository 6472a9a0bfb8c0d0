// promoteSkill: publish a job's draft by hand — a PENDING_REVIEW draft (force: true when it fails validation), or a
// new version of a completed job's skill (overwrite: true).
import type { Job, Skill } from '../../prisma/database';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors';
import { findVisibleJob } from '../jobs/find';
import type { Services } from '../services';
import { validateSkill } from '../skill-content/validator';
import { canSee, type Viewer } from '../viewer';
import { applyTransition, lockJob, statusChange, type EventSpec } from '../jobs/journal';
import { COMPLETED_PROGRESS } from '../workflow/machine';
import { promoteDraft, writePromotedFile } from './promote';

export interface PromoteSkillInput {
  jobId: string;
  force?: boolean | null;
  overwrite?: boolean | null;
}

export async function promoteSkill(
  services: Services,
  viewer: Viewer,
  input: PromoteSkillInput,
): Promise<{ job: Job; skill: Skill }> {
  const found = await findVisibleJob(services, viewer, input.jobId);
  if (found.status !== 'PENDING_REVIEW' && found.status !== 'COMPLETED') {
    throw new InvalidStateError(
      `only a PENDING_REVIEW or COMPLETED job can be promoted; this one is ${found.status}`,
      found.status,
    );
  }
  if (!found.draftContent) throw new InvalidStateError('the job has no draft to promote', found.status);
  const tdd = await services.prisma.tddWorkflowState.findUnique({ where: { jobId: found.jobId } });
  const report = validateSkill(found.draftContent, { rationalizations: tdd?.rationalizationsIdentified ?? [] });
  if (!report.passed && !input.force) {
    throw new ValidationError(
      `the draft fails validation (score ${report.score.toFixed(2)}${report.errors[0] ? `: ${report.errors[0]}` : ''}); promote with force: true to publish it anyway`,
      'force',
    );
  }
  const publishing = { skillsDir: services.settings.skillsDir, logger: services.logger };
  return services.prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, found.jobId);
    if (!job || !canSee(viewer, job)) throw new NotFoundError('job not found');
    if (job.status !== 'PENDING_REVIEW' && job.status !== 'COMPLETED') {
      throw new InvalidStateError(
        `only a PENDING_REVIEW or COMPLETED job can be promoted; this one is ${job.status}`,
        job.status,
      );
    }
    if (job.status === 'COMPLETED' && job.promoted && !input.overwrite) {
      const skill = await tx.skill.findFirst({ where: { jobId: job.jobId } });
      if (skill) {
        // Nothing to publish; the file is written again (restored if it went missing).
        writePromotedFile(skill, job.jobId, publishing);
        return { job, skill };
      }
    }
    const { skill, patch } = await promoteDraft(tx, job, { overwrite: Boolean(input.overwrite), ...publishing });
    const promoted: EventSpec = {
      type: 'PROMOTED',
      message: `Skill "${skill.name}" version ${skill.version} is active at ${skill.taxonomyPath}${report.passed ? '' : ' (promoted despite failing validation)'}`,
      data: { name: skill.name, version: skill.version, finalPath: skill.taxonomyPath, forced: !report.passed },
    };
    const updated =
      job.status === 'PENDING_REVIEW'
        ? await applyTransition(tx, job, {
            to: 'COMPLETED',
            progress: COMPLETED_PROGRESS,
            message: `Promoted skill "${skill.name}"`,
            patch,
            events: [promoted, statusChange('PENDING_REVIEW', 'COMPLETED')],
          })
        : await applyTransition(tx, job, { patch, events: [promoted] });
    return { job: updated, skill };
  });
}
