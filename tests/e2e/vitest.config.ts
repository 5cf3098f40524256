import { defineConfig } from 'vitest/config';

// Browser tests: the built site (dist/) served by `astro preview`, driven by playwright-core in
// the system Chromium. Run `npm run build` first (`npm test` does).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/serve-site.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // describe.concurrent blocks (whole-page checks, Run all) run two tests at a time: one per core
    maxConcurrency: 2,
  },
});
