// Builds the Starlight sidebar from the chapters on disk: grouped by `part`, ordered by file name
// (01-, 02-, ...). A chapter appears only when its file exists, so there are no empty entries.
// Labels come from each page's own title, in each language, because items are given by slug.
import { readdirSync, readFileSync } from 'node:fs';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { chapterIdFromPath } from './chapter-id.mjs';

const PARTS = [
  { key: 'foundations', zh: '基础', en: 'Foundations' },
  { key: 'methods', zh: '方法与推导', en: 'Methods and derivations' },
  { key: 'practice', zh: '实践', en: 'Practice' },
  { key: 'horizons', zh: '应用与展望', en: 'Applications and outlook' },
  { key: 'appendix', zh: '附录', en: 'Appendices' },
];

/** @param {URL} contentDir the content/ folder */
export function buildSidebar(contentDir) {
  const chapters = readdirSync(new URL('zh/', contentDir))
    .filter((name) => /^\d+-.*\.mdx?$/.test(name))
    .sort()
    .map((name) => {
      const source = readFileSync(new URL(`zh/${name}`, contentDir), 'utf8');
      const { frontmatter } = parseFrontmatter(source);
      return { slug: chapterIdFromPath(`zh/${name}`), part: frontmatter.part ?? 'foundations' };
    });
  return PARTS.map((part) => ({
    label: part.zh,
    translations: { en: part.en },
    items: chapters.filter((c) => c.part === part.key).map((c) => ({ slug: c.slug })),
  })).filter((group) => group.items.length > 0);
}
