/**
 * The book's exercises as data, read from the chapters' MDX with the site's own cell parser
 * (src/cells/extract.ts): for each `<Exercise id title>` its page, title, prompt (the Markdown
 * between the cells), starter, public checks and solution, in both languages. Node only: the
 * site build uses it to publish assignment pages, the grader to find reference solutions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { collectCells, type MdNode } from '../cells/extract.ts';
import { chapterIdFromPath } from '../chapter-id.mjs';
import { chapterParser } from '../markdown/chapter-parser.ts';

export type Lang = 'zh' | 'en';

export interface ChapterExercise {
  id: string;
  /** Page URL path, e.g. `/math/` or `/en/math/`. */
  page: string;
  title: string;
  /** The exercise's Markdown outside its cells and hints (may hold `$\eqref{…}$` of its page). */
  prompt: string;
  starter: string;
  checks: string[];
  solution: string | undefined;
}

interface JsxNode extends MdNode {
  name?: string;
  attributes?: { type: string; name: string; value: unknown }[];
  position?: { start: { line: number; offset?: number }; end?: { offset?: number } };
}

function attr(node: JsxNode, name: string): string | undefined {
  const a = node.attributes?.find((x) => x.type === 'mdxJsxAttribute' && x.name === name);
  return typeof a?.value === 'string' ? a.value : undefined;
}

/** A `<Hint>` block, on its own or as the only thing in a paragraph (hints are not part of the prompt). */
function isHint(node: JsxNode): boolean {
  if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') return node.name === 'Hint';
  const kids = (node.children ?? []).filter((c) => !(c.type === 'text' && !c.value?.trim()));
  return node.type === 'paragraph' && kids.length === 1 && isHint(kids[0] as JsxNode);
}

/** Every exercise of one chapter file. */
export function exercisesOfFile(file: string, relPath: string): ChapterExercise[] {
  const text = readFileSync(file, 'utf8');
  const tree = chapterParser().parse(text) as unknown as JsxNode;
  const cells = collectCells(tree, file).map((c) => c.spec);
  const slug = chapterIdFromPath(relPath);
  const page = slug === 'index' ? '/' : `/${slug}/`;
  const found: ChapterExercise[] = [];
  const walk = (node: JsxNode) => {
    if (node.type === 'mdxJsxFlowElement' && node.name === 'Exercise') {
      const id = attr(node, 'id');
      if (!id) throw new Error(`${file}: <Exercise> without an id`);
      const of = (role: string) => cells.filter((c) => c.options.exercise === id && c.options.role === role).map((c) => c.code);
      const prose = (node.children ?? []).filter((c) => c.type !== 'code' && !isHint(c as JsxNode));
      const prompt = prose.map((c) => {
        const p = (c as JsxNode).position;
        return p?.start.offset !== undefined && p.end?.offset !== undefined ? text.slice(p.start.offset, p.end.offset) : '';
      }).filter(Boolean).join('\n\n');
      found.push({ id, page, title: attr(node, 'title') ?? id, prompt, starter: of('starter')[0] ?? '', checks: of('check'), solution: of('solution')[0] });
      return;
    }
    (node.children as JsxNode[] | undefined)?.forEach(walk);
  };
  walk(tree);
  return found;
}

/** All exercises of the book in one language, by id. */
export function chapterExercises(contentDir: string, lang: Lang): Map<string, ChapterExercise> {
  const out = new Map<string, ChapterExercise>();
  const files = readdirSync(join(contentDir, lang), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.mdx')).sort();
  for (const name of files) {
    for (const ex of exercisesOfFile(join(contentDir, lang, name), `${lang}/${name}`)) {
      if (out.has(ex.id)) throw new Error(`exercise id ${ex.id} appears twice (${lang}/${name})`);
      out.set(ex.id, ex);
    }
  }
  return out;
}
