// TDD_RED, TDD_GREEN and TDD_REFACTOR on hand-built snapshots: which review the policy asks for (or none), what
// each stores, and an approved review moving on without asking the author again. No database.
import { describe, expect, it } from 'vitest';
import type { HitlType, Phase } from '../../resolvers/workflow/machine';
import type { PhaseRun } from '../../resolvers/workflow/phases/result';
import { tddGreen } from '../../resolvers/workflow/phases/tdd-green';
import { tddRed } from '../../resolvers/workflow/phases/tdd-red';
import { tddRefactor } from '../../resolvers/workflow/phases/tdd-refactor';
import type { Prisma } from '../../prisma/database';
import { BAD_DRAFT, GOOD_DRAFT, JOB_ID, makeJob, makeSnapshot, resolvedPrompt, stubAuthor, tddState } from './snapshot';

type TddPhase = Extract<Phase, HitlType>;
const PHASES: Array<{ phase: TddPhase; run: PhaseRun }> = [
  { phase: 'TDD_RED', run: tddRed },
  { phase: 'TDD_GREEN', run: tddGreen },
  { phase: 'TDD_REFACTOR', run: tddRefactor },
];

describe('the review each TDD phase asks for', () => {
  it.each([
    // phase, policy, the prompt type (null: no review, the phase moves on)
    { phase: 'TDD_RED', preview: false, tdd: false, review: null },
    { phase: 'TDD_RED', preview: true, tdd: false, review: null },
    { phase: 'TDD_RED', preview: false, tdd: true, review: 'TDD_RED' },
    { phase: 'TDD_GREEN', preview: false, tdd: false, review: null },
    { phase: 'TDD_GREEN', preview: true, tdd: false, review: 'PREVIEW' },
    { phase: 'TDD_GREEN', preview: true, tdd: true, review: 'PREVIEW' },
    { phase: 'TDD_GREEN', preview: false, tdd: true, review: 'TDD_GREEN' },
    { phase: 'TDD_REFACTOR', preview: true, tdd: false, review: null },
    { phase: 'TDD_REFACTOR', preview: false, tdd: true, review: 'TDD_REFACTOR' },
  ] satisfies Array<{ phase: TddPhase; preview: boolean; tdd: boolean; review: HitlType | null }>)(
    '$phase with preview $preview, tdd $tdd: $review',
    async ({ phase, preview, tdd, review }) => {
      const run = PHASES.find((p) => p.phase === phase)!.run;
      const snapshot = makeSnapshot({ job: makeJob({ currentPhase: phase }), policy: { preview, tdd } });
      const result = await run(stubAuthor(), snapshot);
      expect(result).toMatchObject(
        review === null
          ? { kind: 'next' }
          : { kind: 'pause', type: review, prompt: { kind: 'review', defaultAction: 'PROCEED' } },
      );
      expect(result.message).toMatch(review === null ? /./ : /^Waiting for review: /);
    },
  );

  it.each(PHASES)('$phase: an approved review moves on without asking the author', async ({ phase, run }) => {
    const type = phase === 'TDD_GREEN' ? 'PREVIEW' : phase;
    const author = stubAuthor();
    const snapshot = makeSnapshot({
      job: makeJob({ currentPhase: phase }),
      policy: { preview: true, tdd: true },
      interactions: [resolvedPrompt(type, 'PROCEED')],
    });
    expect(await run(author, snapshot)).toEqual({ kind: 'next', message: `${phase} approved` });
    expect(author.calls).toEqual([]);
  });

  it.each(PHASES)('$phase: a REVISE produces the output again and asks again', async ({ phase, run }) => {
    const snapshot = makeSnapshot({
      job: makeJob({ currentPhase: phase }),
      policy: { tdd: true },
      interactions: [resolvedPrompt(phase, 'REVISE', { feedback: 'more' })],
    });
    // With tdd on and preview off, each phase's review is named after it.
    expect(await run(stubAuthor(), snapshot)).toMatchObject({ kind: 'pause', type: phase });
  });
});

