// The stored prompt's shape (hitl_interactions.prompt_data): the builders and parsePrompt's schema. Pure, no
// database.
import { describe, expect, test } from 'vitest';
import type { ClarifyingQuestion } from '../../../resolvers/author/types';
import { parsePrompt, questionsPrompt, reviewPrompt, type ReviewPrompt } from '../../../resolvers/hitl/prompts';

const question: ClarifyingQuestion = {
  id: 'q',
  text: 'Which?',
  questionType: 'TEXT',
  options: [],
  allowsOther: false,
  required: false,
};
const review = (extra: Partial<ReviewPrompt>) =>
  reviewPrompt({ title: 'Preview', summary: 'the draft', highlights: [], allowedActions: ['PROCEED'], ...extra });

describe('prompt builders', () => {
  test('questionsPrompt and reviewPrompt tag their kind', () => {
    expect(questionsPrompt([question], 'r')).toEqual({
      kind: 'questions',
      questions: [question],
      rationale: 'r',
    });
    expect(review({ content: 'c', defaultAction: 'PROCEED' })).toEqual({
      kind: 'review',
      title: 'Preview',
      summary: 'the draft',
      highlights: [],
      allowedActions: ['PROCEED'],
      content: 'c',
      defaultAction: 'PROCEED',
    });
  });
});

describe('parsePrompt', () => {
  const storedQuestions = {
    kind: 'questions',
    questions: [
      {
        id: 'q',
        text: 'Which?',
        questionType: 'SINGLE',
        options: [
          { id: 'a', label: 'A', description: null },
          { id: 'b', label: 'B' },
        ],
        allowsOther: true,
        required: false,
      },
    ],
    rationale: null,
  };
  const storedReview = {
    kind: 'review',
    title: 't',
    summary: 's',
    content: null,
    highlights: ['h'],
    allowedActions: ['PROCEED', 'REVISE', 'CANCEL'],
    defaultAction: 'CANCEL',
  };

  test.each([
    storedQuestions,
    { ...storedQuestions, rationale: 'r' },
    { kind: 'questions', questions: [] },
    storedReview,
    { ...storedReview, content: 'body', defaultAction: null },
    { kind: 'review', title: 't', summary: 's', highlights: [], allowedActions: [] },
  ])('accepts stored prompt %#', (data) => {
    expect(parsePrompt(data)).toEqual(data);
  });

  test.each(['TEXT', 'SINGLE', 'MULTI', 'BOOLEAN'])('accepts questionType %s', (questionType) => {
    const data = { kind: 'questions', questions: [{ ...storedQuestions.questions[0], questionType }] };
    expect(parsePrompt(data)).toEqual(data);
  });

  const [q] = storedQuestions.questions;
  test.each([
    ['no kind', { questions: [] }],
    ['an unknown kind', { ...storedQuestions, kind: 'quiz' }],
    ['questions not a list', { ...storedQuestions, questions: 'q' }],
    ['an unknown questionType', { ...storedQuestions, questions: [{ ...q, questionType: 'SCALE' }] }],
    ['a question without id', { ...storedQuestions, questions: [{ ...q, id: undefined }] }],
    ['a question without text', { ...storedQuestions, questions: [{ ...q, text: 1 }] }],
    ['allowsOther not a boolean', { ...storedQuestions, questions: [{ ...q, allowsOther: 'no' }] }],
    ['required missing', { ...storedQuestions, questions: [{ ...q, required: undefined }] }],
    ['an option without label', { ...storedQuestions, questions: [{ ...q, options: [{ id: 'a' }] }] }],
    ['an option with a numeric id', { ...storedQuestions, questions: [{ ...q, options: [{ id: 1, label: 'A' }] }] }],
    [
      'an option description not a string',
      { ...storedQuestions, questions: [{ ...q, options: [{ id: 'a', label: 'A', description: 2 }] }] },
    ],
    ['a rationale not a string', { ...storedQuestions, rationale: 3 }],
    ['a review without title', { ...storedReview, title: undefined }],
    ['a review without summary', { ...storedReview, summary: undefined }],
    ['a review content not a string', { ...storedReview, content: 5 }],
    ['highlights not strings', { ...storedReview, highlights: [1] }],
    ['an unknown allowed action', { ...storedReview, allowedActions: ['APPROVE'] }],
    ['an unknown default action', { ...storedReview, defaultAction: 'APPROVE' }],
  ])('refuses %s', (_, data) => {
    expect(() => parsePrompt(data)).toThrow();
  });
});
