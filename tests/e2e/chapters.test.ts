// Every chapter page as a reader meets it, loaded once for all its checks (a load of a large
// chapter costs seconds, and the suite loaded each page twice before): the built page (no console
// errors, server-rendered math and diagrams, the twin in the other language), no serious
// accessibility violations, then Run all on the default backend: every cell finishes, and only
// erratum cells show a ✗. One page runs on WebGL2 instead (the cell worker's OffscreenCanvas
// path, the backend menu, a training loop with live plots on the GPU backend): every kernel is
// already checked against float64 in engine-webgl.test.ts, so emulated WebGL2 on every page
// would cost minutes and test nothing new.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, inject, it } from 'vitest';
import { axeFor, seriousViolations } from '../support/axe.ts';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { pageFlowSettled } from '../support/cells.ts';
import { useBrowser } from '../support/use-browser.ts';
import { bookPages, chapterPages, type BookPage } from '../support/pages.ts';

const base = inject('baseUrl');
const browser = useBrowser();

/** The page whose Run all goes through emulated WebGL2: an MLP trained in the worker, with plots. */
const WEBGL_PAGE = '/en/projects/mlp/';

const hasCells = (page: BookPage) => readFileSync(`content/${page.file}`, 'utf8').includes('```ts cell');

/** Chapter pages, and any other page with cells (which gets Run all only). */
const chapters = new Set(chapterPages().map((p) => p.path));
const PAGES = bookPages().filter((p) => chapters.has(p.path) || hasCells(p));

// two pages at a time (maxConcurrency in vitest.config.ts): axe runs in each page's renderer and
// the cells in each page's worker, so two pages keep both cores busy; assertions use the test's own `expect`
describe.concurrent('chapter pages', () => {
  for (const page of PAGES) {
    const backend = page.path === WEBGL_PAGE ? 'webgl' : 'auto';
    const checks = [chapters.has(page.path) && 'no console errors, server-rendered math and diagrams, a twin, no serious accessibility violations',
      hasCells(page) && `Run all on ${backend} finishes every cell, and only erratum cells show a ✗`].filter(Boolean).join('; ');
    it(`${page.path}: ${checks}`, async ({ expect }) => {
      const { page: tab, errors } = await openPage(browser(), base + page.path);
      await tab.waitForLoadState('networkidle');
      expect(await tab.locator('main h1').first().textContent()).toBeTruthy();
      if (chapters.has(page.path)) await checkBuiltPage(tab, page, expect);
      if (hasCells(page)) await checkRunAll(tab, page.path, backend, expect);
      expect(errors).toEqual([]);
      await tab.context().close();
    }, 900_000);
  }
});

type Expect = typeof import('vitest').expect;

/** The page as built: math, diagrams, the twin, and axe on the page before anything runs. */
async function checkBuiltPage(tab: Page, page: BookPage, expect: Expect): Promise<void> {
  // KaTeX was rendered at build time: markup present wherever the source has math, no math script.
  const html = await tab.content();
  const source = readFileSync(`content/${page.file}`, 'utf8');
  if (/\$[^$\n]+\$/.test(source)) expect(await tab.locator('.katex').count()).toBeGreaterThan(0);
  expect(html).not.toMatch(/<script[^>]+katex/i);
  expect(html).not.toMatch(/\$\$/);
  const diagrams = await tab.locator('pre.mermaid, svg[id^="mermaid"]').count();
  if (diagrams > 0) expect(await tab.locator('svg[id^="mermaid"]').count()).toBe(diagrams);
  // Each diagram keeps its own stylesheet (MDX once flattened it into a bogus attribute).
  expect(await tab.locator('svg[id^="mermaid"] > style').count()).toBe(diagrams);
  expect(html).not.toContain('set:html');

  // the language menu offers the twin page, and it exists
  const twin = page.locale === 'zh' ? `/en${page.path}` : page.path.replace(/^\/en/, '');
  const options = await tab.locator('starlight-lang-select select option').evaluateAll((els) =>
    els.map((el) => (el as HTMLOptionElement).value),
  );
  expect(options).toContain(twin);
  expect((await tab.request.get(base + twin)).status()).toBe(200);

  // the page makes wide equations and code focusable after layout (src/scripts/scrollable-regions.ts):
  // give it that moment, so axe judges the page a reader gets and not one frame before it
  await tab.waitForFunction(() => [...document.querySelectorAll('.katex-display, pre')]
    .every((el) => el.scrollWidth <= el.clientWidth || el.hasAttribute('tabindex')), undefined, { timeout: 5000 }).catch(() => {});
  // code blocks are judged once per theme in site.test.ts: they are half of a chapter's DOM (a
  // span per highlighted token) and half of axe's time, and every block is drawn by the same two themes
  expect(await seriousViolations(axeFor(tab).exclude('pre'))).toEqual([]);
}

/**
 * Chooses the backend and presses Run all; waits until every cell of the page flow has settled,
 * then checks what the reader sees.
 * NOTE: WebGL here is SwiftShader (the GPU emulated on the CPU), so a long training loop takes
 * far longer than on a reader's GPU; the cells' time limits are raised for this test only.
 */
async function checkRunAll(page: Page, path: string, backend: 'webgl' | 'auto', expect: Expect): Promise<void> {
  const first = page.locator('gb-cell').first();
  await first.locator('[data-action="run"]').click();
  await page.waitForFunction((el) => ['done', 'error'].includes((el as HTMLElement)?.dataset.state ?? ''), await first.elementHandle(), { timeout: 60_000 });
  if (backend === 'webgl') await first.locator('select[data-action="backend"]').selectOption('webgl');
  await page.evaluate(() => document.querySelectorAll('gb-cell').forEach((cell) => ((cell as unknown as { timeoutS: number }).timeoutS = 300)));
  await first.locator('[data-action="runAll"]').click();
  await page.waitForTimeout(200);
  await pageFlowSettled(page, 600_000);

  const problems = await page.locator('gb-cell .gb-out--error, gb-cell:not([data-erratum]) .gb-check--fail').evaluateAll((els) =>
    els.map((el) => `${(el.closest('gb-cell') as HTMLElement).dataset.id}: ${el.textContent?.slice(0, 160)}`),
  );
  expect(problems).toEqual([]);
  // an erratum cell reproduces a source's mistake: its ✗ is the point, so each must show one
  const errataWithoutX = await page.locator('gb-cell[data-erratum]').evaluateAll((els) =>
    els.filter((el) => !el.querySelector('.gb-check--fail')).map((el) => el.getAttribute('data-id')));
  expect(errataWithoutX).toEqual([]);
  if (backend === 'webgl') expect(await page.locator('gb-cell[data-state="done"] [data-cell-status]').last().textContent()).toContain('webgl');
  if (path.endsWith('/math/')) {
    expect(await page.locator('gb-cell[data-erratum] .gb-check--fail').count()).toBeGreaterThanOrEqual(10);
    expect(await page.locator('gb-cell .gb-check--ok').count()).toBeGreaterThan(40);
  }
  // exercise checks and solutions wait until asked
  expect(await page.locator('gb-cell[data-role="check"][data-state]').count()).toBe(0);
  // the last cell that drew a figure, as the reader sees it (a full-page shot of a chapter is
  // 10 MB and 5 s)
  const figure = page.locator('gb-cell .gb-cell__output svg').last();
  if (await figure.count()) await figure.scrollIntoViewIfNeeded();
  await saveScreenshot(page, `run-all${path.replaceAll('/', '-').replace(/-$/, '')}`);
}
