// Scenario 5: user and model text never runs. A published skill whose SKILL.md carries `<script>`, `<img onerror>`
// and a `javascript:` link, and a task with the same, render as inert text (the link as plain text, an https link
// as a link). Checked with the page's CSP bypassed, so the renderer itself is what is tested, and the CSP
// separately.
import { expect, it } from 'vitest';
import { screenshot, UI_TIMEOUT_MS, waitForJobPage } from './helpers/console';
import { useConsoleSession } from './helpers/session';

const session = useConsoleSession();

const HOSTILE = `---
name: hostile-skill
description: Use when testing that <script>window.__pwned = 'frontmatter'</script> stays text
---

# Hostile <img src=x onerror="window.__pwned = 'heading'">

<script>window.__pwned = 'script'</script>

A paragraph with <img src=x onerror="window.__pwned = 'img'"> inside, [click me](javascript:window.__pwned='link'),
[data link](data:text/html,<script>alert(1)</script>) and [the docs](https://example.com/docs).

- an item <b onmouseover="window.__pwned = 'b'">bold?</b>
`;

it('renders a hostile SKILL.md and task as inert text', async () => {
  await session.service.db.prisma.skill.create({
    data: {
      name: 'hostile-skill',
      taxonomyPath: 'testing/hostile-skill',
      description: "Use when testing that <script>window.__pwned = 'description'</script> stays text",
      content: HOSTILE,
      status: 'ACTIVE',
      publishedAt: new Date(),
    },
  });
  const { page, problems } = await session.open('mallory', { bypassCSP: true });
  await page.goto(`${session.url}/skills/hostile-skill`);
  const rendered = page.getByTestId('skill-rendered');
  await rendered.locator('h2').first().waitFor({ timeout: UI_TIMEOUT_MS });
  await screenshot(page, 'scenario5-hostile-skill');

  expect(await page.locator('main script, main img, main b, main [onerror], main [onmouseover]').count()).toBe(0);
  expect(await rendered.locator('h2').first().textContent()).toBe(
    `Hostile <img src=x onerror="window.__pwned = 'heading'">`,
  );
  expect(await rendered.textContent()).toContain(`<script>window.__pwned = 'script'</script>`);
  const hrefs = await rendered.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual(['https://example.com/docs']);
  expect(await rendered.textContent()).toContain(`[click me](javascript:window.__pwned='link')`);
  await page.getByRole('button', { name: 'Show raw' }).click();
  expect(await page.getByTestId('skill-raw').textContent()).toBe(HOSTILE);

  // The task text of a job, typed into the console.
  await page.goto(`${session.url}/new`);
  const task = `a skill about <img src=x onerror="window.__pwned = 'task'"> and <script>window.__pwned = 'task'</script> safety`;
  await page.getByLabel('What should the skill teach?').fill(task);
  await page.getByRole('button', { name: 'Create job' }).click();
  await waitForJobPage(page);
  await page.locator('p.task').waitFor({ timeout: UI_TIMEOUT_MS });
  expect(await page.locator('p.task').textContent()).toBe(task);
  expect(await page.locator('main script, main img').count()).toBe(0);

  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(problems).toEqual([]);
});

it('serves the console with a CSP that forbids inline script and other origins', async () => {
  const response = await fetch(`${session.url}/jobs`);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("default-src 'none'");
  const html = await response.text();
  const script = /<script type="module" src="(\/assets\/[^"]+\.js)"><\/script>/.exec(html);
  expect(script).not.toBeNull();
  const asset = await fetch(`${session.url}${script![1]}`);
  expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(asset.headers.get('cache-control')).toContain('immutable');
  expect((await fetch(`${session.url}/assets/missing-0000.js`)).status).toBe(404);
  expect((await fetch(`${session.url}/assets/..%2Fpackage.json`)).status).toBe(404);
});
