import { describe, expect, it } from 'vitest';
import { errataProblems } from '../../src/errata/check.ts';
import { formatWhere, loadErrata, type Erratum } from '../../src/errata/errata.ts';
import { bookPages } from '../../src/errata/pages.ts';

const rows = loadErrata();
const pages = { zh: bookPages('zh'), en: bookPages('en') };

describe('errata (Appendix D) against the chapters', () => {
  it('has one entry for every erratum box, every box and cell it names exists, sorted by document and section', () => {
    expect(errataProblems(rows, pages)).toEqual([]);
  });

  it('finds erratum boxes in every kind of page (chapters, projects, appendices) and in both languages', () => {
    const boxes = (lang: 'zh' | 'en') => [...pages[lang].values()].flatMap((p) => p.errata.map((a) => `${p.page}#${a.id}`)).sort();
    expect(boxes('en')).toEqual(boxes('zh'));
    const onPages = new Set([...pages.zh.values()].filter((p) => p.errata.length).map((p) => p.page));
    for (const page of ['background', 'concepts', 'algorithms', 'math', 'projects', 'projects/mlp', 'applications', 'outlook', 'tools']) {
      expect([page, onPages.has(page)]).toEqual([page, true]);
    }
    expect(boxes('zh').length).toBe(rows.reduce((n, e) => n + e.asides.length, 0));
  });

  it('reports a box with no entry, an entry with no box, a wrong cell and an entry out of order', () => {
    const drop = rows.filter((e) => e.id !== 'erratum-001-1-bert-size');
    expect(errataProblems(drop, pages)).toContainEqual(expect.stringMatching(/01-background\.mdx:\d+: erratum box #erratum-001-1-bert-size has no entry/));
    const ghost: Erratum = { ...rows[0]!, id: 'erratum-000-1-ghost' };
    expect(errataProblems([ghost, ...rows], pages)).toContainEqual(`erratum-000-1-ghost (en): page "${ghost.asides[0]}" (${pages.en.get(ghost.asides[0]!)!.file}) has no erratum box #erratum-000-1-ghost`);
    const notErratum = rows.map((e) => (e.id === 'erratum-004-4-1-mse' ? { ...e, cells: ['math#ce-example'] } : e));
    expect(errataProblems(notErratum, pages)).toContainEqual(expect.stringContaining('cell math#ce-example is not an erratum cell'));
    // the last entry (document 004) moved to the front
    const moved = [rows.at(-1)!, ...rows.slice(0, -1)];
    expect(errataProblems(moved, pages)).toContainEqual(`${rows[0]!.id}: out of order, it belongs before ${rows.at(-1)!.id} (by document, then section)`);
  });

  it('writes the document and sections the way each language does', () => {
    const speech = rows.find((e) => e.where.length > 1)!;
    expect(formatWhere(speech, 'zh')).toMatch(/^\d{3} §[\d.]+(、§[\d.]+)*；\d{3} §/);
    expect(formatWhere(speech, 'en')).toMatch(/^\d{3} §[\d.]+(, §[\d.]+)*; \d{3} §/);
  });
});

