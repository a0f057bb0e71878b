import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // One fast-check seed per commit (reproducible runs): test/support/fc-seed.ts.
    setupFiles: ['test/support/fc-seed.ts'],
  },
});
