import { readFileSync } from 'node:fs';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';
import { contentFiles as files } from '../support/pages.ts';

const frontmatter = (path: string) => parseFrontmatter(readFileSync(path, 'utf8')).frontmatter as Record<string, unknown>;

describe('content', () => {
  it('has an English twin for every Chinese page and no orphans', () => {
    expect(files('en')).toEqual(files('zh'));
  });

  it('gives twins the same chapter number, part and sources', () => {
    for (const name of files('zh')) {
      const zh = frontmatter(`content/zh/${name}`);
      const en = frontmatter(`content/en/${name}`);
      for (const key of ['chapter', 'part', 'sources', 'template']) expect([name, key, en[key]]).toEqual([name, key, zh[key]]);
    }
  });

  it('keeps the zh and en twins of a chapter the same shape (same number of display equations and diagrams)', () => {
    const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
    for (const name of files('zh')) {
      const zh = readFileSync(`content/zh/${name}`, 'utf8');
      const en = readFileSync(`content/en/${name}`, 'utf8');
      expect([name, count(en, /^\$\$/gm)]).toEqual([name, count(zh, /^\$\$/gm)]);
      expect([name, count(en, /^```mermaid/gm)]).toEqual([name, count(zh, /^```mermaid/gm)]);
    }
  });
});
