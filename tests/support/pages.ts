// The book's pages, read from content/ with the same id mapping the site uses.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chapterIdFromPath } from '../../src/chapter-id.mjs';

export interface BookPage {
  locale: 'zh' | 'en';
  /** Content file, relative to content/. */
  file: string;
  /** URL path, e.g. "/background/" or "/en/background/". */
  path: string;
}

/** Content files of one locale, relative to content/<locale>/, sorted, folders included. */
export function contentFiles(locale: 'zh' | 'en'): string[] {
  return readdirSync(`content/${locale}`, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.mdx?$/.test(name))
    .map((name) => name.split('\\').join('/'))
    .sort();
}

export function bookPages(): BookPage[] {
  return (['zh', 'en'] as const).flatMap((locale) =>
    contentFiles(locale).map((name) => {
      const id = chapterIdFromPath(join(locale, name));
      const path = id === 'index' ? '/' : `/${id}/`;
      return { locale, file: `${locale}/${name}`, path };
    }),
  );
}

/** Chapter pages only (numbered files), not the home pages. */
export function chapterPages(): BookPage[] {
  return bookPages().filter((page) => /\/\d+-/.test(`/${page.file}`));
}
