import { defineConfig } from 'vitest/config';

// Unit suites: engine, markdown plugins, cell parser. Browser tests have their own config in tests/e2e.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/engine/**/*.test.ts', 'tests/grader/**/*.test.ts', 'tests/grader-reports/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
