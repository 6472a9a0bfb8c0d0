import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
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
