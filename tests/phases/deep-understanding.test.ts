// DEEP_UNDERSTANDING's decision on hand-built snapshots: clarifying rounds against the readiness bar and the round
// limit, the confirmation the policy asks for, and what a CONFIRM answer leads to. No database.
import { describe, expect, it } from 'vitest';
import type { Prisma } from '../../prisma/database';
import { MAX_CLARIFY_ROUNDS, READINESS_THRESHOLD } from '../../resolvers/workflow/machine';
import { deepUnderstanding } from '../../resolvers/workflow/phases/deep-understanding';
import { makeJob, makeSnapshot, question, resolvedPrompt, stubAuthor } from './snapshot';

const job = makeJob({ currentPhase: 'DEEP_UNDERSTANDING' });
/** `count` answered clarifying rounds. */
const answeredRounds = (count: number) =>
  Array.from({ length: count }, (_, i) => resolvedPrompt('CLARIFY', 'PROCEED', { questions: [question(`q${i}`)] }));

describe('DEEP_UNDERSTANDING', () => {
  it.each([
    // answered rounds, readiness, expected: the next round asked, or the confirmation
    { answered: 0, readiness: 1, asks: 1 },
    { answered: 1, readiness: READINESS_THRESHOLD - 0.01, asks: 2 },
    { answered: 1, readiness: READINESS_THRESHOLD, asks: null },
    { answered: MAX_CLARIFY_ROUNDS - 1, readiness: 0, asks: MAX_CLARIFY_ROUNDS },
    { answered: MAX_CLARIFY_ROUNDS, readiness: 0, asks: null },
  ])('clarify on, $answered rounds answered, readiness $readiness: asks round $asks', async (row) => {
    const author = stubAuthor({ understanding: { readinessScore: row.readiness } });
    const snapshot = makeSnapshot({
      job,
      policy: { clarify: true, confirm: true },
      interactions: answeredRounds(row.answered),
    });
    const result = await deepUnderstanding(author, snapshot);
    expect(result).toMatchObject(
      row.asks === null
        ? { kind: 'pause', type: 'CONFIRM', prompt: { kind: 'review' } }
        : { kind: 'pause', type: 'CLARIFY', prompt: { kind: 'questions' } },
    );
    expect(author.calls.includes('ask')).toBe(row.asks !== null);
    expect(result.state?.deepUnderstanding?.rounds).toBe(row.asks ?? undefined);
  });

  it('a clarifying round records every question asked so far, each with its round', async () => {
    const snapshot = makeSnapshot({
      job,
      policy: { clarify: true },
      interactions: answeredRounds(1),
      deepUnderstanding: {
        stateId: 1,
        jobId: job.jobId,
        questionsAsked: [{ round: 1, ...question('q0') }] as unknown as Prisma.JsonValue,
        answers: [],
        researchPerformed: [],
        understandingSummary: null,
        userProblem: null,
        userGoals: [],
        readinessScore: 0.5,
        complete: false,
        rounds: 1,
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    });
    const result = await deepUnderstanding(stubAuthor({ understanding: { readinessScore: 0.5 } }), snapshot);
    expect(result).toMatchObject({
      kind: 'pause',
      type: 'CLARIFY',
      message: 'Waiting for answers to 2 clarifying questions (round 2)',
      state: {
        deepUnderstanding: {
          questionsAsked: [
            { round: 1, id: 'q0' },
            { round: 2, id: 'r2-a' },
            { round: 2, id: 'r2-b' },
          ],
          rounds: 2,
          readinessScore: 0.5,
        },
      },
    });
  });

  it.each([
    { confirm: true, kind: 'pause', complete: false },
    { confirm: false, kind: 'next', complete: true },
  ])('clarify off, confirm $confirm: $kind, the understanding stored complete: $complete', async (row) => {
    const author = stubAuthor();
    const result = await deepUnderstanding(author, makeSnapshot({ job, policy: { confirm: row.confirm } }));
    expect(result.kind).toBe(row.kind);
    expect(result.state?.deepUnderstanding).toMatchObject({
      userProblem: 'migrations lock tables',
      userGoals: ['no downtime', 'no data loss'],
      understandingSummary: 'safe migrations',
      readinessScore: 0.9,
      complete: row.complete,
      answers: [],
    });
    expect(author.calls).not.toContain('ask');
  });

  it('stores the answers of every round, each with its round number', async () => {
    const result = await deepUnderstanding(stubAuthor(), makeSnapshot({ job, interactions: answeredRounds(2) }));
    expect(result.state?.deepUnderstanding?.answers).toEqual([
      { round: 1, questionId: 'q0', text: 'answer to q0', optionIds: [] },
      { round: 2, questionId: 'q1', text: 'answer to q1', optionIds: [] },
    ]);
  });

  it('a confirmed understanding moves on without asking the author', async () => {
    const author = stubAuthor();
    const snapshot = makeSnapshot({
      job,
      policy: { clarify: true, confirm: true },
      interactions: [...answeredRounds(1), resolvedPrompt('CONFIRM', 'PROCEED')],
    });
    expect(await deepUnderstanding(author, snapshot)).toEqual({
      kind: 'next',
      message: 'Understanding confirmed',
      state: { deepUnderstanding: { complete: true } },
    });
    expect(author.calls).toEqual([]);
  });

  it('a confirmation that timed out with its default PROCEED counts as confirmed', async () => {
    const snapshot = makeSnapshot({ job, interactions: [resolvedPrompt('CONFIRM', 'PROCEED', { status: 'TIMEOUT' })] });
    expect((await deepUnderstanding(stubAuthor(), snapshot)).kind).toBe('next');
  });

  it('REVISE asks no new clarifying round, even below the readiness bar: it asks to confirm again', async () => {
    const author = stubAuthor({ understanding: { readinessScore: 0 } });
    const snapshot = makeSnapshot({
      job,
      policy: { clarify: true, confirm: true },
      interactions: [...answeredRounds(1), resolvedPrompt('CONFIRM', 'REVISE', { feedback: 'focus on indexes' })],
    });
    const result = await deepUnderstanding(author, snapshot);
    expect(result).toMatchObject({ kind: 'pause', type: 'CONFIRM' });
    expect(author.calls).toEqual(['understand']);
  });

  it.each([
    [1.7, 1],
    [-0.2, 0],
    [Number.NaN, 0],
  ])('a readiness score of %s is stored as %s', async (score, stored) => {
    const author = stubAuthor({ understanding: { readinessScore: score } });
    const result = await deepUnderstanding(author, makeSnapshot({ job }));
    expect(result.state?.deepUnderstanding?.readinessScore).toBe(stored);
  });
});
