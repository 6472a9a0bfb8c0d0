// validateResponse on question prompts (CLARIFY, DEEP_UNDERSTANDING): actions, every question type's rules
// (TEXT, SINGLE, MULTI, BOOLEAN, allowsOther), unknown and repeated answers, required questions. Pure, no database.
import { describe, expect, test } from 'vitest';
import type { ClarifyingQuestion } from '../../../resolvers/author/types';
import {
  MAX_TEXT_LENGTH,
  questionsPrompt,
  validateResponse,
  type ResponseInput,
} from '../../../resolvers/hitl/prompts';
import { CONTROL_CHARACTERS, NOT_UNICODE, UNPAIRED_SURROGATES, refusal } from '../refusal';

type Question = ClarifyingQuestion;

function question(id: string, overrides: Partial<Question> = {}): Question {
  return {
    id,
    text: `Question ${id}?`,
    questionType: 'TEXT',
    options: [],
    allowsOther: false,
    required: false,
    ...overrides,
  };
}
const options = (...ids: string[]) => ids.map((id) => ({ id, label: id.toUpperCase() }));

/** One question of each kind; only `audience` is required. */
const QUESTIONS = questionsPrompt(
  [
    question('audience', { required: true }),
    question('notes', { options: options('n1') }),
    question('one', { questionType: 'SINGLE', options: options('a', 'b', 'c') }),
    question('one-or-other', { questionType: 'SINGLE', options: options('a', 'b'), allowsOther: true }),
    question('many', { questionType: 'MULTI', options: options('x', 'y', 'z') }),
    question('many-or-other', { questionType: 'MULTI', options: options('x', 'y'), allowsOther: true }),
    question('flag', { questionType: 'BOOLEAN', options: options('yes', 'no', 'maybe') }),
  ],
  'why these questions',
);
const AUDIENCE = { questionId: 'audience', text: 'backend developers' };
const answering = (...answers: NonNullable<ResponseInput['answers']>): ResponseInput => ({ answers });

describe('question prompts: actions', () => {
  test('REVISE is refused', () => {
    const error = refusal(() =>
      validateResponse(QUESTIONS, { action: 'REVISE', feedback: 'f', answers: [AUDIENCE] }, 'ann'),
    );
    expect(error.message).toBe('questions are answered (PROCEED) or the job is cancelled (CANCEL)');
    expect(error.field).toBe('action');
  });

  test('CANCEL needs no answers and ignores any given', () => {
    const input = { action: 'CANCEL' as const, feedback: ' not now ', answers: [{ questionId: 'nope', text: 'x' }] };
    expect(validateResponse(QUESTIONS, input, 'ann')).toEqual({
      action: 'CANCEL',
      answers: [],
      feedback: 'not now',
      respondedBy: 'ann',
    });
  });

  test('PROCEED is the default, and feedback is kept beside the answers', () => {
    expect(validateResponse(QUESTIONS, { answers: [AUDIENCE], feedback: 'thanks' }, 'ann')).toEqual({
      action: 'PROCEED',
      answers: [{ questionId: 'audience', text: 'backend developers', optionIds: [] }],
      feedback: 'thanks',
      respondedBy: 'ann',
    });
  });
});

