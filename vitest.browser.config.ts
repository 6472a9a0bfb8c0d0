// `npm run test:browser`: the console in a real Chromium (Debian's `chromium`, driven by playwright-core) against a
// real service process (API + worker) on the test PostgreSQL. Not part of `npm test`, which stays browser-free.
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The same single graphql realm as vitest.config.ts (the helpers import the service's modules).
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  test: {
    include: ['tests/browser/**/*.test.ts'],
    // The test PostgreSQL and its template (as for `npm test`), then the console bundle the service will serve.
    globalSetup: ['tests/setup/global-setup.ts', 'tests/browser/setup/build-console.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Each file runs a service process and a browser: two at a time on two cores.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