describe('what each TDD phase stores', () => {
  it('TDD_RED without a model: the scenarios and predicted rationalizations, not run and saying why', async () => {
    const result = await tddRed(stubAuthor(), makeSnapshot({ job: makeJob({ currentPhase: 'TDD_RED' }) }));
    expect(result).toEqual({
      kind: 'next',
      message: 'Baseline: 1 pressure scenarios written, not run (no model configured); 1 predicted rationalizations',
      state: {
        tdd: {
          phase: 'RED',
          baselineTestsRun: false,
          notRunReason: 'no model configured',
          agentUnderTest: null,
          rationalizationsIdentified: ['it is a small table'],
          scenarios: [expect.objectContaining({ id: 's1', rationalization: 'it is a small table' })],
          checklistState: { red: { scenarios: 1, rationalizations: 1, done: true } },
        },
      },
    });
  });

  it.each([
    { draft: GOOD_DRAFT, rationalizations: [], allCountered: true },
    { draft: BAD_DRAFT, rationalizations: ['it is only a tiny table, locking is fine'], allCountered: false },
  ])(
    'TDD_GREEN: the draft, SKILL_DRAFTED, and whether it counters RED (allCountered $allCountered)',
    async ({ draft, rationalizations, allCountered }) => {
      const snapshot = makeSnapshot({
        job: makeJob({ currentPhase: 'TDD_GREEN' }),
        tdd: tddState({ rationalizationsIdentified: rationalizations, checklistState: { red: { done: true } } }),
      });
      const result = await tddGreen(stubAuthor({ draft }), snapshot);
      expect(result).toEqual({
        kind: 'next',
        message: 'Drafted SKILL.md',
        patch: { draftContent: draft },
        events: [
          {
            type: 'SKILL_DRAFTED',
            message: `Draft written (${draft.length} characters)`,
            data: { characters: draft.length, allCountered },
          },
        ],
        state: {
          tdd: {
            phase: 'GREEN',
            complianceTestsRun: false,
            checklistState: {
              red: { done: true },
              green: { rationalizations: rationalizations.length, allCountered, done: true },
            },
          },
        },
      });
    },
  );

  it('TDD_REFACTOR: refactors the stored draft (no new one) and completes the checklist', async () => {
    const author = stubAuthor({ refactored: 'refactored' });
    const snapshot = makeSnapshot({
      job: makeJob({ currentPhase: 'TDD_REFACTOR', draftContent: GOOD_DRAFT }),
      tdd: tddState({ checklistState: { green: { done: true } } }),
    });
    const result = await tddRefactor(author, snapshot);
    expect(author.calls).toEqual(['refactor']);
    expect(result).toEqual({
      kind: 'next',
      message: 'Closed loopholes: 2 counters, 1 red flags',
      patch: { draftContent: 'refactored' },
      state: {
        tdd: {
          phase: 'REFACTOR',
          checklistState: { green: { done: true }, refactor: { counters: 2, redFlags: 1, done: true }, complete: true },
        },
      },
    });
  });

  it('TDD_REFACTOR sent back by VALIDATION answers the failed report once, and a review approved before it does not count', async () => {
    const approved = resolvedPrompt('TDD_REFACTOR', 'PROCEED');
    const report = {
      reportId: 1,
      jobId: JOB_ID,
      attempt: 1,
      passed: false,
      score: 0.5,
      errors: ['missing section: When to Use'],
      warnings: ['short overview'],
      checks: {},
      createdAt: new Date(),
    };
    const sentBack = { validation: { sentBack: { attempt: 1, afterPrompt: approved.interactionId } } };
    const snapshot = makeSnapshot({
      job: makeJob({ currentPhase: 'TDD_REFACTOR', draftContent: BAD_DRAFT, validationAttempts: 1 }),
      policy: { tdd: true },
      interactions: [approved],
      tdd: tddState({ checklistState: sentBack }),
      validationReport: report,
    });
    const author = stubAuthor({ refactored: 'refactored' });
    const result = await tddRefactor(author, snapshot);
    // Not "approved": the person's PROCEED was of the draft before; the refined one is reviewed again.
    expect(result).toMatchObject({ kind: 'pause', type: 'TDD_REFACTOR', patch: { draftContent: 'refactored' } });
    expect(author.refactorHints).toEqual([{ validationIssues: ['missing section: When to Use', 'short overview'] }]);
    expect(result.state?.tdd?.checklistState).toMatchObject({ ...sentBack, refactor: { answered: 1, done: true } });

    // Once answered (a REVISE of that review), the same report is not sent to the author again.
    const again = stubAuthor();
    await tddRefactor(
      again,
      makeSnapshot({
        ...snapshot,
        interactions: [approved, resolvedPrompt('TDD_REFACTOR', 'REVISE', { feedback: 'shorter' })],
        tdd: tddState({ checklistState: result.state!.tdd!.checklistState as Prisma.JsonValue }),
      }),
    );
    expect(again.refactorHints).toEqual([undefined]);
  });

  it('TDD_REFACTOR without a stored draft asks the author for one first', async () => {
    const author = stubAuthor();
    await tddRefactor(author, makeSnapshot({ job: makeJob({ currentPhase: 'TDD_REFACTOR' }) }));
    expect(author.calls).toEqual(['draft', 'refactor']);
  });
});
