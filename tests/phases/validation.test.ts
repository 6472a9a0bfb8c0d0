// VALIDATION on hand-built snapshots: a passing draft moves on or is reviewed (policy), a failing one goes back to
// TDD_REFACTOR up to MAX_VALIDATION_ATTEMPTS and then is left to a person; what each attempt stores. No database.
import { describe, expect, it } from 'vitest';
import { validateSkill } from '../../resolvers/skill-content/validator';
import { MAX_VALIDATION_ATTEMPTS } from '../../resolvers/workflow/machine';
import { validation } from '../../resolvers/workflow/phases/validation';
import { BAD_DRAFT, GOOD_DRAFT, JOB_ID, makeJob, makeSnapshot, resolvedPrompt, stubAuthor } from './snapshot';

const jobWith = (draftContent: string | null, validationAttempts = 0) =>
  makeJob({ currentPhase: 'VALIDATION', draftContent, validationAttempts });

describe('VALIDATION', () => {
  it('the fixtures are what the cases assume: one draft passes the validator, the other fails it', () => {
    expect(validateSkill(GOOD_DRAFT).passed).toBe(true);
    expect(validateSkill(BAD_DRAFT).passed).toBe(false);
  });

  it.each([
    { validate: false, kind: 'next', message: /^Validation passed \(score \d\.\d\d\)$/ },
    { validate: true, kind: 'pause', message: /^Waiting for review of the validation report$/ },
  ])('a passing draft with validate $validate: $kind', async ({ validate, kind, message }) => {
    const result = await validation(stubAuthor(), makeSnapshot({ job: jobWith(GOOD_DRAFT), policy: { validate } }));
    expect(result.kind).toBe(kind);
    expect(result.message).toMatch(message);
    expect(result).toMatchObject({
      patch: {
        draftContent: GOOD_DRAFT,
        validationAttempts: 1,
        validationPassed: true,
        draftPath: `_drafts/${JOB_ID}/development/databases/postgres-migrations`,
      },
      events: [{ type: 'VALIDATED', data: { attempt: 1, passed: true, errors: 0 } }],
      state: {
        validationReport: {
          attempt: 1,
          passed: true,
          errors: [],
          checks: { assessment: { summary: 'reads well', suggestions: ['add an example'] } },
        },
      },
    });
  });

  it('the review of a passing draft shows the draft, its warnings and the assessment', async () => {
    const result = await validation(
      stubAuthor(),
      makeSnapshot({ job: jobWith(GOOD_DRAFT), policy: { validate: true } }),
    );
    expect(result).toMatchObject({
      kind: 'pause',
      type: 'VALIDATE',
      prompt: {
        kind: 'review',
        content: GOOD_DRAFT,
        highlights: expect.arrayContaining(['add an example']),
        allowedActions: ['PROCEED', 'REVISE', 'CANCEL'],
        defaultAction: 'PROCEED',
      },
    });
  });

  const failing = async (before: number) => {
    const author = stubAuthor({ refactored: 'refined draft' });
    const result = await validation(author, makeSnapshot({ job: jobWith(BAD_DRAFT, before) }));
    const attempt = before + 1;
    expect(result).toMatchObject({
      patch: { validationAttempts: attempt, validationPassed: false },
      events: [{ type: 'VALIDATED', data: { attempt, passed: false } }],
      state: { validationReport: { attempt, passed: false, errors: expect.arrayContaining([expect.any(String)]) } },
    });
    return { result, calls: author.calls, attempt };
  };

  it.each(Array.from({ length: MAX_VALIDATION_ATTEMPTS - 1 }, (_, before) => before))(
    'a failing draft after %s earlier attempts goes back to TDD_REFACTOR, unchanged',
    async (before) => {
      const { result, calls, attempt } = await failing(before);
      // TDD_REFACTOR refines it; this attempt's report is about the failing draft, which VALIDATION leaves as it is.
      expect(result).toMatchObject({
        kind: 'back',
        phase: 'TDD_REFACTOR',
        patch: { draftContent: BAD_DRAFT },
        state: { tdd: { checklistState: { validation: { sentBack: { attempt, afterPrompt: 0 } } } } },
      });
      expect(result.message).toMatch(
        new RegExp(`^Validation attempt ${attempt} of ${MAX_VALIDATION_ATTEMPTS} failed .*Back to TDD_REFACTOR`),
      );
      expect(calls).toEqual(['assess']);
    },
  );

  it(`a draft failing its attempt ${MAX_VALIDATION_ATTEMPTS} is left to a person (PENDING_REVIEW)`, async () => {
    const { result, calls } = await failing(MAX_VALIDATION_ATTEMPTS - 1);
    expect(result).toMatchObject({ kind: 'review', patch: { draftContent: BAD_DRAFT } });
    expect(result.message).toMatch(
      new RegExp(`^Validation failed ${MAX_VALIDATION_ATTEMPTS} times .*A person must review the draft\\.$`),
    );
    expect(calls).toEqual(['assess']);
  });

  it('an approved report moves on without validating again', async () => {
    const author = stubAuthor();
    const snapshot = makeSnapshot({
      job: jobWith(GOOD_DRAFT, 1),
      interactions: [resolvedPrompt('VALIDATE', 'PROCEED')],
    });
    expect(await validation(author, snapshot)).toEqual({ kind: 'next', message: 'Validation approved' });
    expect(author.calls).toEqual([]);
  });

  it('REVISE refactors the draft with the feedback, then validates the result as the next attempt', async () => {
    const author = stubAuthor({ refactored: BAD_DRAFT });
    const snapshot = makeSnapshot({
      job: jobWith(GOOD_DRAFT, 1),
      policy: { validate: true },
      interactions: [resolvedPrompt('VALIDATE', 'REVISE', { feedback: 'shorter' })],
    });
    const result = await validation(author, snapshot);
    expect(author.calls).toEqual(['refactor', 'assess']);
    expect(result).toMatchObject({
      kind: 'back',
      patch: { validationAttempts: 2, validationPassed: false },
      // The REVISE is answered once: the next attempt does not apply the same feedback again.
      state: { tdd: { checklistState: { validation: { revised: snapshot.interactions[0]!.interactionId } } } },
    });
  });

  it('without a stored draft asks the author for one', async () => {
    const author = stubAuthor();
    await validation(author, makeSnapshot({ job: jobWith(null) }));
    expect(author.calls[0]).toBe('draft');
  });
});
