// Cell speed budgets, measured on the built site (run `npm run build` first), on EVERY chapter page
// (tests/support/pages.ts), each loaded cold (a fresh browser context: empty cache, no service
// worker yet) a few times:
//   - JavaScript the page ships before the first Run (gzip), the cell worker aside: ≤ 100 KB;
//   - JavaScript of the first Run: the cell worker (the engine; the page starts it once loaded,
//     src/cells/notebook.ts; the compiler is a chunk only an edited cell loads) plus what pressing
//     Run loads (gzip): ≤ 250 KB;
//   - first output of the page's first runnable cell after pressing Run, cold: ≤ 300 ms (median),
//     which includes starting the worker and compiling the engine's wasm. Measured twice: Run
//     pressed once the page's network is idle (the usual case), and Run pressed the moment the
//     page has loaded (the worker only just started: the worst case).
// On chapter 1 (English) also: what opening the editor and the first edit load, and kernel
// compiles when a cell is re-run on webgl (should be none).
// Writes a section between <!-- cells:start --> and <!-- cells:end --> in BENCHMARKS.md (appended
// when absent).
//
//   node tests/bench/cells.ts [--no-write] [--pages=<part of a path>] [--loads=<cold loads per page>] [--files] [--block-sw]
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { preview } from 'astro';
import type { Browser, Page } from 'playwright-core';
import { writeBenchmarkSection } from './section.ts';
import { launchBrowser } from '../support/browser.ts';
import { chapterPages } from '../support/pages.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const DETAIL_PAGE = '/en/background/';
const COLD_LOADS = Number(arg('loads') ?? 3);
const BUDGET = { beforeRunKB: 100, firstRunKB: 250, firstResultMs: 300 };
const START = '<!-- cells:start -->';
const END = '<!-- cells:end -->';

interface Transfer {
  url: string;
  raw: number;
  gzip: number;
}

/**
 * Records every JavaScript response from now on (the page's and its workers'), in the order they
 * arrive; `settle()` waits for the bodies still being read (a 5 MB one takes a while).
 */
