import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // A hook that rebuilds dist when src is newer (test/cli/run.ts ensureBuilt) takes 20-60 s on 2 busy cores: the
    // default 10 s made a file's hook time out with a stale dist (s44: test/cli/s29-audit.test.ts). Hooks that know
    // their own bound still pass it.
    hookTimeout: 180_000,
    pool: 'forks',
    // One fast-check seed per commit (reproducible runs): test/support/fc-seed.ts.
    setupFiles: ['test/support/fc-seed.ts'],
  },
});
