// Runnable cells on the built site, in chapter 1 (its "recompute the numbers" section).
import { describe, expect, inject, it } from 'vitest';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { cell, settled, typeCode } from '../support/cells.ts';

const base = inject('baseUrl');
const PAGE = '/en/background/';
const browser = useBrowser();

describe('cells in chapter 1', () => {
  it('show highlighted code without JavaScript', async () => {
    const context = await browser().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + PAGE);
    const first = cell(page, 'compute');
    expect(await first.locator('pre.astro-code span[style*="--shiki-light"]').count()).toBeGreaterThan(5);
    expect(await first.locator('.gb-cell__toolbar').isHidden()).toBe(true);
    await context.close();
  });

  it('Run all completes on WebGL2 with no error output and every check passing', async () => {
    const { page, errors } = await openPage(browser(), base + PAGE);
    const last = page.locator('gb-cell').last();
    // Run one cell first so the worker reports its backends, then choose webgl.
    await cell(page, 'compute').locator('[data-action="run"]').click();
    expect(await settled(cell(page, 'compute'))).toBe('done');
    const select = last.locator('select[data-action="backend"]');
    expect(await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toContain('webgl');
    await select.selectOption('webgl');
    await last.locator('[data-action="runAll"]').click();
    await page.waitForTimeout(100);
    expect(await settled(last)).toBe('done');
    const cells = await page.locator('gb-cell').all();
    for (const c of cells) expect(await c.getAttribute('data-state')).toBe('done');
    expect(await page.locator('gb-cell .gb-out--error').count()).toBe(0);
    // an erratum cell's ✗ is the point (it reproduces a source's mistake); no other cell fails
    expect(await page.locator('gb-cell:not([data-erratum]) .gb-check--fail').count()).toBe(0);
    expect(await page.locator('gb-cell[data-erratum] .gb-check--fail').count()).toBeGreaterThan(0);
    expect(await page.locator('gb-cell .gb-check--ok').count()).toBeGreaterThan(10);
    expect(await cell(page, 'models').locator('[data-cell-status]').textContent()).toContain('webgl');
    expect(await cell(page, 'models').locator('.gb-tensor__shape').textContent()).toContain('[4]');
    await cell(page, 'time').locator('.gb-plot svg').first().waitFor();
    // re-running a cell on webgl compiles no new kernel
    const models = cell(page, 'models');
    const before = Number(await models.getAttribute('data-kernel-compiles'));
    await models.locator('[data-action="run"]').click();
    await page.waitForTimeout(50);
    expect(await settled(models)).toBe('done');
    expect(Number(await models.getAttribute('data-kernel-compiles'))).toBe(before);
    await saveScreenshot(page, 'cells-run-all', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs in a cross-origin isolated page and worker, where matmul may use helper threads', async () => {
    // the headers come from astro.config.mjs (server.headers) and public/_headers; without them
    // SharedArrayBuffer is missing and kernels/backends/cpu/sgemm_threads.ts keeps one thread
    const { page } = await openPage(browser(), base + PAGE);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const target = cell(page, 'money');
    await typeCode(target, 'typeof SharedArrayBuffer + " " + crossOriginIsolated');
    await target.locator('[data-action="run"]').click();
    expect(await settled(target)).toBe('done');
    expect(await target.locator('.gb-out--value').textContent()).toContain('function true');
    await page.context().close();
  });

  it('keeps an edit across a reload, and Reset restores the original', async () => {
    const { page } = await openPage(browser(), base + PAGE);
    const target = cell(page, 'money');
    await typeCode(target, 'const pricePerHour = 3;\npricePerHour * 2');
    await page.waitForTimeout(800); // autosave is debounced
    await page.reload();
    const again = cell(page, 'money');
    expect(await again.getAttribute('data-edited')).not.toBeNull();
    expect(await again.locator('[data-cell-code]').textContent()).toContain('pricePerHour = 3');
    await again.locator('[data-action="run"]').click();
    expect(await settled(again)).toBe('done');
    expect(await again.locator('.gb-out--value').textContent()).toBe('6');
    await again.locator('[data-action="reset"]').click();
    expect(await again.locator('[data-cell-code]').textContent()).toContain('const pricePerHour = 2;');
    await page.reload();
    expect(await cell(page, 'money').getAttribute('data-edited')).toBeNull();
    await page.context().close();
  });

  it('tells the reader when the author changed a cell they had edited', async () => {
    const { page } = await openPage(browser(), base + PAGE);
    await page.evaluate((path) => {
      localStorage.setItem(`gradbook:cell:v1:${path}:data`, JSON.stringify({ code: '// mine\n1', originalHash: 'stale', savedAt: 0 }));
    }, PAGE);
    await page.reload();
    const target = cell(page, 'data');
    const notice = target.locator('[data-cell-notice]');
    expect(await notice.isVisible()).toBe(true);
    await notice.locator('button', { hasText: 'Compare' }).click();
    expect(await notice.locator('.gb-cell__compare pre').count()).toBe(2);
    expect(await notice.locator('.gb-cell__compare').textContent()).toContain('// mine');
    await notice.locator('button', { hasText: 'Reset' }).click();
    expect(await notice.isHidden()).toBe(true);
    expect(await target.locator('[data-cell-code]').textContent()).toContain('const dOpt = 20 * N;');
    await page.context().close();
  });

  it('stops an infinite loop, keeps the page responsive, and recovers', async () => {
    const { page } = await openPage(browser(), base + PAGE);
    const target = cell(page, 'energy');
    await typeCode(target, 'let spins = 0;\nwhile (true) { spins++; }');
    await target.locator('[data-action="run"]').click();
    await page.locator('gb-cell[data-id="energy"][data-running]').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    // the page's thread is free while the worker spins
    const t0 = Date.now();
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(Date.now() - t0).toBeLessThan(1000);
    await target.locator('[data-action="stop"]').click();
    expect(await settled(target)).toBe('error');
    expect(await target.locator('.gb-out--error').textContent()).toMatch(/Stopped/);
    // a fresh worker: the next run first rebuilds the scope by re-running the cells above
    await typeCode(target, 'const kWh = C / 1e20;\nkWh');
    await page.keyboard.press('Shift+Enter');
    await page.waitForTimeout(50);
    expect(await settled(target)).toBe('done');
    expect(await target.locator('.gb-out--value').textContent()).toBe('3150');
    expect(await cell(page, 'compute').getAttribute('data-state')).toBe('done');
    await page.evaluate(() => localStorage.clear());
    await page.context().close();
  });

  it('reports a syntax error with its line and marks the line', async () => {
    const { page } = await openPage(browser(), base + PAGE);
    const target = cell(page, 'compute');
    await typeCode(target, 'const a = 1;\nconst b = (a;\n');
    await page.keyboard.press('Shift+Enter');
    await page.waitForTimeout(50);
    expect(await settled(target)).toBe('error');
    // an edited cell, so the compiler chunk's error (precompiled-cells.test.ts has the unedited path):
    // Sucrase's 'Unexpected token, expected ","' at the `;` after `(a`, line 2, column 14
    expect(await target.locator('.gb-out--error').textContent()).toContain('line 2:14');
    expect(await target.locator('.cm-gb-error-line').count()).toBe(1);
    await page.evaluate(() => localStorage.clear());
    await page.context().close();
  });

  it('names the cell and line of a runtime error', async () => {
    const { page } = await openPage(browser(), `${base}/background/`);
    const target = cell(page, 'data');
    await typeCode(target, 'const fine = 1;\n  undefinedThing.x');
    await page.keyboard.press('Shift+Enter');
    await page.waitForTimeout(50);
    expect(await settled(target)).toBe('error');
    const text = await target.locator('.gb-out--error').textContent();
    expect(text).toContain('单元 data 第 2 行第 3 列');
    expect(text).toContain('ReferenceError');
    await page.evaluate(() => localStorage.clear());
    await page.context().close();
  });
});

describe('a lost WebGL context', () => {
  it('falls back to the CPU with a notice, and the cell still gets its result', async () => {
    const { page } = await openPage(browser(), `${base}/en/background/`);
    const target = cell(page, 'compute');
    await typeCode(target, [
      "setBackend('webgl');",
      "const gl = (getBackendInstance('webgl') as any).context;",
      "gl.getExtension('WEBGL_lose_context').loseContext();",
      'await new Promise((resolve) => setTimeout(resolve, 300));',
      "console.log('now on', getBackend());",
      'tensor([1, 2, 3]).mul(2).sum().item()',
    ].join('\n'));
    await page.keyboard.press('Shift+Enter');
    await page.waitForTimeout(50);
    expect(await settled(target)).toBe('done');
    const output = (await target.locator('[data-cell-output]').textContent()) ?? '';
    expect(output).toMatch(/WebGL/i);
    expect(output).toContain('now on cpu');
    expect(output).toContain('12');
    await page.evaluate(() => localStorage.clear());
    await page.context().close();
  });
});
