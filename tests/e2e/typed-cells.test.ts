// Types in the cell editor (src/cells/editor-types.ts) on the built chapter 1: a wrong line gets a
// red underline whose tooltip has TypeScript's message, the cell still runs, `tensor([1, 2]).`
// offers the Tensor methods with their docs, a cell sees the names of the cells above it, and the
// language service is fetched on the first edit only.
import { describe, expect, inject, it } from 'vitest';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { cell, settled, typeCode } from '../support/cells.ts';

const base = inject('baseUrl');
const PAGE = '/en/background/';
const browser = useBrowser();
/** The language service starts with the first edit and may take a while on a busy machine. */
const TYPES_TIMEOUT = 60_000;

describe('typed cells in chapter 1', () => {
  it('underlines a type error with its message, and the cell still runs', async () => {
    const { page, errors } = await openPage(browser(), base + PAGE);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const target = cell(page, 'money');
    await target.locator('[data-action="edit"]').click();
    await target.locator('.cm-content').waitFor();
    // opening the editor loads CodeMirror, not the language service
    await page.waitForTimeout(300);
    expect(requested.filter((u) => /ts-worker|editor-types/.test(u))).toEqual([]);
    // `a100Years` and `year` come from the cells above: no error for them
    await typeCode(target, "const price: number = 'two';\nconst hours = (a100Years * year) / 3600;\nprice");
    const underline = target.locator('.cm-lintRange-error');
    await underline.first().waitFor({ timeout: TYPES_TIMEOUT });
    expect(await underline.count()).toBe(1);
    expect(requested.some((u) => /ts-worker/.test(u))).toBe(true);
    await underline.first().hover();
    const tooltip = page.locator('.cm-tooltip-lint');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toContain("Type 'string' is not assignable to type 'number'.");
    await saveScreenshot(page, 'typed-cells-diagnostic');
    // a type error does not stop Run: the types are stripped, as before
    await target.locator('[data-action="run"]').click();
    expect(await settled(target)).toBe('done');
    expect(await target.locator('.gb-out--value').textContent()).toBe('two');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('completes tensor methods with their documentation, and hovers show types', async () => {
    const { page, errors } = await openPage(browser(), base + PAGE);
    const target = cell(page, 'money');
    await typeCode(target, 'const t = tensor([1, 2]);\nt');
    // the first edit started the service; completions work once it is ready
    await target.locator('.cm-editor[data-types="ready"]').waitFor({ timeout: TYPES_TIMEOUT });
    await page.keyboard.type('.');
    const list = page.locator('.cm-tooltip-autocomplete');
    await list.waitFor({ timeout: TYPES_TIMEOUT });
    const labels = await list.locator('.cm-completionLabel').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['matmul', 'sum', 'item', 'toArray']));
    await page.keyboard.type('ite');
    await expect.poll(() => list.locator('[aria-selected] .cm-completionLabel').textContent()).toBe('item');
    const info = page.locator('.cm-completionInfo');
    await info.waitFor();
    expect(await info.textContent()).toContain('The single value of a one-element tensor.');
    expect(await info.locator('code').textContent()).toContain('item(): number');
    await saveScreenshot(page, 'typed-cells-completion');
    await page.keyboard.press('Escape');
    // hover over `tensor` on the first line: its signature
    await target.locator('.cm-line').first().locator('span', { hasText: /^tensor$/ }).hover();
    const hover = page.locator('.cm-tooltip-hover');
    await hover.waitFor({ timeout: TYPES_TIMEOUT });
    expect(await hover.textContent()).toContain('Tensor');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
