// Scenario 6: the whole create-answer-approve flow with the keyboard alone (Tab, arrows, Space, Enter, typing),
// with a visible focus ring where the keyboard lands, and an axe-core run over every page that finds no serious or
// critical violation.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { CLARIFY_TEXT } from './helpers/answers';
import {
  expectNoSeriousAxeViolations,
  screenshot,
  UI_TIMEOUT_MS,
  waitForJobPage,
  waitForPrompt,
  waitForStatus,
} from './helpers/console';
import { useConsoleSession } from './helpers/session';

const session = useConsoleSession();

/** Presses Tab until `selector` has the focus (at most 100 times), then checks the focus ring is visible. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 100; presses++) {
    await page.keyboard.press('Tab');
    const there = await page.evaluate((s) => document.activeElement === document.querySelector(s), selector);
    if (there) {
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline, `focus ring on ${selector}`).not.toBe('none');
      return;
    }
  }
  throw new Error(`the keyboard never reached ${selector}`);
}

it('creates, answers and approves with the keyboard alone; axe finds nothing serious on any page', async () => {
  const { page, problems } = await session.open('erin');
  await page.goto(`${session.url}/jobs`);
  await page.getByTestId('jobs-count').waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(page, 'jobs (empty)');

  await tabTo(page, 'nav a[href="/new"]');
  await page.keyboard.press('Enter');
  await page.locator('#task').waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(page, 'new job');
  await tabTo(page, '#task');
  await page.keyboard.type('a skill that teaches an agent to write safe Postgres migrations');
  await tabTo(page, 'form.new-job button[type="submit"]');
  await page.keyboard.press('Enter');
  await waitForJobPage(page);

  await waitForPrompt(page, /Waiting for you: Clarify/);
  await expectNoSeriousAxeViolations(page, 'job page with a questions prompt');
  for (const [id, text] of Object.entries(CLARIFY_TEXT)) {
    await tabTo(page, `[data-question="${id}"] textarea`);
    await page.keyboard.type(text);
  }
  await tabTo(page, '[data-question="audience"] input[value="beginner"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await page.locator('[data-question="audience"] input[value="expert"]').isChecked()).toBe(true);
  const areas = page.locator('[data-question="coverage"] input[type="checkbox"]');
  const firstArea = await areas.first().getAttribute('value');
  await tabTo(page, `[data-question="coverage"] input[value="${firstArea}"]`);
  await page.keyboard.press('Space');
  expect(await areas.first().isChecked()).toBe(true);
  await screenshot(page, 'scenario6-keyboard-clarify');
  await tabTo(page, 'form.prompt-form button[type="submit"]');
  await page.keyboard.press('Enter');

  await waitForPrompt(page, /Waiting for you: Confirm/);
  await expectNoSeriousAxeViolations(page, 'job page with a review prompt');
  await tabTo(page, 'form.prompt-form .actions button.primary');
  await page.keyboard.press('Enter');

  await waitForPrompt(page, /Waiting for you: Preview$/);
  await tabTo(page, 'form.prompt-form textarea');
  await page.keyboard.type('Add a section on backfilling large tables in batches.');
  await tabTo(page, 'form.prompt-form .actions button:not(.primary):not(.danger)');
  await page.keyboard.press('Enter');
  await waitForPrompt(page, /Waiting for you: Preview, round 2/);
  await expectNoSeriousAxeViolations(page, 'job page with a revised draft');
  await tabTo(page, 'form.prompt-form .actions button.primary');
  await page.keyboard.press('Enter');
  await waitForStatus(page, 'COMPLETED');
  await page.getByTestId('skill-rendered').locator('h2').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(page, 'completed job page');
  await screenshot(page, 'scenario6-completed');

  const skillLink = page.locator('main a[href^="/skills/"]').first();
  const skillHref = (await skillLink.getAttribute('href'))!;
  await page.goto(`${session.url}${skillHref}`);
  await page.getByTestId('skill-rendered').waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(page, 'skill page');
  await page.goto(`${session.url}/skills`);
  await page.locator('table.skills tbody tr').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(page, 'skills');
  await page.goto(`${session.url}/jobs`);
  await page.locator('table.jobs tbody tr').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(page, 'jobs');
  await page.goto(`${session.url}/inbox`);
  await page.getByTestId('inbox-empty').waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(page, 'inbox');
  await page.goto(`${session.url}/jobs/00000000-0000-4000-8000-000000000000`);
  await page.getByTestId('not-found').waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(page, 'not found');

  const admin = await session.open('admin');
  await admin.page.goto(`${session.url}/operations`);
  await admin.page.getByRole('heading', { name: 'Jobs by status' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await expectNoSeriousAxeViolations(admin.page, 'operations');
  await screenshot(admin.page, 'scenario6-operations');
  expect([...problems, ...admin.problems]).toEqual([]);
});
