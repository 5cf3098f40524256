/**
 * `plot`, the charting helper cells get in scope. The worker has no DOM, so marks and figures are
 * plain data (MarkSpec, FigureSpec) that the page draws with Observable Plot. Factories follow
 * Plot's style, `(data, {x, y, ...options} = {})`:
 *
 *   plot.line(history, { x: 'epoch', y: 'loss' })          // a mark; as a cell's value it is drawn
 *   plot.figure({ id: 'loss', marks: [plot.line(h, { x: 'epoch', y: 'loss' })], y: { type: 'log' } })
 *
 * `plot.figure` draws now; calling it again with the same id redraws that figure in place (a loss
 * curve inside a training loop). Marks: line, lineY, dot, barY, areaY, ruleY, ruleX, text.
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
    const spec: MarkSpec = { mark, data: dataOf(data, mark), options: plain({ ...options }, mark) };
    return { ...spec, plot: (figureOptions: FigureOptions = {}) => figure({ ...figureOptions, marks: [spec] }) };
  };
  const marks = Object.fromEntries(MARKS.map((m) => [m, factory(m)])) as Record<MarkName, ReturnType<typeof factory>>;
  return { ...marks, figure };
}

export type PlotHelper = ReturnType<typeof createPlot>;

/** True for a mark made by the helper (a cell's value that should be drawn). */
export function isMark(value: unknown): value is Mark {
  return typeof value === 'object' && value !== null && typeof (value as Mark).mark === 'string'
    && (MARKS as readonly string[]).includes((value as Mark).mark) && typeof (value as Mark).plot === 'function';
}
export function isFigure(value: unknown): value is Figure {
  return typeof value === 'object' && value !== null && typeof (value as Figure).id === 'string'
    && Array.isArray((value as Figure).spec?.marks);
}
