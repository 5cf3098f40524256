/**
 * A notebook session: one shared scope on the engine, fed ToWorker messages, answering with
 * FromWorker messages. The browser worker (worker.ts) and the Node runner (tests/cells) both
 * wrap this, so the book's tests run cells exactly as readers do.
 */
import type { ControlValue, DriftRequest, DriftRow, FigureSpec, FromWorker, ToWorker } from './protocol.ts';
import { CompiledScope, locateError } from './compiled-scope.ts';
import { CellSyntaxError, unpackCell, type CompiledCell, type PackedCell } from './compiled.ts';
import { captureNumbers, compareRuns, type Capture } from './drift.ts';
import { createHelpers, displayValue, type HelperHost, type Output } from './helpers.ts';
import { RunBudget } from './output-budget.ts';
import { explainMalformed, parseSetControl, readControlValue } from './validate.ts';

/** The engine surface the session uses (kernels/index.ts provides all of it). */
export interface Engine {
  setBackend(name: string): void;
  getBackend(): string;
  registeredBackends(): string[];
  isBackendAvailable(name: string): boolean;
  /** Imports a lazily registered backend (webgl: gpu.js) before it is selected. */
  loadBackend?(name: string): Promise<void>;
  [name: string]: unknown;
}

/** Least time between two drawings of one figure (ms); the last drawing is always sent. */
const PLOT_INTERVAL_MS = 50;
/** ... and between two updates of one progress bar. */
const PROGRESS_INTERVAL_MS = 100;
/**
 * The compiler (Sucrase and acorn, ~300 KB minified), imported on first need: a cell the reader has
 * not edited comes with its build-time compiled form (RunRequest.compiled), so in the browser this
 * chunk is fetched only when an edited cell runs.
 */
let transpiler: Promise<typeof import('./transpile.ts')> | undefined;

function loadTranspiler(): Promise<typeof import('./transpile.ts')> {
  transpiler ??= import('./transpile.ts');
  // a failed download (offline) is tried again on the next need rather than kept
  return transpiler.catch((e: unknown) => {
    transpiler = undefined;
    throw e;
  });
}

/** `code` compiled: from its build-time form when the page sent one, otherwise by the compiler. */
async function compile(code: string, packed: PackedCell | undefined): Promise<CompiledCell> {
  if (packed) return unpackCell(code, packed);
  return (await loadTranspiler()).compileCell(code);
}

/** Outputs a cell's own call produces (so a refused one can throw there, with the reason). */
const FROM_CELL_CALLS = new Set<string>(['plot', 'trace', 'control', 'check', 'tensor', 'value']);

export class CellSession {
  #scope!: CompiledScope;
  #runId = 0;
  #queue: Promise<void> = Promise.resolve();
  /** Redraws held back by the throttle (figures, progress bars), by key, sent at the end of the run. */
  #pending = new Map<string, Output>();
  #lastSent = new Map<string, number>();
  #controls: Record<string, ControlValue> = {};
  /** The run in progress (its runId), if any: what a `setControl` may change. */
  #running: number | undefined;
  #budget = new RunBudget();

  readonly engine: Engine;
  readonly channel: string;
  readonly post: (message: FromWorker) => void;
  readonly host: HelperHost | undefined;

  constructor(engine: Engine, channel: string, post: (message: FromWorker) => void, host?: HelperHost) {
    this.engine = engine;
    this.channel = channel;
    this.post = post;
    this.host = host;
    this.reset();
  }

  /**
   * Handles messages one at a time, in order; a `setControl` at once (the run it is for is the one
   * in progress, and the cell reads the value at its next await).
   */
  handle(message: ToWorker): Promise<void> {
    if (message.type === 'setControl') {
      this.#setControl(message);
      return Promise.resolve();
    }
    if (message.type === 'prepareCompiler') {
      // a failure shows at the edited cell's run, which tries again
      loadTranspiler().catch(() => undefined);
      return Promise.resolve();
    }
    this.#queue = this.#queue.then(() => this.#handle(message));
    return this.#queue;
  }

  #setControl(raw: unknown): void {
    const message = parseSetControl(raw, this.channel);
    if (message && message.runId === this.#running) this.#controls[message.id] = message.value;
  }

  /** Backends usable here (registered and available). */
  backends(): string[] {
    return [...this.engine.registeredBackends().filter((b) => this.engine.isBackendAvailable(b)), 'auto'];
  }

  reset(): void {
    const emit = (m: Output) => this.#emit(m);
    const helpers = createHelpers(emit, this.engine as never, (id, spec) => this.#plot(id, spec), (id) => this.#controls[id], this.host);
    this.#scope = new CompiledScope(this.engine, { ...engineExports(this.engine), ...helpers });
  }

  /** A warning in the output of the cell running now (e.g. "WebGL context lost"). */
  notice(text: string): void {
    this.#emit({ type: 'stdout', stream: 'warn', text });
  }

  /** Sends one output within the run's budget; the end of a run first sends what was left out. */
  #emit(message: Output): void {
    if (message.type === 'progress') {
      this.#throttled(`progress:${message.id}`, message, PROGRESS_INTERVAL_MS);
      return;
    }
    this.#send(message);
  }

