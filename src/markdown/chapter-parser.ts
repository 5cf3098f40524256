/**
 * The one way the book parses a chapter file outside Astro (cell runner, exercise and equation
 * indexes, the errata check): MDX, math, and directives. Directives matter because an aside may
 * carry an id, `:::caution[Erratum]{#erratum-001-1-bert-size}`, and without remark-directive the
 * MDX parser reads `{#…}` as a JavaScript expression and fails. Astro parses the same syntax with
 * the remark-directive that Starlight adds, so both see the same tree.
 */
import remarkDirective from 'remark-directive';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export function chapterParser() {
  return unified().use(remarkParse).use(remarkMdx).use(remarkDirective).use(remarkMath);
}
