// Promotion: a job's draft becomes the active skill of its name, and its SKILL.md is written to SKILLS_DIR. One
// function for both callers: the PROMOTION phase's commit and the promoteSkill use case (drafts left PENDING_REVIEW,
// new versions); each adds its own events and transition.
import { randomUUID } from 'node:crypto';
import { Prisma, type Job, type Skill, type Tx } from '../../prisma/database';
import { InvalidStateError } from '../errors';
import type { GuardedRow } from '../jobs/journal';
import type { Logger } from '../logger';
import { isUniqueViolation } from '../unique-violation';
import { sanitizeTaxonomyPath, writeSkillFile } from './paths';

export const FIRST_VERSION = '1.0.0';

/** 1.0.0 -> 1.1.0: a re-promotion publishes a new minor version. */
export function nextVersion(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) return FIRST_VERSION;
  return `${match[1]}.${Number(match[2]) + 1}.0`;
}

export interface PromotionOptions {
  /** Replace an active skill of the same name published by another job (as its next version). */
  overwrite: boolean;
  /** Where the SKILL.md is also written (settings.skillsDir); unset: nowhere. */
  skillsDir: string | undefined;
  logger: Logger;
}

/** The job's columns a promotion sets (written with the caller's transition). */
export interface PromotedJobPatch {
  promoted: true;
  finalPath: string;
  result: {
    skillId: string;
    name: string;
    version: string;
    taxonomyPath: string;
    draftPath: string | null;
    finalPath: string;
  };
}

/**
 * Publishes the job's draft inside the caller's transaction: the skill row, then the SKILL.md file, and returns the
 * job's patch. The file is written here, before the caller commits, so whoever sees the promotion committed finds
 * the file; should the commit fail, the retry writes the same content again. A file system problem is logged, not
 * a reason to fail the promotion.
 */
export async function promoteDraft(
  tx: Tx,
  job: Job,
  options: PromotionOptions,
): Promise<{ skill: Skill; patch: PromotedJobPatch }> {
  const { skill } = await upsertSkillFromJob(tx, job, options);
  writePromotedFile(skill, job.jobId, options);
  return { skill, patch: promotedPatch(job, skill) };
}

/** The job's columns once its draft is published as `skill` (the caller's transition writes them). */
function promotedPatch(
  job: Job,
  skill: Pick<Skill, 'skillId' | 'name' | 'version' | 'taxonomyPath'>,
): PromotedJobPatch {
  return {
    promoted: true,
    finalPath: skill.taxonomyPath,
    result: {
      skillId: skill.skillId,
      name: skill.name,
      version: skill.version,
      taxonomyPath: skill.taxonomyPath,
      draftPath: job.draftPath,
      finalPath: skill.taxonomyPath,
    },
  };
}

/**
 * The first publication of a job's draft as a row of the promotion's one statement (journal.ts
 * applyTransitionRequiring): the skill's INSERT, which writes nothing when any skill has the name (nor then the
 * transition: the caller takes the locked path, promoteDraft, which applies the versioning and clash rules), and
 * the job's patch for it. Null when the job has no draft to publish (promoteDraft says why).
 */
export function firstPromotion(job: Job): { row: GuardedRow; patch: PromotedJobPatch } | null {
  if (!job.draftContent || !job.skillName || !job.taxonomyPath || !job.skillDescription) return null;
  const skill = {
    skillId: randomUUID(),
    name: job.skillName,
    version: FIRST_VERSION,
    taxonomyPath: sanitizeTaxonomyPath(job.taxonomyPath),
  };
  return { row: insertSkillRow(job, skill), patch: promotedPatch(job, skill) };
}

/** INSERT of the skill row, only when the job is locked as guarded (`locked`), and not over any existing name. */
function insertSkillRow(job: Job, skill: Pick<Skill, 'skillId' | 'name' | 'version' | 'taxonomyPath'>): GuardedRow {
  return {
    name: 'skill',
    cte: Prisma.sql`
      INSERT INTO skills (skill_id, name, taxonomy_path, description, content, version, status, job_id, validation_score, published_at)
      SELECT ${skill.skillId}::uuid, ${skill.name}, ${skill.taxonomyPath}, ${job.skillDescription}, ${job.draftContent},
        ${skill.version}, 'ACTIVE'::skill_status, ${job.jobId}::uuid, ${job.validationScore}::float8, now()
      WHERE EXISTS (SELECT 1 FROM locked)
      ON CONFLICT DO NOTHING
      RETURNING skill_id AS "skill.skillId", content AS "skill.content", taxonomy_path AS "skill.taxonomyPath"`,
  };
}

/** Writes (again) the SKILL.md of a published skill to SKILLS_DIR, when set; a failure is logged. */
export function writePromotedFile(
  skill: Skill,
  jobId: string,
  { skillsDir, logger }: Pick<PromotionOptions, 'skillsDir' | 'logger'>,
): void {
  if (!skillsDir) return;
  try {
    writeSkillFile(skillsDir, skill.taxonomyPath, skill.content);
  } catch (error) {
    logger.error({ err: error, jobId }, 'writing the promoted SKILL.md to SKILLS_DIR failed');
  }
}

/**
 * Writes the skill row for a job's draft inside the caller's transaction. Idempotent for the same job: promoting a
 * job whose skill already exists returns it unchanged (a phase re-run after a crash must not publish twice).
 */
async function upsertSkillFromJob(
  tx: Tx,
  job: Job,
  options: Pick<PromotionOptions, 'overwrite'>,
): Promise<{ skill: Skill; created: boolean }> {
  if (!job.draftContent || !job.skillName || !job.taxonomyPath || !job.skillDescription) {
    throw new InvalidStateError('the job has no draft to promote yet', job.status);
  }
  const taxonomyPath = sanitizeTaxonomyPath(job.taxonomyPath);
  const existing = await tx.skill.findUnique({ where: { name: job.skillName } });
  // overwrite: true on the job's own skill is an explicit request for a new version; without it, same result.
  if (
    existing &&
    existing.jobId === job.jobId &&
    !options.overwrite &&
    existing.content === job.draftContent &&
    existing.status === 'ACTIVE'
  ) {
    return { skill: existing, created: false };
  }
  if (existing && existing.jobId !== job.jobId && !options.overwrite) {
    throw new InvalidStateError(
      `a skill named "${job.skillName}" already exists (version ${existing.version}); promote with overwrite: true to publish a new version`,
      existing.status,
    );
  }
  const now = new Date();
  const fields = {
    taxonomyPath,
    description: job.skillDescription,
    content: job.draftContent,
    status: 'ACTIVE' as const,
    jobId: job.jobId,
    validationScore: job.validationScore,
    publishedAt: now,
  };
  if (existing) {
    const skill = await tx.skill.update({
      where: { skillId: existing.skillId },
      data: { ...fields, version: nextVersion(existing.version) },
    });
    return { skill, created: false };
  }
  try {
    const skill = await tx.skill.create({ data: { ...fields, name: job.skillName, version: FIRST_VERSION } });
    return { skill, created: true };
  } catch (error) {
    // Another job published the same name between our read and our insert: the unique index decided.
    if (isUniqueViolation(error)) {
      throw new InvalidStateError(
        `a skill named "${job.skillName}" was just published by another job; promote with overwrite: true to publish a new version`,
        job.status,
      );
    }
    throw error;
  }
}