function recordScripts(page: Page): Transfer[] & { settle(): Promise<void> } {
  const seen = [] as unknown as Transfer[] & { settle(): Promise<void> };
  const reading: Promise<void>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    const url = response.url();
    if (!(type === 'script' || /\.m?js(\?|$)/.test(url))) return;
    const entry: Transfer = { url: new URL(url).pathname, raw: 0, gzip: 0 };
    seen.push(entry);
    reading.push(response.body().then((body) => {
      entry.raw = body.length;
      entry.gzip = gzipSync(body).length;
    }, () => {
      // redirects and aborted responses have no body
    }));
  });
  seen.settle = async () => { await Promise.all(reading); };
  return seen;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const sum = (xs: Transfer[], key: 'raw' | 'gzip') => xs.reduce((a, x) => a + x[key], 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The page's first cell that Run runs (not a check or solution cell, which run on demand), leaving
 * out autorun cells, whose output the build computed and the page shows already (the reader's
 * first Run is the next cell, which runs them quietly first: src/cells/notebook.ts), and whether
 * the page has such cells.
 */
function firstRunnable(page: Page): Promise<{ id: string | null; autorun: boolean }> {
  return page.evaluate(() => {
    const cells = [...document.querySelectorAll<HTMLElement>('gb-cell')];
    const cell = cells.find((c) => c.querySelector('[data-action="run"]') && !c.hasAttribute('data-prerendered')
      && !['check', 'solution'].includes(c.dataset.role ?? ''));
    return { id: cell?.dataset.id ?? null, autorun: cells.some((c) => c.hasAttribute('data-prerendered')) };
  });
}

/** Milliseconds from the click on Run to the cell's first output, and to its end (done or error). */
async function firstResult(page: Page, id: string): Promise<{ first: number; end: number; state: string }> {
  // a click before the cell's script has set it up (its toolbar is shown then) would be lost
  await page.waitForFunction((cellId) => {
    const toolbar = document.querySelector<HTMLElement>(`gb-cell[data-id="${cellId}"] .gb-cell__toolbar`);
    return toolbar !== null && !toolbar.hidden;
  }, id, { timeout: 60_000 });
  await page.evaluate((cellId) => {
    const cell = document.querySelector<HTMLElement>(`gb-cell[data-id="${cellId}"]`)!;
    const out = cell.querySelector('[data-cell-output]')!;
    const w = window as unknown as { __first: Promise<number>; __end: Promise<[number, string]> };
    let shown: (t: number) => void = () => {};
    w.__first = new Promise((resolve) => { shown = resolve; });
    new MutationObserver((_, obs) => {
      obs.disconnect();
      shown(performance.now());
    }).observe(out, { childList: true });
    w.__end = new Promise((resolve) => {
      setTimeout(() => {
        shown(performance.now());
        resolve([performance.now(), 'timeout']);
      }, 60_000);
      new MutationObserver((_, obs) => {
        const state = cell.dataset.state ?? '';
        if (state !== 'done' && state !== 'error') return;
        obs.disconnect();
        const t = performance.now();
        shown(t); // a cell with no output: its first result is its end
        resolve([t, state]);
      }).observe(cell, { attributes: true, attributeFilter: ['data-state'] });
    });
  }, id);
  const clicked = await page.evaluate((cellId) => {
    const t = performance.now();
    document.querySelector<HTMLButtonElement>(`gb-cell[data-id="${cellId}"] [data-action="run"]`)!.click();
    return t;
  }, id);
  const [first, [end, state]] = await page.evaluate(() => {
    const w = window as unknown as { __first: Promise<number>; __end: Promise<[number, string]> };
    return Promise.all([w.__first, w.__end]);
  });
  return { first: first - clicked, end: end - clicked, state };
}

interface PageResult {
  path: string;
  cell: string | null;
  autorun: boolean;
  beforeRun: Transfer[];
  worker: Transfer[];
  firstRun: Transfer[];
  cold: { first: number; end: number; state: string }[];
  atLoad?: { first: number; end: number; state: string };
}

async function open(browser: Browser, url: string, waitUntil: 'load' | 'networkidle' = 'networkidle') {
  // --block-sw: without the service worker, whose install precaches the shell (~9 MB) right after
  // the load event, alongside the first Run (to see what that costs)
  const context = await browser.newContext(process.argv.includes('--block-sw') ? { serviceWorkers: 'block' } : {});
  const page = await context.newPage();
  const workers = new Set<string>();
  page.on('worker', (w) => workers.add(new URL(w.url()).pathname));
  const scripts = recordScripts(page);
  await page.goto(url, { waitUntil });
  return { context, page, scripts, workers };
}

/**
 * One page: COLD_LOADS cold loads pressing Run on the first runnable cell once the page is idle
 * (network idle; the first load also weighs the scripts), then one pressing it the moment the page has loaded.
 */
async function measurePage(browser: Browser, base: string, path: string): Promise<PageResult> {
  const result: PageResult = { path, cell: null, autorun: false, beforeRun: [], worker: [], firstRun: [], cold: [] };
  for (let i = 0; i < COLD_LOADS; i++) {
    const { context, page, scripts, workers } = await open(browser, base + path);
    const before = scripts.length;
    ({ id: result.cell, autorun: result.autorun } = await firstRunnable(page));
    if (result.cell) {
      result.cold.push(await firstResult(page, result.cell));
      await page.waitForLoadState('networkidle');
    }
    if (i === 0) {
      await scripts.settle();
      const isWorker = (t: Transfer) => workers.has(t.url);
      result.beforeRun = scripts.slice(0, before).filter((t) => !isWorker(t));
      result.worker = scripts.filter(isWorker);
      result.firstRun = scripts.slice(before).filter((t) => !isWorker(t));
    }
    await context.close();
    if (!result.cell) return result; // nothing to run: one load weighs the page
  }
  const { context, page } = await open(browser, base + path, 'load');
  result.atLoad = await firstResult(page, result.cell!);
  await context.close();
  return result;
}

/** Chapter 1 only: the editor, the language service, and re-runs on webgl. */
async function measureDetails(browser: Browser, base: string) {
  const { context, page, scripts } = await open(browser, base + DETAIL_PAGE);
  await firstResult(page, 'compute');
  await page.waitForLoadState('networkidle');
  const opened = scripts.length;
  await page.locator('gb-cell[data-id="compute"] [data-action="edit"]').click();
  await page.locator('gb-cell[data-id="compute"] .cm-content').waitFor();
  await page.waitForLoadState('networkidle');
  const editor = scripts.slice(opened);
  // the first edit starts the TypeScript language service (src/cells/editor-types.ts)
  await page.keyboard.type(' ');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /ts-worker/.test(e.name)), null, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  await scripts.settle();
  const types = scripts.slice(opened + editor.length);
  await context.close();

  const c = await open(browser, base + DETAIL_PAGE);
  await firstResult(c.page, 'compute');
  const beforeWebgl = c.scripts.length;
  await c.page.locator('gb-cell[data-id="models"] select').selectOption('webgl');
  const runs: { ms: number; compiles: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await firstResult(c.page, 'models');
    runs.push({ ms: r.first, compiles: Number(await c.page.locator('gb-cell[data-id="models"]').getAttribute('data-kernel-compiles')) });
  }
  await c.page.waitForLoadState('networkidle');
  await c.scripts.settle();
  const webgl = c.scripts.slice(beforeWebgl);
  await c.context.close();
  return { editor, types, webgl, runs };
}

