/**
 * `plot`, the charting helper cells get in scope. The worker has no DOM, so marks and figures are
 * plain data (MarkSpec, FigureSpec) that the page draws with Observable Plot. Factories follow
 * Plot's style, `(data, {x, y, ...options} = {})`:
 *
 *   plot.line(history, { x: 'epoch', y: 'loss' })          // a mark; as a cell's value it is drawn
 *   plot.figure({ id: 'loss', marks: [plot.line(h, { x: 'epoch', y: 'loss' })], y: { type: 'log' } })
 *
 * `plot.figure` draws now; calling it again with the same id redraws that figure in place (a loss
 * curve inside a training loop). Marks: line, lineY, lineX, dot, barY, barX, areaY, ruleY, ruleX,
 * text, cell, rectY, contour. `surface(f, { x, y, n })` samples f(x, y) on a grid for `plot.contour`.
 */
import type { FigureSpec, MarkSpec } from './protocol.ts';
import { isTensor } from './inspect.ts';
import { MARKS, type MarkName } from './plot-marks.ts';

export { MARKS, type MarkName };

/** A mark made by a factory; `.plot(options)` draws it alone. */
export interface Mark extends MarkSpec {
  plot(options?: FigureOptions): Figure;
}
export interface FigureOptions {
  /** Figures with the same id replace each other in place. */
  id?: string;
  marks?: (MarkSpec | null | undefined | false)[];
  [option: string]: unknown;
}
export interface Figure {
  readonly id: string;
  readonly spec: FigureSpec;
}

const DEFAULTS = { grid: true, height: 260 };

/** Data -> plain arrays (tensors become nested arrays; typed arrays become arrays). */
function dataOf(data: unknown, name: string): unknown[] | null {
  if (data == null) return null;
  if (isTensor(data)) return data.toArray() as unknown[];
  if (ArrayBuffer.isView(data)) return Array.from(data as unknown as ArrayLike<number>);
  if (Array.isArray(data)) return data.map((d) => (isTensor(d) ? d.toArray() : d));
  throw new Error(`invalid ${name} data: ${typeof data}`);
}

/** Options must be data: functions and tensors cannot cross to the page. */
function plain(options: Record<string, unknown>, name: string): Record<string, unknown> {
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'function') throw new Error(`invalid ${name} option ${key}: functions cannot be sent to the page; use a field name`);
    if (isTensor(value)) options[key] = value.toArray();
  }
  return options;
}

/** Builds the `plot` helper; `draw` sends a figure to the page. */
export function createPlot(draw: (figureId: string, spec: FigureSpec) => void) {
  let counter = 0;
  function figure(options: FigureOptions = {}): Figure {
    const { id, marks = [], ...rest } = options;
    const figureId = id ?? `figure-${++counter}`;
    const spec: FigureSpec = { ...DEFAULTS, ...plain(rest, 'figure'), marks: marks.filter((m): m is MarkSpec => !!m).map(({ mark, data, options: o }) => ({ mark, data, options: o })) };
    draw(figureId, spec);
    return { id: figureId, spec };
  }
  const factory = (mark: MarkName) => (data?: unknown, options: Record<string, unknown> = {}): Mark => {
    const made: MarkSpec = { mark, data: dataOf(data, mark), options: plain({ ...options }, mark) };
    const spec = mark === 'contour' ? contourRows(made) : made;
    return { ...spec, plot: (figureOptions: FigureOptions = {}) => figure({ ...figureOptions, marks: [spec] }) };
  };
  const marks = Object.fromEntries(MARKS.map((m) => [m, factory(m)])) as Record<MarkName, ReturnType<typeof factory>>;
  return { ...marks, figure };
}

export type PlotHelper = ReturnType<typeof createPlot>;

/**
 * A contour's grid of numbers as rows `{ value }` read with `value: 'value'`. Plot reads a bare
 * number grid through `Plot.identity`, a function that cannot be sent to the page; without it,
 * `stroke: 'value'` (colour by level) is taken as a field the numbers lack and nothing is drawn.
 * A grid given as rows, or with its own `value` option, is left as it is.
 */
function contourRows(spec: MarkSpec): MarkSpec {
  const { data, options } = spec;
  if (!data || options.value !== undefined || !data.every((v) => typeof v === 'number')) return spec;
  return { ...spec, data: data.map((value) => ({ value })), options: { ...options, value: 'value' } };
}

