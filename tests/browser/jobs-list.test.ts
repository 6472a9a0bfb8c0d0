// The jobs list: pages both ways with more jobs than a page, and live without a reload through jobsChanged — a job
// created through the API appears at the top of page one (not another user's, not one outside the search), a row
// that leaves the status filter still shows its new state, and the operations page re-reads its figures when a job
// changes. The service runs no worker (RUN_WORKER=false): jobs stay where the test puts them.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { createJobAs, graphqlAs } from './helpers/api';
import { screenshot, UI_TIMEOUT_MS } from './helpers/console';
import { useConsoleSession } from './helpers/session';

const session = useConsoleSession({ RUN_WORKER: 'false' });
const PAGE_SIZE = 20;
const task = (n: number) => `a skill that teaches an agent to write safe Postgres migrations, number ${n}`;

const rowIds = (page: Page) =>
  page
    .getByTestId('jobs-table')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-job')));

async function waitForRows(page: Page, expected: Array<string | null>): Promise<void> {
  await expect.poll(() => rowIds(page), { timeout: UI_TIMEOUT_MS }).toEqual(expected);
}

it('pages forward and back, and shows new jobs and changes live', async () => {
  const created: string[] = [];
  for (let n = 0; n < PAGE_SIZE + 3; n++) created.push(await createJobAs(session.url, 'pat', task(n)));
  const newestFirst = [...created].reverse();
  const { page, problems } = await session.open('pat');

  await page.goto(`${session.url}/jobs`);
  await waitForRows(page, newestFirst.slice(0, PAGE_SIZE));
  expect(await page.getByTestId('jobs-count').textContent()).toBe(`${PAGE_SIZE + 3} jobs`);
  expect(await page.getByRole('button', { name: 'Previous page' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Next page' }).click();
  await waitForRows(page, newestFirst.slice(PAGE_SIZE));
  expect(await page.getByRole('button', { name: 'Next page' }).count()).toBe(0);
  await screenshot(page, 'jobs-page-two');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await waitForRows(page, newestFirst.slice(0, PAGE_SIZE));
  expect(await page.getByRole('button', { name: 'Previous page' }).count()).toBe(0);

  // Created elsewhere (another user's job first, which must never show), while page one is open.
  await createJobAs(session.url, 'quinn', task(100));
  const fresh = await createJobAs(session.url, 'pat', task(101));
  await waitForRows(page, [fresh, ...newestFirst.slice(0, PAGE_SIZE)]);
  await expect
    .poll(() => page.getByTestId('jobs-count').textContent(), { timeout: UI_TIMEOUT_MS })
    .toBe(`${PAGE_SIZE + 4} jobs`);
  await screenshot(page, 'jobs-live-new-job');

  // A search shows only what matches, live as well.
  await page.goto(`${session.url}/jobs?q=terraform`);
  await page.getByTestId('jobs-count').waitFor({ timeout: UI_TIMEOUT_MS });
  await waitForRows(page, []);
  await createJobAs(session.url, 'pat', task(102));
  const terraform = await createJobAs(session.url, 'pat', 'a skill that teaches an agent to review Terraform plans');
  await waitForRows(page, [terraform]);

  // Under "Pending", a job that is cancelled leaves the filter, and its row still shows the new state.
  await page.goto(`${session.url}/jobs?status=PENDING`);
  const row = page.locator(`tbody tr[data-job="${terraform}"]`);
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  await graphqlAs(session.url, 'pat', `mutation ($id: ID!) { cancelJob(input: { jobId: $id }) { __typename } }`, {
    id: terraform,
  });
  await expect.poll(() => row.locator('.badge').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Cancelled');
  expect(problems).toEqual([]);
});

it('re-reads the operations figures when a job changes, without a reload', async () => {
  const { page, problems } = await session.open('admin');
  await page.goto(`${session.url}/operations`);
  const pending = page
    .locator('section[aria-labelledby="stats-heading"] tbody tr')
    .filter({ has: page.locator('td:first-child', { hasText: /^Pending$/ }) });
  await pending.waitFor({ timeout: UI_TIMEOUT_MS });
  const count = async () => Number(await pending.locator('td').nth(1).textContent());
  const before = await count();
  expect(before).toBe(await session.service.db.prisma.job.count({ where: { status: 'PENDING' } }));
  await createJobAs(session.url, 'rita', task(200));
  await expect.poll(count, { timeout: UI_TIMEOUT_MS }).toBe(before + 1);
  await screenshot(page, 'operations-live');
  expect(problems).toEqual([]);
});