describe('question prompts: answers that are accepted', () => {
  test.each([
    { answer: { questionId: 'notes', text: '  free text  ' }, stored: { text: 'free text', optionIds: [] } },
    { answer: { questionId: 'notes', text: '   ' }, stored: { text: null, optionIds: [] } },
    { answer: { questionId: 'notes', text: null, optionIds: null }, stored: { text: null, optionIds: [] } },
    { answer: { questionId: 'notes', text: 'a\tb\nc' }, stored: { text: 'a\tb\nc', optionIds: [] } },
    { answer: { questionId: 'one', optionIds: ['b'] }, stored: { text: null, optionIds: ['b'] } },
    { answer: { questionId: 'one', optionIds: ['b', 'b'] }, stored: { text: null, optionIds: ['b'] } },
    { answer: { questionId: 'one', text: 'because', optionIds: ['a'] }, stored: { text: 'because', optionIds: ['a'] } },
    { answer: { questionId: 'one', optionIds: [] }, stored: { text: null, optionIds: [] } },
    {
      answer: { questionId: 'one-or-other', text: 'something else' },
      stored: { text: 'something else', optionIds: [] },
    },
    { answer: { questionId: 'many', optionIds: ['z', 'x', 'z'] }, stored: { text: null, optionIds: ['z', 'x'] } },
    { answer: { questionId: 'many', optionIds: ['x', 'y', 'z'] }, stored: { text: null, optionIds: ['x', 'y', 'z'] } },
    { answer: { questionId: 'many', text: 'and', optionIds: ['y'] }, stored: { text: 'and', optionIds: ['y'] } },
    { answer: { questionId: 'many-or-other', text: 'w' }, stored: { text: 'w', optionIds: [] } },
    { answer: { questionId: 'flag', text: 'yes' }, stored: { text: 'yes', optionIds: [] } },
    { answer: { questionId: 'flag', text: 'No' }, stored: { text: 'No', optionIds: [] } },
    { answer: { questionId: 'flag', text: ' TRUE ' }, stored: { text: 'TRUE', optionIds: [] } },
    { answer: { questionId: 'flag', text: 'false' }, stored: { text: 'false', optionIds: [] } },
    { answer: { questionId: 'flag', optionIds: ['no'] }, stored: { text: null, optionIds: ['no'] } },
    {
      answer: { questionId: 'flag', text: 'yes', optionIds: ['maybe'] },
      stored: { text: 'yes', optionIds: ['maybe'] },
    },
    { answer: { questionId: 'flag', text: '' }, stored: { text: null, optionIds: [] } },
  ])('$answer is stored as $stored', ({ answer, stored }) => {
    const result = validateResponse(QUESTIONS, answering(AUDIENCE, answer), 'ann');
    expect(result.answers).toEqual([
      { questionId: 'audience', text: 'backend developers', optionIds: [] },
      { questionId: answer.questionId, ...stored },
    ]);
  });

  test('answers are stored in the order given', () => {
    const result = validateResponse(QUESTIONS, answering({ questionId: 'one', optionIds: ['c'] }, AUDIENCE), 'ann');
    expect(result.answers.map((a) => a.questionId)).toEqual(['one', 'audience']);
  });

  test('an answer text of exactly the maximum length is kept', () => {
    const longest = 't'.repeat(MAX_TEXT_LENGTH);
    const result = validateResponse(QUESTIONS, answering({ questionId: 'audience', text: longest }), 'ann');
    expect(result.answers[0]?.text).toBe(longest);
  });
});

