// TASK_REFINEMENT: the author turns the task into a skill name, a description and a taxonomy path.
import { sanitizeRefinement } from '../../skills/refinement';
import { authorContext } from '../context';
import type { PhaseRun } from './result';

export const taskRefinement: PhaseRun = async (author, snapshot) => {
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
};
