/**
 * A compiled cell and what runs it without the compiler: the types, the syntax error class, the
 * function body, and the compact form the build embeds in the page (remark-cells.mjs), so the
 * worker runs an unedited cell without loading Sucrase and acorn (transpile.ts, a chunk of its own
 * in the browser, fetched on the first edited cell).
 */

/** The module name cells import the engine from. */
export const ENGINE_MODULE = 'gradbook';
/** Parameter that holds the engine namespace (for aliased and namespace imports). */
export const ENGINE_PARAM = '__gradbook';

export interface CompiledCell {
  /** Function body (JavaScript), same lines as the cell. */
  body: string;
  /** Names the cell declares at top level (written back to the scope). */
  declared: string[];
  /** Whether the last statement is an expression whose value is shown. */
  hasValue: boolean;
  /** Where `const __v = (` was inserted (1-based line, 0-based column), to correct error columns. */
  valueAt?: { line: number; column: number; length: number };
}

/**
 * A CompiledCell as the page carries it: the body as edits of the cell's own code, because the body
 * keeps the cell's lines and most of its text (types stripped, imports dropped, the last expression
 * wrapped). Each edit is [0-based line, column, characters removed, text inserted], one per changed
 * line. Across the book this is about a sixth of the cells' code, against more than all of it for
 * the bodies themselves.
 */
export interface PackedCell {
  declared: string[];
  hasValue: boolean;
  valueAt?: CompiledCell['valueAt'];
  edits: [line: number, column: number, removed: number, inserted: string][];
}

/** A syntax error with a 1-based line and column inside the cell. */
export class CellSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(message);
    this.line = line;
    this.column = column;
    this.name = 'SyntaxError';
  }
}

/**
 * The full function body: the cell, then (on a new line, so positions stay) writing back the
 * names it declares and the scope names it was given (a cell may reassign those).
 */
export function functionBody(cell: CompiledCell, params: readonly string[]): string {
  const writeBack = [...cell.declared, ...params]
    .map((n) => `__scope[${JSON.stringify(n)}] = ${n};`).join(' ');
  return `${cell.body}\n;${writeBack} return ${cell.hasValue ? '__v' : 'undefined'};`;
}

/** `cell` (compiled from `code`) as edits of `code`; throws if the body does not keep the cell's lines. */
export function packCell(code: string, cell: CompiledCell): PackedCell {
  const before = code.split('\n');
  const after = cell.body.split('\n');
  if (before.length !== after.length) throw new Error(`compiled body has ${after.length} lines, the cell ${before.length}`);
  const edits: PackedCell['edits'] = [];
  after.forEach((line, i) => {
    const old = before[i]!;
    if (line === old) return;
    let start = 0;
    while (start < line.length && start < old.length && line[start] === old[start]) start++;
    let end = 0;
    while (end < line.length - start && end < old.length - start && line[line.length - 1 - end] === old[old.length - 1 - end]) end++;
    edits.push([i, start, old.length - start - end, line.slice(start, line.length - end)]);
  });
  const packed: PackedCell = { declared: cell.declared, hasValue: cell.hasValue, edits };
  if (cell.valueAt) packed.valueAt = cell.valueAt;
  return packed;
}

/** The CompiledCell `packed` stands for, given the code it was packed against. */
export function unpackCell(code: string, packed: PackedCell): CompiledCell {
  const lines = code.split('\n');
  for (const [i, column, removed, inserted] of packed.edits) {
    const line = lines[i]!;
    lines[i] = line.slice(0, column) + inserted + line.slice(column + removed);
  }
  const cell: CompiledCell = { body: lines.join('\n'), declared: packed.declared, hasValue: packed.hasValue };
  if (packed.valueAt) cell.valueAt = packed.valueAt;
  return cell;
}
