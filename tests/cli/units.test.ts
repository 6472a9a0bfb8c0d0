// The CLI's pure parts, without a server: policy flags, --answers resolution, the skill path guard, rendering.
import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { PromptFieldsFragment } from '../../clients/graphql/graphql';
import { findPrompt } from '../../cli/commands/answer';
import { policyFromFlags } from '../../cli/commands/create';
import { CliError } from '../../cli/exit-codes';
import { connectionFrom } from '../../cli/connection';
import { parseAnswers, responseFromFile } from '../../cli/prompts/answers-file';
import { paintDiff, splitReviewSummary } from '../../cli/prompts/review-diff';
import { skillFilePath } from '../../cli/skill-path';
import { renderTable } from '../../cli/table';
import { eventLine, renderBar, renderStepper } from '../../cli/watch/render';
import { diffLines } from '../../resolvers/skill-content/diff';
import { revisionSummary } from '../../resolvers/workflow/phases/reviewable';

const questions: PromptFieldsFragment = {
  id: 'SGl0bEludGVyYWN0aW9uOjc=',
  interactionId: 7,
  interactionType: 'CLARIFY',
  roundNumber: 1,
  status: 'PENDING',
  timeoutAt: null,
  job: { id: 'Sm9iOng=', jobId: '5b0c7a52-0a4e-4d4e-9f57-1d0f3c1e2a11', taskDescription: 'a task' },
  prompt: {
    __typename: 'QuestionsPrompt',
    rationale: null,
    questions: [
      { id: 'problem', text: 'What?', questionType: 'TEXT', required: true, allowsOther: false, options: [] },
      {
        id: 'audience',
        text: 'Who?',
        questionType: 'SINGLE',
        required: false,
        allowsOther: true,
        options: [{ id: 'expert', label: 'Expert', description: null }],
      },
      {
        id: 'coverage',
        text: 'Which?',
        questionType: 'MULTI',
        required: false,
        allowsOther: true,
        options: [
          { id: 'a', label: 'A', description: null },
          { id: 'b', label: 'B', description: null },
        ],
      },
      { id: 'ok', text: 'Fine?', questionType: 'BOOLEAN', required: false, allowsOther: false, options: [] },
    ],
  },
};

const review = (roundNumber: number): PromptFieldsFragment => ({
  ...questions,
  id: 'SGl0bEludGVyYWN0aW9uOjg=',
  job: { id: 'Sm9iOnk=', jobId: '0d1e2f30-0a4e-4d4e-9f57-1d0f3c1e2a11', taskDescription: 'another task' },
  interactionId: 8,
  interactionType: 'PREVIEW',
  roundNumber,
  prompt: {
    __typename: 'ReviewPrompt',
    title: 'Review',
    summary: 's',
    content: null,
    highlights: [],
    allowedActions: ['PROCEED', 'REVISE', 'CANCEL'],
    defaultAction: null,
  },
});

describe('policyFromFlags', () => {
  it('--no-prompts turns every pause off, a flag of its own still wins; nothing given sends no policy', () => {
    expect(policyFromFlags({})).toBeUndefined();
    expect(policyFromFlags({ prompts: false })).toEqual({
      clarify: false,
      confirm: false,
      preview: false,
      tdd: false,
      validate: false,
    });
    expect(policyFromFlags({ prompts: false, preview: true, timeoutSeconds: 60 })).toMatchObject({
      clarify: false,
      preview: true,
      timeoutSeconds: 60,
    });
    expect(policyFromFlags({ prompts: true, clarify: false })).toEqual({ clarify: false });
  });
});

describe('--answers', () => {
  it('maps strings to options or text, lists to options plus "Other", booleans to yes/no', () => {
    const file = parseAnswers(
      JSON.stringify({
        CLARIFY: { answers: { problem: 'p', audience: 'expert', coverage: ['a', 'mine'], ok: false } },
      }),
    );
    expect(responseFromFile(file, questions)).toEqual({
      kind: 'response',
      input: {
        interactionId: questions.id,
        action: 'PROCEED',
        feedback: undefined,
        answers: [
          { questionId: 'problem', text: 'p' },
          { questionId: 'audience', optionIds: ['expert'] },
          { questionId: 'coverage', optionIds: ['a'], text: 'mine' },
          { questionId: 'ok', text: 'no' },
        ],
      },
    });
  });

  it('names the required questions it does not answer; an interaction id wins over the prompt type', () => {
    const file = parseAnswers(JSON.stringify({ CLARIFY: { answers: { audience: 'x' } }, '7': { action: 'CANCEL' } }));
    expect(responseFromFile({ CLARIFY: file.CLARIFY! }, questions)).toEqual({
      kind: 'missing',
      questionIds: ['problem'],
    });
    expect(responseFromFile(file, questions)).toMatchObject({ kind: 'response', input: { action: 'CANCEL' } });
  });

  it('a list gives one entry per round; past its end the prompt is not answered', () => {
    const file = parseAnswers(JSON.stringify({ PREVIEW: [{ action: 'REVISE', feedback: 'shorter' }, {}] }));
    expect(responseFromFile(file, review(1))).toMatchObject({ input: { action: 'REVISE', feedback: 'shorter' } });
    expect(responseFromFile(file, review(2))).toMatchObject({ input: { action: 'PROCEED' } });
    expect(responseFromFile(file, review(3))).toEqual({ kind: 'none' });
    expect(responseFromFile(file, questions)).toEqual({ kind: 'none' });
  });

  it('refuses a file that is not JSON or not of the shape, as a usage error naming the place', () => {
    expect(() => parseAnswers('{')).toThrow(CliError);
    expect(() => parseAnswers(JSON.stringify({ PREVIEW: { action: 'APPROVE' } }))).toThrow(/PREVIEW\.action/);
  });
});

