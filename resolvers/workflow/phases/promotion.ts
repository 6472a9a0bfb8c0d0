// PROMOTION: publish the draft under the job's skill name, unless another job's skill has that name (a person then
// decides: promoteSkill with overwrite). The commit does the publishing (skills/promote.ts).
import type { PhaseRun } from './result';

export const promotion: PhaseRun = async (_author, { job, skillNamed }) => {
  if (skillNamed && skillNamed.jobId !== job.jobId) {
    return {
      kind: 'review',
      message: `A skill named "${job.skillName}" already exists (version ${skillNamed.version}); promote with overwrite to publish this draft as its next version`,
    };
  }
  const finalPath = job.taxonomyPath ?? job.skillName ?? '';
  return {
    kind: 'promote',
    message: `Promoted skill "${job.skillName}"`,
    events: [
      {
        type: 'PROMOTED',
        message: `Skill "${job.skillName}" is active at ${finalPath}`,
        data: { name: job.skillName, finalPath },
      },
    ],
  };
};
