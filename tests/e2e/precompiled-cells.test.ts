// Cells compiled at build time (src/markdown/precompile-cell.ts): an unedited cell runs from the
// compiled form its page embeds, so the worker never fetches the compiler (Sucrase + acorn, the
// transpile-*.js chunk); an edited cell fetches it once (cells.test.ts checks an edited cell's syntax
// error keeps its line and column).
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { openPage } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { cell, settled, typeCode } from '../support/cells.ts';

const base = inject('baseUrl');
const PAGE = '/en/background/';
const browser = useBrowser();

/** The JavaScript files the page and its workers request, by file name (workers' requests included). */
function scripts(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (name.endsWith('.js')) seen.push(name);
  });
  return seen;
}
const compilerChunks = (seen: string[]) => seen.filter((name) => /^transpile-[\w-]+\.js$/.test(name));

describe('precompiled cells', () => {
  it('embeds every cell\'s compiled form, escaped, next to its source', async () => {
    const { page } = await openPage(browser(), base + PAGE);
    const cells = await page.locator('gb-cell').count();
    expect(cells).toBeGreaterThan(3);
    expect(await page.locator('gb-cell script[data-cell-compiled]').count()).toBe(cells);
    const html = await (await page.request.get(base + PAGE)).text();
    // a cell's text never ends a script element early: `<` is written as \u003c in both scripts
    for (const m of html.matchAll(/<script type="application\/json" data-cell-(?:source|compiled)>([^]*?)<\/script>/g)) expect(m[1]).not.toContain('<');
    await page.context().close();
  });

  it('runs an unedited cell without fetching the compiler', async () => {
    const { page, errors } = await openPage(browser(), base + PAGE);
    const seen = scripts(page.context());
    // again, recorded from the first request: the worker starts right after `load`
    await page.reload({ waitUntil: 'load' });
    const target = cell(page, 'compute');
    await target.locator('[data-action="run"]').click();
    expect(await settled(target)).toBe('done');
    expect(await target.locator('.gb-check--ok').count()).toBeGreaterThan(0);
    expect(seen.some((name) => /^worker-[\w-]+\.js$/.test(name))).toBe(true);
    expect(compilerChunks(seen)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fetches the compiler once, on the first edit, for edited cells, which strip types and run', async () => {
    const { page, errors } = await openPage(browser(), base + PAGE);
    const seen = scripts(page.context());
    const target = cell(page, 'compute');
    await typeCode(target, 'const half: number = 21;\nhalf * 2');
    // fetched while the reader types (prepareCompiler), not when Run is pressed
    await expect.poll(() => compilerChunks(seen).length, { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Shift+Enter');
    await page.waitForTimeout(50);
    expect(await settled(target)).toBe('done');
    expect(await target.locator('.gb-out--value').textContent()).toBe('42');
    await typeCode(target, 'const n: number = 3;\nn * 5');
    await page.keyboard.press('Shift+Enter');
    await page.waitForTimeout(50);
    expect(await settled(target)).toBe('done');
    expect(await target.locator('.gb-out--value').textContent()).toBe('15');
    expect(compilerChunks(seen)).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.context().close();
  });
});
