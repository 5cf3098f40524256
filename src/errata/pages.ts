/**
 * What the chapters hold that the errata refer to, read from the MDX sources with the book's own
 * parser: each page's title, its asides with an id (and the heading each sits under), its
 * erratum asides without one, and its cells. The appendix uses it for link texts; the errata test
 * uses it to check every entry against the chapters.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import yaml from 'js-yaml';
import { collectCells, type MdNode } from '../cells/extract.ts';
import { chapterIdFromPath } from '../chapter-id.mjs';
import { chapterParser } from '../markdown/chapter-parser.ts';
import type { Lang } from './errata.ts';

/** The title of an erratum aside in each language, as the chapters write it. */
export const ERRATUM_TITLE: Record<Lang, string> = { zh: '勘误', en: 'Erratum' };

export interface PageAside {
  id: string;
  /** The text of the nearest heading above the aside ('' at the top of the page). */
  heading: string;
  line: number;
  /** The aside's text (to check that it names the document and section its entry gives). */
  text: string;
}

export interface PageInfo {
  /** URL path without the locale, e.g. "math" or "projects/mlp". */
  page: string;
  file: string;
  title: string;
  /** Erratum asides that carry an id, in page order. */
  errata: PageAside[];
  /** Lines of erratum asides without an id (each one is an error: it cannot be linked). */
  unnamed: number[];
  /** Every cell id on the page, with its erratum flag. */
  cells: Map<string, { erratum: boolean }>;
}

const ASIDES = new Set(['note', 'tip', 'caution', 'danger']);
const cache = new Map<string, Map<string, PageInfo>>();

/** Every page of one language, keyed by page path. */
export function bookPages(lang: Lang, root = 'content'): Map<string, PageInfo> {
  const key = `${root}:${lang}`;
  if (!cache.has(key)) cache.set(key, readPages(lang, root));
  return cache.get(key)!;
}

function readPages(lang: Lang, root: string): Map<string, PageInfo> {
  const pages = new Map<string, PageInfo>();
  for (const file of mdxFiles(join(root, lang))) {
    const id = chapterIdFromPath(relative(root, file));
    const page = lang === 'en' ? id.replace(/^en\/?/, '') : id === 'index' ? '' : id;
    pages.set(page, readPage(file, page, lang));
  }
  return pages;
}

function mdxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? mdxFiles(join(dir, d.name)) : /\.mdx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

interface Node extends MdNode {
  name?: string;
  attributes?: Record<string, string | null | undefined> | null;
  data?: { directiveLabel?: boolean };
}

function readPage(file: string, page: string, lang: Lang): PageInfo {
  const source = readFileSync(file, 'utf8');
  const front = /^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '';
  const title = String((yaml.load(front, { schema: yaml.CORE_SCHEMA }) as { title?: unknown } | null)?.title ?? '');
  const tree = chapterParser().parse(source) as unknown as Node;
  const info: PageInfo = { page, file, title, errata: [], unnamed: [], cells: new Map() };
  let heading = '';
  const walk = (node: Node) => {
    if (node.type === 'heading') heading = textOf(node);
    if (node.type === 'containerDirective' && ASIDES.has(node.name ?? '') && labelOf(node).startsWith(ERRATUM_TITLE[lang])) {
      const line = node.position?.start.line ?? 0;
      const id = node.attributes?.id;
      if (id) info.errata.push({ id, heading, line, text: textOf(node) });
      else info.unnamed.push(line);
    }
    for (const child of node.children ?? []) walk(child as Node);
  };
  walk(tree);
  for (const { spec } of collectCells(tree, file)) info.cells.set(spec.id, { erratum: spec.options.erratum });
  return info;
}

function labelOf(node: Node): string {
  const first = node.children?.[0] as Node | undefined;
  return first?.data?.directiveLabel ? textOf(first) : '';
}

function textOf(node: MdNode): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'inlineMath') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}