/** True for a mark made by the helper (a cell's value that should be drawn). */
export function isMark(value: unknown): value is Mark {
  return typeof value === 'object' && value !== null && typeof (value as Mark).mark === 'string'
    && (MARKS as readonly string[]).includes((value as Mark).mark) && typeof (value as Mark).plot === 'function';
}
export function isFigure(value: unknown): value is Figure {
  return typeof value === 'object' && value !== null && typeof (value as Figure).id === 'string'
    && Array.isArray((value as Figure).spec?.marks);
}

/** Where `surface` samples: the x and y ranges, and the number of samples along each. */
export interface SurfaceOptions {
  x: readonly [number, number];
  y: readonly [number, number];
  /** Samples per axis, an integer from 2 to 200 (default 60): n² calls of f. */
  n?: number;
}

/** A sampled surface, ready for `plot.contour(grid.values, { width, height, x1, x2, y1, y2 })`. */
export interface Surface {
  /** Row-major: values[j * width + i] = f(x_i, y_j). */
  values: number[];
  width: number;
  height: number;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

/** Most samples per axis: 200² = 40,000 calls of f and grid values, well inside a figure's caps. */
export const SURFACE_MAX_N = 200;

/** A finite range lo < hi, or an error naming the axis. */
function range(v: unknown, axis: 'x' | 'y'): [number, number] {
  const ok = Array.isArray(v) && v.length === 2 && v.every((b) => typeof b === 'number' && Number.isFinite(b)) && v[0] < v[1];
  if (!ok) throw new Error(`surface: ${axis} must be [${axis}0, ${axis}1] with finite ${axis}0 < ${axis}1, got ${repr(v)}`);
  return [v[0], v[1]];
}

function repr(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(String).join(', ')}]` : String(v);
}

/**
 * The centre of cell k of n equal cells over [lo, hi]. Plot's contour mark puts grid value k at
 * the centre of its cell, so sampling there makes the figure span exactly [lo, hi] and a path
 * drawn over it (plot.line) land where f was evaluated.
 */
function centre(lo: number, hi: number, n: number, k: number): number {
  return lo + ((k + 0.5) * (hi - lo)) / n;
}

/**
 * Samples f on an n × n grid over [x0, x1] × [y0, y1] (at cell centres, see `centre`), for a
 * contour plot of a loss surface. f must return a number (kept as it is: Plot picks the levels
 * from the finite values, and a NaN counts as below every level, +Infinity as above); the bounds
 * must be finite with x0 < x1, y0 < y1, and n an integer from 2 to 200.
 * @example
 * const grid = surface((a, b) => (a - 1) ** 2 + 10 * b ** 2, { x: [-2, 2], y: [-1, 1], n: 60 });
 * plot.figure({ marks: [
 *   plot.contour(grid.values, { width: grid.width, height: grid.height, x1: grid.x1, x2: grid.x2, y1: grid.y1, y2: grid.y2, stroke: 'value' }),
 *   plot.line(path, { x: 'x', y: 'y' }),
 * ] });
 */
export function surface(f: (x: number, y: number) => number, options: SurfaceOptions): Surface {
  if (typeof f !== 'function') throw new Error('surface: the first argument must be a function (x, y) => number');
  const [x1, x2] = range(options?.x, 'x');
  const [y1, y2] = range(options?.y, 'y');
  const n = options.n ?? 60;
  if (!Number.isInteger(n) || n < 2 || n > SURFACE_MAX_N) {
    throw new Error(`surface: n must be an integer from 2 to ${SURFACE_MAX_N}, got ${repr(n)}`);
  }
  const values = new Array<number>(n * n);
  for (let j = 0; j < n; j++) {
    const y = centre(y1, y2, n, j);
    for (let i = 0; i < n; i++) {
      const v: unknown = f(centre(x1, x2, n, i), y);
      if (typeof v !== 'number') {
        throw new Error(`surface: f must return a number, got ${isTensor(v) ? 'a tensor (use .item())' : typeof v}`);
      }
      values[j * n + i] = v;
    }
  }
  return { values, width: n, height: n, x1, x2, y1, y2 };
}
