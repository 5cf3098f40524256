// Section 5.6 in Chromium: live training with Start / Stop / Resume in the cell worker (the
// weights survive Stop, the page answers input while it trains), then the pre-trained checkpoint
// writing a 藏头诗 for four characters typed by the reader, and its attention heat maps, in both
// languages. Prints the numbers the section quotes: time to the first sample, steps per second,
// the validation loss before and after the first 25 steps.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { cell, settled } from '../support/cells.ts';

const base = inject('baseUrl');
const browser = useBrowser();
const PAGE = { zh: '/projects/tang-gpt/', en: '/en/projects/tang-gpt/' } as const;

/** Clicks a cell's Run and waits until it (and the cells above it) have finished. */
async function run(page: Page, id: string, timeout = 90_000): Promise<string> {
  await cell(page, id).locator('[data-action="run"]').click();
  await page.waitForTimeout(100);
  return settled(cell(page, id), timeout);
}

/** The training cell's progress: the step shown by its bar. */
async function stepShown(train: Locator): Promise<number> {
  return Number((await train.locator('.gb-progress').getAttribute('data-value')) ?? -1);
}

/** Waits until the progress bar shows at least `step`. */
async function untilStep(page: Page, train: Locator, step: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ({ el, step }) => Number(el?.querySelector('.gb-progress')?.getAttribute('data-value') ?? -1) >= step,
    { el: await train.elementHandle(), step },
    { timeout, polling: 100 },
  );
}

/** Sample lines of the training cell: [step, validation loss, poem]. */
async function samples(train: Locator): Promise<{ step: number; val: number }[]> {
  const text = (await train.locator('pre.gb-out--log').allTextContents()).join('\n');
  return [...text.matchAll(/step\s+(\d+) · val ([\d.]+)/g)].map((m) => ({ step: Number(m[1]), val: Number(m[2]) }));
}

/** How many animation frames the page draws in one second (a busy main thread draws few). */
async function framesPerSecond(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    let frames = 0;
    const start = performance.now();
    const tick = () => {
      frames++;
      if (performance.now() - start < 1000) requestAnimationFrame(tick);
      else resolve(frames);
    };
    requestAnimationFrame(tick);
  }));
}

/** The four lines of a poem a cell printed as its value. */
async function poemLines(target: Locator): Promise<string[]> {
  return ((await target.locator('.gb-out--value').textContent()) ?? '').trim().split('\n');
}

