// Offline reading (src/offline/): one visit, "save the whole book", then with no network at all
// the book reloads, another chapter opens and its cells load a dataset and the checkpoint and run;
// then a new build is deployed and the page offers a reload that keeps the reader's edits.
import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { saveScreenshot } from '../support/browser.ts';
import { cell, settled, typeCode } from '../support/cells.ts';
import { useBrowser } from '../support/use-browser.ts';

const base = inject('baseUrl');
const browser = useBrowser();
const SW = 'dist/sw.js';

async function phonePage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

const offlineState = (page: Page) => page.locator('[data-offline-status]').getAttribute('data-state');

/** The id of the build whose service worker controls the page. */
const controllingBuild = (page: Page) => page.locator('[data-offline-status]').getAttribute('data-build');

describe('offline reading', () => {
  it('after one visit and "save the whole book", the book reloads, opens another chapter and runs its cells with no network', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });
    const { page, errors } = await phonePage(context);
    try {
      await page.goto(`${base}/en/background/`);
      const status = page.locator('[data-offline-status]');
      // the worker installed (shell precached) and took over this page, which it saved
      await expect.poll(() => offlineState(page), { timeout: 90_000 }).toBe('page');
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state), { timeout: 10_000 }).toBe('activated');
      await expect.poll(() => status.textContent()).toContain('This page is saved');
      await status.scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'offline-status-phone-light');
      await page.emulateMedia({ colorScheme: 'dark' });
      await saveScreenshot(page, 'offline-status-phone-dark');
      await page.emulateMedia({ colorScheme: 'light' });

      const button = status.locator('button');
      expect(await button.textContent()).toMatch(/^Save the whole book for offline reading \(about \d+\.\d MB more\)$/);
      await button.click();
      await expect.poll(() => offlineState(page), { timeout: 5_000 }).toMatch(/saving|book/);
      await expect.poll(() => offlineState(page), { timeout: 180_000, interval: 1000 }).toBe('book');
      expect(await status.textContent()).toMatch(/The whole book is saved \(\d+\.\d MB\)/);

      // no network: the browser is offline and any request that still leaves it fails
      await context.route('**/*', (route) => route.abort('internetdisconnected'));
      await context.setOffline(true);
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('You are offline.');
      await status.scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'offline-status-offline-phone-light');
      // (after a navigation Chromium's emulation leaves navigator.onLine true; the route above still fails every request)
      await page.reload();
      await expect.poll(() => offlineState(page), { timeout: 30_000 }).toBe('book');

      // another chapter, never opened before: its first cell loads the Tang poems and the checkpoint
      await page.goto(`${base}/en/outlook/`);
      expect(await page.locator('main h1').first().textContent()).toContain('Outlook');
      const setup = cell(page, 'outlook-setup');
      await setup.locator('[data-action="run"]').click();
      expect(await settled(setup, 120_000)).toBe('done');
      expect(await setup.locator('.gb-check--ok').count()).toBe(2);
      expect(await setup.locator('.gb-check--fail, .gb-out--error').count()).toBe(0);
      expect(await setup.locator('[data-cell-output]').textContent()).toContain('430528');
      // and a Chinese page, to show both languages were saved
      await page.goto(`${base}/projects/tang-gpt/`);
      const data = cell(page, 'tang-data');
      await data.locator('[data-action="run"]').click();
      expect(await settled(data, 60_000)).toBe('done');
      expect(await data.locator('.gb-check--ok').count()).toBe(3);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a new build shows "a new version is available"; reloading switches to it and keeps edits', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 } });
    const { page, errors } = await phonePage(context);
    const original = readFileSync(SW, 'utf8');
    try {
      await page.goto(`${base}/en/background/`);
      await expect.poll(() => offlineState(page), { timeout: 90_000 }).toBe('page');
      const oldBuild = await controllingBuild(page);
      expect(oldBuild).toMatch(/^[0-9a-f]{16}$/);
      const edited = cell(page, 'compute');
      await typeCode(edited, '"edited before the update"');

      // deploy "another build": the same files under a different build id
      const newBuild = [...oldBuild!].reverse().join('');
      expect(original).toContain(`"${oldBuild}"`);
      writeFileSync(SW, original.replace(`"${oldBuild}"`, `"${newBuild}"`));
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      const prompt = page.locator('[data-offline-update]');
      await prompt.waitFor({ timeout: 60_000 });
      expect(await prompt.textContent()).toContain('A new version of the book is available');
      await saveScreenshot(page, 'offline-update-prompt-phone-light');
      // until the reader reloads, the page stays on its own build
      expect(await controllingBuild(page)).toBe(oldBuild);

      await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), prompt.locator('button').click()]);
      await expect.poll(() => controllingBuild(page), { timeout: 30_000 }).toBe(newBuild);
      expect(await page.locator('[data-offline-update]').count()).toBe(0);
      const restored = cell(page, 'compute');
      expect(await restored.getAttribute('data-edited')).not.toBeNull();
      expect(await restored.locator('.gb-cell__plain').textContent()).toContain('edited before the update');
      expect(errors).toEqual([]);
    } finally {
      writeFileSync(SW, original);
      await context.close();
    }
  });
});
