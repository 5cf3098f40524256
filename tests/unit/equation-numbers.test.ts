import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { remarkEquationNumbers } from '../../src/markdown/remark-equation-numbers.mjs';

async function render(markdown: string): Promise<string> {
  const file = await unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkEquationNumbers)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeKatex)
    .use(rehypeStringify, { allowDangerousHtml: true })
    .process({ value: markdown, path: 'page.md' });
  return String(file);
}

/** Text of each KaTeX equation tag, e.g. "(1)"; KaTeX splits it over several spans. */
function tagTexts(html: string): string[] {
  return html
    .split('<span class="tag">')
    .slice(1)
    .map((rest) => rest.replace(/<\/span><\/span><\/span>[\s\S]*$/, '').replace(/<[^>]+>/g, ''));
}

describe('remarkEquationNumbers', () => {
  it('numbers display equations in page order and resolves \\eqref before and after', async () => {
    const html = await render('See $\\eqref{b}$.\n\n$$\na = 1 \\label{a}\n$$\n\n$$\nb = 2 \\label{b}\n$$\n\nThen $\\eqref{a}$.');
    expect(html).toContain('<a class="eqref" href="#eq-b">(2)</a>');
    expect(html).toContain('<a class="eqref" href="#eq-a">(1)</a>');
    expect(html).toContain('<span id="eq-a" class="eq-anchor"></span>');
    expect(html.indexOf('id="eq-a"')).toBeLessThan(html.indexOf('id="eq-b"'));
    // KaTeX draws the tags as "(1)" and "(2)" at the right edge, and no stray \label remains.
    expect(tagTexts(html)).toEqual(['(1)', '(2)']);
    expect(html).not.toContain('\\label');
  });

  it('skips equations marked \\notag and keeps numbering dense', async () => {
    const html = await render('$$\nx \\notag\n$$\n\n$$\ny \\label{y}\n$$\n\n$\\ref{y}$');
    expect(html).toContain('href="#eq-y">1</a>');
    expect(html).not.toContain('notag');
  });

  it('fails loudly on a reference to an unknown label', async () => {
    await expect(render('$\\eqref{missing}$')).rejects.toThrow(/names no equation on this page/);
  });

  it('rejects a label used twice', async () => {
    await expect(render('$$\na \\label{x}\n$$\n\n$$\nb \\label{x}\n$$')).rejects.toThrow(/duplicate equation label "x"/);
  });

  it('leaves ordinary inline math alone', async () => {
    const html = await render('Let $x^2$ be.');
    expect(html).toContain('class="katex"');
    expect(html).not.toContain('eqref');
  });
});
