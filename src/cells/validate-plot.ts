/**
 * Checking a plot figure from the worker: known marks, allow-listed options (plot-marks.ts), and
 * plain data only, within the caps in limits.ts. Values are checked in place and returned as they
 * came (a structured clone belongs to the page; nothing else holds it), so a large dataset is not
 * copied a second time.
 */
import type { FigureSpec, MarkSpec } from './protocol.ts';
import { MAX_LABEL, PLOT_DEPTH, PLOT_MARKS, PLOT_ROWS, PLOT_VALUES } from './limits.ts';
import { FIGURE_OPTIONS, FORBIDDEN_KEYS, MARK_OPTIONS, MARKS } from './plot-marks.ts';
import { fail, list, nullable, oneOf, record, text } from './validate-read.ts';

/** Values left to read in the spec being checked (shared by all its marks). */
interface Budget {
  left: number;
}

/** Reads a figure spec, or throws Malformed naming the first problem. */
export function readFigure(v: unknown, what = 'spec'): FigureSpec {
  const spec = record(v, what);
  const budget: Budget = { left: PLOT_VALUES };
  const marks = list(spec.marks, PLOT_MARKS, `${what}.marks`, (m, where) => readMark(m, where, budget));
  readOptions(spec, FIGURE_OPTIONS, what, budget, 'marks');
  return { ...spec, marks } as FigureSpec;
}

function readMark(v: unknown, what: string, budget: Budget): MarkSpec {
  const m = record(v, what);
  const mark = oneOf(m.mark, MARKS, `${what}.mark`);
  const data = nullable(m.data, (d) => readRows(d, `${what}.data`, budget));
  const options = readOptions(record(m.options, `${what}.options`), MARK_OPTIONS, `${what}.options`, budget);
  return { mark, data, options };
}

/** Options: only `allowed` keys at the top, no forbidden key at any depth, values plain data. */
function readOptions(o: Record<string, unknown>, allowed: ReadonlySet<string>, what: string, budget: Budget, skip?: string): Record<string, unknown> {
  for (const key of Object.keys(o)) {
    if (key === skip) continue;
    if (!allowed.has(key)) fail(`${what}: option ${key} is not allowed`);
    readData(o[key], `${what}.${key}`, 1, budget, true);
  }
  return o;
}

function readRows(v: unknown, what: string, budget: Budget): unknown[] {
  if (!Array.isArray(v)) fail(`${what}: expected an array`);
  if (v.length > PLOT_ROWS) fail(`${what}: ${v.length} rows (max ${PLOT_ROWS})`);
  for (const row of v) readData(row, what, 1, budget, false);
  return v;
}

/**
 * Plain data: numbers, short strings, booleans, null/undefined, dates, arrays and plain objects,
 * nested at most PLOT_DEPTH deep and PLOT_VALUES values in all. In options (not in data rows,
 * where `target` is an ordinary field name) the forbidden keys are refused at every depth.
 */
function readData(v: unknown, what: string, depth: number, budget: Budget, isOption: boolean): void {
  if (--budget.left < 0) fail(`${what}: more than ${PLOT_VALUES} values in one figure`);
  switch (typeof v) {
    case 'number': case 'boolean': case 'undefined': return;
    case 'string': text(v, MAX_LABEL, what); return;
    case 'object': break;
    default: fail(`${what}: a ${typeof v} is not data`);
  }
  if (v === null || v instanceof Date) return;
  if (depth >= PLOT_DEPTH) fail(`${what}: nested deeper than ${PLOT_DEPTH}`);
  if (Array.isArray(v)) {
    if (v.length > PLOT_ROWS) fail(`${what}: ${v.length} items (max ${PLOT_ROWS})`);
    for (const x of v) readData(x, `${what}[]`, depth + 1, budget, isOption);
    return;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const n = (v as unknown as ArrayLike<number>).length;
    if (n > PLOT_ROWS) fail(`${what}: ${n} items (max ${PLOT_ROWS})`);
    budget.left -= n;
    if (budget.left < 0) fail(`${what}: more than ${PLOT_VALUES} values in one figure`);
    return;
  }
  if (Object.prototype.toString.call(v) !== '[object Object]') fail(`${what}: not plain data`);
  for (const key of Object.keys(v)) {
    if (isOption && FORBIDDEN_KEYS.has(key)) fail(`${what}: option ${key} is not allowed`);
    readData((v as Record<string, unknown>)[key], `${what}.${key}`, depth + 1, budget, isOption);
  }
}
