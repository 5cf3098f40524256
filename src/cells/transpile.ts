/**
 * Cell source -> the body of an async function that shares one scope with the page's other
 * cells. Types are stripped by Sucrase (line and column preserving, see README.md); acorn then
 * finds the top-level declarations, the imports and the last expression:
 *
 *   import { tensor } from 'gradbook';   // dropped: the engine is already in scope
 *   const x = tensor([1, 2]);            // declared: written back to the scope at the end
 *   x.sum()                              // last expression: the cell's value
 *
 * compiles to the body of `async function (__scope, ...names the cell uses but does not declare)`
 * that ends `__scope.x = x; return __v;`. Nothing is inserted before a line's code,
 * so error positions in the body are the cell's own.
 */
import { transform } from 'sucrase';
import { parse, type Node, type Pattern, type Program, type Statement, type ModuleDeclaration } from 'acorn';

// The compiled form and what runs it live in compiled.ts (no compiler there: the browser's worker
// runs unedited cells from their build-time compiled form without loading this module).
import { CellSyntaxError, ENGINE_MODULE, ENGINE_PARAM, type CompiledCell } from './compiled.ts';

export { CellSyntaxError, ENGINE_MODULE, ENGINE_PARAM, functionBody, type CompiledCell } from './compiled.ts';

/** TypeScript -> JavaScript with the same line/column layout. */
export function stripTypes(code: string): string {
  try {
    return transform(code, { transforms: ['typescript'], disableESTransforms: true, keepUnusedImports: true }).code;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    const message = String((e as Error).message).replace(/\s*\(\d+:\d+\)$/, '');
    throw new CellSyntaxError(message, loc?.line ?? 1, (loc?.column ?? 0) + 1);
  }
}

/** Compiles a cell (throws CellSyntaxError with the cell-relative position). */
export function compileCell(code: string): CompiledCell {
  const js = stripTypes(code);
  let program: Program;
  try {
    program = parse(js, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true, locations: true });
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    const message = String((e as Error).message).replace(/\s*\(\d+:\d+\)$/, '');
    throw new CellSyntaxError(message, loc?.line ?? 1, (loc?.column ?? 0) + 1);
  }
  const declared = new Set<string>();
  const edits: { start: number; end: number; text: string }[] = [];
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration') {
      edits.push({ start: stmt.start, end: stmt.end, text: importReplacement(stmt, js, declared) });
      continue;
    }
    if (isModuleExport(stmt)) {
      throw new CellSyntaxError('cells cannot export; declare names at top level instead', stmt.loc!.start.line, stmt.loc!.start.column + 1);
    }
    declarationsOf(stmt as Statement, declared);
  }
  const last = program.body.at(-1);
  const hasValue = last?.type === 'ExpressionStatement';
  let valueAt: CompiledCell['valueAt'];
  if (last && hasValue) {
    const expr = (last as Extract<Statement, { type: 'ExpressionStatement' }>).expression;
    const prefix = 'const __v = (';
    edits.push({ start: last.start, end: last.end, text: `${prefix}${js.slice(expr.start, expr.end)});` });
    valueAt = { line: last.loc!.start.line, column: last.loc!.start.column, length: prefix.length };
  }
  let body = js;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
  }
  return { body, declared: [...declared], hasValue, valueAt };
}

function isModuleExport(stmt: Statement | ModuleDeclaration): boolean {
  return stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration' || stmt.type === 'ExportAllDeclaration';
}

/** `import {a, b as c} from 'gradbook'` -> '' (a is in scope) plus `const c = __gradbook.b;`, lines kept. */
function importReplacement(stmt: Extract<ModuleDeclaration, { type: 'ImportDeclaration' }>, js: string, declared: Set<string>): string {
  const source = String(stmt.source.value);
  if (source !== ENGINE_MODULE) {
    throw new CellSyntaxError(
      `cells can only import from '${ENGINE_MODULE}' (the engine, already in scope); '${source}' is not available`,
      stmt.loc!.start.line, stmt.loc!.start.column + 1,
    );
  }
  const parts: string[] = [];
  for (const s of stmt.specifiers) {
    const local = s.local.name;
    if (s.type === 'ImportNamespaceSpecifier' || s.type === 'ImportDefaultSpecifier') {
      parts.push(`const ${local} = ${ENGINE_PARAM};`);
      declared.add(local);
    } else {
      const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
      if (imported !== local) {
        parts.push(`const ${local} = ${ENGINE_PARAM}[${JSON.stringify(imported)}];`);
        declared.add(local);
      }
    }
  }
  const newlines = js.slice(stmt.start, stmt.end).split('\n').length - 1;
  return parts.join(' ') + '\n'.repeat(newlines);
}

/** Adds the names a top-level statement declares (var/let/const, function, class). */
function declarationsOf(stmt: Statement, out: Set<string>): void {
  if (stmt.type === 'VariableDeclaration') {
    for (const d of stmt.declarations) patternNames(d.id, out);
  } else if ((stmt.type === 'FunctionDeclaration' || stmt.type === 'ClassDeclaration') && stmt.id) {
    out.add(stmt.id.name);
  }
}

function patternNames(p: Pattern | Node | null, out: Set<string>): void {
  if (!p) return;
  const n = p as Pattern;
  switch (n.type) {
    case 'Identifier': out.add(n.name); break;
    case 'ObjectPattern':
      for (const prop of n.properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      break;
    case 'ArrayPattern': for (const el of n.elements) patternNames(el, out); break;
    case 'RestElement': patternNames(n.argument, out); break;
    case 'AssignmentPattern': patternNames(n.left, out); break;
    default: break;
  }
}
