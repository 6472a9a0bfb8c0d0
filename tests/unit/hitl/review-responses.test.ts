// validateResponse on review prompts (CONFIRM, PREVIEW, VALIDATE, TDD_*): the allowed actions, REVISE's
// feedback, and the feedback text's bounds. Pure, no database.
import { describe, expect, test } from 'vitest';
import {
  MAX_TEXT_LENGTH,
  reviewPrompt,
  validateResponse,
  type ResponseInput,
  type ReviewPrompt,
} from '../../../resolvers/hitl/prompts';
import type { HitlAction } from '../../../resolvers/workflow/machine';
import { CONTROL_CHARACTERS, NOT_UNICODE, UNPAIRED_SURROGATES, refusal } from '../refusal';

function review(allowedActions: HitlAction[], extra: Partial<ReviewPrompt> = {}): ReviewPrompt {
  return reviewPrompt({ title: 'Preview', summary: 'the draft', highlights: [], allowedActions, ...extra });
}
const ALL_ACTIONS = review(['PROCEED', 'REVISE', 'CANCEL']);
const answering = (...answers: NonNullable<ResponseInput['answers']>): ResponseInput => ({ answers });

describe('review prompts', () => {
  test.each([
    { allowed: ['PROCEED'], input: {}, action: 'PROCEED' },
    { allowed: ['PROCEED', 'CANCEL'], input: { action: null }, action: 'PROCEED' },
    { allowed: ['PROCEED', 'CANCEL'], input: { action: 'CANCEL' }, action: 'CANCEL' },
    { allowed: ['PROCEED', 'REVISE'], input: { action: 'PROCEED', answers: [] }, action: 'PROCEED' },
    { allowed: ['PROCEED'], input: { answers: null }, action: 'PROCEED' },
  ] satisfies Array<{ allowed: HitlAction[]; input: ResponseInput; action: HitlAction }>)(
    '$input on a prompt allowing $allowed gives $action',
    ({ allowed, input, action }) => {
      expect(validateResponse(review([...allowed]), input, 'ann')).toEqual({
        action,
        answers: [],
        feedback: null,
        respondedBy: 'ann',
      });
    },
  );

  test.each([
    { allowed: ['PROCEED'], action: 'CANCEL', message: 'this prompt allows PROCEED; got CANCEL' },
    { allowed: ['PROCEED'], action: 'REVISE', message: 'this prompt allows PROCEED; got REVISE' },
    { allowed: ['PROCEED', 'CANCEL'], action: 'REVISE', message: 'this prompt allows PROCEED, CANCEL; got REVISE' },
    { allowed: ['CANCEL'], action: undefined, message: 'this prompt allows CANCEL; got PROCEED' },
    { allowed: [], action: 'PROCEED', message: 'this prompt allows ; got PROCEED' },
  ] as const)('refuses $action when the prompt allows $allowed', ({ allowed, action, message }) => {
    const error = refusal(() => validateResponse(review([...allowed]), { action, feedback: 'f' }, 'ann'));
    expect(error.message).toBe(message);
    expect(error.field).toBe('action');
  });

  test('refuses answers', () => {
    const error = refusal(() => validateResponse(ALL_ACTIONS, answering({ questionId: 'q', text: 'x' }), 'ann'));
    expect(error.message).toBe('a review prompt takes an action, not answers');
    expect(error.field).toBe('answers');
  });

  test.each([undefined, null, '', '  \n\t '])('REVISE with feedback %j is refused', (feedback) => {
    const error = refusal(() => validateResponse(ALL_ACTIONS, { action: 'REVISE', feedback }, 'ann'));
    expect(error.message).toBe('REVISE needs feedback saying what to change');
    expect(error.field).toBe('feedback');
  });

  test.each([
    { action: 'REVISE', feedback: '  shorter please \n', stored: 'shorter please' },
    { action: 'PROCEED', feedback: 'looks good', stored: 'looks good' },
    { action: 'CANCEL', feedback: '   ', stored: null },
    { action: 'REVISE', feedback: 'tab\tand\nnewline\r\nok', stored: 'tab\tand\nnewline\r\nok' },
  ] as const)('$action keeps feedback $feedback as $stored', ({ action, feedback, stored }) => {
    expect(validateResponse(ALL_ACTIONS, { action, feedback }, 'bob')).toEqual({
      action,
      answers: [],
      feedback: stored,
      respondedBy: 'bob',
    });
  });

  test('feedback of exactly the maximum length is kept, one more is refused', () => {
    expect(MAX_TEXT_LENGTH).toBe(4000);
    const longest = 'f'.repeat(4000);
    expect(validateResponse(ALL_ACTIONS, { action: 'REVISE', feedback: longest }, 'ann').feedback).toBe(longest);
    const error = refusal(() => validateResponse(ALL_ACTIONS, { action: 'REVISE', feedback: `${longest}f` }, 'ann'));
    expect(error.message).toBe('must be at most 4000 characters');
    expect(error.field).toBe('feedback');
  });

  test.each(CONTROL_CHARACTERS)('feedback with control character %j is refused', (c) => {
    const error = refusal(() => validateResponse(ALL_ACTIONS, { action: 'PROCEED', feedback: `bad${c}text` }, 'ann'));
    expect(error.message).toBe('must not contain control characters');
    expect(error.field).toBe('feedback');
  });

  // Stored as jsonb, which cannot hold one (before, respondToHitl answered INTERNAL_SERVER_ERROR).
  test.each(UNPAIRED_SURROGATES)('feedback with unpaired surrogate %j is refused', (s) => {
    const error = refusal(() => validateResponse(ALL_ACTIONS, { action: 'REVISE', feedback: `more ${s}` }, 'ann'));
    expect(error.message).toBe(NOT_UNICODE);
    expect(error.field).toBe('feedback');
  });
});
