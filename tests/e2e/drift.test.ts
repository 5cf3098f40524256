// "Compare with float64" on a chapter page in Chromium: on every backend the page offers, the
// toolbar action replays the cell on that backend and on cpu64 in a worker of its own and draws
// the differences, without touching the reader's run of the cell.
import { describe, expect, inject, it } from 'vitest';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { cell, settled } from '../support/cells.ts';

const base = inject('baseUrl');
const browser = useBrowser();

describe('compare with float64', () => {
  it('shows the central difference losing its digits in float32, on auto, webgl and cpu64', async () => {
    const { page, errors } = await openPage(browser(), `${base}/en/math/`);
    const target = cell(page, 'fd-precision');
    // a run first: the worker reports its backends, and the comparison must leave this output alone
    await target.locator('[data-action="run"]').click();
    expect(await settled(target)).toBe('done');
    const output = await target.locator('[data-cell-output]').innerHTML();

    const compare = async (expected: { backend: string; numeric: RegExp }) => {
      await target.locator('[data-action="drift"]').click();
      await page.waitForFunction((el) => el?.getAttribute('data-drift') === 'done' || el?.getAttribute('data-drift') === 'error',
        await target.elementHandle(), { timeout: 60_000 });
      expect(await target.getAttribute('data-drift')).toBe('done');
      const drift = target.locator('[data-cell-drift]');
      expect(await drift.locator('caption').textContent()).toBe(`${expected.backend} against cpu64 (values this cell outputs)`);
      const numeric = drift.locator('tbody tr', { has: page.locator('td:first-child', { hasText: /^numeric$/ }) });
      expect(await numeric.getAttribute('data-note')).toMatch(expected.numeric);
      // each kind of note in the table is explained under it
      expect(await drift.locator('.gb-cell__drift-notes li').allTextContents()).toContainEqual(expect.stringMatching(/^Digits lost: /));
    };

    await compare({ backend: 'auto', numeric: /^large$/ });
    await target.locator('[data-cell-drift]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'drift-auto');
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'drift-auto-dark');
    const select = target.locator('select[data-action="backend"]');
    await select.selectOption('webgl');
    await compare({ backend: 'webgl', numeric: /^large$/ });
    // on the reference itself the comparison is float32 (cpu) against it
    await select.selectOption('cpu64');
    await compare({ backend: 'cpu', numeric: /^large$/ });
    expect(await target.locator('[data-cell-output]').innerHTML()).toBe(output);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
