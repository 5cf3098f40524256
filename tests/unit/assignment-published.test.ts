// The assignment as published for the site: built from the public spec and the chapters, hashed
// the same way every time, with per-student variants, dates in words and prompts as HTML.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishAssignment, publishedHash } from '../../src/assignments/published.ts';
import { variantSeed } from '../../src/assignments/variant.ts';
import { formatInstant, latePolicy } from '../../src/assignments/dates.ts';
import { promptHtml, equationNumbers } from '../../src/assignments/prompt-html.ts';
import { loadAssignments, specFiles } from '../../src/assignments/site.ts';
import { bookExercises, loadSpec, publishedSample, variantFor } from '../support/assignment.ts';

describe('publishAssignment on the sample spec', () => {
  it('lists the exercises in order with their points, sources and chapter pages', async () => {
    const { published } = await publishedSample();
    expect(published.id).toBe('a1-gradients');
    expect(published.exercises.map((e) => [e.id, e.points, e.source])).toEqual([
      ['ch4-sigmoid-grad', 2, 'chapter'],
      ['ch4-linreg-grad', 3, 'chapter'],
      ['ch5-critical-lr', 2, 'chapter'],
      ['ch5-standardize', 3, 'chapter'],
      ['a1-two-steps', 4, 'assignment'],
      ['a1-stable-ce-grad', 4, 'assignment'],
    ]);
    expect(published.exercises[0].page).toEqual({ zh: '/math/', en: '/en/math/' });
    expect(published.exercises[3].page).toEqual({ zh: '/projects/house-prices/', en: '/en/projects/house-prices/' });
    expect(published.exercises[4].page).toBeUndefined();
    expect(published.exercises[4].variant).toContain('rng.pick');
    expect(published.exercises[5].checks.en).toHaveLength(1);
  });

  it('carries no solution: not as a field, and no chapter solution code anywhere in it', async () => {
    const { published } = await publishedSample();
    const text = JSON.stringify(published);
    expect(text).not.toContain('"solution"');
    for (const lang of ['zh', 'en'] as const) {
      for (const e of published.exercises.filter((x) => x.source === 'chapter')) {
        const solution = bookExercises()[lang].get(e.id)!.solution!;
        expect(solution.length).toBeGreaterThan(20);
        expect(text).not.toContain(JSON.stringify(solution).slice(1, -1));
      }
    }
  });
});

describe('publishedHash', () => {
  it('is the same for the same input, however often it is built', async () => {
    const a = await publishedSample();
    const b = publishAssignment(loadSpec(), bookExercises());
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await publishedHash(b)).toBe(a.hash);
    expect(await publishedHash(structuredClone(b))).toBe(a.hash);
  });

  it('changes when a starter changes', async () => {
    const { hash } = await publishedSample();
    const spec = loadSpec();
    const own = spec.exercises.find((e) => e.id === 'a1-two-steps')!;
    own.starter = { ...own.starter!, en: `${own.starter!.en}// one more line\n` };
    expect(await publishedHash(publishAssignment(spec, bookExercises()))).not.toBe(hash);
  });
});

describe('variants', () => {
  it('draws a stable seed per student, different between students', async () => {
    const a = await variantSeed('a1-gradients', '2024001');
    expect(await variantSeed('a1-gradients', '2024001')).toBe(a);
    expect(await variantSeed('a1-gradients', '  2024001 ')).toBe(a);
    expect(await variantSeed('a1-gradients', '2024002')).not.toBe(a);
    expect(await variantSeed('a2-other', '2024001')).not.toBe(a);
    expect(Number.isInteger(a) && a >= 0 && a < 2 ** 32).toBe(true);
  });

  it("gives two students different data for the sample's own exercise", async () => {
    const body = loadSpec().exercises.find((e) => e.id === 'a1-two-steps')!.variant!;
    const one = (await variantFor('a1-gradients', 'alice-01', body)) as { x: number[]; y: number[]; lr: number };
    expect(await variantFor('a1-gradients', 'alice-01', body)).toEqual(one);
    expect(one.x).toHaveLength(6);
    expect([0.02, 0.05, 0.1]).toContain(one.lr);
    const others = await Promise.all(['bob-02', 'carol-03', 'dave-04'].map((id) => variantFor('a1-gradients', id, body)));
    expect(others.some((v) => JSON.stringify(v) !== JSON.stringify(one))).toBe(true);
  });
});

describe('dates in words', () => {
  it("shows the author's wall-clock time with the zone, in both languages", () => {
    const due = new Date('2026-12-14T23:59:00+08:00').toISOString();
    expect(formatInstant(due, '+08:00', 'zh')).toBe('2026年12月14日（星期一）23:59（UTC+8）');
    expect(formatInstant(due, '+08:00', 'en')).toBe('Monday 14 December 2026, 23:59 (UTC+8)');
    expect(formatInstant(due, '-03:30', 'en')).toBe('Monday 14 December 2026, 12:29 (UTC−3:30)');
  });

  it('states the late policy, or that there is none', () => {
    const late = [{ date: new Date('2026-12-16T23:59:00+08:00').toISOString(), credit: 0.8 }];
    expect(latePolicy(late, '+08:00', 'en')).toBe('Late submissions: by Wednesday 16 December 2026, 23:59 (UTC+8), 80% of the points; after that, no points.');
    expect(latePolicy(late, '+08:00', 'zh')).toContain('得分按 80% 计；再晚不得分。');
    expect(latePolicy([], 'Z', 'zh')).toBe('截止后提交不得分。');
  });
});

describe('prompts as HTML', () => {
  it("links a chapter equation reference to the chapter page, numbered as there, with KaTeX math and no errors", () => {
    const numbers = equationNumbers('content', 'en').get('/en/projects/house-prices/')!;
    const prompt = bookExercises().en.get('ch5-standardize')!.prompt;
    const html = promptHtml(prompt, { lang: 'en', page: '/en/projects/house-prices/', numbers });
    expect(html).toMatch(/<a href="\/en\/projects\/house-prices\/#eq-house-standardize" class="eqref">eq\. \(\d+\) of the chapter<\/a>/);
    expect(html).not.toContain('eqref{');
    expect(html).not.toContain('katex-error');
    const own = promptHtml(loadSpec().exercises[5].prompt!.zh, { lang: 'zh' });
    expect(own).toContain('class="katex"');
    expect(own).not.toContain('katex-error');
    expect(own).not.toMatch(/[\u4e00-\u9fff]\n[\u4e00-\u9fff]/); // Chinese lines joined
  });
});

describe('loadAssignments', () => {
  it('reads only the spec files at the top level, never a folder, and checks ids against file names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradbook-assignments-'));
    const spec = (id: string) => `id: ${id}\nversion: 1\ntitle: T\ndue: 2026-12-14T23:59:00+08:00\nprivate: ${id}/private\nexercises:\n  - { id: ch4-sigmoid-grad, points: 1 }\n`;
    writeFileSync(join(dir, 'b1.yaml'), spec('b1'));
    mkdirSync(join(dir, 'b1', 'private'), { recursive: true });
    writeFileSync(join(dir, 'b1', 'private', 'grading.yaml'), 'not: [valid');
    expect(specFiles(dir)).toEqual([join(dir, 'b1.yaml')]);
    const [one] = await loadAssignments(dir, bookExercises());
    expect(one.spec.id).toBe('b1');
    expect(one.offset).toBe('+08:00');
    writeFileSync(join(dir, 'b2.yaml'), spec('b3'));
    await expect(loadAssignments(dir, bookExercises())).rejects.toThrow(/does not match the file name/);
  });
});
