// Autorun cells computed at build time (src/cells/node/prerender.ts) and drawn into the page's
// HTML (prerender-html.ts), through the remark plugin the site uses.
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import { collectCells, type MdNode } from '../../src/cells/extract.ts';
import { remarkCells } from '../../src/markdown/remark-cells.mjs';
import { prerenderAutorun } from '../../src/cells/node/prerender.ts';
import { prerenderedOutputHtml } from '../../src/cells/node/prerender-html.ts';
import { cellStrings } from '../../src/cells/strings.ts';
import type { FromWorker } from '../../src/cells/protocol.ts';

type Tree = { children: { type: string; attributes?: { name: string; value: unknown }[] }[] };
const parse = (text: string) => unified().use(remarkParse).use(remarkMdx).parse(text) as unknown as MdNode;
const fence = (meta: string, code: string) => '```ts ' + meta + '\n' + code + '\n```\n';
const cellsOf = (text: string) => collectCells(parse(text)).map((c) => c.spec);

describe('autorun cells at build time', () => {
  it('runs the cells above an autorun cell (not exercise checks) and hands its validated output to the component', async () => {
    const page = [
      fence('cell id=base', 'const base = 2;'),
      fence('cell exercise=ex role=check', "throw new Error('a check cell must not run before an autorun cell');"),
      fence('cell id=shown autorun', "console.log('<b>twice</b>', base * 2);\nplot.line([{ x: 0, y: 1 }, { x: 1, y: base }], { x: 'x', y: 'y' })"),
      fence('cell id=after', 'base'),
    ].join('\n');
    const tree = parse(page) as unknown as Tree;
    await remarkCells()(tree, { path: '/x/page.mdx' });
    const attrs = tree.children.filter((n) => n.type === 'mdxJsxFlowElement').map((n) => Object.fromEntries(n.attributes!.map((a) => [a.name, a.value])));
    expect(attrs.map((a) => 'output' in a)).toEqual([false, false, true, false]);
    const messages = JSON.parse(attrs[2].output as string) as FromWorker[];
    expect(messages.map((m) => m.type)).toEqual(['stdout', 'plot']);
    expect(messages[0]).toMatchObject({ type: 'stdout', text: '<b>twice</b> 4' });

    const html = prerenderedOutputHtml(messages, cellStrings('en'), 'shown');
    expect(html).toContain('<p class="gb-cell__built">Output computed when the book was built; Run recomputes it in your browser.</p>');
    expect(html).toContain('&lt;b&gt;twice&lt;/b&gt; 4'); // text, never markup
    expect(html).not.toContain('<b>');
    // the chart at the page's desktop width and at a phone's (cell.css shows one)
    expect(html).toMatch(/<div class="gb-plot" data-figure-id="[^"]+"><div class="gb-plot__wide"><svg [^>]*width="640"[^>]*role="img" aria-label="plot: line"/);
    expect(html).toMatch(/<div class="gb-plot__narrow"><svg [^>]*width="336"[^>]*role="img" aria-label="plot: line"/);
    expect(prerenderedOutputHtml(messages, cellStrings('zh'), 'shown')).toContain('以下输出是构建本书时计算的');
  });

  it('gives the same output on every build (seeded data)', async () => {
    const page = fence('cell id=d autorun', "const { X } = datasets.linear({ n: 5, w: 2, b: 1, noise: 0.1, seed: 42 });\nX");
    // two runs of the same cells are one memoised computation: a page that differs in a comment runs afresh
    const first = await prerenderAutorun(cellsOf(page), 'a.mdx');
    const second = await prerenderAutorun(cellsOf(page.replace('\nX\n', '\nX // again\n')), 'b.mdx');
    expect(cellsOf(page)[0].code).not.toBe(cellsOf(page.replace('\nX\n', '\nX // again\n'))[0].code);
    expect(first.get('d')).toEqual(second.get('d'));
    expect(first.get('d')![0].type).toBe('tensor');
  });

  it('fails the build, naming the page and the cell, when a cell fails, a check fails, or an autorun cell reads host', async () => {
    await expect(prerenderAutorun(cellsOf(fence('cell id=bad autorun', 'undefinedName + 1')), '/x/a.mdx'))
      .rejects.toThrow(/\/x\/a\.mdx: cell bad, run at build time for the autorun cell: runtime error at line 1: .*undefinedName/);
    await expect(prerenderAutorun(cellsOf(fence('cell id=above', "throw new Error('no')") + fence('cell id=late autorun', '1')), '/x/b.mdx'))
      .rejects.toThrow(/\/x\/b\.mdx: cell above, run at build time for the autorun cell below it: runtime error/);
    await expect(prerenderAutorun(cellsOf(fence('cell id=chk autorun', "check('one is two', 1 === 2)")), '/x/c.mdx'))
      .rejects.toThrow(/cell chk.*check failed: one is two/);
    await expect(prerenderAutorun(cellsOf(fence('cell id=h autorun', "host === 'node' ? 1 : 2")), '/x/d.mdx'))
      .rejects.toThrow(/autorun cell h reads `host`/);
  });
});
