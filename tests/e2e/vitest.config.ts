import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { TIMING_FILES } from './streams.ts';

// The longest file runs first, so that beside the chapter pages (`npm test` runs them as a
// second stream, tests/stages.ts) the two streams end close together; the files that measure the
// page's responsiveness run last (`npm test` gives them a phase of their own).
const FIRST = ['engine-webgl.test.ts'];
const LAST = TIMING_FILES.map((file) => basename(file));

class FixedOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const name = basename(file.moduleId);
      if (FIRST.includes(name)) return -1;
      return LAST.includes(name) ? 1 + LAST.indexOf(name) : 0;
    };
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

// Browser tests: the built site (dist/) served by `astro preview`, driven by playwright-core in
// the system Chromium. Run `npm run build` first (`npm test` does).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/serve-site.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    sequence: { sequencer: FixedOrder },
    // describe.concurrent blocks (whole-page checks, Run all) run two tests at a time: one per core
    maxConcurrency: 2,
  },
});
