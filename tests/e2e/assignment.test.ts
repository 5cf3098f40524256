// The sample assignment's hand-out page as a student meets it: course id and variant, solving
// and checking every exercise, Download submission (validated with the grader's reader), edits
// kept across a reload, Load submission in a fresh browser (nothing runs), hostile files, the
// English page, and the page without JavaScript. The downloaded file stays in
// test-results/assignment/ for the grader's tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { axeFor, seriousViolations } from '../support/axe.ts';
import { describe, expect, inject, it } from 'vitest';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { useBrowser } from '../support/use-browser.ts';
import { bookExercises, publishedSample, SAMPLE_ID, SUBMISSION_DIR, submissionPath, variantFor } from '../support/assignment.ts';
import { readSubmission } from '../../src/assignments/submission.ts';

const base = inject('baseUrl');
const browser = useBrowser();
const PAGE = { zh: `/assignments/${SAMPLE_ID}/`, en: `/en/assignments/${SAMPLE_ID}/` };
const COURSE_ID = 'gb-test-2024001';
const FILE = submissionPath(SAMPLE_ID, COURSE_ID);

interface Variant { x: number[]; y: number[]; w0: number; b0: number; lr: number }

/** Correct answers a student could type: the chapters' solutions, and two written here. */
function solutions(lang: 'zh' | 'en'): Record<string, string> {
  const chapter = (id: string) => bookExercises()[lang].get(id)!.solution!;
  return {
    'ch4-sigmoid-grad': chapter('ch4-sigmoid-grad'),
    'ch4-linreg-grad': chapter('ch4-linreg-grad'),
    'ch5-critical-lr': chapter('ch5-critical-lr'),
    'ch5-standardize': chapter('ch5-standardize'),
    'a1-two-steps': [
      'const { x, y, w0, b0, lr } = variant;',
      'const X = tensor(x);',
      'const Y = tensor(y);',
      'const w = tensor([w0], { requiresGrad: true });',
      'const b = tensor([b0], { requiresGrad: true });',
      'const opt = new optim.SGD([w, b], { lr });',
      'for (let step = 0; step < 2; step++) {',
      'opt.zeroGrad();',
      'F.mseLoss(X.mul(w).add(b), Y).backward();',
      'opt.step();',
      '}',
      'const answer = { w: w.item(), b: b.item(), loss: F.mseLoss(X.mul(w).add(b), Y).item() };',
      'answer',
    ].join('\n'),
    'a1-stable-ce-grad': [
      'function ceGrad(Z: Tensor, t: number[]): Tensor {',
      'const [n, k] = Z.shape;',
      'const e = Z.sub(Z.max(1, true)).exp();',
      'const Y = tensor(t.map((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))));',
      'return e.div(e.sum(1, true)).sub(Y).div(n);',
      '}',
    ].join('\n'),
  };
}

/** Two steps of gradient descent in float64, as the grader's reference would compute them. */
function twoSteps({ x, y, w0, b0, lr }: Variant) {
  const n = x.length;
  const loss = (w: number, b: number) => x.reduce((s, xi, i) => s + (w * xi + b - y[i]) ** 2, 0) / n;
  let [w, b] = [w0, b0];
  for (let step = 0; step < 2; step++) {
    const r = x.map((xi, i) => w * xi + b - y[i]);
    const gw = (2 / n) * r.reduce((s, ri, i) => s + ri * x[i], 0);
    const gb = (2 / n) * r.reduce((s, ri) => s + ri, 0);
    [w, b] = [w - lr * gw, b - lr * gb];
  }
  return { w, b, loss: loss(w, b) };
}

const exercise = (page: Page, id: string) => page.locator(`[data-assignment-exercise="${id}"]`);
const starter = (page: Page, id: string) => exercise(page, id).locator('gb-cell[data-role="starter"]');
const variantCell = (page: Page) => page.locator('[data-variant-for="a1-two-steps"] gb-cell');
const codeOf = (cell: Locator) => cell.evaluate((el) => (el as HTMLElement & { code(): string }).code());

async function typeCode(cell: Locator, code: string): Promise<void> {
  await cell.locator('[data-action="edit"]').click();
  await cell.locator('.cm-content').click();
  await cell.page().keyboard.press('ControlOrMeta+a');
  await cell.page().keyboard.press('Delete');
  await cell.page().keyboard.insertText(code);
}