describe('5.6 live training', () => {
  it('starts, stops keeping the weights, resumes, and the page answers input meanwhile', async () => {
    const t0 = Date.now();
    const { page, errors } = await openPage(browser(), base + PAGE.en);
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    expect(await run(page, 'tang-setup')).toBe('done');
    const train = cell(page, 'tang-train');
    expect(await run(page, 'tang-train')).toBe('done'); // toggle off: draws the Train button only
    expect(await stepShown(train)).toBe(0);
    await train.locator('[data-cell-controls] select').selectOption('25'); // a sample (with its validation loss) every 25 steps
    await settled(train);

    // an editor to type into while it trains (opened now: loading the editor is the page's own work)
    const editor = cell(page, 'tang-zipf');
    await editor.locator('[data-action="edit"]').click();
    await editor.locator('.cm-content').waitFor();

    const toggle = train.locator('.gb-control__toggle');
    expect(await toggle.textContent()).toContain('Train');
    await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
    const started = Date.now();
    await toggle.click();
    await train.locator('pre.gb-out--log').first().waitFor({ timeout: 30_000 });
    const firstSample = Date.now() - started;
    expect(await toggle.textContent()).toContain('Stop');

    // the page stays responsive while the worker trains: frames keep coming, no long tasks on
    // the main thread, and a key typed into an editor shows at once
    await untilStep(page, train, 3);
    const fps = await framesPerSecond(page);
    await editor.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    let typingMs = 0;
    for (let n = 1; n <= 5; n++) {
      const typed = Date.now();
      await page.keyboard.press('x');
      await page.waitForFunction((tail) => document.querySelector('gb-cell[data-id="tang-zipf"] .cm-content')
        ?.textContent?.endsWith(tail) ?? false, 'x'.repeat(n), { polling: 'raf' });
      typingMs = Math.max(typingMs, Date.now() - typed);
    }
    const longestTask = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
    expect(fps).toBeGreaterThan(20);
    expect(typingMs).toBeLessThan(500);
    expect(longestTask).toBeLessThan(250);

    await untilStep(page, train, 26, 90_000);
    const stepsPerSecond = 25 / ((Date.now() - started - firstSample) / 1000);
    await toggle.click(); // Stop: the loop ends at its next step, the cell finishes normally
    expect(await settled(train, 30_000)).toBe('done');
    expect(await toggle.textContent()).toContain('Train');
    const stoppedAt = await stepShown(train);
    expect(stoppedAt).toBeGreaterThanOrEqual(26);
    expect(await train.locator('.gb-out--error, .gb-check--fail').count()).toBe(0);
    expect(await train.locator('.gb-check--ok').count()).toBeGreaterThanOrEqual(1); // no leaked tensors
    const [before, after] = await samples(train);
    expect(before.step).toBe(0);
    expect(after.step).toBe(25);
    expect(after.val).toBeLessThan(before.val - 0.5);

    // Resume: the same model goes on from where it stopped
    await toggle.click();
    await untilStep(page, train, stoppedAt + 3);
    await toggle.click();
    expect(await settled(train, 30_000)).toBe('done');
    expect(await stepShown(train)).toBeGreaterThanOrEqual(stoppedAt + 3);
    expect((await samples(train)).map((s) => s.step).slice(0, 2)).toEqual([0, 25]);
    await train.locator('[data-cell-controls]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'tang-gpt-en-training');

    console.log(`5.6 training (Chromium, ${await page.evaluate(() => navigator.hardwareConcurrency)} cores): `
      + `first sample ${firstSample} ms after Train, ${stepsPerSecond.toFixed(2)} steps/s, `
      + `val loss ${before.val} → ${after.val} after 25 steps; while training ${fps} frames/s, a key shows in `
      + `≤ ${typingMs} ms, longest main-thread task ${longestTask.toFixed(0)} ms; test ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(errors).toEqual([]);
    await page.evaluate(() => localStorage.clear());
    await page.context().close();
  }, 240_000);
});

describe('5.6 the pre-trained model', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: writes a 藏头诗 for four typed characters, held to the form, and draws its attention`, async () => {
      const t0 = Date.now();
      const { page, errors } = await openPage(browser(), base + PAGE[lang]);
      const acrostic = cell(page, 'tang-acrostic');
      expect(await run(page, 'tang-acrostic')).toBe('done');
      expect(await poemLines(acrostic)).toHaveLength(4);

      const heads = '山水花月';
      const input = acrostic.locator('[data-cell-controls] input[type="text"]');
      await input.fill(heads);
      await input.press('Enter');
      await page.waitForTimeout(100);
      expect(await settled(acrostic)).toBe('done');
      const lines = await poemLines(acrostic);
      expect(lines).toHaveLength(4);
      lines.forEach((line, i) => {
        expect(line[0]).toBe(heads[i]);
        expect(line).toMatch(new RegExp(`^[^，。]{5}${i % 2 === 0 ? '，' : '。'}$`));
      });
      expect(await acrostic.locator('.gb-check--fail').count()).toBe(0);

      const attention = cell(page, 'tang-attention');
      expect(await run(page, 'tang-attention')).toBe('done');
      const figure = attention.locator('.gb-plot[data-figure-id="tang-attention-all"]');
      await figure.locator('svg').first().waitFor();
      // one rect per attention weight (12 maps of up to 24 × 24); Plot's per-mark labels are removed (labelChart)
      expect(await figure.locator('svg rect').count()).toBeGreaterThan(1000);
      expect(await figure.locator('svg[role="img"][aria-label]').count()).toBeGreaterThan(0);
      expect(await figure.locator('svg, div').filter({ hasText: lang === 'zh' ? '注意力权重' : 'attention weight' }).count()).toBeGreaterThan(0);
      const one = cell(page, 'tang-attention-one');
      expect(await run(page, 'tang-attention-one')).toBe('done');
      expect(await run(page, 'tang-attention-kinds')).toBe('done');
      await one.locator('.gb-plot svg').first().waitFor();
      expect(await one.locator('.gb-plot').textContent()).toContain(heads[0]);

      // screenshots of the outputs: light, dark, and (zh) at phone width
      const show = async (target: Locator, name: string) => {
        await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await page.waitForTimeout(100);
        await saveScreenshot(page, name);
      };
      await show(acrostic.locator('[data-cell-controls]'), `tang-gpt-${lang}-acrostic`);
      await show(figure, `tang-gpt-${lang}-attention`);
      await page.evaluate(() => {
        document.documentElement.dataset.theme = 'dark';
        localStorage.setItem('starlight-theme', 'dark');
      });
      await show(figure, `tang-gpt-${lang}-attention-dark`);
      await show(one.locator('[data-cell-controls]'), `tang-gpt-${lang}-attention-one-dark`);
      if (lang === 'zh') {
        await page.setViewportSize({ width: 390, height: 844 });
        await show(acrostic.locator('[data-cell-controls]'), 'tang-gpt-zh-phone-acrostic');
        await show(figure, 'tang-gpt-zh-phone-attention');
        await show(cell(page, 'tang-attention-kinds').locator('[data-cell-output]'), 'tang-gpt-zh-phone-kinds');
      }
      if (lang === 'en') {
        // the step-through viewer on one forward and backward pass of a tiny GPT
        const traced = cell(page, 'tang-trace');
        expect(await run(page, 'tang-trace')).toBe('done');
        const viewer = traced.locator('.stepper');
        await viewer.waitFor();
        const step = viewer.locator('button[aria-label="Step"]');
        const phases = new Set<string>();
        let highlighted = 0;
        await viewer.focus();
        for (let i = 0; i < 1000 && (i % 8 !== 0 || (await step.isEnabled())); i++) {
          await page.keyboard.press('ArrowRight');
          phases.add(((await viewer.locator('.stepper__status').textContent()) ?? '').split(' · ')[0]);
          if (i % 4 === 3) highlighted += await viewer.locator('.stepper__equation.is-current').count();
        }
        expect([...phases]).toEqual(['Forward', 'Loss', 'Backward']);
        expect(highlighted).toBeGreaterThanOrEqual(2);
      }
      console.log(`5.6 ${lang}: checkpoint to 藏头诗 and heat maps in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${lines.join(' ')}`);
      expect(errors).toEqual([]);
      await page.evaluate(() => localStorage.clear());
      await page.context().close();
    }, 180_000);
  }
});
