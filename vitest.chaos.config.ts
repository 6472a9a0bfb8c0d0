// `npm run test:chaos`: the fault, concurrency, abuse and soak suites of tests/chaos at full size (CHAOS_SCALE=full,
// see tests/chaos/config.ts); `npm test` runs the same files at CI size through vitest.config.ts. Same database setup
// as vitest.config.ts; one file at a time, because the suites kill processes, restart PostgreSQL and measure memory
// and recovery times, and a neighbour competing for the cores would blur the figures.
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

process.env.CHAOS_SCALE = 'full';

export default defineConfig({
  // As in vitest.config.ts: one graphql realm for our sources and the libraries.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  test: {
    include: ['tests/chaos/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    env: { CHAOS_SCALE: 'full' },
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
  },
});
