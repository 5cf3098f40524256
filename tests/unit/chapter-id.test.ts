import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chapterIdFromPath } from '../../src/chapter-id.mjs';
import { buildSidebar } from '../../src/sidebar.mjs';

describe('chapterIdFromPath', () => {
  it('puts Chinese at the root and English under en/, without the order prefix', () => {
    expect(chapterIdFromPath('zh/01-background.mdx')).toBe('background');
    expect(chapterIdFromPath('en/01-background.mdx')).toBe('en/background');
    expect(chapterIdFromPath('zh/index.mdx')).toBe('index');
    expect(chapterIdFromPath('en/index.mdx')).toBe('en');
    expect(chapterIdFromPath('en/05-projects/02-house-prices.mdx')).toBe('en/projects/house-prices');
  });
});

describe('buildSidebar', () => {
  it('lists every numbered Chinese chapter once, grouped by part, in file order', () => {
    const groups = buildSidebar(new URL('../../content/', import.meta.url)) as { label: string; items: { slug: string }[] }[];
    const slugs = groups.flatMap((g) => g.items.map((i) => i.slug));
    expect(slugs[0]).toBe('background');
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(groups.every((g) => g.items.length > 0)).toBe(true);
  });
});

describe('buildSidebar with a chapter folder', () => {
  it('makes a folder a group: index first, then its numbered sections, titled in both languages', () => {
    const root = mkdtempSync(join(tmpdir(), 'gradbook-content-'));
    const page = (path: string, title: string, part = 'practice') => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), `---\ntitle: ${title}\npart: ${part}\n---\n`);
    };
    page('zh/01-background.mdx', '背景', 'foundations');
    page('zh/05-projects/index.mdx', '第5章 项目实践');
    page('en/05-projects/index.mdx', 'Chapter 5 · Projects');
    page('zh/05-projects/02-house-prices.mdx', '房价');
    page('zh/05-projects/01-linear-regression.mdx', '线性回归');
    const groups = buildSidebar(pathToFileURL(`${root}/`)) as any[];
    expect(groups.map((g) => g.label)).toEqual(['基础', '实践']);
    const chapter = groups[1].items[0];
    expect(chapter.label).toBe('第5章 项目实践');
    expect(chapter.translations).toEqual({ en: 'Chapter 5 · Projects' });
    expect(chapter.items.map((i: { slug: string }) => i.slug)).toEqual([
      'projects',
      'projects/linear-regression',
      'projects/house-prices',
    ]);
  });
});
