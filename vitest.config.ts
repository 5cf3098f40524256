import { defineConfig } from 'vitest/config';

// Unit suites: engine, markdown plugins, cell parser. Browser tests have their own config in tests/e2e.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/engine/**/*.test.ts', 'tests/grader/**/*.test.ts', 'tests/grader-reports/**/*.test.ts'],
    testTimeout: 60_000,
    // Four test files at a time on a 2-core machine: much of this suite waits (sandbox processes
    // starting, wall-clock limits, subprocess pipes), and with one file per core the machine sat
    // 28 % idle (tests/stages.ts prints how busy each phase keeps it). Measured under load:
    // 131 s with four, 158 s with two.
    maxWorkers: 4,
  },
});