  #send(message: Output): void {
    if (message.type === 'error' || message.type === 'done') for (const m of this.#budget.drain()) this.#post(m);
    const passed = this.#budget.pass(message);
    // A figure was checked when the cell drew it (#plot), before the throttle.
    if (passed) this.#post(passed, passed.type === 'plot');
  }

  /**
   * Posts a message after checking it as the page will (validate.ts), so nothing the page would
   * drop leaves silently: a cell's oversized plot, trace or control throws at its call instead.
   */
  #post(message: Output, checked = false): void {
    const full = { ...message, channel: this.channel, runId: this.#runId } as FromWorker;
    const problem = checked ? undefined : explainMalformed(full, this.channel);
    if (problem === undefined) this.post(full);
    else if (FROM_CELL_CALLS.has(message.type)) throw new Error(`${message.type}: ${problem}`);
    else this.post({ type: 'stdout', stream: 'error', text: `output not shown: ${problem}`.slice(0, 1000), channel: this.channel, runId: this.#runId });
  }

  #plot(figureId: string, spec: FigureSpec): void {
    const problem = explainMalformed({ type: 'plot', figureId, spec, channel: this.channel, runId: this.#runId }, this.channel);
    if (problem !== undefined) throw new Error(`plot: ${problem}`);
    this.#throttled(`plot:${figureId}`, { type: 'plot', figureId, spec }, PLOT_INTERVAL_MS);
  }

  /** Sends a redraw now, or holds it (replacing an older one held) if the last went out < `interval` ms ago. */
  #throttled(key: string, message: Output, interval: number): void {
    const now = Date.now();
    if (now - (this.#lastSent.get(key) ?? 0) >= interval) {
      this.#lastSent.set(key, now);
      this.#pending.delete(key);
      this.#send(message);
    } else {
      this.#pending.set(key, message);
    }
  }

  #flushPending(): void {
    for (const message of this.#pending.values()) this.#send(message);
    this.#pending.clear();
    this.#lastSent.clear();
  }

  async #handle(message: ToWorker): Promise<void> {
    this.#runId = message.runId;
    this.#budget = new RunBudget();
    if (message.type === 'reset') {
      this.reset();
      this.#emit({ type: 'ready', backends: this.backends(), backend: this.engine.getBackend() });
      // 'auto' on a hardware GPU needs the webgl chunk: fetch it now (the page starts the worker
      // after loading), not when the reader presses Run; a run still waits for it (#loadBackends)
      void this.engine.loadBackend?.(this.engine.getBackend());
    } else if (message.type === 'setBackend') {
      try {
        await this.engine.loadBackend?.(message.backend);
        this.engine.setBackend(message.backend);
      } catch (e) {
        this.#emit({ type: 'stdout', stream: 'warn', text: String((e as Error).message) });
      }
      this.#emit({ type: 'ready', backends: this.backends(), backend: this.engine.getBackend() });
    } else if (message.type === 'drift') {
      await this.#drift(message);
    } else if (message.type === 'run') {
      this.#controls = controlValues(message.controls);
      this.#running = message.runId;
      try {
        await this.#run(message.cellId, message.code, message.compiled);
      } finally {
        this.#running = undefined;
      }
    }
  }

  async #run(cellId: string, code: string, packed: PackedCell | undefined): Promise<void> {
    const start = performance.now();
    try {
      await this.#loadBackends(code);
      const result = await this.#scope.runCompiled(cellId, await compile(code, packed));
      if (result.hasValue) displayValue(result.value, (m) => this.#emit(m), this.#scope.values.plot as never);
    } catch (e) {
      this.#emit(errorOutput(e, cellId));
    }
    this.#flushPending();
    this.#emit({ type: 'done', ms: performance.now() - start, backend: this.engine.getBackend(), kernelCompiles: this.#kernelCompiles() });
  }

  /**
   * Loads the lazy backends a run may reach (the webgl backend is fetched only when needed): what
   * 'auto' could pick, and webgl when the cell names it, because the cell's own `setBackend('webgl')`
   * or `getBackendInstance('webgl')` is synchronous and cannot wait for the download.
   */
  async #loadBackends(code: string): Promise<void> {
    if (!this.engine.loadBackend) return;
    await this.engine.loadBackend(this.engine.getBackend());
    if (/(['"`])webgl\1/.test(code)) await this.engine.loadBackend('webgl');
  }

  /** "Compare with float64" (drift.ts): two replays from a fresh scope and seed, then one answer. */
  async #drift(message: DriftRequest): Promise<void> {
    const selected = this.engine.getBackend();
    const backend = message.backend === 'cpu64' ? 'cpu' : message.backend;
    const reference = 'cpu64';
    const answer = (rows: DriftRow[], error?: string) => this.#post({ type: 'drift', backend, reference, rows, ...(error ? { error } : {}) });
    try {
      const other = await this.#replay(message.cells, backend);
      const ref = await this.#replay(message.cells, reference);
      answer(compareRuns(other, ref));
    } catch (e) {
      answer([], String((e as Error)?.message ?? e).slice(0, 1000));
    } finally {
      this.engine.setBackend(selected);
    }
  }

  /**
   * Runs `cells` in a scope of their own on `backend` from the engine's initial seed, as a fresh
   * worker would, showing nothing; returns the numbers the last cell produced.
   */
  async #replay(cells: DriftRequest['cells'], backend: string): Promise<Capture> {
    await this.engine.loadBackend?.(backend);
    this.engine.setBackend(backend);
    (this.engine.manualSeed as (seed: number) => void)(0);
    const capture: Capture = new Map();
    let capturing = false;
    let controls: Record<string, ControlValue> = {};
    const helpers = createHelpers(() => {}, this.engine as never, () => {}, (id) => controls[id], this.host);
    const calls: Record<string, number> = {};
    const record = (what: string, args: unknown[]) => {
      if (!capturing) return;
      const k = (calls[what] = (calls[what] ?? 0) + 1);
      let label = '';
      args.forEach((arg, i) => {
        if (typeof arg === 'string') label = arg.trim().slice(0, 40);
        else captureNumbers(arg, `${what} #${k}${label ? ` "${label}"` : args.length > 1 ? ` (${i + 1})` : ''}`, capture);
      });
    };
    const logger = (...args: unknown[]) => record('log', args);
    const watched = {
      ...helpers,
      console: { log: logger, info: logger, debug: logger, warn: logger, error: logger },
      display: (value: unknown) => record('display', [value]),
      check: (label: string, condition: unknown, details?: unknown) => {
        record('check', [String(label), details]);
        return helpers.check(label, condition, details);
      },
      assertClose: (actual: unknown, expected: unknown, options?: { label?: string }) => {
        record('assertClose', [options?.label ?? '', actual]);
        return (helpers.assertClose as (...a: unknown[]) => unknown)(actual, expected, options);
      },
    };
    const scope = new CompiledScope(this.engine, { ...engineExports(this.engine), ...watched });
    for (const [i, cell] of cells.entries()) {
      controls = controlValues(cell.controls);
      capturing = i === cells.length - 1;
      let result;
      let compiled: CompiledCell;
      try {
        await this.#loadBackends(cell.code);
        compiled = await compile(cell.code, cell.compiled);
        result = await scope.runCompiled(cell.id, compiled);
      } catch (e) {
        throw new Error(`cell ${cell.id} failed on ${backend}: ${String((e as Error)?.message ?? e)}`);
      }
      if (capturing && result.hasValue) captureNumbers(result.value, 'value', capture);
      if (capturing) for (const name of compiled.declared) captureNumbers(scope.values[name], name, capture);
    }
    return capture;
  }

  #kernelCompiles(): number | undefined {
    const e = this.engine as Engine & { getBackendInstance?: (n: string) => { compileCount?: () => number } };
    if (!['webgl', 'auto'].includes(this.engine.getBackend()) || !this.engine.isBackendAvailable('webgl')) return undefined;
    try {
      return e.getBackendInstance?.('webgl').compileCount?.();
    } catch {
      return undefined; // 'auto' on a software GPU: webgl was never loaded, so nothing was compiled
    }
  }
}

/** A run's control values, keeping only well-formed ones (a fresh object without a prototype). */
function controlValues(controls: unknown): Record<string, ControlValue> {
  const out: Record<string, ControlValue> = Object.create(null);
  if (typeof controls !== 'object' || controls === null) return out;
  for (const [id, value] of Object.entries(controls)) {
    try {
      out[id] = readControlValue(value);
    } catch {
      // dropped: the control falls back to its default
    }
  }
  return out;
}

/** The engine's exports as scope names (`tensor`, `nn`, `F`, ...), without the type-only ones. */
export function engineExports(engine: Engine): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(engine)) if (/^[A-Za-z_$][\w$]*$/.test(name)) out[name] = value;
  return out;
}

/** An error as the page shows it: kind, message, and the cell-relative position. */
export function errorOutput(e: unknown, cellId: string): Output {
  if (e instanceof CellSyntaxError) {
    return { type: 'error', kind: 'syntax', message: e.message, line: e.line, column: e.column, cellId };
  }
  const where = locateError(e);
  const err = e as Error | undefined;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : `Uncaught ${String(e)}`;
  return { type: 'error', kind: 'runtime', message, line: where?.line, column: where?.column, cellId: where?.cellId ?? cellId };
}