if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first');
const only = arg('pages');
const paths = chapterPages().map((p) => p.path).filter((p) => !only || p.includes(only));
if (paths.length === 0) throw new Error(`no chapter page matches --pages=${only}`);
const server = await preview({ root: process.cwd(), server: { port: Number(process.env.GRADBOOK_TEST_PORT ?? 4329), host: '127.0.0.1' }, logLevel: 'warn' });
const base = `http://127.0.0.1:${server.port}`;
const browser = await launchBrowser();
const pages: PageResult[] = [];
for (const path of paths) {
  const r = await measurePage(browser, base, path);
  pages.push(r);
  console.error(`${path}: ${kb(sum(r.beforeRun, 'gzip'))} KB before Run, ${kb(sum(r.worker, 'gzip'))} + ${kb(sum(r.firstRun, 'gzip'))} KB for Run, `
    + `first output ${r.cold.map((x) => x.first.toFixed(0)).join('/') || '-'} ms, at load ${r.atLoad?.first.toFixed(0) ?? '-'} ms`);
  if (process.argv.includes('--files')) {
    for (const [what, xs] of [['before Run', r.beforeRun], ['worker', r.worker], ['on Run', r.firstRun]] as const) {
      console.error(`  ${what}: ${xs.map((t) => `${t.url.replace('/_astro/', '')} ${kb(t.gzip)}`).join(', ')}`);
    }
  }
}
const details = paths.includes(DETAIL_PAGE) ? await measureDetails(browser, base) : undefined;
await browser.close();
await server.stop();

