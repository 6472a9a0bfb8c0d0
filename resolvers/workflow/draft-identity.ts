// What a phase commit writes of its draft. The draft's frontmatter name is the skill's name: a REVISE that renames
// the skill ("rename it to X") changes the frontmatter, and the job's skillName (what PROMOTION publishes under) and
// the last segment of its taxonomy path follow it here, at the commit, so the promoted skill never has one name in
// the registry and another in its file. A draft the row already holds is not written again.
import type { Job } from '../../prisma/database';
import type { JobPatch } from '../jobs/journal';
import { parseSkill, readFrontmatter } from '../skill-content/document';
import { isValidSkillName } from '../skill-content/rules';

/**
 * `patch` as the commit writes it: plus the name (and taxonomy path) its draft now carries, when that is a valid
 * name other than the job's; without the draft when it equals the stored one (the row keeps it, and writing the same
 * 5-10 KB again would compress and store it out of line again for nothing: VALIDATION, a REFACTOR that changed
 * nothing).
 */
export function draftPatch(job: Pick<Job, 'skillName' | 'taxonomyPath' | 'draftContent'>, patch: JobPatch): JobPatch {
  const draft = patch.draftContent;
  if (typeof draft !== 'string') return patch;
  const written = draft === job.draftContent ? withoutDraft(patch) : patch;
  if (!job.skillName) return written;
  const { name } = readFrontmatter(parseSkill(draft));
  if (!name || name === job.skillName || !isValidSkillName(name)) return written;
  const segments = job.taxonomyPath?.split('/') ?? [];
  const taxonomyPath =
    segments.at(-1) === job.skillName ? [...segments.slice(0, -1), name].join('/') : (job.taxonomyPath ?? undefined);
  return { ...written, skillName: name, ...(taxonomyPath ? { taxonomyPath } : {}) };
}

function withoutDraft(patch: JobPatch): JobPatch {
  const { draftContent: _unchanged, ...rest } = patch;
  return rest;
}
