// What TASK_REFINEMENT stores from the author's proposal. The skill name and the taxonomy path come from an author
// (a model, possibly steered by the task text), later name a database row and a folder under SKILLS_DIR: they are
// checked here once, before anything is stored. An unusable taxonomy path falls back to "general/<skill name>"; an
// unusable name fails the phase (there is nothing sensible to invent it from).
import type { TaskRefinement } from '../author/types';
import { ValidationError } from '../errors';
import { KEBAB_CASE, NAME_MAX_LENGTH } from '../skill-content/rules';
import { sanitizeTaxonomyPath } from './paths';

export const FALLBACK_TAXONOMY_ROOT = 'general';

export interface SanitizedRefinement {
  refinement: TaskRefinement;
  /** Set when the author's taxonomy path was replaced: the path it proposed (cut), for the job's log. */
  rejectedTaxonomyPath?: string;
}

/** The skill name as stored: kebab-case `^[a-z][a-z0-9]*(-[a-z0-9]+)*$`, at most 64 characters. */
export function sanitizeSkillName(input: unknown, field = 'skillName'): string {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name.length === 0 || name.length > NAME_MAX_LENGTH || !KEBAB_CASE.test(name)) {
    throw new ValidationError(
      `the proposed skill name ${JSON.stringify(String(input).slice(0, 80))} is not kebab-case of at most ${NAME_MAX_LENGTH} characters`,
      field,
    );
  }
  return name;
}

export function sanitizeRefinement(proposed: TaskRefinement): SanitizedRefinement {
  const skillName = sanitizeSkillName(proposed.skillName);
  const raw = typeof proposed.taxonomyPath === 'string' ? proposed.taxonomyPath : '';
  try {
    // Lowercasing and trimming change no meaning; anything else the sanitizer refuses is replaced, not repaired.
    const taxonomyPath = sanitizeTaxonomyPath(raw.trim().toLowerCase());
    return { refinement: { ...proposed, skillName, taxonomyPath } };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return {
      refinement: { ...proposed, skillName, taxonomyPath: `${FALLBACK_TAXONOMY_ROOT}/${skillName}` },
      rejectedTaxonomyPath: raw.replace(/\0/g, '\\0').slice(0, 200),
    };
  }
}
