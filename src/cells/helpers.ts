/**
 * The names every cell has in scope besides the engine: `console`, `display`, `check`,
 * `assertClose`, `plot`, `control`, and a `checkGradient` that also shows its report as a badge.
 *
 *   check('6ND for GPT-3', Math.abs(C - 3.15e23) < 1e21, `C = ${C}`);
 *   assertClose(w.grad, [[0.5], [1.5]], { atol: 1e-6 });
 */
import type { CheckDetails, ControlValue, FromWorker } from './protocol.ts';
import { traceLoss, type TraceOptions } from './trace.ts';
import { formatArgs, isTensor, repr, summariseTensor } from './inspect.ts';
import { createPlot, isFigure, isMark } from './plot-spec.ts';

/** A message without its channel and runId (the session adds them). */
export type Output = FromWorker extends infer M ? (M extends FromWorker ? Omit<M, 'channel' | 'runId'> : never) : never;
export type Emit = (message: Output) => void;

export interface CloseOptions {
  /** Absolute tolerance (default 1e-8). */
  atol?: number;
  /** Relative tolerance (default 1e-5): |a - e| <= atol + rtol * |e|, as numpy.allclose. */
  rtol?: number;
  /** Badge text (default "assertClose"). */
  label?: string;
}

/** Engine pieces the helpers use. */
interface EngineLike {
  checkGradient?: (...args: unknown[]) => GradientReportLike;
}
interface GradientReportLike {
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  inputs?: { name: string; worst: { position: number[]; numeric: number; autograd: number; analytic?: number; absError: number }[] }[];
}

function flatNumbers(x: unknown): { values: number[]; shape: number[] } {
  if (typeof x === 'number') return { values: [x], shape: [] };
  const nested = isTensor(x) ? x.toArray() : ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x;
  if (typeof nested === 'number') return { values: [nested], shape: [] };
  if (!Array.isArray(nested)) throw new Error(`assertClose: expected a number, array or tensor, got ${repr(x)}`);
  const shape: number[] = [];
  for (let level: unknown = nested; Array.isArray(level); level = level[0]) shape.push(level.length);
  return { values: (nested as unknown[]).flat(Infinity) as number[], shape };
}

/** Display a value in the cell's output now (tensors as matrices, marks as charts; figures are drawn already). */
export function displayValue(value: unknown, emit: Emit, plot: ReturnType<typeof createPlot>): void {
  if (value === undefined) return;
  if (isTensor(value)) emit({ type: 'tensor', ...summariseTensor(value) });
  else if (isMark(value)) value.plot();
  else if (isFigure(value)) return; // already drawn by plot.figure()
  else emit({ type: 'value', repr: repr(value) });
}

export interface RangeOptions { label?: string; min: number; max: number; step?: number; value: number; scale?: 'linear' | 'log' }
export interface SelectOptions<T extends ControlValue> { label?: string; options: T[]; value: T }

/**
 * `control.range(id, opts)` / `control.select(id, opts)`: an input the page draws above the
 * cell's output; changing it re-runs the cell with the new value. Returns the current value
 * (the default in Node, so the book's tests run the author's settings).
 */
function createControls(emit: Emit, current: (id: string) => ControlValue | undefined) {
  return {
    range(id: string, o: RangeOptions): number {
      if (!(o.min < o.max) || (o.scale === 'log' && o.min <= 0)) throw new Error(`invalid control.range ${id}: min ${o.min}, max ${o.max}`);
      const v = Number(current(id) ?? o.value);
      const value = Number.isFinite(v) ? Math.min(o.max, Math.max(o.min, v)) : o.value;
      emit({ type: 'control', spec: { kind: 'range', id, label: o.label ?? id, min: o.min, max: o.max, step: o.step, scale: o.scale ?? 'linear', value } });
      return value;
    },
    select<T extends ControlValue>(id: string, o: SelectOptions<T>): T {
      if (!o.options.includes(o.value)) throw new Error(`invalid control.select ${id}: value ${o.value} is not an option`);
      const have = current(id);
      const value = o.options.find((x) => String(x) === String(have)) ?? o.value;
      emit({ type: 'control', spec: { kind: 'select', id, label: o.label ?? id, options: o.options, value } });
      return value;
    },
  };
}

