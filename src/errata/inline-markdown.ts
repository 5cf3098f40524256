/**
 * One errata field (Markdown with inline math, code and emphasis) -> HTML for a table cell, at
 * build time. Raw HTML in a field is dropped, not passed through: the fields are text, never markup.
 */
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const processor = unified()
  .use(remarkParse)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeKatex, { strict: 'ignore' })
  .use(rehypeStringify);

export function inlineMarkdown(text: string): string {
  const html = String(processor.processSync(text)).trim();
  // a one-paragraph field goes into a table cell without its <p>
  const single = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return single && !single[1]!.includes('<p>') ? single[1]! : html;
}
