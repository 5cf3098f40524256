import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import { collectCells, hashString, isCellFence, parseMeta, type MdNode } from '../../src/cells/extract.ts';
import { remarkCells } from '../../src/markdown/remark-cells.mjs';

const parse = (text: string) => unified().use(remarkParse).use(remarkMdx).parse(text) as unknown as MdNode;
const fence = (meta: string, code: string) => '```ts ' + meta + '\n' + code + '\n```\n';

describe('cell fences', () => {
  it('only ts/typescript fences with the word "cell" are cells', () => {
    expect(isCellFence('ts', 'cell')).toBe(true);
    expect(isCellFence('typescript', 'cell id=a')).toBe(true);
    expect(isCellFence('ts', 'title="cell.ts"')).toBe(false);
    expect(isCellFence('js', 'cell')).toBe(false);
    expect(isCellFence('ts', null)).toBe(false);
  });

  it('parses options from the meta string', () => {
    expect(parseMeta('cell id=compute hidden autorun readonly timeout=60')).toEqual({ id: 'compute', hidden: true, autorun: true, readonly: true, erratum: false, timeout: 60 });
    expect(parseMeta('cell')).toEqual({ hidden: false, autorun: false, readonly: false, erratum: false });
    expect(parseMeta('cell erratum').erratum).toBe(true);
    expect(parseMeta('cell type-error').typeError).toBe(true);
    expect(() => parseMeta('cell type-error=yes')).toThrow(/invalid cell option/);
  });

  it('rejects unknown options and bad ids', () => {
    expect(() => parseMeta('cell hiden')).toThrow(/unknown cell option: hiden/);
    expect(() => parseMeta('cell id=1x')).toThrow(/invalid cell id/);
    expect(() => parseMeta('cell timeout=-1')).toThrow(/invalid cell timeout/);
  });
});

describe('collectCells', () => {
  const page = `# T\n\n## Compute\n\n${fence('cell id=a', 'const x = 1;')}\n${fence('cell', 'x + 1')}\n## Memory\n\n${fence('cell', 'x')}\n${fence('', 'not a cell')}`;

  it('finds cells in page order with explicit or derived ids', () => {
    const cells = collectCells(parse(page)).map((c) => c.spec);
    expect(cells.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(cells[0].id).toBe('a');
    expect(cells[1].id).toMatch(/^c-[0-9a-z]+-2$/);
    expect(cells[2].id).toMatch(/^c-[0-9a-z]+-1$/);
    expect(cells[1].code).toBe('x + 1');
    expect(cells[1].hash).toBe(hashString('x + 1'));
  });

  it("keeps a derived id when the cell's code or another section changes", () => {
    const before = collectCells(parse(page)).map((c) => c.spec.id);
    const edited = page.replace('x + 1', 'x + 2').replace('## Memory\n\n', '## Memory\n\nMore prose.\n\n');
    const after = collectCells(parse(`${fence('cell', 'const other = 0;')}\n${edited}`)).map((c) => c.spec.id);
    expect(after.slice(1)).toEqual(before);
  });

  it('names the line of a duplicate id or a bad option', () => {
    expect(() => collectCells(parse(fence('cell id=a', '1') + '\n' + fence('cell id=a', '2')), 'p.mdx')).toThrow(/p\.mdx:5: duplicate cell id 'a'/);
    expect(() => collectCells(parse(fence('cell nope', '1')), 'p.mdx')).toThrow(/p\.mdx:1: unknown cell option/);
  });
});

describe('remark-cells', () => {
  it('replaces each cell with the Cell component and imports it once', async () => {
    const tree = parse(`Text\n\n${fence('cell id=a hidden', 'const x = 1;')}\n${fence('cell', 'x')}`) as unknown as { children: { type: string; name?: string; attributes?: { name: string; value: unknown }[] }[] };
    await remarkCells()(tree, { path: '/x/page.mdx' });
    expect(tree.children[0].type).toBe('mdxjsEsm');
    const cells = tree.children.filter((n) => n.type === 'mdxJsxFlowElement');
    expect(cells).toHaveLength(2);
    const attrs = Object.fromEntries(cells[0].attributes!.map((a) => [a.name, a.value]));
    expect(attrs).toMatchObject({ id: 'a', code: 'const x = 1;', hidden: null });
    expect(tree.children.filter((n) => n.type === 'mdxjsEsm')).toHaveLength(1);
  });

  it('leaves pages without cells alone', async () => {
    const tree = parse('Just prose.\n') as unknown as { children: unknown[] };
    await remarkCells()(tree, { path: '/x/page.mdx' });
    expect(tree.children).toHaveLength(1);
  });
});
