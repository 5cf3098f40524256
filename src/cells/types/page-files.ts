/**
 * A page's cells as TypeScript files that see what the cells see at run time (scope.ts): the
 * engine's exports, the helpers, and the top-level names of the cells above. The CI check
 * (tests/types) and the editor's language service (editor-types.ts) both type-check these files,
 * so a reader sees the same errors as CI.
 *
 * Why one module per cell, not one file per page: at run time a cell may declare a name an earlier
 * cell declared (`const x = ...` twice on a page is common), which one file would reject as a
 * redeclaration. Each cell is its own module, so its own declarations simply win, and the names it
 * takes from above come in through a trailer appended after its last line, so a line of the file is
 * the same line of the cell and no position needs mapping:
 *
 *   const y = x.mul(2);                          <- the cell, unchanged
 *   ;
 *   import { tensor, nn } from 'gradbook';       <- engine names the cell uses and does not declare
 *   import { check } from 'gradbook/scope';      <- helpers (typed from helpers.ts)
 *   import { model } from './3-train.ts';        <- a const/function/class/type of the cell above that declared it last
 *   declare let x: typeof import('./2-data.ts').x;  <- a let/var from above: assignable, as at run time
 *   export { y };                                <- what this cell gives the cells below
 *
 * Imports are hoisted, and an ambient `declare let` has no temporal dead zone, so the trailer can
 * come after the code. Types and interfaces are shared too: they are erased at run time, so a later
 * cell may use them.
 */
import { stripTypes } from '../transpile.ts';
import { parse, type Pattern, type Node, type Program } from 'acorn';

/** Module names the trailer imports from (the editor's and CI's programs map them to declarations). */
export const ENGINE_TYPES_MODULE = 'gradbook';
export const SCOPE_TYPES_MODULE = 'gradbook/scope';

/** The names every cell starts with, as scope.ts seeds them (see scope-names.ts). */
export interface ScopeNames {
  engine: readonly string[];
  helpers: readonly string[];
}

export interface PageCell {
  id: string;
  code: string;
}

/** One cell as a file of the page's program. */
export interface CellFile {
  cellId: string;
  /** File name, relative to the page's folder (`3-train.ts`). */
  name: string;
  text: string;
  /** Lines of the cell: a diagnostic past them is in the trailer (reported at the cell's last line). */
  lines: number;
}

/**
 * Diagnostics not reported on cells: an unannotated parameter (7006), destructured parameter (7031)
 * or rest parameter (7019) is `any`. Cells are notebook code, often plain JavaScript
 * (`const loss = (w, b) => ...`), and the check is for wrong calls, not missing annotations. The
 * rest of strict stays on (noImplicitAny itself too: with it off, `const rows = []` would be `never[]`).
 */
export const IGNORED_DIAGNOSTICS: ReadonlySet<number> = new Set([7006, 7019, 7031]);

/** How a cell binds a top-level name. */
type Kind = 'let' | 'const' | 'type';

/** The names a cell binds at top level (declarations, imports, types); empty if it does not parse. */
export function cellBindings(code: string): Map<string, Kind> {
  const out = new Map<string, Kind>();
  let program: Program;
  try {
    program = parse(stripTypes(code), { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true });
  } catch {
    return out; // a syntax error: TypeScript reports it on the cell itself
  }
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration') {
      for (const s of stmt.specifiers) out.set(s.local.name, 'const');
    } else if (stmt.type === 'VariableDeclaration') {
      const names = new Set<string>();
      for (const d of stmt.declarations) patternNames(d.id, names);
      for (const n of names) out.set(n, stmt.kind === 'const' ? 'const' : 'let');
    } else if ((stmt.type === 'FunctionDeclaration' || stmt.type === 'ClassDeclaration') && stmt.id) {
      out.set(stmt.id.name, 'const');
    }
  }
  // Type-only syntax is gone after stripTypes; top-level statements start at column 0 in cells.
  for (const m of code.matchAll(/^(?:declare\s+)?(?:type|interface)\s+([A-Za-z_$][\w$]*)/gm)) if (!out.has(m[1])) out.set(m[1], 'type');
  for (const m of code.matchAll(/^import\s+type\s*\{([^}]*)\}/gm)) {
    for (const part of m[1].split(',')) {
      const local = part.trim().split(/\s+as\s+/).at(-1);
      if (local) out.set(local, 'type');
    }
  }
  return out;
}

function patternNames(p: Pattern | Node | null, out: Set<string>): void {
  if (!p) return;
  const n = p as Pattern;
  if (n.type === 'Identifier') out.add(n.name);
  else if (n.type === 'ObjectPattern') for (const prop of n.properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
  else if (n.type === 'ArrayPattern') for (const el of n.elements) patternNames(el, out);
  else if (n.type === 'RestElement') patternNames(n.argument, out);
  else if (n.type === 'AssignmentPattern') patternNames(n.left, out);
}

/** File name of a cell: its position (page order) and id. */
export function cellFileName(index: number, id: string): string {
  return `${index + 1}-${id}.ts`;
}

/** The page's cells as files, in page order (see the comment at the top). */
export function pageFiles(cells: readonly PageCell[], scope: ScopeNames): CellFile[] {
  /** Name -> the file that declared it last and how. */
  const above = new Map<string, { file: string; kind: Kind }>();
  const files: CellFile[] = [];
  cells.forEach((cell, index) => {
    const name = cellFileName(index, cell.id);
    const own = cellBindings(cell.code);
    const used = new Set(cell.code.match(/[A-Za-z_$][\w$]*/g));
    const visible = (n: string) => used.has(n) && !own.has(n);
    const trailer: string[] = [';'];
    const fromCells = [...above].filter(([n]) => visible(n));
    const fromEngine = scope.engine.filter((n) => visible(n) && !above.has(n));
    const fromHelpers = scope.helpers.filter((n) => visible(n) && !above.has(n));
    if (fromEngine.length) trailer.push(`import { ${fromEngine.join(', ')} } from '${ENGINE_TYPES_MODULE}';`);
    if (fromHelpers.length) trailer.push(`import { ${fromHelpers.join(', ')} } from '${SCOPE_TYPES_MODULE}';`);
    for (const [n, { file, kind }] of fromCells) {
      if (kind === 'let') trailer.push(`declare let ${n}: typeof import('./${file}').${n};`);
      else trailer.push(`import { ${kind === 'type' ? 'type ' : ''}${n} } from './${file}';`);
    }
    trailer.push(`export { ${[...own.keys()].join(', ')} };`);
    const lines = cell.code.split('\n').length;
    files.push({ cellId: cell.id, name, text: `${cell.code}\n${trailer.join('\n')}\n`, lines });
    for (const [n, kind] of own) above.set(n, { file: name, kind });
  });
  return files;
}

/**
 * Compiler options for the cells' program (tsconfig spelling), the same in CI and in the editor.
 * Cells run in a module worker (and in Node's worker threads for the tests): ES2022 plus the
 * worker's globals; top-level await is allowed, as in scope.ts's async function.
 */
export const CELL_COMPILER_OPTIONS = {
  strict: true,
  target: 'es2022',
  module: 'esnext',
  moduleResolution: 'bundler',
  lib: ['es2022', 'webworker'],
  types: [],
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  moduleDetection: 'force',
} as const;