/** Waits until a cell's run ended; returns its state. */
async function settled(cell: Locator, timeout = 60_000): Promise<string> {
  await cell.page().waitForFunction((el) => !!el && !el.hasAttribute('data-running') && ['done', 'error'].includes((el as HTMLElement).dataset.state ?? ''), await cell.elementHandle(), { timeout });
  return (await cell.getAttribute('data-state')) ?? '';
}

async function enterCourseId(page: Page, id: string): Promise<void> {
  await page.fill('[data-course-id]', id);
  await page.locator('[data-variant-for="a1-two-steps"]:not([data-variant-missing]) gb-cell[data-state="done"] .gb-out--value').waitFor({ timeout: 60_000 });
}

describe('assignment page (zh)', () => {
  it('asks for a course id, draws the variant, checks correct work, downloads a valid submission and keeps edits', async () => {
    const { page, errors } = await openPage(browser(), base + PAGE.zh);
    const { published, hash } = await publishedSample();
    const typed = solutions('zh');
    // without an id: a notice, a clear error from the starter, and no download
    expect(await page.locator('[data-variant-for="a1-two-steps"] [data-variant-notice]').isVisible()).toBe(true);
    await starter(page, 'a1-two-steps').locator('[data-action="run"]').click();
    expect(await settled(starter(page, 'a1-two-steps'))).toBe('error');
    expect(await starter(page, 'a1-two-steps').locator('.gb-out--error').textContent()).toContain('请先在页面顶部输入学号');
    await page.locator('[data-download]').first().click();
    expect(await page.locator('[data-message]').first().textContent()).toContain('请先在上面输入学号');

    await enterCourseId(page, COURSE_ID);
    const body = published.exercises.find((e) => e.id === 'a1-two-steps')!.variant!;
    const variant = (await variantFor(SAMPLE_ID, COURSE_ID, body)) as Variant;
    const shown = await variantCell(page).locator('.gb-out--value').textContent();
    expect(shown).toContain(`x: [${variant.x.join(', ')}]`);
    expect(shown).toContain(`lr: ${variant.lr}`);

    for (const [id, code] of Object.entries(typed)) {
      await typeCode(starter(page, id), code);
      const check = exercise(page, id).locator('[data-exercise-check]');
      if (!(await check.isVisible())) continue;
      await check.click();
      const status = exercise(page, id).locator('[data-exercise-status]');
      await page.waitForFunction((el) => ['passed', 'failed'].includes((el as HTMLElement)?.dataset.state ?? ''), await status.elementHandle(), { timeout: 60_000 });
      expect(`${id}: ${await status.getAttribute('data-state')}`).toBe(`${id}: passed`);
    }
    expect(await exercise(page, 'a1-two-steps').locator('[data-exercise-check]').isVisible()).toBe(false);
    // the variant exercise: the page computes what float64 in Node computes from the same id
    await starter(page, 'a1-two-steps').locator('[data-action="run"]').click();
    expect(await settled(starter(page, 'a1-two-steps'))).toBe('done');
    const answer = await starter(page, 'a1-two-steps').locator('.gb-out--value').textContent();
    const expected = twoSteps(variant);
    for (const key of ['w', 'b', 'loss'] as const) {
      const got = Number(new RegExp(`${key}: (-?[\\d.e+-]+)`).exec(answer ?? '')?.[1]);
      expect(Math.abs(got - expected[key]), `${key}: ${got} vs ${expected[key]}`).toBeLessThan(1e-4 * (1 + Math.abs(expected[key])));
    }
    expect(await page.locator('[data-progress-text]').textContent()).toContain('5 道中已通过 5 道');

    mkdirSync(SUBMISSION_DIR, { recursive: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download]').last().click()]);
    expect(download.suggestedFilename()).toBe(`${SAMPLE_ID}.${COURSE_ID}.gradbook.json`);
    await download.saveAs(FILE);
    const read = await readSubmission(new Uint8Array(readFileSync(FILE)));
    if (!read.ok) throw new Error(read.message);
    const { submission } = read;
    expect(read.flags).toEqual([]);
    expect(submission.assignment).toEqual({ id: SAMPLE_ID, version: published.version, hash });
    expect(submission.book.engine).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(submission.book.build).toMatch(/^([0-9a-f]{4,40}|unknown)$/);
    expect(submission.student.courseId).toBe(COURSE_ID);
    expect(submission.language).toBe('zh');
    expect(Object.keys(submission.exercises)).toEqual(published.exercises.map((e) => e.id));
    for (const [id, code] of Object.entries(typed)) {
      expect(submission.exercises[id].source, id).toBe(code);
      expect(submission.exercises[id].browser?.passed ?? null, id).toBe(id === 'a1-two-steps' ? null : true);
    }
    // the instructor grades that exact file with the CLI: full marks, for the LMS identity
    const results = `${SUBMISSION_DIR}/results-${COURSE_ID}.json`;
    execFileSync(process.execPath, ['grader/cli.ts', 'grade-one', '--assignment', SAMPLE_ID, '--submission', FILE, '--results', results, '--identity', COURSE_ID]);
    const graded = JSON.parse(readFileSync(results, 'utf8')) as { score: number; tests: { status: string }[] };
    expect(graded.score).toBe(published.exercises.reduce((sum, e) => sum + e.points, 0));
    expect(graded.tests.every((t) => t.status === 'passed')).toBe(true);
    expect(await page.locator('[data-message]').last().textContent()).toContain('已下载');
    expect(await page.locator('[data-message]').first().textContent()).toBe(''); // the "enter your id" message has gone
    await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot of a scrolled page repeats the sticky header
    await saveScreenshot(page, 'assignment-zh-light', true);

    await page.reload();
    expect(await page.inputValue('[data-course-id]')).toBe(COURSE_ID);
    for (const [id, code] of Object.entries(typed)) {
      expect(await starter(page, id).getAttribute('data-edited'), id).not.toBeNull();
      expect(await codeOf(starter(page, id)), id).toBe(code);
    }
    await page.waitForFunction(() => document.querySelector('[data-progress-text]')?.textContent?.includes('5 道中已通过 5 道'));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('loads the file in a fresh browser without running anything, and refuses hostile files', async () => {
    const { page } = await openPage(browser(), base + PAGE.zh);
    const saved = JSON.parse(readFileSync(FILE, 'utf8'));
    const load = page.locator('[data-load]');
    const message = page.locator('[data-message]').first();
    await load.setInputFiles(FILE);
    await message.filter({ hasText: '已从文件恢复' }).waitFor();
    for (const [id, work] of Object.entries(saved.exercises as Record<string, { source: string }>)) {
      expect(await codeOf(starter(page, id)), id).toBe(work.source);
    }
    expect(await page.inputValue('[data-course-id]')).toBe(COURSE_ID);
    await variantCell(page).locator('.gb-out--value').waitFor();
    expect(await page.locator('gb-cell[data-role][data-state]').count()).toBe(0); // no starter or check ran
    await page.locator('#student').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'assignment-zh-loaded');
    const before = await codeOf(starter(page, 'ch4-sigmoid-grad'));

    const hostile: [string, string, string][] = [
      ['not JSON', '{ "format": "gradbook-submission", ', '不是 JSON'],
      ['another assignment', JSON.stringify({ ...saved, assignment: { ...saved.assignment, id: 'a2-other' } }), '属于作业 a2-other'],
      ['another version', JSON.stringify({ ...saved, assignment: { ...saved.assignment, version: 2 } }), '第 2 版做的，本页是第 1 版'],
      ['an extra field', JSON.stringify({ ...saved, run: 'fetch("//evil")' }), '内容不符合提交文件的格式'],
    ];
    for (const [what, text, expected] of hostile) {
      await load.setInputFiles({ name: 'x.gradbook.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await message.filter({ hasText: expected }).waitFor({ timeout: 10_000 }).catch(() => undefined);
      expect(`${what}: ${await message.textContent()}`).toContain(expected);
      expect(await message.textContent()).toContain('页面没有任何改动');
      expect(await message.getAttribute('data-state')).toBe('error');
    }
    expect(await codeOf(starter(page, 'ch4-sigmoid-grad'))).toBe(before);
    expect(await page.locator('gb-cell[data-role][data-state]').count()).toBe(0);
    await page.context().close();
  });

  it('is accessible, links its English twin, and reads well in dark mode and at phone width', async () => {
    const light = await openPage(browser(), base + PAGE.zh);
    expect(await seriousViolations(axeFor(light.page))).toEqual([]);
    const languages = await light.page.locator('starlight-lang-select select option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
    expect(languages).toContain(PAGE.en);
    await light.page.context().close();
    const dark = await openPage(browser(), base + PAGE.zh, { colorScheme: 'dark' });
    expect(await dark.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await saveScreenshot(dark.page, 'assignment-zh-dark');
    await dark.page.context().close();
    const phone = await openPage(browser(), base + PAGE.zh, { width: 390, height: 844 });
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await phone.page.locator('#student').scrollIntoViewIfNeeded();
    await saveScreenshot(phone.page, 'assignment-zh-phone');
    await phone.page.context().close();
  });
});

describe('assignment page (en)', () => {
  it('draws the same variant for the same id, in English, light, dark and phone width', async () => {
    const { page, errors } = await openPage(browser(), base + PAGE.en, { colorScheme: 'dark' });
    await enterCourseId(page, COURSE_ID);
    const body = (await publishedSample()).published.exercises.find((e) => e.id === 'a1-two-steps')!.variant!;
    const variant = (await variantFor(SAMPLE_ID, COURSE_ID, body)) as Variant;
    expect(await variantCell(page).locator('.gb-out--value').textContent()).toContain(`y: [${variant.y.join(', ')}]`);
    expect(await page.locator('[data-progress-text]').textContent()).toContain('0 / 5 exercises passed');
    expect(await page.locator('.assignment__facts').textContent()).toContain('Monday 14 December 2026, 23:59 (UTC+8)');
    expect(await page.locator('a.eqref').first().getAttribute('href')).toMatch(/^\/en\/projects\/house-prices\/#eq-/);
    await exercise(page, 'a1-two-steps').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'assignment-en-dark');
    // another id: the variant cell is redrawn for it
    const other = (await variantFor(SAMPLE_ID, 'gb-test-2024002', body)) as Variant;
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(variant));
    await page.fill('[data-course-id]', 'gb-test-2024002');
    await variantCell(page).locator('.gb-out--value', { hasText: `y: [${other.y.join(', ')}]` }).waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.context().close();
    const light = await openPage(browser(), base + PAGE.en);
    await saveScreenshot(light.page, 'assignment-en-light', true);
    await light.page.context().close();
    const phone = await openPage(browser(), base + PAGE.en, { width: 390, height: 844 });
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await exercise(phone.page, 'a1-two-steps').scrollIntoViewIfNeeded();
    await saveScreenshot(phone.page, 'assignment-en-phone');
    await phone.page.context().close();
  });

  it('lists the assignments in the sidebar and on the index page', async () => {
    const { page } = await openPage(browser(), `${base}/en/assignments/`);
    expect(await page.locator('nav.sidebar a[href="/en/assignments/"]').count()).toBe(1);
    await page.locator(`a[href="${PAGE.en}"]`).click();
    await page.waitForURL(`**${PAGE.en}`);
    await page.context().close();
  });
});

describe('assignment page without JavaScript', () => {
  it('shows the prompts, math and highlighted starter code, and no solution', async () => {
    const context = await browser().newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + PAGE.en);
    const { published } = await publishedSample();
    for (const e of published.exercises) {
      expect(await exercise(page, e.id).locator('.assignment-exercise__prompt').isVisible(), e.id).toBe(true);
      expect(await starter(page, e.id).locator('pre.astro-code span[style*="--shiki-light"]').count(), e.id).toBeGreaterThan(3);
      expect(await starter(page, e.id).locator('pre.astro-code').textContent()).toContain(e.starter.en.split('\n')[0].trim());
    }
    expect(await page.locator('.assignment-exercise__prompt .katex').count()).toBeGreaterThan(10);
    expect(await page.locator('gb-cell[data-role="solution"], .gb-solution').count()).toBe(0);
    expect(await page.locator('noscript').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'assignment-en-nojs');
    await context.close();
  });
});
