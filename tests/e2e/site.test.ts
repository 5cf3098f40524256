import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, inject, it } from 'vitest';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { bookPages, chapterPages } from '../support/pages.ts';
import { loadErrata } from '../../src/errata/errata.ts';

const base = inject('baseUrl');
const browser = useBrowser();

describe('every page of the book', () => {
  // chapter pages are loaded once for all their checks (below); the others get this one
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

// One page load per chapter page for every check of the built page (a load of a large chapter
// costs seconds; three loads per page were a minute of the suite).
// Two pages at a time (maxConcurrency in vitest.config.ts): axe and layout run in each page's own
// renderer process, so two of them keep both cores busy; assertions use the test's own `expect`.
describe.concurrent('chapter pages', () => {
  for (const page of chapterPages()) {
    it(`${page.path}: no console errors, server-rendered math and diagrams, a twin, no serious accessibility violations`, async ({ expect }) => {
      const { page: tab, errors } = await openPage(browser(), base + page.path);
      await tab.waitForLoadState('networkidle');
      expect(await tab.locator('main h1').first().textContent()).toBeTruthy();

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
      // code blocks are judged once per theme below: they are half of a chapter's DOM (a span per
      // highlighted token) and half of axe's time, and every block is drawn by the same two themes
      expect(await seriousViolations(new AxeBuilder({ page: tab }).exclude('pre'))).toEqual([]);
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
      // Every rule but colour contrast on every block; colour contrast, most of axe's time here, on
      // the fewest blocks that between them show every (colour, background, weight, style, size)
      // a token has on this page: contrast depends on nothing else.
      const samples = await markContrastSamples(tab);
      expect(samples).toBeGreaterThan(0);
      expect(await seriousViolations(new AxeBuilder({ page: tab }).include('pre').disableRules(['color-contrast']))).toEqual([]);
      expect(await seriousViolations(new AxeBuilder({ page: tab }).include('pre[data-contrast-sample]').withRules(['color-contrast']))).toEqual([]);
      await tab.context().close();
    });
  }
});

/**
 * Marks with `data-contrast-sample` a small set of `pre` blocks whose text shows every distinct
 * token look on the page (greedy set cover) and returns how many it marked.
 */
function markContrastSamples(tab: import('playwright-core').Page): Promise<number> {
  return tab.evaluate(() => {
    const looks = (pre: Element): Set<string> => {
      const keys = new Set<string>();
      const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || !node.parentElement) continue;
        const el = node.parentElement;
        const s = getComputedStyle(el);
        let bg = 'transparent';
        for (let e: Element | null = el; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
        }
        keys.add([s.color, bg, s.fontWeight, s.fontStyle, s.fontSize, s.opacity].join('|'));
      }
      return keys;
    };
    const blocks = [...document.querySelectorAll('pre')].map((pre) => ({ pre, keys: looks(pre) }));
    const uncovered = new Set(blocks.flatMap((b) => [...b.keys]));
    let marked = 0;
    while (uncovered.size) {
      let best = blocks[0];
      let gain = -1;
      for (const b of blocks) {
        const g = [...b.keys].filter((k) => uncovered.has(k)).length;
        if (g > gain) { best = b; gain = g; }
      }
      if (gain <= 0) break;
      best.pre.setAttribute('data-contrast-sample', '');
      marked++;
      for (const k of best.keys) uncovered.delete(k);
    }
    return marked;
  });
}

/** Serious and critical axe violations, one line each (Starlight's search hint excepted). */
async function seriousViolations(axe: AxeBuilder): Promise<string[]> {
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isStarlightSearchHint(v.id, n.target)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target}`);
}

// Starlight's search button shows a "Ctrl K" hint beside its label; the hint is exposed through
// aria-keyshortcuts, so the label-in-name check's complaint about that one button is not a barrier.
function isStarlightSearchHint(rule: string, target: unknown): boolean {
  return rule === 'label-content-name-mismatch' && String(target) === 'button[data-open-modal=""]';
}

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
