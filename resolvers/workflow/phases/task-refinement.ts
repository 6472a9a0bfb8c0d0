// TASK_REFINEMENT: the author turns the task into a skill name, a description and a taxonomy path.
import { sanitizeRefinement } from '../../skills/refinement';
import { authorContext } from '../context';
import type { PhaseRun } from './result';

export const taskRefinement: PhaseRun = async (author, snapshot) => {
  // The name and the taxonomy path later name a row and a folder under SKILLS_DIR: checked before they are stored.
  const proposed = await author.refine(authorContext(snapshot));
  const { refinement, rejectedTaxonomyPath } = sanitizeRefinement(proposed);
  const replaced =
    rejectedTaxonomyPath === undefined
      ? ''
      : ` (the proposed taxonomy path ${JSON.stringify(rejectedTaxonomyPath)} is unsafe; using ${refinement.taxonomyPath})`;
  // Which built-in domain the (offline) author matched and whether its knowledge is used: in the message and in a
  // PROGRESS event's data, so a client sees it (jobEvents) without a schema change.
  const domain = proposed.domain;
  const domainNote = domain
    ? domain.used
      ? `; domain ${domain.id} (confidence ${domain.confidence.toFixed(2)})`
      : `; no built-in domain fits (best ${domain.id}, confidence ${domain.confidence.toFixed(2)} < ${domain.threshold}): the draft is built from the task and the answers`
    : '';
  return {
    kind: 'next',
    message: `Refined the task; proposed skill "${refinement.skillName}"${replaced}${domainNote}`,
    ...(domain && {
      events: [{ type: 'PROGRESS', message: `Domain choice${domainNote.slice(1)}`, data: { domain: { ...domain } } }],
    }),
    patch: {
      taskDescriptionRefined: refinement.refinedTask,
      skillName: refinement.skillName,
      skillDescription: refinement.description,
      taxonomyPath: refinement.taxonomyPath,
    },
  };
};