describe('question prompts: answers that are refused', () => {
  test.each([
    {
      case: 'an unknown question',
      answer: { questionId: 'colour', text: 'red' },
      message: 'unknown question id "colour"',
      field: 'answers.1.questionId',
    },
    {
      case: 'an unknown question with a long id (quoted up to 100 characters)',
      answer: { questionId: 'q'.repeat(150), text: 'red' },
      message: `unknown question id "${'q'.repeat(100)}"`,
      field: 'answers.1.questionId',
    },
    {
      case: 'the same question answered twice',
      answer: { questionId: 'audience', text: 'again' },
      message: 'question "audience" is answered twice',
      field: 'answers.1.questionId',
    },
    {
      case: 'an option the question does not have',
      answer: { questionId: 'one', optionIds: ['a', 'd'] },
      message: '"d" is not an option of question "one"',
      field: 'answers.1.optionIds.1',
    },
    {
      case: 'a long unknown option (quoted up to 100 characters)',
      answer: { questionId: 'many', optionIds: ['o'.repeat(150)] },
      message: `"${'o'.repeat(100)}" is not an option of question "many"`,
      field: 'answers.1.optionIds.0',
    },
    {
      case: 'an unknown option counted after duplicates are dropped',
      answer: { questionId: 'many', optionIds: ['x', 'x', 'w'] },
      message: '"w" is not an option of question "many"',
      field: 'answers.1.optionIds.1',
    },
    {
      case: 'options on a TEXT question',
      answer: { questionId: 'notes', optionIds: ['n1'] },
      message: 'question "notes" takes text, not options',
      field: 'answers.1.optionIds',
    },
    {
      case: 'two options on a SINGLE question',
      answer: { questionId: 'one', optionIds: ['a', 'b'] },
      message: 'question "one" takes one option',
      field: 'answers.1.optionIds',
    },
    {
      case: 'two options on a SINGLE question that allows other',
      answer: { questionId: 'one-or-other', optionIds: ['a', 'b'] },
      message: 'question "one-or-other" takes one option',
      field: 'answers.1.optionIds',
    },
    {
      case: 'free text instead of an option on a SINGLE question',
      answer: { questionId: 'one', text: 'neither' },
      message: 'question "one" takes one of its options',
      field: 'answers.1.optionIds',
    },
    {
      case: 'free text instead of options on a MULTI question',
      answer: { questionId: 'many', text: 'all of them', optionIds: [] },
      message: 'question "many" takes options',
      field: 'answers.1.optionIds',
    },
    {
      case: 'a BOOLEAN answered with another word',
      answer: { questionId: 'flag', text: 'maybe' },
      message: 'question "flag" takes yes or no',
      field: 'answers.1.text',
    },
    {
      case: 'a BOOLEAN answered with an option that is not yes or no',
      answer: { questionId: 'flag', optionIds: ['maybe'] },
      message: 'question "flag" takes yes or no',
      field: 'answers.1.text',
    },
    {
      case: 'a BOOLEAN answered with "y"',
      answer: { questionId: 'flag', text: 'y' },
      message: 'question "flag" takes yes or no',
      field: 'answers.1.text',
    },
    {
      case: 'a BOOLEAN answered with a property name of plain objects ("constructor")',
      answer: { questionId: 'flag', text: 'constructor' },
      message: 'question "flag" takes yes or no',
      field: 'answers.1.text',
    },
    {
      case: 'a BOOLEAN answered with "__proto__"',
      answer: { questionId: 'flag', text: '__proto__' },
      message: 'question "flag" takes yes or no',
      field: 'answers.1.text',
    },
    {
      case: 'an answer text over the maximum length',
      answer: { questionId: 'notes', text: 't'.repeat(MAX_TEXT_LENGTH + 1) },
      message: 'must be at most 4000 characters',
      field: 'answers.1.text',
    },
  ])('$case', ({ answer, message, field }) => {
    const error = refusal(() => validateResponse(QUESTIONS, answering(AUDIENCE, answer), 'ann'));
    expect(error.message).toBe(message);
    expect(error.field).toBe(field);
  });

  test.each(CONTROL_CHARACTERS)('an answer text with control character %j', (c) => {
    const error = refusal(() =>
      validateResponse(QUESTIONS, answering({ questionId: 'audience', text: `bad${c}text` }), 'a'),
    );
    expect(error.message).toBe('must not contain control characters');
    expect(error.field).toBe('answers.0.text');
  });

  // Stored as jsonb, which cannot hold one (before, respondToHitl answered INTERNAL_SERVER_ERROR).
  test.each(UNPAIRED_SURROGATES)('an answer text with unpaired surrogate %j', (s) => {
    const error = refusal(() =>
      validateResponse(QUESTIONS, answering({ questionId: 'audience', text: `bad${s}` }), 'a'),
    );
    expect(error.message).toBe(NOT_UNICODE);
    expect(error.field).toBe('answers.0.text');
  });
});

describe('question prompts: required questions', () => {
  const REQUIRED_SECOND = questionsPrompt(
    [
      question('optional'),
      question('pick', { questionType: 'SINGLE', options: options('a', 'b'), required: true, text: 'Pick one' }),
    ],
    'r',
  );

  test.each([
    { case: 'no answers at all', input: {} },
    { case: 'answers null', input: { answers: null } },
    { case: 'only the optional question', input: answering({ questionId: 'optional', text: 'x' }) },
    { case: 'a blank text', input: answering({ questionId: 'pick', text: '  ' }) },
    { case: 'no text and no options', input: answering({ questionId: 'pick', optionIds: [] }) },
  ])('$case: refused naming the question by id', ({ input }) => {
    const error = refusal(() => validateResponse(REQUIRED_SECOND, input, 'ann'));
    expect(error.message).toBe('question "pick" is required: Pick one');
    expect(error.field).toBe('answers[pick]');
  });

  test('an option alone answers a required question', () => {
    const result = validateResponse(REQUIRED_SECOND, answering({ questionId: 'pick', optionIds: ['a'] }), 'ann');
    expect(result.answers).toEqual([{ questionId: 'pick', text: null, optionIds: ['a'] }]);
  });

  test('text alone answers a required TEXT question', () => {
    expect(validateResponse(QUESTIONS, answering(AUDIENCE), 'ann').answers).toHaveLength(1);
  });

  test('optional questions may be left out', () => {
    const prompt = questionsPrompt([question('a'), question('b')], 'r');
    expect(validateResponse(prompt, {}, 'ann')).toEqual({
      action: 'PROCEED',
      answers: [],
      feedback: null,
      respondedBy: 'ann',
    });
  });
});
