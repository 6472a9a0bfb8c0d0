// Scenario 2: the console checks the rules it knows before sending (a required answer left empty sends nothing);
// an answer only the server refuses (control characters pasted from a terminal) comes back as a ValidationError
// shown at its question; a double click sends one request; nothing is recorded for the refused answer.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { CLARIFY_TEXT } from './helpers/answers';
import { createJobAs } from './helpers/api';
import { screenshot, waitForPrompt } from './helpers/console';
import { useConsoleSession } from './helpers/session';

const session = useConsoleSession();

function countAnswers(page: Page): { count(): number } {
  let sent = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql') && request.postData()?.includes('respondToHitl')) sent++;
  });
  return { count: () => sent };
}

it('shows a refused answer at its field and sends each answer once', async () => {
  const jobId = await createJobAs(
    session.url,
    'carol',
    'a skill that teaches an agent to write safe Postgres migrations',
  );
  const { page, problems } = await session.open('carol');
  const answers = countAnswers(page);
  await page.goto(`${session.url}/jobs/${jobId}`);
  await waitForPrompt(page, /Waiting for you: Clarify/);
  const form = page.getByRole('form', { name: 'Answer the questions' });
  const problem = form.locator('[data-question="problem"]');

  // A required question left empty: refused here, nothing sent.
  await form.getByRole('button', { name: 'Send answers' }).click();
  await expect.poll(() => problem.locator('.field-error').textContent()).toBe('This question needs an answer.');
  expect(answers.count()).toBe(0);

  // Text pasted from a terminal, with its colour escapes: only the server's rule catches it.
  await problem.getByRole('textbox').fill(`\u001b[31mERROR\u001b[0m ${CLARIFY_TEXT.problem}`);
  await form.locator('[data-question="success_criteria"]').getByRole('textbox').fill(CLARIFY_TEXT.success_criteria);
  await form.locator('[data-question="constraints"]').getByRole('textbox').fill(CLARIFY_TEXT.constraints);
  await form.getByRole('button', { name: 'Send answers' }).dblclick();
  await expect
    .poll(() => problem.locator('.field-error').textContent(), { timeout: 10_000 })
    .toBe('must not contain control characters');
  await screenshot(page, 'scenario2-server-error-at-field');
  expect(answers.count()).toBe(1);
  expect(await problem.getByRole('textbox').getAttribute('aria-invalid')).toBe('true');
  const stillPending = await session.service.db.prisma.hitlInteraction.findMany({ where: { jobId } });
  expect(stillPending.map((i) => i.status)).toEqual(['PENDING']);

  // Corrected: one more request, accepted, and the job goes on to CONFIRM.
  await problem.getByRole('textbox').fill(CLARIFY_TEXT.problem);
  await form.getByRole('button', { name: 'Send answers' }).dblclick();
  await waitForPrompt(page, /Waiting for you: Confirm/);
  expect(answers.count()).toBe(2);
  const responded = await session.service.db.prisma.hitlInteraction.findMany({
    where: { jobId, interactionType: 'CLARIFY' },
  });
  expect(responded.map((i) => i.status)).toEqual(['RESPONDED']);
  expect(problems).toEqual([]);
});
