import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 ships index.js (CJS) and index.mjs without an exports map: Node gives the libraries (Pothos, yoga)
  // the CJS file while Vite would give our sources the .mjs one, i.e. two graphql realms ("Cannot use
  // GraphQLScalarType from another module or realm"). Resolve ours to the same file Node uses.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  test: {
    include: ['tests/**/*.test.ts'],
    // The browser suite needs Chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, 'tests/browser/**'],
    // One embedded PostgreSQL for the whole run, a template database migrated once; each file clones it.
    globalSetup: ['tests/setup/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: two files at a time keeps worker runners and PostgreSQL from starving each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
