// The prompt forms the other scenarios do not reach: a BOOLEAN question answered yes/no, the "Other" choice with
// free text, and a review prompt's timeout (the time left, counting down, and what happens then). The service runs
// with the LLM author against a fake model (a real chat-completions server in this process) that answers as the
// offline author would, plus one BOOLEAN question in the clarifying round; prompts time out after an hour.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { QuestionRound } from '../../resolvers/author/types';
import { authorMethodOf, authorPayloadOf, offlineAnswerFor } from '../helpers/fake-author';
import { startFakeLlm, type FakeProvider } from '../helpers/fake-llm';
import { createJobAs } from './helpers/api';
import { CLARIFY_TEXT } from './helpers/answers';
import { screenshot, UI_TIMEOUT_MS, waitForPrompt } from './helpers/console';
import { useConsoleSession } from './helpers/session';

// Under an hour, so the countdown always reads "Xm Ys" (from an hour up it reads "1h 0m").
const HITL_TIMEOUT_SECONDS = 3000;
const BOOLEAN_QUESTION = {
  id: 'runs_in_ci',
  text: 'Do your migrations run in CI before they reach production?',
  questionType: 'BOOLEAN',
  options: [],
  allowsOther: false,
  required: true,
} as const;

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeLlm();
  fake.handle(async (request) => {
    const method = authorMethodOf(request);
    if (!method) return { status: 500, body: 'only the author is answered here' };
    const answer = await offlineAnswerFor(method, authorPayloadOf(request));
    if (method === 'ask') (answer as QuestionRound).questions.push({ ...BOOLEAN_QUESTION, options: [] });
    return { content: JSON.stringify(answer) };
  });
});
afterAll(async () => {
  await fake?.close();
});

const session = useConsoleSession(() => ({
  LLM_BASE_URL: `${fake.url}/v1`,
  LLM_MODEL: 'fake-author',
  LLM_API_KEY: 'test-key',
  HITL_TIMEOUT_SECONDS: String(HITL_TIMEOUT_SECONDS),
}));

it('answers a BOOLEAN question with yes and a single choice with "Other" and free text', async () => {
  const jobId = await createJobAs(
    session.url,
    'olga',
    'a skill that teaches an agent to write safe Postgres migrations',
  );
  const { page, problems } = await session.open('olga');
  await page.goto(`${session.url}/jobs/${jobId}`);
  await waitForPrompt(page, /Waiting for you: Clarify/);
  const form = page.getByRole('form', { name: 'Answer the questions' });
  await form.getByLabel(/What problem should this skill solve/).fill(CLARIFY_TEXT.problem);
  await form.getByLabel(/How will you know the skill works/).fill(CLARIFY_TEXT.success_criteria);
  await form.getByLabel(/What constraints must the skill respect/).fill(CLARIFY_TEXT.constraints);

  const ci = form.getByRole('group', { name: /Do your migrations run in CI/ });
  expect(await ci.locator('label').allTextContents()).toEqual(['Yes', 'No']);
  // Required, and left unanswered: refused before anything is sent.
  await form.getByRole('button', { name: 'Send answers' }).click();
  await expect.poll(() => ci.locator('.field-error').textContent()).toBe('This question needs an answer.');
  await ci.getByRole('radio', { name: 'Yes' }).check();
  // Answered now: its message goes at once, not only when the form is sent again.
  await expect.poll(() => ci.locator('.field-error').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  expect(await ci.getAttribute('aria-invalid')).toBeNull();

  const audience = form.getByRole('group', { name: /Who will rely on this skill/ });
  await audience.getByRole('radio', { name: 'Other' }).check();
  await audience.getByLabel('Other: your answer').fill('Platform engineers on call');
  await screenshot(page, 'prompt-forms-boolean-other');
  await form.getByRole('button', { name: 'Send answers' }).click();
  // The form gives way once the job moves on; the answer is read back where it was stored.
  const clarify = () =>
    session.service.db.prisma.hitlInteraction.findFirstOrThrow({ where: { jobId, interactionType: 'CLARIFY' } });
  await expect.poll(async () => (await clarify()).status, { timeout: UI_TIMEOUT_MS }).toBe('RESPONDED');
  const answered = await clarify();
  const answers = (answered.responseData as { answers: Array<{ questionId: string }> }).answers;
  expect(answers.find((a) => a.questionId === 'runs_in_ci')).toEqual({
    questionId: 'runs_in_ci',
    text: 'yes',
    optionIds: [],
  });
  expect(answers.find((a) => a.questionId === 'audience')).toEqual({
    questionId: 'audience',
    text: 'Platform engineers on call',
    optionIds: [],
  });
  expect(problems).toEqual([]);
});

it("shows a review prompt's time left, counting down, and what happens when it runs out", async () => {
  const jobId = await createJobAs(
    session.url,
    'olga',
    'a skill that teaches an agent to review Terraform plans before they are applied',
    { clarify: false },
  );
  const { page, problems } = await session.open('olga');
  await page.goto(`${session.url}/jobs/${jobId}`);
  await waitForPrompt(page, /Waiting for you: Confirm/);
  const timeout = page.locator('.pending .timeout');
  await timeout.waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await timeout.textContent()).toMatch(/^Times out in \d+m \d+s; then it is approved as it is\.$/);

  const prompt = await session.service.db.prisma.hitlInteraction.findFirstOrThrow({
    where: { jobId, status: 'PENDING' },
  });
  const shown = await timeout.locator('strong').textContent();
  const [, minutes, seconds] = /^(\d+)m (\d+)s$/.exec(shown ?? '')!;
  const shownSeconds = Number(minutes) * 60 + Number(seconds);
  const leftSeconds = (prompt.timeoutAt!.getTime() - Date.now()) / 1000;
  expect(Math.abs(shownSeconds - leftSeconds)).toBeLessThan(5);
  expect(shownSeconds).toBeLessThanOrEqual(HITL_TIMEOUT_SECONDS);

  // It moves: the DOM text changes on its own, without a reload or a message from the server.
  await page.waitForFunction(
    (before) => document.querySelector('.pending .timeout strong')?.textContent !== before,
    shown,
    { timeout: 5_000 },
  );
  const later = await timeout.locator('strong').textContent();
  const [, laterMinutes, laterSeconds] = /^(\d+)m (\d+)s$/.exec(later ?? '')!;
  expect(Number(laterMinutes) * 60 + Number(laterSeconds)).toBeLessThan(shownSeconds);
  await screenshot(page, 'prompt-forms-review-countdown');
  expect(problems).toEqual([]);
});
