// TDD_RED: pressure scenarios and the rationalizations an agent uses to skip the skill (the failing baseline).
import type { Prisma } from '../../../prisma/database';
import { authorContext } from '../context';
import type { PhaseRun } from './result';
import { reviewable } from './reviewable';

export const tddRed: PhaseRun = (author, snapshot) =>
  reviewable(snapshot, 'TDD_RED', snapshot.policy.tdd ? 'TDD_RED' : null, async () => {
    const set = await author.scenarios(authorContext(snapshot));
    return {
      result: {
        message: `Baseline: ${set.scenarios.length} pressure scenarios, ${set.rationalizations.length} rationalizations`,
        state: {
          tdd: {
            phase: 'RED',
            // No scenario is run against an agent yet (issue 12): nothing may say a baseline test ran.
            baselineTestsRun: false,
            rationalizationsIdentified: set.rationalizations,
            scenarios: set.scenarios as unknown as Prisma.InputJsonValue,
            checklistState: {
              red: { scenarios: set.scenarios.length, rationalizations: set.rationalizations.length, done: true },
            },
          },
        },
      },
      prompt: {
        title: 'Review the pressure scenarios (RED)',
        summary: `${set.scenarios.length} scenarios expose ${set.rationalizations.length} rationalizations an agent uses to skip the skill.`,
        content: set.scenarios
          .map(
            (s) =>
              `### ${s.title}\n- Pressure: ${s.pressure}\n- Prompt: ${s.prompt}\n- Without the skill: ${s.expectedViolation}\n- Excuse: "${s.rationalization}"`,
          )
          .join('\n\n'),
        highlights: set.rationalizations,
      },
    };
  });
