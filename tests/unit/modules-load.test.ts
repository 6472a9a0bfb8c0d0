// A rule module that throws while it loads (a schema built wrong at the top level) makes the files that import it
// fail before any test runs, which a runner may report as no result at all. Importing inside a test makes that a
// failure of this test.
import { expect, test } from 'vitest';

test.each([
  ['resolvers/hitl/prompts', () => import('../../resolvers/hitl/prompts')],
  ['resolvers/jobs/validation', () => import('../../resolvers/jobs/validation')],
  ['resolvers/workflow/machine', () => import('../../resolvers/workflow/machine')],
  ['resolvers/skill-content/validator', () => import('../../resolvers/skill-content/validator')],
])('%s loads', async (_, load) => {
  await expect(load()).resolves.toBeTypeOf('object');
});

test('the stored prompt schema parses both kinds once loaded', async () => {
  const { parsePrompt } = await import('../../resolvers/hitl/prompts');
  const questions = { kind: 'questions', questions: [], rationale: null };
  const review = { kind: 'review', title: 't', summary: 's', highlights: [], allowedActions: ['PROCEED'] };
  expect(parsePrompt(questions)).toEqual(questions);
  expect(parsePrompt(review)).toEqual(review);
});