describe('skillFilePath', () => {
  it('is DIR/<taxonomy path>/SKILL.md, and null for a path that leaves DIR', () => {
    expect(skillFilePath('/out', 'development/databases/migrations')).toBe(
      '/out/development/databases/migrations/SKILL.md',
    );
    for (const bad of ['../etc', 'a/../../b', '/abs/path', '', '.', 'a\\..\\..\\b'])
      expect(skillFilePath('/out', bad)).toBeNull();
  });
});

describe("the server's review diff", () => {
  const before = '# Title\n\nkeep\nold line\nmore\n\n## Tail\nend';
  const after = '# Title\n\nkeep\nnew line\nmore\n\n## Tail\nend\n## Added\n';

  it('is taken out of the summary the server writes after a REVISE, line for line as the server made it', () => {
    const summary = `Review the draft.\n\n${revisionSummary(before, after, 'Replace the old line.')}`;
    const split = splitReviewSummary(summary);
    expect(split.diff).toEqual(diffLines(before, after).text.split('\n'));
    expect(split.diff).toContain('- old line');
    expect(split.diff).toContain('+ new line');
    expect(split.summary).toMatch(/^Review the draft\.\n\nChanges since the draft you reviewed: 3 line\(s\) added/);
    expect(split.summary).not.toContain('```');
  });

  it('is null when the summary carries no diff (a first review, or a REVISE that changed nothing)', () => {
    expect(splitReviewSummary('Review the draft.')).toEqual({ summary: 'Review the draft.', diff: null });
    const unchanged = revisionSummary(before, before, 'Make it better.');
    expect(splitReviewSummary(unchanged)).toEqual({ summary: unchanged, diff: null });
  });

  it('is coloured on a terminal (added green, removed red, gaps dim) and plain otherwise', () => {
    const lines = ['  keep', '- old line', '+ new line', '...', '-', '+'];
    expect(paintDiff(lines, createColors(false))).toBe(lines.join('\n'));
    const c = createColors(true);
    expect(paintDiff(lines, c).split('\n')).toEqual([
      '  keep',
      c.red('- old line'),
      c.green('+ new line'),
      c.dim('...'),
      c.red('-'),
      c.green('+'),
    ]);
    expect(c.green('x')).not.toBe('x');
  });
});
describe('findPrompt', () => {
  it('finds a pending prompt by interaction id, global id, job UUID or job global id', () => {
    for (const ref of ['7', questions.id, questions.job.jobId.toUpperCase(), questions.job.id])
      expect(findPrompt([review(1), questions], ref)?.interactionId).toBe(7);
    expect(findPrompt([questions], '70')).toBeUndefined();
  });
});

describe('connectionFrom', () => {
  it('sends the token and the dev user both as headers and as graphql-ws connectionParams', () => {
    const c = connectionFrom(
      { user: 'alice' },
      { SKILLS_FLEET_URL: 'https://fleet.example/graphql', SKILLS_FLEET_TOKEN: 't' },
    );
    expect(c).toEqual({
      url: 'https://fleet.example/graphql',
      wsUrl: 'wss://fleet.example/graphql',
      headers: { authorization: 'Bearer t', 'x-user-id': 'alice' },
      connectionParams: { authorization: 'Bearer t', 'x-user-id': 'alice' },
    });
    expect(connectionFrom({}, {}).url).toBe('http://127.0.0.1:4000/graphql');
    expect(() => connectionFrom({ url: 'ftp://x' }, {})).toThrow(/must start with http/);
  });
});

describe('rendering', () => {
  const plain = {
    green: (s: string) => `+${s}`,
    cyan: (s: string) => s,
    dim: (s: string) => s,
    bold: (s: string) => `*${s}`,
  };
  it('the stepper ticks done phases and marks the current one', () => {
    expect(renderStepper('TDD_RED', 'RUNNING', plain)).toBe(
      '+✔ refine › +✔ understand › *● red › ○ green › ○ refactor › ○ validate › ○ promote',
    );
    expect(renderStepper('PROMOTION', 'COMPLETED', plain)).not.toContain('●');
  });

  it('the bar fills in proportion, clamped to 0..100', () => {
    expect(renderBar(50, 10)).toBe('[█████░░░░░]  50%');
    expect(renderBar(150, 4)).toBe('[████] 100%');
    expect(renderBar(-3, 4)).toBe('[░░░░]   0%');
  });

  it('an event is one plain line; a table pads its columns', () => {
    expect(
      eventLine({
        sequence: 4,
        type: 'PHASE_STARTED',
        status: 'RUNNING',
        phase: 'TDD_RED',
        progressPercent: 35,
        message: 'go',
      }),
    ).toBe('#4    35% RUNNING TDD_RED PHASE_STARTED go');
    expect(renderTable(['A', 'B'], [['long cell', 'x']])).toBe('A          B\nlong cell  x');
  });
});
