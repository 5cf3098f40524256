// The page treats everything the cell worker sends as untrusted: cell code can post messages
// itself, after learning the channel and runId from the messages it receives. Chapter 1's first
// cell (no cells above it) is edited into an attacker; the page must draw every payload as text,
// drop malformed messages, stay within its output budget, and run a normal cell afterwards.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openPage } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { cell, settled, typeCode } from '../support/cells.ts';

const base = inject('baseUrl');
const PAGE = '/en/background/';
const browser = useBrowser();

/**
 * Cell code that forges messages the way a hostile cell can: a listener it installs records the
 * channel and runId of each message the worker receives (the request of the cell's next run), and
 * the cell, after yielding one macrotask so that listener has seen its own run's request, posts
 * `body` under that tag while the run is still in progress. Run the cell twice: listen, then forge.
 */
const forger = (body: string) => String.raw`
const g = self as any;
if (!g.__listening) {
  g.__listening = true;
  self.addEventListener('message', (e: MessageEvent) => { g.__tag = { channel: e.data.channel, runId: e.data.runId }; });
}
await new Promise((resolve) => setTimeout(resolve, 0));
if (g.__tag) {
  const { channel, runId } = g.__tag;
  const send = (m: object) => self.postMessage({ channel, runId, ...m });
  ${body}
}`;

