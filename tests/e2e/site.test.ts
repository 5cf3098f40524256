import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { axeFor, markContrastSamples, seriousViolations } from '../support/axe.ts';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { bookPages, chapterPages } from '../support/pages.ts';
import { loadErrata } from '../../src/errata/errata.ts';

const base = inject('baseUrl');
const browser = useBrowser();

describe('every page of the book', () => {
  // chapter pages are loaded once for all their checks, in chapters.test.ts; the others get this one
  const chapters = new Set(chapterPages().map((p) => p.path));
  for (const page of bookPages().filter((p) => !chapters.has(p.path))) {
    it(`${page.path} loads with no console errors`, async () => {
      const { page: tab, errors } = await openPage(browser(), base + page.path);
      await tab.waitForLoadState('networkidle');
      expect(await tab.locator('main h1').first().textContent()).toBeTruthy();
      expect(errors).toEqual([]);
      await tab.context().close();
    });
  }
});

describe('highlighted code', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`the code of cells and listings has no serious or critical accessibility violations (${colorScheme})`, async () => {
      // chapter 4 has cells, exercises, erratum cells and plain listings: every kind of block
      const { page: tab } = await openPage(browser(), `${base}/en/math/`, { colorScheme });
      await tab.waitForFunction(() => [...document.querySelectorAll('pre')]
        .every((el) => el.scrollWidth <= el.clientWidth || el.hasAttribute('tabindex')), undefined, { timeout: 5000 }).catch(() => {});
      expect(await tab.locator('pre').count()).toBeGreaterThan(40);
      // Every rule but colour contrast on every block (in light); colour contrast, in both, on
      // the fewest blocks that between them show every (colour, background, weight, style, size)
      // a token has on this page: contrast depends on nothing else.
      const samples = await markContrastSamples(tab, 'pre');
      expect(samples).toBeGreaterThan(0);
      // the other rules read structure, names and roles, which the colour scheme does not change: once
      if (colorScheme === 'light') expect(await seriousViolations(axeFor(tab).include('pre').disableRules(['color-contrast']))).toEqual([]);
      expect(await seriousViolations(axeFor(tab).include('pre[data-contrast-sample]').withRules(['color-contrast']))).toEqual([]);
      await tab.context().close();
    });
  }
});

