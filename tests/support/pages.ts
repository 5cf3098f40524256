// The book's pages, read from content/ with the same id mapping the site uses.
import { readdirSync } from 'node:fs';
import { chapterIdFromPath } from '../../src/chapter-id.mjs';

export interface BookPage {
  locale: 'zh' | 'en';
  /** Content file, relative to content/. */
  file: string;
  /** URL path, e.g. "/background/" or "/en/background/". */
  path: string;
}

export function bookPages(): BookPage[] {
  return (['zh', 'en'] as const).flatMap((locale) =>
    readdirSync(`content/${locale}`)
      .filter((name) => /\.mdx?$/.test(name))
      .sort()
      .map((name) => {
        const id = chapterIdFromPath(`${locale}/${name}`);
        const path = id === 'index' ? '/' : `/${id}/`;
        return { locale, file: `${locale}/${name}`, path };
      }),
  );
}

/** Chapter pages only (numbered files), not the home pages. */
export function chapterPages(): BookPage[] {
  return bookPages().filter((page) => /\/\d+-/.test(`/${page.file}`));
}
