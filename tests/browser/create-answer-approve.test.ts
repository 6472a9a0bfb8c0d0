// Scenario 1: a job made and driven entirely from the console. CLARIFY answered through radios, checkboxes and
// text; CONFIRM approved; the PREVIEW sent back with feedback and the new draft (with its diff) approved; the job
// COMPLETED with its skill rendered and downloadable.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import {
  screenshot,
  screenshotPath,
  UI_TIMEOUT_MS,
  waitForJobPage,
  waitForPrompt,
  waitForStatus,
} from './helpers/console';
import { useConsoleSession } from './helpers/session';
import { CLARIFY_TEXT } from './helpers/answers';

const session = useConsoleSession();

it('creates a job, answers every prompt in its form, revises the draft and ends with the skill', async () => {
  const { page, problems } = await session.open('alice');
  await page.goto(`${session.url}/new`);
  await page.getByLabel('What should the skill teach?').fill('write safe');
  await expect.poll(() => page.locator('#task-rule').textContent()).toContain('needs at least 3 words');
  await page
    .getByLabel('What should the skill teach?')
    .fill('a skill that teaches an agent to write safe Postgres migrations');
  await expect.poll(() => page.locator('#task-rule').textContent()).toContain('11 words');
  await screenshot(page, 'scenario1-new-job');
  // A double click makes one job.
  await page.getByRole('button', { name: 'Create job' }).dblclick();
  const jobId = await waitForJobPage(page);
  expect(await session.service.db.prisma.job.count({ where: { userId: 'alice' } })).toBe(1);

  await waitForPrompt(page, /Waiting for you: Clarify/);
  await screenshot(page, 'scenario1-clarify');
  const form = page.getByRole('form', { name: 'Answer the questions' });
  await form.getByLabel(/What problem should this skill solve/).fill(CLARIFY_TEXT.problem);
  await form.getByLabel(/How will you know the skill works/).fill(CLARIFY_TEXT.success_criteria);
  await form.getByLabel(/What constraints must the skill respect/).fill(CLARIFY_TEXT.constraints);
  const audience = form.getByRole('group', { name: /Who will rely on this skill/ });
  await audience.getByRole('radio', { name: 'Expert' }).check();
  const coverage = form.getByRole('group', { name: /Which areas .* should the skill cover/ });
  const areas = coverage.getByRole('checkbox');
  expect(await areas.count()).toBeGreaterThanOrEqual(2);
  await areas.nth(0).check();
  await areas.nth(1).check();
  await form.getByRole('button', { name: 'Send answers' }).click();

  await waitForPrompt(page, /Waiting for you: Confirm/);
  await screenshot(page, 'scenario1-confirm');
  await page.getByRole('button', { name: 'Approve' }).click();

  await waitForPrompt(page, /Waiting for you: Preview$/);
  await screenshot(page, 'scenario1-preview');
  // REVISE without feedback is refused before anything is sent.
  await page.getByRole('button', { name: 'Request changes' }).click();
  await expect.poll(() => page.locator('.field-error').textContent()).toContain('needs feedback');
  await page.getByLabel(/^Feedback/).fill('Add a section on backfilling large tables in batches.');
  await page.getByRole('button', { name: 'Request changes' }).click();

  await waitForPrompt(page, /Waiting for you: Preview, round 2/);
  const diff = page.locator('details.diff');
  await diff.locator('summary').click();
  await expect.poll(() => diff.textContent()).toMatch(/\+\d+ −\d+ lines/);
  await screenshot(page, 'scenario1-preview-round-2');
  // The README's picture of the job page (docs/console-job.jpg is a copy): the viewport only, to stay small.
  await page.locator('.pending').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath('console-job').replace(/png$/, 'jpg'), type: 'jpeg', quality: 65 });
  await page.getByRole('button', { name: 'Approve' }).click();

  await waitForStatus(page, 'COMPLETED');
  await page.locator('[data-testid="timeline-state"]', { hasText: 'whole log' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => page.getByTestId('prompt-history').locator(':scope > li').count()).toBe(4);
  const rendered = page.getByTestId('skill-rendered');
  await rendered.locator('h2').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await screenshot(page, 'scenario1-completed');
  // The offline author runs no scenario against an agent: the page says so instead of showing verdicts.
  expect(await page.getByTestId('tdd-not-run').textContent()).toBe('Behavioural tests not run: no model configured.');

  const sequences = await page
    .locator('[data-testid="timeline"] li')
    .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-sequence'))));
  expect(sequences).toEqual(sequences.map((_, n) => n + 1));

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: UI_TIMEOUT_MS }),
    page.getByRole('link', { name: 'Download SKILL.md' }).click(),
  ]);
  const downloaded = fs.readFileSync((await download.path())!, 'utf8');
  await page.getByRole('button', { name: 'Show raw' }).click();
  expect(await page.getByTestId('skill-raw').textContent()).toBe(downloaded);
  const stored = await session.service.db.prisma.job.findUniqueOrThrow({ where: { jobId } });
  expect(stored.status).toBe('COMPLETED');
  expect(downloaded).toBe(stored.draftContent);
  expect(downloaded).toContain('name: ');
  expect(problems).toEqual([]);
});
