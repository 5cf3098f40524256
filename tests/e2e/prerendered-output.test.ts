// Autorun cells: their output is computed when the book is built (src/cells/node/prerender.ts) and
// is in the HTML, so it shows without JavaScript, the page runs nothing and loads no chart renderer
// at load; a later cell's Run runs them quietly first (their output stays); their own Run replaces it.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { cell, settled, typeCode } from '../support/cells.ts';

const base = inject('baseUrl');
const browser = useBrowser();
const BUILT_EN = 'Output computed when the book was built; Run recomputes it in your browser.';
const BUILT_ZH = '以下输出是构建本书时计算的；按“运行”会在你的浏览器里重新计算。';

/** Script URLs the page has loaded so far. */
const scripts = (page: Page) => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\.m?js(\?|$)/.test(n)));
const loadedPlot = async (page: Page) => (await scripts(page)).some((n) => /plot-render/.test(n));

describe('autorun cells computed at build time', () => {
  it('shows the chart, the text and the tensor without JavaScript, marked as built, in both languages', async () => {
    const context = await browser().newContext({ javaScriptEnabled: false, serviceWorkers: 'block' });
    const page = await context.newPage();
    for (const [path, id, note, shows] of [
      ['/en/projects/linear-regression/', 'lin-data', BUILT_EN, '.gb-plot svg[role="img"]'],
      ['/projects/linear-regression/', 'lin-data', BUILT_ZH, '.gb-plot svg[role="img"]'],
      ['/en/projects/logistic-regression/', 'logreg-data', BUILT_EN, '.gb-plot figure svg'],
      ['/en/projects/mlp/', 'mlp-data', BUILT_EN, '.gb-plot [role="img"]'],
      ['/projects/attention/', 'attn-data', BUILT_ZH, '.gb-tensor table'],
    ] as const) {
      await page.goto(base + path);
      const output = cell(page, id).locator('[data-cell-output]');
      expect(await output.locator('.gb-cell__built').textContent(), path).toBe(note);
      expect(await output.locator(shows).count(), `${path}: ${shows}`).toBeGreaterThan(0);
      expect(await cell(page, id).getAttribute('data-prerendered'), path).toBe('');
    }
    // the text outputs: a console line and the tensor's shape
    expect(await cell(page, 'attn-data').locator('pre.gb-out--log').textContent()).toBe('第一条序列（行 = 位置）：');
    expect(await cell(page, 'attn-data').locator('.gb-tensor__shape').textContent()).toMatch(/\[7, 10\]/);
    await page.goto(`${base}/en/projects/logistic-regression/`);
    expect(await cell(page, 'logreg-data').locator('pre.gb-out--log').textContent()).toBe('train 300 points, test 100');
    await context.close();
  });

  it('runs nothing at load; a later cell runs the built cell quietly first; its own Run replaces the output', async () => {
    const { page, errors } = await openPage(browser(), `${base}/en/projects/linear-regression/`);
    await page.waitForLoadState('networkidle');
    const data = cell(page, 'lin-data');
    const output = data.locator('[data-cell-output]');
    const built = await output.innerHTML();
    expect(await data.getAttribute('data-state')).toBeNull();
    expect(await loadedPlot(page)).toBe(false);

    // lin-grad-check reads X and y, which lin-data declares: it works as when lin-data had run at load
    const check = cell(page, 'lin-grad-check');
    await check.locator('[data-action="run"]').click();
    expect(await settled(check)).toBe('done');
    expect(await check.locator('.gb-check--ok').count()).toBeGreaterThan(0);
    expect(await check.locator('.gb-check--fail, .gb-out--error').count()).toBe(0);
    expect(await data.getAttribute('data-state')).toBe('done'); // it ran, quietly
    expect(await output.innerHTML()).toBe(built);
    expect(await loadedPlot(page)).toBe(false);

    // Run on the built cell recomputes it: the live chart replaces the built one and its note
    await data.locator('[data-action="run"]').click();
    expect(await settled(data)).toBe('done');
    await output.locator('.gb-plot svg[role="img"]').waitFor();
    expect(await output.locator('.gb-cell__built').count()).toBe(0);
    expect(await loadedPlot(page)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a later cell first works on the attention page too (no chart there)', async () => {
    const { page, errors } = await openPage(browser(), `${base}/projects/attention/`);
    const model = cell(page, 'attn-model');
    await model.locator('[data-action="run"]').click();
    expect(await settled(model)).toBe('done');
    expect(await model.locator('.gb-check--ok').count()).toBe(1);
    expect(await cell(page, 'attn-data').locator('.gb-cell__built').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a reader's edit of the built cell is run visibly, since the built output is not its output", async () => {
    const { page, errors } = await openPage(browser(), `${base}/en/projects/linear-regression/`);
    const data = cell(page, 'lin-data');
    await typeCode(data, [
      "const { X, y } = datasets.linear({ n: 100, w: 2, b: 1, noise: 0.1, seed: 42 });",
      "console.log('edited');",
    ].join('\n'));
    const check = cell(page, 'lin-grad-check');
    await check.locator('[data-action="run"]').click();
    expect(await settled(check)).toBe('done');
    expect(await data.locator('.gb-cell__built').count()).toBe(0);
    expect(await data.locator('pre.gb-out--log').textContent()).toBe('edited');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the built chart: screenshots in light and dark, desktop and phone', async () => {
    for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const { page } = await openPage(browser(), `${base}/en/projects/logistic-regression/`, { width, height, colorScheme });
        const output = cell(page, 'logreg-data').locator('[data-cell-output]');
        await output.scrollIntoViewIfNeeded();
        // the chart drawn for this width is the one shown (text at the size the page's own drawing has)
        const [shownChart, hiddenChart] = name === 'phone' ? ['narrow', 'wide'] : ['wide', 'narrow'];
        expect(await output.locator(`.gb-plot__${shownChart}`).isVisible()).toBe(true);
        expect(await output.locator(`.gb-plot__${hiddenChart}`).isVisible()).toBe(false);
        // the chart fits the column: no horizontal overflow at phone width
        const [shown, scroll] = await output.evaluate((el) => [el.clientWidth, el.scrollWidth]);
        expect(scroll, `${name} ${colorScheme}`).toBeLessThanOrEqual(shown + 1);
        await output.screenshot({ path: `test-results/screenshots/prerendered-logreg-${name}-${colorScheme}.png` });
        await saveScreenshot(page, `prerendered-logreg-page-${name}-${colorScheme}`);
        await page.context().close();
      }
    }
  });
});
