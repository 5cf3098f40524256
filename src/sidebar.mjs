// Builds the Starlight sidebar from the chapters on disk: grouped by `part`, ordered by file name
// (01-, 02-, ...). A chapter appears only when its file exists, so there are no empty entries.
// A chapter may be a folder (05-projects/index.mdx + 01-linear-regression.mdx ...): it becomes a
// collapsible group whose first entry is the folder's index page.
// Labels come from each page's own title, in each language, because items are given by slug.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { chapterIdFromPath } from './chapter-id.mjs';

const PARTS = [
  { key: 'foundations', zh: '基础', en: 'Foundations' },
  { key: 'methods', zh: '方法与推导', en: 'Methods and derivations' },
  { key: 'practice', zh: '实践', en: 'Practice' },
  { key: 'horizons', zh: '应用与展望', en: 'Applications and outlook' },
  { key: 'appendix', zh: '附录', en: 'Appendices' },
];

const NUMBERED = /^\d+-/;
const PAGE = /\.mdx?$/;

/** @param {URL} contentDir the content/ folder */
export function buildSidebar(contentDir) {
  const zhDir = new URL('zh/', contentDir);
  const chapters = readdirSync(zhDir)
    .filter((name) => NUMBERED.test(name))
    .sort()
    .map((name) => (statSync(new URL(name, zhDir)).isDirectory() ? folderChapter(zhDir, name) : fileChapter(zhDir, name)))
    .filter((chapter) => chapter !== undefined);
  return PARTS.map((part) => ({
    label: part.zh,
    translations: { en: part.en },
    items: chapters.filter((c) => c.part === part.key).map((c) => c.item),
  })).filter((group) => group.items.length > 0);
}

/** The assignments' index (src/pages/assignments/), after the chapters; Starlight adds /en/ on English pages. */
export const assignmentsSidebarLink = { label: '作业', translations: { en: 'Assignments' }, link: '/assignments/' };

function fileChapter(zhDir, name) {
  if (!PAGE.test(name)) return undefined;
  const { frontmatter } = parseFrontmatter(readFileSync(new URL(name, zhDir), 'utf8'));
  return { part: frontmatter.part ?? 'foundations', item: { slug: chapterIdFromPath(`zh/${name}`) } };
}

function folderChapter(zhDir, folder) {
  const dir = new URL(`${folder}/`, zhDir);
  const index = readdirSync(dir).find((name) => /^index\.mdx?$/.test(name));
  if (!index) return undefined;
  const { frontmatter } = parseFrontmatter(readFileSync(new URL(index, dir), 'utf8'));
  const enIndex = new URL(`../en/${folder}/${index}`, zhDir);
  const enTitle = existsSync(enIndex) ? parseFrontmatter(readFileSync(enIndex, 'utf8')).frontmatter.title : undefined;
  const sections = readdirSync(dir).filter((name) => NUMBERED.test(name) && PAGE.test(name)).sort();
  const slugs = [index, ...sections].map((name) => chapterIdFromPath(`zh/${folder}/${name}`));
  return {
    part: frontmatter.part ?? 'foundations',
    item: {
      label: frontmatter.title,
      translations: enTitle ? { en: enTitle } : undefined,
      collapsed: false,
      items: slugs.map((slug) => ({ slug })),
    },
  };
}
