// TDD_GREEN: a SKILL.md draft, checked (as text) for a counter to each rationalization RED found.
import type { Prisma } from '../../../prisma/database';
import { validateSkill } from '../../skill-content/validator';
import { authorContext } from '../context';
import type { HitlType } from '../machine';
import type { PhaseRun } from './result';
import { checklistOf, rationalizationsOf, reviewable } from './reviewable';

export const tddGreen: PhaseRun = (author, snapshot) => {
  const { policy } = snapshot;
  const reviewType: HitlType | null = policy.preview ? 'PREVIEW' : policy.tdd ? 'TDD_GREEN' : null;
  return reviewable(snapshot, 'TDD_GREEN', reviewType, async () => {
    const draft = await author.draft(authorContext(snapshot));
    const rationalizations = rationalizationsOf(snapshot);
    const report = validateSkill(draft, { rationalizations });
    const evidence = report.checks.find((c) => c.name === 'rationalizations_countered');
    const countered = evidence?.passed ?? rationalizations.length === 0;
    const checklist = {
      ...checklistOf(snapshot),
      green: { rationalizations: rationalizations.length, allCountered: countered, done: true },
    };
    return {
      result: {
        message: 'Drafted SKILL.md',
        patch: { draftContent: draft },
        events: [
          {
            type: 'SKILL_DRAFTED',
            message: `Draft written (${draft.length} characters)`,
            data: { characters: draft.length, allCountered: countered },
          },
        ],
        state: {
          // A text check of the draft, not a run of the scenarios with the skill (issue 12): not a compliance test.
          tdd: { phase: 'GREEN', complianceTestsRun: false, checklistState: checklist as Prisma.InputJsonValue },
        },
      },
      prompt: {
        title: 'Review the SKILL.md draft',
        summary: countered
          ? 'The draft answers every rationalization found in the baseline.'
          : 'The draft does not yet counter every rationalization; REFACTOR will close the gaps.',
        content: draft,
        highlights: report.warnings.length > 0 ? report.warnings : ['No warnings from the validator'],
      },
    };
  });
};
