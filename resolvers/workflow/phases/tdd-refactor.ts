// TDD_REFACTOR: close the loopholes: an explicit counter for every rationalization, and red flags.
import type { Prisma } from '../../../prisma/database';
import { authorContext } from '../context';
import type { PhaseRun } from './result';
import { checklistOf, reviewable } from './reviewable';

export const tddRefactor: PhaseRun = (author, snapshot) =>
  reviewable(snapshot, 'TDD_REFACTOR', snapshot.policy.tdd ? 'TDD_REFACTOR' : null, async () => {
    const draft = snapshot.job.draftContent ?? (await author.draft(authorContext(snapshot)));
    const refactored = await author.refactor(authorContext(snapshot), draft);
    const checklist = {
      ...checklistOf(snapshot),
      refactor: { counters: Object.keys(refactored.counters).length, redFlags: refactored.redFlags.length, done: true },
      complete: true,
    };
    return {
      result: {
        message: `Closed loopholes: ${Object.keys(refactored.counters).length} counters, ${refactored.redFlags.length} red flags`,
        patch: { draftContent: refactored.content },
        state: { tdd: { phase: 'REFACTOR', checklistState: checklist as Prisma.InputJsonValue } },
      },
      prompt: {
        title: 'Review the refactored skill',
        summary: 'Every rationalization has an explicit counter, and red flags tell the agent when it is slipping.',
        content: refactored.content,
        highlights: refactored.redFlags,
      },
    };
  });
