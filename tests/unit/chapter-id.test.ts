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
