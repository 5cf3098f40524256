/**
 * The page's notebook: its cells in page order and the one cell worker they share. Runs are
 * queued; running a cell first runs the cells above it that have not run in this worker (quietly
 * for a cell still showing its build-time output: see `showsBuiltOutput`). Stop and
 * time limits terminate the worker (the page never waits on reader code); the next run starts a
 * fresh one and rebuilds the scope by re-running the cells above.
 */
import { DEFAULT_BACKEND, type ControlValue, type DriftMessage, type FromWorker, type ToWorker } from './protocol.ts';
import { fromChannel, parseFromWorker } from './validate.ts';
import type { PackedCell } from './compiled.ts';

/** What the notebook needs from a cell element. */
export interface NotebookCell {
  readonly cellId: string;
  readonly timeoutS: number;
  /** Runs only when asked (an exercise's checks and solution), never as part of the page flow. */
  readonly onDemand: boolean;
  /** The exercise the cell belongs to, if any: another exercise's cells never run as its prerequisites. */
  readonly exercise?: string;
  code(): string;
  /**
   * The build's compiled form of `code()` while it is the authored code (undefined once edited, or
   * when the page has none): the worker then runs it without loading the compiler.
   */
  compiled?(): PackedCell | undefined;
  /** Current values of the cell's controls. */
  controls(): Record<string, ControlValue>;
  /**
   * A run starts: output cleared, unless `quiet` (a quiet run's output is not shown: the cell keeps
   * what it shows, see showsBuiltOutput; only its `done` and controls are passed on).
   */
  begin(runId: number, quiet?: boolean): void;
  /**
   * True while the cell shows the output the build computed for its code as it is (an autorun
   * cell, src/cells/node/prerender.ts): run only because a cell below needs its variables, it runs
   * quietly, so the reader keeps seeing the same output and the page loads no chart renderer for
   * it. Should the quiet run fail (an error or a failed check), its real output replaces it.
   */
  showsBuiltOutput?(): boolean;
  /** Output for this cell's current run. */
  receive(message: FromWorker): void;
  /** A message on this notebook's channel failed validation while this cell ran (it was dropped). */
  malformed(): void;
  /** The run ended without `done` (stopped, timed out, or not run because a cell above failed). */
  abort(reason: 'stopped' | 'timeout' | 'aboveFailed', detail?: string): void;
  setRunning(running: boolean, queued?: boolean): void;
  setBackends(backends: string[], current: string): void;
}

interface Pending {
  cell: NotebookCell;
  runId: number;
  failed: boolean;
  /** Output held back from a quiet run, drawn if the run fails; undefined once the run is shown. */
  held: FromWorker[] | undefined;
  resolve: (outcome: 'done' | 'aborted') => void;
  timer: ReturnType<typeof setTimeout>;
}

export class Notebook {
  readonly cells: NotebookCell[] = [];
  backend = DEFAULT_BACKEND;
  backends: string[] = [DEFAULT_BACKEND];
  #worker: Worker | undefined;
  #channel = '';
  #runId = 0;
  #ran = new Set<string>();
  #pending: Pending | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** Bumped by stop(): queued runs of an older generation are dropped. */
  #generation = 0;
  /** Ends the "compare with float64" replay in progress, if any. */
  #driftStop: ((why: string) => void) | undefined;
  #warming = false;
  /** The worker was asked to load the compiler (prepareCompiler); a fresh worker has not been. */
  #compilerAsked = false;

