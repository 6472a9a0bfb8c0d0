import { defineConfig } from 'vitest/config';

// The pure rules' table-driven tests (`npm run test:unit`, and Stryker's runner): no PostgreSQL, so no global
// setup. `npm test` runs the same files through vitest.config.ts.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
