/**
 * Exercise prompts as HTML, at build time: Markdown with `$…$` math rendered by KaTeX, Chinese
 * line breaks joined as on the chapter pages. A chapter exercise's prompt may cite an equation
 * of its chapter (`$\eqref{label}$`); on the assignment page that becomes a link to the equation
 * on the chapter page, numbered as the chapter numbers it. Node only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMath from 'remark-math';
import remarkRehype from 'remark-rehype';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import { visit } from 'unist-util-visit';
import { remarkEquationNumbers, anchorId } from '../markdown/remark-equation-numbers.mjs';
import { remarkJoinCjkLines } from '../markdown/remark-join-cjk-lines.mjs';
import { chapterIdFromPath } from '../chapter-id.mjs';
import { chapterParser } from '../markdown/chapter-parser.ts';
import type { Lang } from './chapter-exercises.ts';

const REFERENCE = /^\s*\\(eq)?ref\{([^}]+)\}\s*$/;

interface Node {
  type: string;
  value?: string;
  url?: string;
  data?: { equationLabel?: string; hProperties?: Record<string, string> };
  children?: Node[];
}

/** Equation numbers of every page of one language: page path → label → number. */
export function equationNumbers(contentDir: string, lang: Lang): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const files = readdirSync(join(contentDir, lang), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.mdx')).sort();
  for (const name of files) {
    const path = join(contentDir, lang, name);
    const slug = chapterIdFromPath(`${lang}/${name.split('\\').join('/')}`);
    out.set(slug === 'index' ? '/' : `/${slug}/`, numbersOfFile(path));
  }
  return out;
}

const byLang = new Map<Lang, Map<string, Map<string, number>>>();

/** `equationNumbers('content', lang)`, read once per build. */
export function bookEquationNumbers(lang: Lang): Map<string, Map<string, number>> {
  if (!byLang.has(lang)) byLang.set(lang, equationNumbers('content', lang));
  return byLang.get(lang)!;
}

/** Runs the site's own numbering plugin on a chapter, then reads the numbers it assigned. */
function numbersOfFile(path: string): Map<string, number> {
  const processor = chapterParser().use(remarkEquationNumbers);
  const tree = processor.runSync(processor.parse(readFileSync(path, 'utf8')), { path }) as Node;
  const numbers = new Map<string, number>();
  visit(tree as never, 'math', (node: Node) => {
    const n = /\\tag\{(\d+)\}\s*$/.exec(node.value ?? '')?.[1];
    if (node.data?.equationLabel && n) numbers.set(node.data.equationLabel, Number(n));
  });
  return numbers;
}

export interface PromptContext {
  lang: Lang;
  /** The chapter page a chapter exercise comes from (its references and `#` links point there). */
  page?: string;
  /** That page's equation numbers. */
  numbers?: Map<string, number>;
}

/** Turns `$\eqref{x}$` into a link to the chapter's equation, and `#…` links into links to the chapter page. */
function remarkChapterLinks(context: PromptContext) {
  return (tree: Node) => {
    visit(tree as never, 'inlineMath', (node: Node, index: number | undefined, parent: Node | undefined) => {
      const match = REFERENCE.exec(node.value ?? '');
      if (!match || !parent?.children || index === undefined) return;
      const label = match[2];
      const n = context.numbers?.get(label);
      const name = n === undefined ? label : String(n);
      const text = context.lang === 'zh' ? `章节中的式 (${name})` : `eq. (${name}) of the chapter`;
      // Without a page or a number, the label text alone (a dead link would be worse).
      parent.children[index] = context.page && n !== undefined
        ? { type: 'link', url: `${context.page}#${anchorId(label)}`, data: { hProperties: { className: 'eqref' } }, children: [{ type: 'text', value: text }] }
        : { type: 'text', value: text };
    });
    visit(tree as never, 'link', (node: Node) => {
      if (context.page && node.url?.startsWith('#')) node.url = `${context.page}${node.url}`;
    });
  };
}

/** A prompt's Markdown as HTML (KaTeX math; rehype-katex shows bad TeX in red instead of throwing). */
export function promptHtml(markdown: string, context: PromptContext): string {
  const file = unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkChapterLinks, context)
    .use(remarkJoinCjkLines)
    .use(remarkRehype)
    .use(rehypeKatex, { strict: 'ignore' })
    .use(rehypeStringify)
    .processSync(markdown);
  return String(file);
}
