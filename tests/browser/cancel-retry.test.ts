// Cancel (with a reason) and Retry from the job page, each enabled only when the job's status allows it; after a
// retry the page follows the job again (its streams had ended with the cancellation) up to its next prompt.
import { expect, it } from 'vitest';
import { createJobAs } from './helpers/api';
import { screenshot, UI_TIMEOUT_MS, waitForPrompt, waitForStatus } from './helpers/console';
import { useConsoleSession } from './helpers/session';

const session = useConsoleSession();

it('cancels with a reason, then retries, with each button enabled only when allowed', async () => {
  const jobId = await createJobAs(
    session.url,
    'hank',
    'a skill that teaches an agent to write safe Postgres migrations',
  );
  const { page, problems } = await session.open('hank');
  await page.goto(`${session.url}/jobs/${jobId}`);
  await waitForPrompt(page, /Waiting for you: Clarify/);
  const cancel = page.getByRole('button', { name: 'Cancel job' }).last();
  const retry = page.getByRole('button', { name: 'Retry' });
  expect(await retry.isDisabled()).toBe(true);
  expect(await cancel.isEnabled()).toBe(true);

  await page.getByLabel('Reason to cancel').fill('wrong team');
  await cancel.click();
  await waitForStatus(page, 'CANCELLED');
  await page.locator('[data-testid="timeline-state"]', { hasText: 'whole log' }).waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await cancel.isDisabled()).toBe(true);
  // The reason went with the cancellation: the disabled field beside the disabled button does not keep it.
  expect(await page.getByLabel('Reason to cancel').inputValue()).toBe('');
  expect(await page.getByTestId('pending-prompt').count()).toBe(0);
  await screenshot(page, 'cancelled');
  const cancelled = await session.service.db.prisma.job.findUniqueOrThrow({ where: { jobId } });
  expect(cancelled.status).toBe('CANCELLED');
  expect(cancelled.cancelReason).toBe('wrong team');
  expect(await page.getByTestId('progress-message').textContent()).toBe('Cancelled: wrong team');

  await retry.click();
  await waitForPrompt(page, /Waiting for you: Clarify/);
  // The prompt and the job's status arrive on different subscriptions: the status may follow the prompt.
  await expect.poll(() => retry.isDisabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);
  const stored = await session.service.db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { sequence: 'asc' } });
  await page
    .locator(`[data-testid="timeline"] li[data-sequence="${stored.at(-1)!.sequence}"]`)
    .waitFor({ timeout: UI_TIMEOUT_MS });
  const shown = await page
    .locator('[data-testid="timeline"] li')
    .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-sequence'))));
  expect(shown).toEqual(stored.map((event) => event.sequence));
  expect(problems).toEqual([]);
});
