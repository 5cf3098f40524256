// Cell speed budget, measured on the built site (run `npm run build` first):
//   - JavaScript the page ships before the first Run (gzip), and what the first Run loads;
//   - first cell result after pressing Run on a cold page (median of cold loads);
//   - kernel compiles when a cell is re-run on webgl (should be none).
// Writes a section between <!-- cells:start --> and <!-- cells:end --> in BENCHMARKS.md.
//
//   node tests/bench/cells.ts [--no-write]
import { existsSync } from 'node:fs';
import { writeBenchmarkSection } from './section.ts';
import { gzipSync } from 'node:zlib';
import { preview } from 'astro';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';

const PAGE = '/en/background/';
const COLD_LOADS = 5;
const START = '<!-- cells:start -->';
const END = '<!-- cells:end -->';

interface Transfer {
  url: string;
  raw: number;
  gzip: number;
}

/** Records every JavaScript response from now on. */
function recordScripts(page: Page): Transfer[] {
  const seen: Transfer[] = [];
  page.on('response', async (response) => {
    const type = response.request().resourceType();
    const url = response.url();
    if (!(type === 'script' || /\.m?js(\?|$)/.test(url))) return;
    try {
      const body = await response.body();
      seen.push({ url: new URL(url).pathname, raw: body.length, gzip: gzipSync(body).length });
    } catch {
      // redirects and aborted responses have no body
    }
  });
  return seen;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const sum = (xs: Transfer[], key: 'raw' | 'gzip') => xs.reduce((a, x) => a + x[key], 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds from the click on Run to the first output of the cell. */
async function firstResult(page: Page, id: string): Promise<number> {
  await page.evaluate((cellId) => {
    const out = document.querySelector(`gb-cell[data-id="${cellId}"] [data-cell-output]`)!;
    const w = window as unknown as { __firstOutput: Promise<number> };
    w.__firstOutput = new Promise((resolve) => {
      new MutationObserver((_, obs) => {
        obs.disconnect();
        resolve(performance.now());
      }).observe(out, { childList: true });
    });
  }, id);
  const clicked = await page.evaluate((cellId) => {
    const t = performance.now();
    (document.querySelector(`gb-cell[data-id="${cellId}"] [data-action="run"]`) as HTMLButtonElement).click();
    return t;
  }, id);
  const shown = await page.evaluate(() => (window as unknown as { __firstOutput: Promise<number> }).__firstOutput);
  return shown - clicked;
}

async function settle(page: Page, id: string): Promise<void> {
  await page.waitForFunction((cellId) => {
    const el = document.querySelector(`gb-cell[data-id="${cellId}"]`) as HTMLElement;
    return el.dataset.state === 'done' || el.dataset.state === 'error';
  }, id, { timeout: 60_000 });
}

async function measure(browser: Browser, base: string) {
  // JS before and after the first Run
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = recordScripts(page);
  await page.goto(base + PAGE, { waitUntil: 'networkidle' });
  const beforeRun = [...scripts];
  await firstResult(page, 'compute');
  await settle(page, 'compute');
  await page.waitForLoadState('networkidle');
  const firstRun = scripts.slice(beforeRun.length);
  await page.locator('gb-cell[data-id="compute"] [data-action="edit"]').click();
  await page.locator('gb-cell[data-id="compute"] .cm-content').waitFor();
  await page.waitForLoadState('networkidle');
  const editor = scripts.slice(beforeRun.length + firstRun.length);
  // the first edit starts the TypeScript language service (src/cells/editor-types.ts)
  await page.keyboard.type(' ');
  await page.locator('gb-cell[data-id="compute"] .cm-lintRange, gb-cell[data-id="compute"] .cm-content').first().waitFor();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /ts-worker/.test(e.name)), null, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const types = scripts.slice(beforeRun.length + firstRun.length + editor.length);
  await context.close();

  // cold first results
  const cold: number[] = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const c = await browser.newContext();
    const p = await c.newPage();
    await p.goto(base + PAGE, { waitUntil: 'networkidle' });
    cold.push(await firstResult(p, 'compute'));
    await settle(p, 'compute');
    await c.close();
  }

  // re-running on webgl
  const c = await browser.newContext();
  const p = await c.newPage();
  await p.goto(base + PAGE, { waitUntil: 'networkidle' });
  await firstResult(p, 'compute');
  await settle(p, 'compute');
  await p.locator('gb-cell[data-id="models"] select').selectOption('webgl');
  const runs: { ms: number; compiles: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const ms = await firstResult(p, 'models');
    await settle(p, 'models');
    runs.push({ ms, compiles: Number(await p.locator('gb-cell[data-id="models"]').getAttribute('data-kernel-compiles')) });
  }
  await c.close();
  return { beforeRun, firstRun, editor, types, cold, runs };
}

if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first');
const server = await preview({ root: process.cwd(), server: { port: 4329, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await launchBrowser();
const r = await measure(browser, `http://127.0.0.1:${server.port}`);
await browser.close();
await server.stop();

const budget = sum(r.beforeRun, 'gzip');
const lines = [
  START,
  '## Cells',
  '',
  `Generated by \`npm run bench:cells\` (\`node tests/bench/cells.ts\`) on ${new Date().toISOString().slice(0, 10)}, on the built site's`,
  `chapter 1 (\`${PAGE}\`), headless Chromium. Budget: ≤ 100 KB gzip of JavaScript before the first Run;`,
  'first result within 1 s of pressing Run on a cold page; no kernel compile when a cell is re-run.',
  '',
  '| measure | value |',
  '| --- | ---: |',
  `| JS before the first Run (all page scripts, gzip) | ${kb(budget)} KB (${r.beforeRun.length} files, ${kb(sum(r.beforeRun, 'raw'))} KB raw) |`,
  `| of which the cell island (gzip) | ${kb(sum(r.beforeRun.filter((t) => /Cell\.astro/.test(t.url)), 'gzip'))} KB |`,
  `| loaded by the first Run: worker with engine + transpiler (gzip) | ${kb(sum(r.firstRun, 'gzip'))} KB (${r.firstRun.length} files) |`,
  `| loaded on opening the editor: CodeMirror (gzip) | ${kb(sum(r.editor, 'gzip'))} KB |`,
  `| loaded on first edit: TypeScript language service + declarations (gzip) | ${kb(sum(r.types, 'gzip'))} KB (${kb(sum(r.types, 'raw'))} KB raw, ${r.types.length} files) |`,
  `| first result after Run, cold page (median of ${r.cold.length}) | ${median(r.cold).toFixed(0)} ms (${r.cold.map((x) => x.toFixed(0)).join(', ')}) |`,
  `| \`models\` cell on webgl, runs 1–3: first output | ${r.runs.map((x) => `${x.ms.toFixed(0)} ms`).join(', ')} |`,
  `| kernels compiled after runs 1–3 | ${r.runs.map((x) => x.compiles).join(', ')} |`,
  '',
  `Budget ${budget <= 100 * 1024 ? 'met' : 'NOT met'} for size; first result ${median(r.cold) <= 1000 ? 'within' : 'NOT within'} 1 s;`
    + ` re-runs ${r.runs[1].compiles === r.runs[0].compiles && r.runs[2].compiles === r.runs[0].compiles ? 'compiled no new kernel' : 'compiled new kernels'}.`,
  END,
];
const section = lines.join('\n');
console.log(section);
if (!process.argv.includes('--no-write')) {
  writeBenchmarkSection(section, START, END);
  console.log('\nwrote the cells section of BENCHMARKS.md');
}