describe('chapter 1', () => {
  it('numbers display equations and links references to them', async () => {
    const { page } = await openPage(browser(), `${base}/background/`);
    const ref = page.locator('a.eqref').first();
    const href = await ref.getAttribute('href');
    expect(href).toMatch(/^#eq-/);
    expect(await page.locator(href!).count()).toBe(1);
    expect(await ref.textContent()).toMatch(/^\(\d+\)$/);
    await page.context().close();
  });

  it('draws the model-size chart as an SVG with a log axis', async () => {
    const { page } = await openPage(browser(), `${base}/en/background/`);
    const figure = page.locator('figure.plot-figure svg');
    expect(await figure.count()).toBeGreaterThan(0);
    expect(await figure.first().getAttribute('aria-label')).toBeTruthy();
    expect(await page.locator('figure.plot-figure circle').count()).toBeGreaterThan(5);
    await page.context().close();
  });

  it('saves screenshots of the zh and en pages, light and dark, desktop and phone', async () => {
    for (const [name, path] of [['zh-background', '/background/'], ['en-background', '/en/background/']]) {
      const light = await openPage(browser(), base + path);
      await saveScreenshot(light.page, `${name}-light`);
      await light.page.context().close();
      const dark = await openPage(browser(), base + path, { colorScheme: 'dark' });
      expect(await dark.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await saveScreenshot(dark.page, `${name}-dark`);
      await dark.page.context().close();
      const phone = await openPage(browser(), base + path, { width: 390, height: 844 });
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await saveScreenshot(phone.page, `${name}-phone`);
      await phone.page.context().close();
    }
  });
});

describe('appendix C, references', () => {
  for (const [locale, chapter, references] of [['zh', '/background/', '/references/'], ['en', '/en/background/', '/en/references/']]) {
    it(`${locale}: chapter 1's citations land on entries of ${references}, light, dark and phone`, async () => {
      const { page } = await openPage(browser(), base + chapter);
      const hrefs = await page.locator('main a.citation').evaluateAll((els) => els.map((el) => el.getAttribute('href')!));
      await page.context().close();
      expect(hrefs.length).toBeGreaterThan(20);
      expect(new Set(hrefs.map((href) => href.split('#')[0]))).toEqual(new Set([references]));
      const ids = [...new Set(hrefs.map((href) => href.split('#')[1]!))];
      for (const colorScheme of ['light', 'dark'] as const) {
        const { page: tab } = await openPage(browser(), `${base}${references}#vaswani2017attention`, { colorScheme });
        for (const id of ids) expect(await tab.locator(`li[id="${id}"]`).count(), id).toBe(1);
        expect(await tab.locator('.doc-citations__row').count()).toBeGreaterThan(30);
        await saveScreenshot(tab, `${locale}-references-${colorScheme}`);
        await tab.context().close();
      }
      const phone = await openPage(browser(), `${base}${references}#dosovitskiy2021image`, { width: 390, height: 844 });
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await saveScreenshot(phone.page, `${locale}-references-phone`);
      await phone.page.context().close();
    });
  }
});

describe('errata appendix', () => {
  const entries = loadErrata();
  // an entry discussed in two chapters (two boxes) with a failing cell: every kind of link
  const sample = entries.find((e) => e.asides.length > 1 && e.cells)!;

  for (const [name, path] of [['zh-errata', '/errata/'], ['en-errata', '/en/errata/']] as const) {
    it(`${path}: one row per erratum, each linking to its box, and the links land on the box and the cell`, async () => {
      const { page, errors } = await openPage(browser(), base + path);
      expect(await page.locator('tr[data-erratum]').count()).toBe(entries.length);
      expect(await page.locator('tr[data-erratum]:not(:has(a.errata-aside))').count()).toBe(0);
      expect(await page.locator('a.errata-cell').count()).toBe(entries.reduce((n, e) => n + (e.cells?.length ?? 0), 0));

      const row = page.locator(`tr[data-erratum="${sample.id}"]`);
      expect(await row.locator('a.errata-aside').count()).toBe(sample.asides.length);
      await row.locator('a.errata-aside').last().click();
      await page.waitForURL(new RegExp(`/${sample.asides.at(-1)}/#${sample.id}$`));
      await expectInView(page.locator(`aside.starlight-aside#${sample.id}`));

      await page.goBack();
      await row.locator('a.errata-cell').first().click();
      const cellId = sample.cells![0]!.split('#')[1];
      await page.waitForURL(new RegExp(`#cell-${cellId}$`));
      const cell = page.locator(`gb-cell#cell-${cellId}`);
      expect(await cell.getAttribute('data-erratum')).not.toBeNull();
      await expectInView(cell);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it(`${path}: light, dark and phone; on a phone each row reflows into a block and nothing overflows the page`, async () => {
      const toTable = (page: import('playwright-core').Page) => page.locator('.errata-table').first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
      for (const colorScheme of ['light', 'dark'] as const) {
        const desktop = await openPage(browser(), base + path, { colorScheme });
        await toTable(desktop.page);
        await saveScreenshot(desktop.page, `${name}-table-${colorScheme}`);
        await desktop.page.context().close();
      }
      const phone = await openPage(browser(), base + path, { width: 390, height: 844 });
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      expect(await phone.page.locator('.errata-table tr[data-erratum]').first().evaluate((el) => getComputedStyle(el).display)).toBe('block');
      const wide = await phone.page.locator('.errata-table').evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).length);
      expect(wide).toBe(0);
      await toTable(phone.page);
      await saveScreenshot(phone.page, `${name}-phone`);
      await phone.page.context().close();
    });
  }
});

/** The element is on screen, below the sticky header. */
async function expectInView(locator: ReturnType<import('playwright-core').Page['locator']>) {
  await expect.poll(async () => {
    const box = await locator.boundingBox();
    const height = await locator.page().evaluate(() => window.innerHeight);
    return box !== null && box.y >= 0 && box.y < height;
  }, { timeout: 5000 }).toBe(true);
}

describe('the accessibility check itself', () => {
  it('reports what it is there to catch: low contrast, a nameless button, an image without alt', async () => {
    // axeFor runs axe the fast way (one run in the page, violations only): it must still see these
    const { page: tab } = await openPage(browser(), `${base}/en/faq/`);
    await tab.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend',
      '<p style="color:#c8c8c8;background:#fff">faint</p><button></button><img src="/favicon.svg">'));
    const found = (await seriousViolations(axeFor(tab))).map((line) => line.split(' ')[0]);
    expect(found).toEqual(expect.arrayContaining(['color-contrast', 'button-name', 'image-alt']));
    await tab.context().close();
  });
});