  /** Registers a cell; cells are kept in document order. */
  add(cell: NotebookCell & Node): void {
    this.cells.push(cell);
    this.cells.sort((a, b) => ((a as unknown as Node).compareDocumentPosition(b as unknown as Node) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    cell.setBackends(this.backends, this.backend);
    this.#warmUpAfterLoad();
  }

  /** Starts the worker now if it is not running (the reader is about to press Run). */
  warmUp(): void {
    if (!(navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) this.#ensureWorker();
  }

  /**
   * Starts the worker as soon as the page has loaded: loading and evaluating the engine (~60 KB
   * gzip, ~170 KB of JavaScript; the compiler is a chunk of its own, for edited cells) takes time
   * the first Run would otherwise wait for (BENCHMARKS.md, "Cells"). Not at idle time: that work runs on the worker's own thread, while a
   * long chapter keeps the page's thread busy with style and layout for seconds after `load`
   * (/en/math/: ~3 s on a loaded 2-core machine), so an idle callback would come too late. Not
   * when the reader asked to save data.
   */
  #warmUpAfterLoad(): void {
    if (this.#warming) return;
    this.#warming = true;
    const start = () => setTimeout(() => this.warmUp(), 0);
    if (document.readyState === 'complete') start();
    else addEventListener('load', start, { once: true });
  }

  /**
   * The cells above `cell` that a run of it builds on. Exercises are independent, as the grader
   * runs them: one exercise's unfinished work (a syntax error, an endless loop) must not stop the
   * reader from running or checking another.
   */
  #above(cell: NotebookCell): NotebookCell[] {
    return this.cells.slice(0, this.cells.indexOf(cell))
      .filter((c) => !c.onDemand && (!c.exercise || c.exercise === cell.exercise));
  }

  /** Runs `cell`, after the cells above it that have not run yet (quietly where they show built output). */
  run(cell: NotebookCell): Promise<void> {
    const above = this.#above(cell).filter((c) => !this.#ran.has(c.cellId));
    return this.#enqueue([...above, cell], new Set(above.filter((c) => c.showsBuiltOutput?.())));
  }

  /** Runs every cell of the page in order (on-demand cells excepted), each showing its output. */
  runAll(): Promise<void> {
    return this.#enqueue(this.cells.filter((c) => !c.onDemand));
  }

  /**
   * "Compare with float64": replays the cells down to `cell` (those a run would need, plus `cell`)
   * on the page's backend and on cpu64 in a worker of its own, so the reader's scope and queue stay
   * as they are. Resolves with the worker's (validated) answer, or an error text; Stop or the time
   * limit (twice the cells' limits: two replays) ends it.
   */
  drift(cell: NotebookCell): Promise<DriftMessage | { error: string }> {
    this.#driftStop?.('stopped');
    const cells = [...this.#above(cell), cell];
    const channel = `gb-drift-${Math.random().toString(36).slice(2)}`;
    const worker = startWorker('gradbook-drift');
    return new Promise((resolve) => {
      const end = (answer: DriftMessage | { error: string }) => {
        clearTimeout(timer);
        worker.terminate();
        this.#driftStop = undefined;
        resolve(answer);
      };
      const limitS = 2 * cells.reduce((s, c) => s + c.timeoutS, 0);
      const timer = setTimeout(() => end({ error: 'timeout' }), limitS * 1000);
      this.#driftStop = (why) => end({ error: why });
      worker.onmessage = (event) => {
        const data = parseFromWorker(event.data, channel);
        if (data?.type === 'drift') end(data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        end({ error: `worker failed: ${event.message}` });
      };
      worker.postMessage({
        type: 'drift', channel, runId: 1, backend: this.backend,
        cells: cells.map((c) => ({ id: c.cellId, code: c.code(), compiled: c.compiled?.(), controls: c.controls() })),
      } satisfies ToWorker);
    });
  }

  /** Ends the running cell by terminating the worker; queued runs are dropped. */
  stop(reason: 'stopped' | 'timeout' = 'stopped'): void {
    this.#driftStop?.('stopped');
    this.#generation++;
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#ran.clear();
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.cell.abort(reason, String(pending.cell.timeoutS));
      pending.resolve('aborted');
    }
    for (const c of this.cells) c.setRunning(false);
  }

  /**
   * Hands a control's new value to `cell`'s run in progress (a toggle's Stop), without queueing it
   * behind the run. Returns false when that cell is not running (the caller re-runs it instead).
   */
  setControl(cell: NotebookCell, id: string, value: ControlValue): boolean {
    const pending = this.#pending;
    if (!pending || pending.cell !== cell || !this.#worker) return false;
    this.#post({ type: 'setControl', channel: this.#channel, runId: pending.runId, id, value });
    return true;
  }

  /**
   * A cell was edited: has the worker load the compiler before the reader presses Run (once per
   * worker). Without a worker yet, the first Run starts one and loads it then.
   */
  prepareCompiler(): void {
    if (!this.#worker || this.#compilerAsked) return;
    this.#compilerAsked = true;
    this.#post({ type: 'prepareCompiler', channel: this.#channel, runId: this.#runId });
  }

  /** Chooses the engine backend for this page's worker. */
  setBackend(name: string): void {
    this.backend = name;
    for (const c of this.cells) c.setBackends(this.backends, name);
    if (this.#worker) this.#post({ type: 'setBackend', channel: this.#channel, runId: ++this.#runId, backend: name });
  }

  #enqueue(cells: NotebookCell[], quiet = new Set<NotebookCell>()): Promise<void> {
    const generation = this.#generation;
    for (const c of cells) c.setRunning(false, true);
    const job = this.#queue.then(async () => {
      for (const [i, cell] of cells.entries()) {
        if (generation !== this.#generation) return;
        // still showing its built output when its turn comes (no Run of its own in between)?
        const ok = await this.#runOne(cell, quiet.has(cell) && !!cell.showsBuiltOutput?.());
        if (!ok) {
          for (const rest of cells.slice(i + 1)) rest.abort('aboveFailed', cell.cellId);
          return;
        }
      }
    });
    this.#queue = job.catch(() => undefined);
    return job;
  }

  #ensureWorker(): void {
    if (this.#worker) return;
    this.#channel = `gb-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
    const worker = startWorker('gradbook-cells');
    worker.onmessage = (event) => this.#onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.#pending?.cell.receive({ type: 'error', kind: 'runtime', message: `worker failed: ${event.message}`, channel: this.#channel, runId: this.#pending.runId });
      this.stop('stopped');
    };
    this.#worker = worker;
    this.#compilerAsked = false;
    this.#post({ type: 'reset', channel: this.#channel, runId: ++this.#runId });
    if (this.backend !== DEFAULT_BACKEND) this.#post({ type: 'setBackend', channel: this.#channel, runId: ++this.#runId, backend: this.backend });
  }

  #post(message: ToWorker): void {
    this.#worker?.postMessage(message);
  }

  /** Runs one cell (`quiet`: its output held back unless it fails); resolves true when it finished without error. */
  #runOne(cell: NotebookCell, quiet = false): Promise<boolean> {
    this.#ensureWorker();
    const runId = ++this.#runId;
    cell.begin(runId, quiet);
    cell.setRunning(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => this.stop('timeout'), cell.timeoutS * 1000);
      const pending: Pending = {
        cell, runId, failed: false, timer, held: quiet ? [] : undefined,
        resolve: (outcome) => {
          clearTimeout(timer);
          cell.setRunning(false);
          if (outcome === 'done' && !pending.failed) this.#ran.add(cell.cellId);
          resolve(outcome === 'done' && !pending.failed);
        },
      };
      this.#pending = pending;
      this.#post({ type: 'run', channel: this.#channel, runId, cellId: cell.cellId, code: cell.code(), compiled: cell.compiled?.(), controls: cell.controls() });
    });
  }

  /** Everything from the worker is untrusted (cell code can post too): validated, then dispatched. */
  #onMessage(raw: unknown): void {
    const data = parseFromWorker(raw, this.#channel);
    if (!data) {
      if (fromChannel(raw, this.#channel)) this.#pending?.cell.malformed();
      return; // foreign or malformed
    }
    if (data.type === 'ready') {
      this.backends = data.backends;
      for (const c of this.cells) c.setBackends(data.backends, this.backend);
      return;
    }
    const pending = this.#pending;
    if (!pending || data.runId !== pending.runId) return; // late output of a superseded run
    if (data.type === 'error') pending.failed = true;
    if (pending.held) {
      if (data.type === 'error' || (data.type === 'check' && !data.ok)) {
        // the quiet run went wrong: the built output is no longer what this code gives; show the run
        pending.cell.begin(pending.runId);
        for (const m of pending.held) pending.cell.receive(m);
        pending.held = undefined;
      } else if (data.type !== 'done' && data.type !== 'control') {
        pending.held.push(data);
        return;
      }
    }
    pending.cell.receive(data);
    if (data.type === 'done') {
      this.#pending = undefined;
      pending.resolve('done');
    }
  }
}

/** A cell worker (worker.ts); `name` tells the page's worker from a comparison's in devtools. */
function startWorker(name: string): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name });
}

let page: Notebook | undefined;
/** The page's notebook (one per page). */
export function pageNotebook(): Notebook {
  page ??= new Notebook();
  return page;
}
