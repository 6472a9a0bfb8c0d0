// Promote from the job page: a second job for a skill name that another job published stops in PENDING_REVIEW;
// promoting without overwrite is refused with the server's message, with overwrite it publishes the next version,
// which the skills pages then show with its job.
import { expect, it } from 'vitest';
import { createJobAs } from './helpers/api';
import { expectNoSeriousAxeViolations, screenshot, UI_TIMEOUT_MS, waitForStatus } from './helpers/console';
import { useConsoleSession } from './helpers/session';

const session = useConsoleSession();

const TASK = 'a skill that teaches an agent to write safe Postgres migrations';
const NO_PROMPTS = { clarify: false, confirm: false, preview: false };

it('promotes a job left for review, with overwrite, as the next version of the skill', async () => {
  const { page, problems } = await session.open('ivy');
  const first = await createJobAs(session.url, 'ivy', TASK, NO_PROMPTS);
  await page.goto(`${session.url}/jobs/${first}`);
  await waitForStatus(page, 'COMPLETED');
  const second = await createJobAs(session.url, 'ivy', TASK, NO_PROMPTS);
  await page.goto(`${session.url}/jobs/${second}`);
  await waitForStatus(page, 'PENDING_REVIEW');
  expect(await page.getByTestId('progress-message').textContent()).toContain('promote with overwrite');
  await expectNoSeriousAxeViolations(page, 'job page in PENDING_REVIEW');

  await page.getByRole('button', { name: 'Promote' }).click();
  await page.locator('.job-actions [role="alert"]').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.locator('.job-actions [role="alert"]').textContent()).toMatch(/overwrite/);
  await screenshot(page, 'promote-refused');
  await page.getByLabel('Overwrite an existing skill of the same name').check();
  await page.getByRole('button', { name: 'Promote' }).click();
  await waitForStatus(page, 'COMPLETED');
  const published = page.locator('main a[href^="/skills/"]').first();
  await published.waitFor({ timeout: UI_TIMEOUT_MS });
  const name = (await published.textContent())!;

  await page.goto(`${session.url}/skills?q=postgres`);
  await page.locator('table.skills tbody tr').first().waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.locator('table.skills tbody tr').count()).toBe(1);
  await page.getByRole('link', { name }).click();
  await page.getByTestId('skill-rendered').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.locator('dl.facts').textContent()).toContain('1.1.0');
  expect(await page.locator(`dl.facts a[href="/jobs/${second}"]`).count()).toBe(1);
  await screenshot(page, 'skill-page');
  expect(problems).toEqual([]);
});