/** Payloads in every string field of every message type, then malformed messages, then a forged done. */
const ATTACK = forger(String.raw`
    const X = '<img src=x onerror="window.__pwned=1" class="gb-pwned"><script>window.__pwned=2</script><a class="gb-pwned" href="javascript:window.__pwned=3">x</a>';
    const S = '<img src=x onerror=__pwned=1>';
    send({ type: 'stdout', stream: 'log', text: X });
    send({ type: 'stdout', stream: 'error', text: X });
    send({ type: 'value', repr: X });
    send({ type: 'tensor', shape: [1, 2], dtype: S, data: [[S, null]], text: X, summarised: true, nanCount: 1 });
    send({ type: 'tensor', shape: [2, 2, 2], dtype: S, data: null, text: X, summarised: false, nanCount: 0 });
    send({ type: 'check', label: X, ok: false, details: { text: X, maxAbsError: 1, maxRelError: NaN, worst: [{ where: X, actual: 1, expected: 2, absError: 1 }] } });
    send({ type: 'check', label: X, ok: true });
    send({ type: 'error', kind: 'runtime', message: X, line: 1, column: 1, cellId: X });
    send({ type: 'plot', figureId: X, spec: { title: X, subtitle: X, caption: X, ariaLabel: X, x: { label: X }, color: { legend: true, label: X }, marks: [
      { mark: 'text', data: [{ x: 1, y: 1, t: X }], options: { x: 'x', y: 'y', text: 't', title: 't', ariaLabel: X } },
      { mark: 'dot', data: [{ x: 1, y: 2, t: X }, { x: 2, y: 1, t: S }], options: { x: 'x', y: 'y', fill: 't', stroke: X, tip: true } },
    ] } });
    send({ type: 'plot', figureId: 'class', spec: { className: 'gb-pwned', marks: [] } });
    send({ type: 'plot', figureId: 'style', spec: { style: 'position:fixed;inset:0', marks: [] } });
    send({ type: 'plot', figureId: 'href', spec: { marks: [{ mark: 'text', data: [{ x: 1 }], options: { x: 'x', text: 'x', href: 'javascript:window.__pwned=4', target: '_top' } }] } });
    send({ type: 'plot', figureId: 'image', spec: { marks: [{ mark: 'image', data: [{ x: 1 }], options: { x: 'x', src: 'x' } }] } });
    send({ type: 'plot', figureId: 'document', spec: { document: { createElement: 1 }, marks: [] } });
    send({ type: 'plot', figureId: 'scale-style', spec: { y: { style: 'background:url(//evil)' }, marks: [] } });
    const node = (id: number, op: string, inputs: number[]) => ({ id, op, inputs, label: X, shape: [1], value: [[S]], grad: [[S]] });
    send({ type: 'trace', tape: { title: X, nodes: [node(1, 'leaf', []), node(2, S, [1, 77])],
      steps: [
        { phase: 'forward', nodeIds: [2], title: X, equation: X },
        { phase: 'loss', nodeIds: [2], title: X, equation: null },
        { phase: 'backward', nodeIds: [2, 1], title: X, equation: 'h' },
      ],
      equations: [
        { label: X, tex: X },
        { label: 'h', tex: '\\href{javascript:window.__pwned=5}{click} \\url{javascript:window.__pwned=6}' },
        { label: 'c', tex: '\\htmlClass{gb-pwned}{x} \\htmlId{pwned}{y} \\htmlStyle{position:fixed}{z} \\htmlData{pwned=1}{w} \\includegraphics{x}' },
        { label: 'big', tex: '\\rule{100000em}{100000em}' },
        { label: 'loop', tex: '\\def\\a{\\a\\a}\\a' },
      ] } });
    send({ type: 'control', spec: { kind: 'range', id: X, label: X, min: 0, max: 1, scale: 'linear', value: 0.5 } });
    send({ type: 'control', spec: { kind: 'select', id: 'pick', label: X, options: [X, S, 3], value: S } });
    send({ type: 'control', spec: { kind: 'text', id: 'words', label: X, maxLength: 1000, placeholder: X, value: X } });
    send({ type: 'control', spec: { kind: 'toggle', id: 'go', label: X, onLabel: S, value: false } });
    send({ type: 'progress', id: X, label: X, value: 3, total: 10, rate: 1.5, remaining: 4 });
    send({ type: 'omitted', lines: 5, outputs: 2 });
    send({ type: 'ready', backends: [S, 'cpu'], backend: S });
    let deep: object = {};
    for (let i = 0; i < 500; i++) deep = { a: deep };
    for (const bad of [
      null, 42, X, [X], { channel, runId }, { channel, runId, type: X }, { channel, runId, type: '__proto__' },
      { channel, runId, type: 'constructor' }, { channel, runId: String(runId), type: 'value', repr: X },
      { channel, runId, type: 'value', repr: { toString: X } }, { channel, runId, type: 'value' },
      { channel, runId, type: 'stdout', stream: X, text: X }, { channel, runId, type: 'stdout', stream: 'log', text: 'x'.repeat(200000) },
      { channel, runId, type: 'tensor', shape: new Array(100000).fill(1), dtype: S, data: null, text: X, summarised: false, nanCount: 0 },
      { channel, runId, type: 'tensor', shape: [1], dtype: S, data: [[{ html: X }]], text: X, summarised: false, nanCount: 0 },
      { channel, runId, type: 'plot', figureId: 'huge', spec: { marks: [{ mark: 'dot', data: new Array(200000).fill(0), options: {} }] } },
      { channel, runId, type: 'plot', figureId: 'deep', spec: { marks: [], x: deep } },
      { channel, runId, type: 'plot', figureId: 'nomarks', spec: { title: X } },
      { channel, runId, type: 'trace', tape: { title: X, nodes: [], steps: [{ phase: 'forward', nodeIds: [99], title: X, equation: null }], equations: [] } },
      { channel, runId, type: 'trace', tape: { title: X, nodes: [], steps: [], equations: [{ label: 'x', html: X }] } },
      { channel, runId, type: 'check', label: X }, { channel, runId, type: 'check', label: X, ok: 'yes' },
      { channel, runId, type: 'error', kind: 'fatal', message: X }, { channel, runId, type: 'error', kind: 'runtime', message: X, line: -1 },
      { channel, runId, type: 'control', spec: { kind: 'range', id: 'r', label: X, min: 1, max: 0, scale: 'linear', value: 0 } },
      { channel, runId, type: 'control', spec: { kind: 'select', id: '__proto__', label: X, options: [1], value: 1 } },
      { channel, runId, type: 'ready', backends: X, backend: X }, { channel, runId, type: 'done', ms: 'soon', backend: X },
      { channel, runId, type: 'omitted', lines: -5, outputs: X }, { channel: 'other', runId, type: 'value', repr: X },
      { channel, runId, type: 'control', spec: { kind: 'text', id: 't', label: X, maxLength: 2, value: X } },
      { channel, runId, type: 'control', spec: { kind: 'toggle', id: 'g', label: X, onLabel: X, value: 'on' } },
      { channel, runId, type: 'progress', id: 'p', label: X, value: 11, total: 10 },
      { channel, runId, type: 'progress', id: 'p', label: X, value: 1, total: 10, rate: -1 },
    ]) self.postMessage(bad);
    send({ type: 'done', ms: 1, backend: S, kernelCompiles: 0 });`);

/** Opens chapter 1 and records dialogs and the scripts present before any run. */
async function open(): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const { page, errors } = await openPage(browser(), base + PAGE);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, errors, dialogs };
}

/** Runs the target cell (Shift+Enter in its editor) and waits until it has ended. */
async function run(page: Page, id: string, timeout = 30_000): Promise<{ state: string; ms: number }> {
  const t0 = Date.now();
  await cell(page, id).locator('[data-action="run"]').click();
  await page.waitForTimeout(50);
  const state = await settled(cell(page, id), timeout);
  return { state, ms: Date.now() - t0 };
}

/** The page still works: a normal cell runs and shows its value. */
async function stillUsable(page: Page, id: string): Promise<void> {
  await typeCode(cell(page, id), '6 * 7');
  expect((await run(page, id)).state).toBe('done');
  expect(await cell(page, id).locator('.gb-out--value').textContent()).toBe('42');
}

