// The lessons' interactive parts as a reader uses them: the step-through viewer, and an exercise
// checked, solved and remembered. Run all on every page is in chapters.test.ts.
import { describe, expect, inject, it } from 'vitest';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';

const base = inject('baseUrl');
const browser = useBrowser();

describe('step-through viewer', () => {
  it('steps forward op by op, then the loss, then backward, highlighting the equations', async () => {
    const { page } = await openPage(browser(), `${base}/en/math/`);
    const cell = page.locator('gb-cell[data-id="mlp-trace"]');
    await cell.locator('[data-action="run"]').click();
    const viewer = cell.locator('.stepper');
    await viewer.waitFor({ timeout: 60_000 });
    const status = viewer.locator('.stepper__status');
    const step = viewer.locator('button[aria-label="Step"]');
    const seen = new Set<string>();
    let highlighted = 0;
    while (await step.isEnabled()) {
      await step.click();
      const text = (await status.textContent()) ?? '';
      seen.add(text.split(' · ')[0]);
      highlighted += await viewer.locator('.stepper__equation.is-current').count();
      if (text.startsWith('Backward') && !(await viewer.locator('.stepper__matrix figcaption').first().textContent())?.includes('∂L/∂')) {
        throw new Error(`a backward step shows no gradient: ${text}`);
      }
    }
    expect([...seen]).toEqual(['Forward', 'Loss', 'Backward']);
    expect(highlighted).toBeGreaterThanOrEqual(4);
    await viewer.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'stepper-backward');
    // keyboard: Home resets, → steps
    await viewer.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await status.textContent()).toMatch(/^Forward · matmul \(1\//);
    await page.context().close();
  });
});

describe('exercises', () => {
  it('fails on the starter, passes with the solution, and remembers the pass', async () => {
    const { page } = await openPage(browser(), `${base}/math/`);
    const exercise = page.locator('gb-exercise[data-exercise="ch4-sigmoid-grad"]');
    const status = exercise.locator('[data-exercise-status]');
    const check = exercise.locator('[data-exercise-check]');
    await check.click();
    await page.waitForFunction((el) => ['passed', 'failed'].includes((el as HTMLElement)?.dataset.state ?? ''), await status.elementHandle(), { timeout: 120_000 });
    expect(await status.getAttribute('data-state')).toBe('failed');
    // the solution is behind a reveal; the reader copies it into the starter
    const solution = exercise.locator('details.gb-solution');
    expect(await solution.getAttribute('open')).toBeNull();
    const code = JSON.parse((await exercise.locator('gb-cell[data-role="solution"] [data-cell-source]').textContent()) ?? '""');
    const starter = exercise.locator('gb-cell[data-role="starter"]');
    await starter.locator('[data-action="edit"]').click();
    await starter.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(code);
    await check.click();
    await page.waitForFunction((el) => (el as HTMLElement)?.dataset.state === 'passed', await status.elementHandle(), { timeout: 60_000 });
    await page.reload();
    await page.locator('gb-exercise[data-exercise="ch4-sigmoid-grad"] [data-exercise-status][data-state="passed"]').waitFor();
    await page.context().close();
  });
});
