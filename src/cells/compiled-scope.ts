/**
 * One notebook scope: cells run in order, each as `new AsyncFunction('__scope', '__gradbook',
 * ...names, body)` called with the current values of the scope names it mentions. No `with`, no
 * proxies: reads are plain parameters and the body writes its declarations back (transpile.ts).
 * This module runs compiled cells only, so the browser's worker can hold it without the compiler;
 * scope.ts adds compiling (the Node runner, the grader, the tests).
 */
import { functionBody, ENGINE_PARAM, CellSyntaxError, type CompiledCell } from './compiled.ts';

type AsyncFn = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => AsyncFn;

/** What running a cell gave. */
export interface CellResult {
  hasValue: boolean;
  value: unknown;
}

/** A runtime error located in a cell (the cell may be an earlier one whose function was called). */
export interface ErrorLocation {
  cellId: string;
  line: number;
  column: number;
}

const SOURCE_PREFIX = 'gradbook-cell/';
const FRAME = /gradbook-cell\/([\w-]+)\.js:(\d+):(\d+)/;

function sourceUrl(cellId: string): string {
  return `\n//# sourceURL=${SOURCE_PREFIX}${cellId}.js`;
}

let headerLines: number | undefined;
/** Lines the engine puts before a Function body (2 in V8: `async function anonymous(...\n) {\n`). */
function headerOffset(): number {
  if (headerLines !== undefined) return headerLines;
  try {
    new Function(`throw new Error('probe');${sourceUrl('probe')}`)();
  } catch (e) {
    const m = FRAME.exec(String((e as Error).stack));
    headerLines = m ? Number(m[2]) - 1 : 2;
  }
  return headerLines ?? 2;
}

/** Per cell id: where its value prefix was inserted (see transpile.ts), to undo the column shift. */
const valuePrefixes = new Map<string, CompiledCell['valueAt']>();

/** Where in which cell an error was thrown, from its stack; undefined if not in a cell. */
export function locateError(error: unknown): ErrorLocation | undefined {
  if (error instanceof CellSyntaxError) return undefined;
  const m = FRAME.exec(String((error as Error | undefined)?.stack ?? ''));
  if (!m) return undefined;
  const line = Number(m[2]) - headerOffset();
  let column = Number(m[3]);
  const prefix = valuePrefixes.get(m[1]);
  // columns are 1-based, prefix.column 0-based; a position inside the prefix maps to its start
  if (prefix && prefix.line === line && column > prefix.column) column = Math.max(prefix.column + 1, column - prefix.length);
  return { cellId: m[1], line, column };
}

export class CompiledScope {
  /** The shared names: pre-seeded helpers and engine exports, then what cells declare. */
  readonly values: Record<string, unknown>;

  readonly engine: object;

  constructor(engine: object, seed: Record<string, unknown>) {
    this.engine = engine;
    this.values = Object.assign(Object.create(null), seed);
  }

  /** Runs one compiled cell in this scope (throws the cell's error). */
  async runCompiled(cellId: string, cell: CompiledCell): Promise<CellResult> {
    valuePrefixes.set(cellId, cell.valueAt);
    const own = new Set(cell.declared);
    const mentioned = new Set(cell.body.match(/[A-Za-z_$][\w$]*/g));
    const params = Object.keys(this.values).filter((n) => mentioned.has(n) && !own.has(n) && n !== ENGINE_PARAM);
    const body = functionBody(cell, params) + sourceUrl(cellId);
    let fn: AsyncFn;
    try {
      fn = new AsyncFunction('__scope', ENGINE_PARAM, ...params, body);
    } catch (e) {
      // acorn accepted it, so this is rare (e.g. a name clash with a parameter)
      throw new CellSyntaxError(String((e as Error).message), 1, 1);
    }
    const value = await fn(this.values, this.engine, ...params.map((n) => this.values[n]));
    return { hasValue: cell.hasValue, value };
  }
}
