// Maps a content file path to the page id (= URL slug) Starlight routes it to.
// "zh/01-background.mdx" -> "background" (root locale), "en/01-background.mdx" -> "en/background".
// The numeric prefix orders files on disk and in the sidebar; it is kept out of the URL.

/** @param {string} entry path relative to content/, e.g. "en/01-background.mdx" */
export function chapterIdFromPath(entry) {
  const [locale, ...rest] = entry.replace(/\.(md|mdx)$/, '').split('/');
  const slug = rest
    .map((part) => part.replace(/^\d+-/, ''))
    .filter((part) => part !== 'index')
    .join('/');
  if (locale === 'zh') return slug || 'index';
  return slug ? `${locale}/${slug}` : locale;
}
