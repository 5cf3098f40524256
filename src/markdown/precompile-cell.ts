/**
 * A cell compiled at build time (remark-cells.mjs), with the compiler the worker would otherwise
 * load for it (transpile.ts): the page embeds the result, and a Run of the unedited cell sends it
 * to the worker, which then needs neither Sucrase nor acorn (src/cells/README.md, "Pipeline").
 */
import { compileCell, CellSyntaxError } from '../cells/transpile.ts';
import { packCell, unpackCell } from '../cells/compiled.ts';
import type { CellSpec } from '../cells/extract.ts';

/**
 * The cell's PackedCell as JSON (for a `<script type="application/json">`: the component escapes
 * `<`). A cell that does not compile fails the build with its page, id and position: every cell
 * of the book compiles, and a reader would otherwise meet the error on Run.
 */
export function precompileCell(spec: Pick<CellSpec, 'id' | 'code'>, page: string): string {
  let compiled;
  try {
    compiled = compileCell(spec.code);
  } catch (e) {
    const where = e instanceof CellSyntaxError ? ` (line ${e.line}, column ${e.column})` : '';
    throw new Error(`${page}: cell ${spec.id} does not compile: ${(e as Error).message}${where}`, { cause: e });
  }
  const packed = packCell(spec.code, compiled);
  // the worker rebuilds the body from these edits: check now that it gets the compiler's own
  if (unpackCell(spec.code, packed).body !== compiled.body) throw new Error(`${page}: cell ${spec.id}: its compiled form does not unpack to the compiled body`);
  return JSON.stringify(packed);
}
