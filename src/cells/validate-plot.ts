/**
 * Checking a plot figure from the worker: known marks, allow-listed options (plot-marks.ts), and
 * plain data only, within the caps in limits.ts. Values are checked in place and returned as they
 * came (a structured clone belongs to the page; nothing else holds it), so a large dataset is not
 * copied a second time.
 */
import type { FigureSpec, MarkSpec } from './protocol.ts';
import { MAX_LABEL, PLOT_DEPTH, PLOT_MARKS, PLOT_ROWS, PLOT_VALUES } from './limits.ts';
import {
  CONTOUR_MAX_BLUR, CONTOUR_MAX_THRESHOLDS, CONTOUR_THRESHOLD_NAMES, FIGURE_OPTIONS, FORBIDDEN_KEYS, MARKS, markOptions,
} from './plot-marks.ts';
import { bool, fail, finite, int, list, nullable, oneOf, record, text } from './validate-read.ts';

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
  const options = readOptions(record(m.options, `${what}.options`), markOptions(mark), `${what}.options`, budget);
  if (mark === 'contour') readContour(data, options, what);
  return { mark, data, options };
}

/**
 * A contour mark is a grid: `width` × `height` rows (row-major; numbers, or `{ value }` as
 * plot-spec.ts sends them), a field name as `value`, optional finite distinct bounds (x1 ≠ x2,
 * y1 ≠ y2) and a bounded number of levels. Everything that sets Plot's work on the page is
 * checked, since the grid size, blur and levels are each a loop it would run.
 */
function readContour(data: unknown[] | null, o: Record<string, unknown>, what: string): void {
  const width = int(o.width, `${what}.options.width`, 2);
  const height = int(o.height, `${what}.options.height`, 2);
  if (data === null) fail(`${what}.data: a contour needs its grid of width × height values`);
  if (data.length !== width * height) fail(`${what}.data: ${data.length} values for a ${width} × ${height} grid`);
  if (o.value !== undefined) text(o.value, MAX_LABEL, `${what}.options.value`);
  for (const [lo, hi] of [['x1', 'x2'], ['y1', 'y2']]) {
    const a = o[lo] === undefined ? undefined : finite(o[lo], `${what}.options.${lo}`);
    const b = o[hi] === undefined ? undefined : finite(o[hi], `${what}.options.${hi}`);
    if (a !== undefined && a === b) fail(`${what}.options: ${lo} and ${hi} are equal`);
  }
  if (o.thresholds !== undefined) readThresholds(o.thresholds, `${what}.options.thresholds`);
  if (o.blur !== undefined && !(finite(o.blur, `${what}.options.blur`) >= 0 && (o.blur as number) <= CONTOUR_MAX_BLUR)) {
    fail(`${what}.options.blur: expected 0 to ${CONTOUR_MAX_BLUR}`);
  }
  if (o.smooth !== undefined) bool(o.smooth, `${what}.options.smooth`);
}

/** Levels: a count, a list of finite values (at most CONTOUR_MAX_THRESHOLDS either way), or a bounded rule's name. */
function readThresholds(v: unknown, what: string): void {
  if (typeof v === 'string') {
    oneOf(v, CONTOUR_THRESHOLD_NAMES, what);
    return;
  }
  if (Array.isArray(v)) {
    list(v, CONTOUR_MAX_THRESHOLDS, what, (t, where) => finite(t, where));
    return;
  }
  if (int(v, what, 1) > CONTOUR_MAX_THRESHOLDS) fail(`${what}: ${v} levels (max ${CONTOUR_MAX_THRESHOLDS})`);
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