/** The helper names for one run; `emit` posts to the page (or collects, in Node). */
export function createHelpers(
  emit: Emit,
  engine: EngineLike,
  drawPlot: (id: string, spec: import('./protocol.ts').FigureSpec) => void,
  controlValue: (id: string) => ControlValue | undefined = () => undefined,
) {
  const plot = createPlot(drawPlot);
  const stream = (name: 'log' | 'warn' | 'error') => (...args: unknown[]) => emit({ type: 'stdout', stream: name, text: formatArgs(args) });
  const cellConsole = { log: stream('log'), info: stream('log'), debug: stream('log'), warn: stream('warn'), error: stream('error') };

  function check(label: string, condition: unknown, details?: unknown): boolean {
    const ok = Boolean(condition);
    emit({ type: 'check', label: String(label), ok, details: details === undefined ? undefined : { text: formatArgs([details]) } });
    return ok;
  }

  function assertClose(actual: unknown, expected: unknown, options: CloseOptions = {}): boolean {
    const { atol = 1e-8, rtol = 1e-5, label = 'assertClose' } = options;
    const a = flatNumbers(actual);
    const e = flatNumbers(expected);
    if (a.values.length !== e.values.length) {
      emit({ type: 'check', label, ok: false, details: { text: `shapes differ: [${a.shape}] vs [${e.shape}]` } });
      return false;
    }
    let maxAbsError = 0;
    let maxRelError = 0;
    let ok = true;
    const entries: NonNullable<CheckDetails['worst']> = [];
    a.values.forEach((av, i) => {
      const ev = e.values[i];
      const absError = Math.abs(av - ev);
      const bad = !(absError <= atol + rtol * Math.abs(ev)) || Number.isNaN(av) !== Number.isNaN(ev);
      if (bad) ok = false;
      maxAbsError = Math.max(maxAbsError, absError);
      if (ev !== 0) maxRelError = Math.max(maxRelError, absError / Math.abs(ev));
      entries.push({ where: `[${i}]`, actual: av, expected: ev, absError: Number.isNaN(absError) ? Infinity : absError });
    });
    const worst = entries.sort((x, y) => y.absError - x.absError).slice(0, 8);
    emit({ type: 'check', label, ok, details: { maxAbsError, maxRelError, worst } });
    return ok;
  }

  function checkGradient(...args: unknown[]): GradientReportLike {
    if (!engine.checkGradient) throw new Error('checkGradient: the engine does not provide it');
    const last = args.at(-1);
    let label = 'checkGradient';
    if (args.length >= 3 && typeof last === 'object' && last !== null && 'label' in last) {
      const { label: l, ...rest } = last as { label: string };
      label = l;
      args[args.length - 1] = rest;
    }
    const report = engine.checkGradient(...args);
    const worst = (report.inputs ?? []).flatMap((input) => input.worst.map((w) => ({
      where: `${input.name}[${w.position.join(', ')}]`,
      actual: w.analytic ?? w.autograd,
      expected: w.numeric,
      absError: w.absError,
    }))).sort((x, y) => y.absError - x.absError).slice(0, 8);
    emit({ type: 'check', label, ok: report.ok, details: { maxAbsError: report.maxAbsError, maxRelError: report.maxRelError, worst } });
    return report;
  }

  const display = (value: unknown) => displayValue(value, emit, plot);
  const control = createControls(emit, controlValue);

  /** Sends the forward/backward tape below a scalar loss to the step-through viewer (trace.ts). */
  function trace(loss: unknown, options: TraceOptions = {}): void {
    if (!isTensor(loss)) throw new Error('trace: expected a tensor (the loss)');
    emit({ type: 'trace', tape: traceLoss(loss as never, options) });
  }
  return { console: cellConsole, display, check, assertClose, checkGradient, plot, control, trace };
}