describe('on this page', () => {
  it('highlights the section being read as the reader scrolls, on desktop and in the phone menu', async () => {
    // ours (src/toc/starlight-toc.ts) replaces Starlight's, whose `:has()` query over the whole page held it for 0.4 s
    const built = readdirSync('dist/_astro').filter((f) => f.endsWith('.js')).map((f) => readFileSync(`dist/_astro/${f}`, 'utf8'));
    expect(built.some((code) => code.includes(':not(:has('))).toBe(false);
    for (const width of [1280, 390]) {
      const { page, errors } = await openPage(browser(), `${base}/en/math/`, { width });
      const toc = width > 800 ? 'starlight-toc' : 'mobile-starlight-toc';
      const headings = await page.locator('.sl-markdown-content h2[id]').evaluateAll((els) => els.map((el) => el.id));
      expect(headings.length).toBeGreaterThan(3);
      for (const id of [headings[2], headings[headings.length - 1], headings[0]]) {
        await page.evaluate((h) => document.getElementById(h)!.scrollIntoView({ block: 'start' }), id);
        await expect.poll(() => page.locator(`${toc} a[aria-current="true"]`).getAttribute('href')).toBe(`#${id}`);
      }
      if (width < 800) expect((await page.locator('mobile-starlight-toc .display-current').textContent())?.trim()).toBe((await page.locator(`#${headings[0]}`).textContent())?.trim());
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

describe('site shell', () => {
  it('toggles dark mode from the theme picker', async () => {
    const { page } = await openPage(browser(), `${base}/background/`);
    const select = page.locator('starlight-theme-select select').first();
    await select.selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await select.selectOption('light');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.context().close();
  });

  it('orders the sidebar by chapter in both languages', async () => {
    for (const path of ['/background/', '/en/background/']) {
      const { page } = await openPage(browser(), base + path);
      const links = await page.locator('nav.sidebar a').evaluateAll((els) => els.map((el) => el.getAttribute('href')));
      expect(links.length).toBeGreaterThan(0);
      expect(links[0]).toBe(path);
      await page.context().close();
    }
  });

  for (const [path, term, expected] of [
    ['/background/', '参数', '/background/'],
    ['/en/background/', 'parameters', '/en/background/'],
  ]) {
    it(`search on ${path} finds "${term}" offline`, async () => {
      const { page } = await openPage(browser(), base + path);
      // Starlight attaches the dialog's handler after its script loads; a click that lands
      // earlier does nothing, so click again until the dialog is open, as a reader would.
      const button = page.locator('site-search button[data-open-modal]').first();
      const dialog = page.locator('site-search dialog[open]');
      await expect
        .poll(async () => ((await dialog.count()) > 0 ? 'open' : (await button.click(), 'closed')), { timeout: 30_000, interval: 500 })
        .toBe('open');
      await page.locator('site-search dialog input').fill(term);
      const results = page.locator('site-search .pagefind-ui__result-link');
      await results.first().waitFor({ timeout: 20_000 });
      // a word the whole book uses: the chapter is among the hits (Pagefind draws them one by one,
      // so wait for the list to fill), and every hit is in the page's language
      const paths = () => results.evaluateAll((els) => els.map((el) => new URL((el as HTMLAnchorElement).href).pathname));
      await expect.poll(async () => (await paths()).some((h) => h.startsWith(expected)), { timeout: 20_000 }).toBe(true);
      const hrefs = await paths();
      expect(hrefs.every((h) => h.startsWith('/en/') === expected.startsWith('/en/'))).toBe(true);
      await page.context().close();
    });
  }
});
