import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Whole-corpus tests parse ~30 MB and site tests build in beforeAll; give them room on a
    // 2-core machine under load (a timeout here guards against hangs, it is no benchmark).
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
