// Scenario 3: another user, in a second browser context, sees neither the job nor its prompt, and a direct link to
// the job shows "not found". Alice's own console shows the job in her list (found by its task text), in her inbox,
// and the inbox count in the page title.
import { expect, it } from 'vitest';
import { createJobAs } from './helpers/api';
import { screenshot, UI_TIMEOUT_MS, waitForPrompt } from './helpers/console';
import { useConsoleSession } from './helpers/session';

const session = useConsoleSession();

it("keeps a user's job and prompt out of another user's console", async () => {
  const jobId = await createJobAs(session.url, 'alice', 'a skill that teaches an agent to review Terraform plans');
  await createJobAs(session.url, 'alice', 'a skill that teaches an agent to write release notes', {
    clarify: false,
    confirm: false,
    preview: false,
  });

  const alice = await session.open('alice');
  await alice.page.goto(`${session.url}/inbox`);
  await alice.page.getByTestId('inbox').getByRole('link').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await expect.poll(() => alice.page.title()).toBe('(1) Inbox — Skills Fleet');
  await alice.page.goto(`${session.url}/jobs?q=terraform`);
  const rows = alice.page.getByTestId('jobs-table').locator('tbody tr');
  await rows.first().waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await rows.count()).toBe(1);
  expect(await rows.first().getAttribute('data-job')).toBe(jobId);
  await rows.first().locator('.waiting').waitFor({ timeout: UI_TIMEOUT_MS });
  await screenshot(alice.page, 'scenario3-alice-jobs');

  const bob = await session.open('bob');
  await bob.page.goto(`${session.url}/jobs`);
  await bob.page.getByTestId('jobs-count').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await bob.page.getByTestId('jobs-count').textContent()).toBe('0 jobs');
  await bob.page.goto(`${session.url}/inbox`);
  await bob.page.getByTestId('inbox-empty').waitFor({ timeout: UI_TIMEOUT_MS });
  // The title follows the inbox count in an effect after the render, so it is waited for, not read once.
  await expect.poll(() => bob.page.title(), { timeout: UI_TIMEOUT_MS }).toBe('Inbox — Skills Fleet');
  await bob.page.goto(`${session.url}/jobs/${jobId}`);
  await bob.page.getByTestId('not-found').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await bob.page.getByTestId('not-found').textContent()).toContain('No such job, or it is not yours.');
  expect(await bob.page.getByText('Terraform').count()).toBe(0);
  await screenshot(bob.page, 'scenario3-bob-direct-link');

  // The dev-mode switcher: acting as alice (x-user-id on HTTP and in the WebSocket's connectionParams) shows her
  // prompt; a user id the server would refuse is not sent.
  await bob.page.getByLabel('Act as user').fill('not a user id');
  await bob.page.getByRole('button', { name: 'Switch' }).click();
  await expect
    .poll(() => bob.page.getByLabel('Act as user').getAttribute('aria-invalid'), { timeout: UI_TIMEOUT_MS })
    .toBe('true');
  await bob.page.getByLabel('Act as user').fill('alice');
  await bob.page.getByRole('button', { name: 'Switch' }).click();
  await bob.page.getByRole('link', { name: 'Inbox (1)' }).waitFor({ timeout: UI_TIMEOUT_MS });
  await bob.page.goto(`${session.url}/jobs/${jobId}`);
  await waitForPrompt(bob.page, /Waiting for you: Clarify/);
  expect([...alice.problems, ...bob.problems]).toEqual([]);
});