describe('cell output is untrusted data', () => {
  it('draws forged payloads in every message type as text, drops malformed ones, and stays usable', async () => {
    const { page, errors, dialogs } = await open();
    const target = cell(page, 'compute');
    const scriptsBefore = await page.evaluate(() => document.scripts.length);
    await typeCode(target, ATTACK);
    expect((await run(page, 'compute')).state).toBe('done'); // installs the listener
    await run(page, 'compute'); // the forged messages land in this run
    await target.locator('.stepper__equation').first().waitFor();
    await target.locator('.gb-plot svg, .gb-plot figure').first().waitFor();
    for (let i = 0; i < 3; i++) await target.locator('.stepper__button').nth(2).click(); // step through the forged tape

    // every payload is text on the page
    const output = target.locator('[data-cell-output]');
    expect(await output.locator('.gb-out--value').textContent()).toContain('<script>window.__pwned=2</script>');
    expect(await output.locator('.gb-check__label').first().textContent()).toContain('<img src=x');
    expect(await output.locator('.gb-out--error').first().textContent()).toContain('onerror=');
    expect(await output.locator('.gb-plot').count()).toBe(1); // only the well-formed figure
    expect(await output.locator('.stepper__equation').count()).toBe(5);
    expect(await target.locator('[data-cell-controls] .gb-control').count()).toBe(4);
    expect(await target.locator('[data-cell-controls] input[type="text"]').inputValue()).toContain('<img src=x');
    expect(await target.locator('[data-cell-controls] .gb-control__toggle').textContent()).toContain('<img src=x');
    expect(await output.locator('.gb-progress').count()).toBe(1);
    expect(await output.locator('.gb-progress__text').textContent()).toContain('<img src=x');
    expect(await output.getByText('Ignored a malformed message from the cell.').count()).toBe(1);

    // nothing was injected or run
    const injected = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      elements: document.querySelectorAll('.gb-pwned, #pwned, [data-pwned], img[onerror], [onerror], a[href^="javascript"], gb-cell img, gb-cell iframe, gb-cell object').length,
      scripts: document.scripts.length,
      cellScripts: document.querySelectorAll('gb-cell [data-cell-output] script, gb-cell .stepper script').length,
    }));
    expect(injected).toEqual({ pwned: undefined, elements: 0, scripts: scriptsBefore, cellScripts: 0 });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);

    await stillUsable(page, 'compute');
    expect(errors).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.context().close();
  });

  it('prints a million lines within bounded time: head, omitted count, tail', async () => {
    const { page, errors } = await open();
    const target = cell(page, 'compute');
    await typeCode(target, 'for (let i = 0; i < 1e6; i++) console.log(i);');
    const { state, ms } = await run(page, 'compute', 60_000);
    console.log(`1e6 console lines: cell finished in ${ms} ms`);
    expect(state).toBe('done');
    expect(ms).toBeLessThan(20_000);
    const output = target.locator('[data-cell-output]');
    expect(await output.locator('pre.gb-out--log').first().textContent()).toMatch(/^0\n1\n2\n/);
    expect((await output.locator('pre.gb-out--log').last().textContent())?.endsWith('\n999999')).toBe(true);
    expect(await output.locator('.gb-out--omitted').textContent()).toBe('… 998,800 lines omitted …');
    expect(await output.locator('pre.gb-out--log').evaluateAll((pres) => pres.reduce((n, p) => n + (p.textContent ?? '').split('\n').length, 0))).toBe(1200);
    await stillUsable(page, 'compute');
    expect(errors).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.context().close();
  });

  it('bounds its own work when a cell posts 100,000 stdout messages around the worker cap', async () => {
    const { page, errors } = await open();
    const target = cell(page, 'compute');
    await typeCode(target, forger("for (let i = 0; i < 1e5; i++) send({ type: 'stdout', stream: 'log', text: String(i) });"));
    expect((await run(page, 'compute')).state).toBe('done');
    const { state, ms } = await run(page, 'compute', 60_000);
    console.log(`1e5 forged stdout messages: cell finished in ${ms} ms`);
    expect(state).toBe('done');
    expect(ms).toBeLessThan(20_000);
    const t0 = Date.now();
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(Date.now() - t0).toBeLessThan(1000);
    const output = target.locator('[data-cell-output]');
    expect(await output.locator('pre.gb-out--log').first().textContent()).toMatch(/^0\n1\n/);
    expect((await output.locator('pre.gb-out--log').last().textContent())?.endsWith('\n99999')).toBe(true);
    expect(await output.locator('.gb-out--omitted').textContent()).toBe('… 98,300 lines omitted …');
    await stillUsable(page, 'compute');
    expect(errors).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.context().close();
  });
});
