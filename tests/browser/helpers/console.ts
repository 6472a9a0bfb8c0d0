// What every browser test needs: the service as a user runs it (a child process: API and worker, dev-mode auth, the
// offline author) on its own clone of the test database, and Debian's Chromium driven by playwright-core, one
// context per user. Waits are on DOM state with bounded timeouts; screenshots go to tests/browser/screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { REPO_ROOT, startService, type ServiceEnv, type ServiceProcess } from '../../../harness/service-process';
import { createTestDatabase, type TestDatabase } from '../../helpers/database';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO_ROOT, 'tests', 'browser', 'screenshots');
/** Bounded DOM waits: long enough for a loaded 2-core machine running a phase, short enough to fail a hang. */
export const UI_TIMEOUT_MS = 30_000;

export interface ConsoleService {
  db: TestDatabase;
  api: ServiceProcess;
  url: string;
  env: ServiceEnv;
}

export async function startConsoleService(extra: ServiceEnv = {}): Promise<ConsoleService> {
  const db = await createTestDatabase();
  const env: ServiceEnv = { DATABASE_URL: db.url, WORKER_HEARTBEAT_SECONDS: '1', ...extra };
  const api = await startService('api', env);
  return { db, api, url: api.url!, env };
}

export async function stopConsoleService(service: ConsoleService | undefined): Promise<void> {
  if (!service) return;
  await service.api.stop();
  await service.db.drop();
}

export async function launchBrowser(): Promise<Browser> {
  // Root (CI, this machine) cannot use Chromium's sandbox.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/**
 * A browser context acting as `userId` (dev mode's user, kept in sessionStorage as the switcher would; null: none),
 * recording every page error and console error for the test to check.
 */
export async function contextFor(
  browser: Browser,
  userId: string | null,
  options: { bypassCSP?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    bypassCSP: options.bypassCSP ?? false,
  });
  if (userId !== null) {
    await context.addInitScript((user) => {
      if (!sessionStorage.getItem('skills-fleet.dev-user')) sessionStorage.setItem('skills-fleet.dev-user', user);
    }, userId);
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return { context, page, problems };
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

/** The job page's id from its URL, after the console navigated there. */
export async function waitForJobPage(page: Page): Promise<string> {
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/, { timeout: UI_TIMEOUT_MS });
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

/** Waits until the job page shows a pending prompt of `type` (e.g. "Clarify", "Preview, round 2"). */
export async function waitForPrompt(page: Page, heading: RegExp): Promise<void> {
  await page.getByRole('heading', { name: heading }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

export async function waitForStatus(page: Page, status: string): Promise<void> {
  await page.locator(`main[data-status="${status}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (through the DevTools protocol: the page's CSP forbids injected scripts). */
export async function expectNoSeriousAxeViolations(page: Page, where: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<Record<string, unknown>> }> } }).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => {
        const targets = (v.nodes as Array<{ target: unknown[] }>).map((node) => node.target.join(' ')).slice(0, 5);
        return `${String(v.id)} (${String(v.impact)}): ${String(v.help)} — ${targets.join(', ')}`;
      });
  });
  expect(violations, `axe on ${where}`).toEqual([]);
}
