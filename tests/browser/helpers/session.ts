// The one setup of a browser test file: Chromium for the whole file, and (useConsoleSession) the service process on
// its own database; both started before the file's tests and stopped after. The returned object's fields are
// read in the tests, once the hooks have run.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { ServiceEnv } from '../../../harness/service-process';
import { contextFor, launchBrowser, startConsoleService, stopConsoleService, type ConsoleService } from './console';

export interface BrowserSession {
  readonly browser: Browser;
  /** A new context acting as `userId` (null: no dev-mode user), with the page errors it records. */
  open(userId: string | null, options?: { bypassCSP?: boolean }): ReturnType<typeof contextFor>;
}

export interface ConsoleSession extends BrowserSession {
  readonly service: ConsoleService;
  /** The console's address, e.g. http://127.0.0.1:4321. */
  readonly url: string;
}

/** Chromium only, for a file that runs its service processes itself (tests/browser/reconnect.test.ts). */
export function useBrowser(): BrowserSession {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    open(userId, options) {
      return contextFor(this.browser, userId, options);
    },
  };
}

/**
 * Chromium and the service (API and worker, dev-mode auth unless `env` says otherwise, the offline author). `env`
 * may be a function, for settings known only once the file's other hooks ran (a fake model's address).
 */
export function useConsoleSession(env: ServiceEnv | (() => ServiceEnv) = {}): ConsoleSession {
  let service: ConsoleService | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [service, browser] = await Promise.all([
      startConsoleService(typeof env === 'function' ? env() : env),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stopConsoleService(service);
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    get service() {
      if (!service) throw new Error('the service starts in beforeAll');
      return service;
    },
    get url() {
      return this.service.url;
    },
    open(userId, options) {
      return contextFor(this.browser, userId, options);
    },
  };
}
