/**
 * The names every cell has in scope besides the engine: `console`, `display`, `check`,
 * `assertClose`, `plot`, `surface`, `control`, `progress`, `yieldToPage`, `asset`, `host`, and a
 * `checkGradient` that also shows its report as a badge.
 *
 *   check('6ND for GPT-3', Math.abs(C - 3.15e23) < 1e21, `C = ${C}`);
 *   assertClose(w.grad, [[0.5], [1.5]], { atol: 1e-6 });
 */
import type { CheckDetails, ControlValue, FromWorker } from './protocol.ts';
import { MAX_LABEL } from './limits.ts';
import { assetPath } from './assets.ts';
import { traceLoss, type TraceOptions } from './trace.ts';
import { formatArgs, isTensor, repr, summariseTensor } from './inspect.ts';
import { createPlot, isFigure, isMark, surface } from './plot-spec.ts';

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
export interface SelectOptions<T extends number | string> { label?: string; options: T[]; value: T }
export interface TextOptions { label?: string; value?: string; maxLength?: number; placeholder?: string }
export interface ToggleOptions { label?: string; onLabel?: string; value?: boolean }
/** What `control.toggle` returns: `on` is read live, so a loop sees the reader's Stop. */
export interface Toggle {
  readonly on: boolean;
}

/**
 * `control.range(id, opts)` / `control.select(id, opts)` / `control.text(id, opts)`: an input the
 * page draws above the cell's output; changing it re-runs the cell with the new value. Returns the
 * current value (the default in Node, so the book's tests run the author's settings).
 * `control.toggle(id, opts)`: a Start/Stop button. Pressing it while the cell is idle turns it on
 * and runs the cell; pressing it while the cell runs turns it off at once, without a re-run (the
 * running cell reads `.on` after each `await yieldToPage()` and ends its loop); the page turns it
 * off again when the run ends. Its `value` (default false) is what a run gets that no click started.
 */
function createControls(emit: Emit, current: (id: string) => ControlValue | undefined) {
  return {
    text(id: string, o: TextOptions = {}): string {
      const maxLength = o.maxLength ?? 100;
      const initial = o.value ?? '';
      if (!(Number.isInteger(maxLength) && maxLength >= 1 && maxLength <= MAX_LABEL)) throw new Error(`invalid control.text ${id}: maxLength ${maxLength} (1 to ${MAX_LABEL})`);
      if (initial.length > maxLength) throw new Error(`invalid control.text ${id}: value longer than maxLength ${maxLength}`);
      const have = current(id);
      const value = typeof have === 'string' ? have.slice(0, maxLength) : initial;
      emit({ type: 'control', spec: { kind: 'text', id, label: o.label ?? id, maxLength, placeholder: o.placeholder, value } });
      return value;
    },
    toggle(id: string, o: ToggleOptions = {}): Toggle {
      const fallback = o.value ?? false;
      const read = () => {
        const v = current(id);
        return typeof v === 'boolean' ? v : fallback;
      };
      emit({ type: 'control', spec: { kind: 'toggle', id, label: o.label ?? id, onLabel: o.onLabel ?? o.label ?? id, value: read() } });
      return { get on() { return read(); } };
    },
    range(id: string, o: RangeOptions): number {
      if (!(o.min < o.max) || (o.scale === 'log' && o.min <= 0)) throw new Error(`invalid control.range ${id}: min ${o.min}, max ${o.max}`);
      const v = Number(current(id) ?? o.value);
      const value = Number.isFinite(v) ? Math.min(o.max, Math.max(o.min, v)) : o.value;
      emit({ type: 'control', spec: { kind: 'range', id, label: o.label ?? id, min: o.min, max: o.max, step: o.step, scale: o.scale ?? 'linear', value } });
      return value;
    },
    select<T extends number | string>(id: string, o: SelectOptions<T>): T {
      if (!o.options.includes(o.value)) throw new Error(`invalid control.select ${id}: value ${o.value} is not an option`);
      const have = current(id);
      const value = o.options.find((x) => String(x) === String(have)) ?? o.value;
      emit({ type: 'control', spec: { kind: 'select', id, label: o.label ?? id, options: o.options, value } });
      return value;
    },
  };
}

/** Where the cells run, and what only that place can do. */
export interface HelperHost {
  /** 'browser' in the reader's page, 'node' in the cell runner (the book's tests). */
  name: 'browser' | 'node';
  /** The bytes of a file of the site's `public/` folder, by its path from the site root. */
  loadAsset(path: string): Promise<Uint8Array>;
}

const NO_ASSETS: HelperHost = {
  name: 'browser',
  loadAsset: () => Promise.reject(new Error('asset: no asset loader here')),
};

export interface ProgressOptions { total: number; label?: string; value?: number }
/** What `progress(id, opts)` returns. */
export interface ProgressBar {
  /** Shows `value` of `total` done, with the rate since the bar was made and the time left. */
  update(value: number): void;
}

/** The helper names for one run; `emit` posts to the page (or collects, in Node). */
export function createHelpers(
  emit: Emit,
  engine: EngineLike,
  drawPlot: (id: string, spec: import('./protocol.ts').FigureSpec) => void,
  controlValue: (id: string) => ControlValue | undefined = () => undefined,
  host: HelperHost = NO_ASSETS,
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
  /**
   * `progress(id, { total, label })`: a progress bar under the cell; `bar.update(step)` moves it
   * and shows steps per second and the time left. Updates are throttled; the last one is drawn.
   */
  function progress(id: string, o: ProgressOptions): ProgressBar {
    const total = o.total;
    if (typeof id !== 'string' || id.length > MAX_LABEL) throw new Error(`progress: the id must be a string of at most ${MAX_LABEL} characters`);
    if (!(Number.isFinite(total) && total > 0)) throw new Error(`progress ${id}: total must be a positive number, got ${total}`);
    const label = o.label ?? '';
    let start: { t: number; v: number } | undefined;
    const bar = {
      update(raw: number): void {
        const value = Math.min(total, Math.max(0, Number.isFinite(raw) ? raw : 0));
        const now = performance.now();
        start ??= { t: now, v: value };
        const seconds = (now - start.t) / 1000;
        const rate = seconds > 0 && value > start.v ? (value - start.v) / seconds : undefined;
        emit({ type: 'progress', id, label, value, total, rate, remaining: rate ? (total - value) / rate : undefined });
      },
    };
    bar.update(o.value ?? 0);
    return bar;
  }

  /**
   * Lets the worker take its messages (a Stop pressed on the page) and post the figures drawn so
   * far: `await yieldToPage()` between training steps.
   */
  const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

  /**
   * `await asset('/models/poet.gbck')`: the bytes of a file under the site's `public/` folder
   * (fetched from the site in the browser, read from `public/` by the cell runner). `asset.fetch`
   * is the same as a `fetch` that answers with a Response, for loaders that take a fetch function:
   * `await datasets.loadPoemDataset('/data/tang5/', asset.fetch)`.
   */
  const asset = Object.assign((path: string): Promise<Uint8Array> => host.loadAsset(assetPath(path)), {
    // typed as fetch's first parameter, so it fits loaders that take `fetchFn: typeof fetch`
    fetch: async (input: RequestInfo | URL): Promise<Response> =>
      new Response((await host.loadAsset(assetPath(input instanceof Request ? input.url : String(input)))) as Uint8Array<ArrayBuffer>),
    text: async (path: string): Promise<string> => new TextDecoder().decode(await host.loadAsset(assetPath(path))),
  });

  return { console: cellConsole, display, check, assertClose, checkGradient, plot, surface, control, trace, progress, yieldToPage, asset, host: host.name };
}
