// One headless Chromium per test file, started the way this machine allows (system Chromium, no
// sandbox, no background network), with helpers that record console errors and save screenshots.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, findChromium } from '../../src/markdown/chromium.mjs';

export const SCREENSHOT_DIR = 'test-results/screenshots';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, args: chromiumArgs });
}

/** A page that collects console errors and uncaught exceptions into `errors`. */
export async function openPage(browser: Browser, url: string, options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}) {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    // The book's service worker (src/offline) saves 3.5 MB of shell on every fresh context: the
    // tests of pages and cells do without it, tests/e2e/offline.test.ts tests it (its own contexts).
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

export async function saveScreenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}
