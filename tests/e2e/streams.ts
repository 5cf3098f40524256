// How `npm test` (tests/stages.ts) splits the browser tests: the chapter pages as one stream beside
// the other files, then the files that time the page's responsiveness, alone. One list for the
// stages and for the order within a run (tests/e2e/vitest.config.ts).
export const CHAPTER_FILES = ['tests/e2e/chapters.test.ts'];
export const TIMING_FILES = ['tests/e2e/cells-untrusted.test.ts', 'tests/e2e/cells.test.ts', 'tests/e2e/tang-gpt.test.ts'];