const ok = (met: boolean) => (met ? '✓' : '✗ over');
const ms = (x: number) => `${x.toFixed(0)} ms`;
const rows = pages.map((r) => {
  const before = sum(r.beforeRun, 'gzip');
  const run = sum(r.worker, 'gzip') + sum(r.firstRun, 'gzip');
  const first = r.cold.length ? median(r.cold.map((x) => x.first)) : undefined;
  const end = r.cold.length ? median(r.cold.map((x) => x.end)) : undefined;
  const failed = [...r.cold, ...(r.atLoad ? [r.atLoad] : [])].some((x) => x.state !== 'done') ? ' (a load ended in an error or timed out)' : '';
  return {
    before, run, first, atLoad: r.atLoad?.first, cell: r.cell,
    line: `| \`${r.path}\` | ${r.cell ? `\`${r.cell}\`` : 'no cell'}${r.autorun ? ' (autorun above)' : ''} | ${kb(before)} KB ${ok(before <= BUDGET.beforeRunKB * 1024)} | `
      + (r.cell
        ? `${kb(run)} KB ${ok(run <= BUDGET.firstRunKB * 1024)} | ${ms(first!)} ${ok(first! <= BUDGET.firstResultMs)} `
          + `(${r.cold.map((x) => x.first.toFixed(0)).join(', ')}) | ${ms(r.atLoad!.first)} ${ok(r.atLoad!.first <= BUDGET.firstResultMs)} | ${ms(end!)}${failed} |`
        : '– | – | – | – |'),
  };
});
const withCell = rows.filter((r) => r.cell);
const verdict = (over: number, of: number, what: string) => (over === 0 ? `within ${what} on all ${of}` : `${over} of ${of} over ${what}`);
const overBefore = rows.filter((r) => r.before > BUDGET.beforeRunKB * 1024).length;
const overRun = withCell.filter((r) => r.run > BUDGET.firstRunKB * 1024).length;
const overFirst = withCell.filter((r) => r.first! > BUDGET.firstResultMs).length;
const overAtLoad = withCell.filter((r) => r.atLoad! > BUDGET.firstResultMs).length;
const lines = [
  START,
  '## Cells',
  '',
  `Generated by \`npm run bench:cells\` (\`node tests/bench/cells.ts\`) on ${new Date().toISOString().slice(0, 10)}, on the built site in`,
  `headless Chromium: every chapter page loaded cold (fresh context) ${COLD_LOADS} times, Run pressed on the page's first`,
  'runnable cell once the network is idle, then once more pressing Run the moment the page has loaded (the cell worker,',
  'which the page starts once loaded, only just started). Budgets: the page\'s JavaScript before the first Run ≤ 100 KB gzip; the',
  `first Run's (the cell worker with the engine, and what pressing Run loads) ≤ ${BUDGET.firstRunKB} KB gzip; first output`,
  `of that cell ≤ ${BUDGET.firstResultMs} ms after pressing Run, including starting the worker and compiling the engine's wasm.`,
  '"done" is when the cell finished (median of the first loads). "autorun above": a cell above shows output computed when',
  'the book was built; the measured Run runs it first, quietly (its output stays; no chart renderer is loaded for it).',
  '',
  '| page | first cell | page JS before Run (gzip) | first Run JS (gzip) | first output, Run at network idle (median; each) | first output, Run at load | done |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => r.line),
  '',
  `Page JS before the first Run: ${verdict(overBefore, rows.length, `${BUDGET.beforeRunKB} KB`)} pages. `
    + `First Run JS: ${verdict(overRun, withCell.length, `${BUDGET.firstRunKB} KB`)} pages with a cell. `
    + `First output, Run at network idle: ${verdict(overFirst, withCell.length, `${BUDGET.firstResultMs} ms`)}; `
    + `Run at load: ${verdict(overAtLoad, withCell.length, `${BUDGET.firstResultMs} ms`)}.`,
];
if (details) {
  const { editor, types, webgl, runs } = details;
  lines.push(
    '',
    `On \`${DETAIL_PAGE}\`:`,
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| loaded on opening the editor: CodeMirror (gzip) | ${kb(sum(editor, 'gzip'))} KB |`,
    `| loaded on first edit: TypeScript language service + declarations (gzip) | ${kb(sum(types, 'gzip'))} KB (${kb(sum(types, 'raw'))} KB raw, ${types.length} files) |`,
    `| loaded on choosing webgl: the webgl backend with gpu.js (gzip) | ${kb(sum(webgl, 'gzip'))} KB (${webgl.length} files) |`,
    `| \`models\` cell on webgl, runs 1–3: first output | ${runs.map((x) => `${x.ms.toFixed(0)} ms`).join(', ')} |`,
    `| kernels compiled after runs 1–3 | ${runs.map((x) => x.compiles).join(', ')} |`,
    '',
    `Re-runs on webgl ${runs[1].compiles === runs[0].compiles && runs[2].compiles === runs[0].compiles ? 'compiled no new kernel' : 'compiled new kernels'}.`,
  );
}
lines.push(END);
const section = lines.join('\n');
console.log(section);
if (!process.argv.includes('--no-write')) {
  writeBenchmarkSection(section, START, END);
  console.log('\nwrote the cells section of BENCHMARKS.md');
}
