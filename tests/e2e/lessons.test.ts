// The lessons as a reader meets them: Run all on every page with cells in both languages
// on the default backend, and one page on WebGL2 (the cell worker's OffscreenCanvas path, the
// backend menu, a training loop with live plots on the GPU backend: every kernel is already
// checked against float64 in engine-webgl.test.ts, so emulated WebGL2 on every page would cost
// minutes and test nothing new), the step-through viewer, and an exercise checked, solved and
// remembered.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { pageFlowSettled } from '../support/cells.ts';
import { bookPages } from '../support/pages.ts';

const base = inject('baseUrl');
const browser = useBrowser();

/** Every page with cells (chapters and appendices), in both languages. */
const LESSONS = bookPages()
  .filter((p) => readFileSync(`content/${p.file}`, 'utf8').includes('```ts cell'))
  .map((p) => p.path);

/** The page whose Run all goes through emulated WebGL2: an MLP trained in the worker, with plots. */
const WEBGL_PAGE = '/en/projects/mlp/';

/**
 * Chooses the backend and presses Run all; waits until every cell of the page flow has settled.
 * NOTE: WebGL here is SwiftShader (the GPU emulated on the CPU), so a long training loop takes
 * far longer than on a reader's GPU; the cells' time limits are raised for this test only.
 */
async function runAll(page: Page, backend: 'webgl' | 'auto'): Promise<void> {
  const first = page.locator('gb-cell').first();
  await first.locator('[data-action="run"]').click();
  await page.waitForFunction((el) => ['done', 'error'].includes((el as HTMLElement)?.dataset.state ?? ''), await first.elementHandle(), { timeout: 60_000 });
  if (backend === 'webgl') await first.locator('select[data-action="backend"]').selectOption('webgl');
  await page.evaluate(() => document.querySelectorAll('gb-cell').forEach((cell) => ((cell as unknown as { timeoutS: number }).timeoutS = 300)));
  await first.locator('[data-action="runAll"]').click();
  await page.waitForTimeout(200);
  await pageFlowSettled(page, 600_000);
}

// two pages at a time: each page's cells run in its own worker thread (maxConcurrency in vitest.config.ts)
describe.concurrent('Run all', () => {
  for (const path of LESSONS) {
    const backend = path === WEBGL_PAGE ? 'webgl' : 'auto';
    it(`${path} on ${backend}: every cell finishes, and only erratum cells show a ✗`, async ({ expect }) => {
      const { page, errors } = await openPage(browser(), base + path);
      await runAll(page, backend);
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
      expect(errors).toEqual([]);
      // the last cell that drew a figure, as the reader sees it (a full-page shot of a chapter is
      // 10 MB and 5 s)
      const figure = page.locator('gb-cell .gb-cell__output svg').last();
      if (await figure.count()) await figure.scrollIntoViewIfNeeded();
      await saveScreenshot(page, `run-all${path.replaceAll('/', '-').replace(/-$/, '')}`);
      await page.context().close();
    }, 900_000);
  }
});

describe('step-through viewer', () => {
  it('steps forward op by op, then the loss, then backward, highlighting the equations', async () => {
    const { page } = await openPage(browser(), `${base}/en/math/`);
    const cell = page.locator('gb-cell[data-id="mlp-trace"]');
    await cell.locator('[data-action="run"]').click();
    const viewer = cell.locator('.stepper');
    await viewer.waitFor({ timeout: 60_000 });
    const status = viewer.locator('.stepper__status');
    const step = viewer.locator('button[aria-label="Step"]');
    const seen = new Set<string>();
    let highlighted = 0;
    while (await step.isEnabled()) {
      await step.click();
      const text = (await status.textContent()) ?? '';
      seen.add(text.split(' · ')[0]);
      highlighted += await viewer.locator('.stepper__equation.is-current').count();
      if (text.startsWith('Backward') && !(await viewer.locator('.stepper__matrix figcaption').first().textContent())?.includes('∂L/∂')) {
        throw new Error(`a backward step shows no gradient: ${text}`);
      }
    }
    expect([...seen]).toEqual(['Forward', 'Loss', 'Backward']);
    expect(highlighted).toBeGreaterThanOrEqual(4);
    await viewer.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'stepper-backward');
    // keyboard: Home resets, → steps
    await viewer.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await status.textContent()).toMatch(/^Forward · matmul \(1\//);
    await page.context().close();
  });
});

describe('exercises', () => {
  it('fails on the starter, passes with the solution, and remembers the pass', async () => {
    const { page } = await openPage(browser(), `${base}/math/`);
    const exercise = page.locator('gb-exercise[data-exercise="ch4-sigmoid-grad"]');
    const status = exercise.locator('[data-exercise-status]');
    const check = exercise.locator('[data-exercise-check]');
    await check.click();
    await page.waitForFunction((el) => ['passed', 'failed'].includes((el as HTMLElement)?.dataset.state ?? ''), await status.elementHandle(), { timeout: 120_000 });
    expect(await status.getAttribute('data-state')).toBe('failed');
    // the solution is behind a reveal; the reader copies it into the starter
    const solution = exercise.locator('details.gb-solution');
    expect(await solution.getAttribute('open')).toBeNull();
    const code = JSON.parse((await exercise.locator('gb-cell[data-role="solution"] [data-cell-source]').textContent()) ?? '""');
    const starter = exercise.locator('gb-cell[data-role="starter"]');
    await starter.locator('[data-action="edit"]').click();
    await starter.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(code);
    await check.click();
    await page.waitForFunction((el) => (el as HTMLElement)?.dataset.state === 'passed', await status.elementHandle(), { timeout: 60_000 });
    await page.reload();
    await page.locator('gb-exercise[data-exercise="ch4-sigmoid-grad"] [data-exercise-status][data-state="passed"]').waitFor();
    await page.context().close();
  });
});
