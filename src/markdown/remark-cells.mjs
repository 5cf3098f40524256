// Turns ```ts cell fenced blocks into <Cell .../> (components/cell/Cell.astro) in MDX pages.
//
//   ```ts cell id=compute hidden
//   const C = 6 * N * D;
//   ```
//
// Which fences are cells, their options and ids come from src/cells/extract.ts, the same code
// the Node cell runner (tests/cells/run.ts) uses. The plugin adds `import Cell from ...` to the
// page itself, so authors write plain fences and never import anything.
//
// An `autorun` cell's outputs are computed here, at build time (src/cells/node/prerender.ts), and
// handed to the component as JSON (`output`), which draws them into the page's HTML.
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { collectCells } from '../cells/extract.ts';
import { precompileCell } from './precompile-cell.ts';
import { prerenderAutorun } from '../cells/node/prerender.ts';

const COMPONENT = '__GradbookCell';
const CELL_PATH = fileURLToPath(new URL('../../components/cell/Cell.astro', import.meta.url));

/** @returns {(tree: any, file: any) => Promise<void>} */
export function remarkCells() {
  return async (tree, file) => {
    const path = String(file.path ?? '');
    const cells = collectCells(tree, path);
    if (cells.length === 0) return;
    if (!path.endsWith('.mdx')) throw new Error(`${path}: cells need an .mdx page`);
    const outputs = await prerenderAutorun(cells.map((c) => c.spec), path);
    for (const { spec, parent, indexInParent } of cells) {
      const { id, code, hash, index, options } = spec;
      parent.children[indexInParent] = {
        type: 'mdxJsxFlowElement',
        name: COMPONENT,
        attributes: [
          attribute('id', id),
          attribute('code', code),
          attribute('hash', hash),
          attribute('compiled', precompileCell(spec, path)),
          expression('index', index),
          ...(options.hidden ? [attribute('hidden', null)] : []),
          ...(outputs.has(id) ? [attribute('output', JSON.stringify(outputs.get(id)))] : []),
          ...(options.readonly ? [attribute('readonly', null)] : []),
          ...(options.erratum ? [attribute('erratum', null)] : []),
          ...(options.timeout ? [expression('timeout', options.timeout)] : []),
          ...(options.exercise ? [attribute('exercise', options.exercise)] : []),
          ...(options.role ? [attribute('role', options.role)] : []),
        ],
        children: [],
      };
    }
    tree.children.unshift(esm(`import ${COMPONENT} from ${JSON.stringify(CELL_PATH)};`));
  };
}

/** A string attribute (`null`: a boolean attribute, `hidden`). */
function attribute(name, value) {
  return { type: 'mdxJsxAttribute', name, value };
}

/** A numeric attribute, `index={3}`, with the estree MDX needs. */
function expression(name, number) {
  const value = String(number);
  return {
    type: 'mdxJsxAttribute',
    name,
    value: { type: 'mdxJsxAttributeValueExpression', value, data: { estree: parse(value, { ecmaVersion: 'latest', sourceType: 'module' }) } },
  };
}

function esm(value) {
  return { type: 'mdxjsEsm', value, data: { estree: parse(value, { ecmaVersion: 'latest', sourceType: 'module' }) } };
}
