// Runs a page's cells in order on the engine in Node, in a worker thread of their own (page-worker.ts)
// that is terminated when a cell goes over its time limit. Shared by the cell runner
// (tests/cells/run.ts) and the build, which computes autorun cells' outputs (prerender.ts), so
// both run cells exactly as the site's worker does.
import { Worker } from 'node:worker_threads';
import { DEFAULT_TIMEOUT_S, type CellSpec } from '../extract.ts';
import type { FromWorker } from '../protocol.ts';
import type { CpuTime } from './page-worker.ts';

/** One run of a cell, in page order. */
export interface CellRun {
  cell: CellSpec;
  /** A run of an exercise's checks right after its unmodified starter: they must fail. */
  probe: boolean;
}

export interface CellOutcome extends CellRun {
  messages: FromWorker[];
  timedOut: boolean;
  /** Wall time from sending the cell to its `done`, in milliseconds. */
  ms: number;
  /** The worker thread's CPU time for the cell (less noisy than `ms` on a shared machine), if known. */
  cpuMs?: number;
}

/** The channel the page's messages carry (the validator checks it, as on the page). */
export const NODE_CHANNEL = 'node-runner';

export interface RunOptions {
  /** The engine backend (default: the site's). */
  backend?: string;
  /**
   * Each cell's time limit is multiplied by this (default 1). The build uses more: it runs while
   * Astro's own work keeps this thread and the cores busy, and its limit is there to end a runaway
   * cell, not to judge a fast one.
   */
  timeScale?: number;
}

/** Runs `runs` in order in a fresh worker thread; stops after a time-out or a crash (the outcomes so far are returned). */
export async function runPage(runs: CellRun[], { backend, timeScale = 1 }: RunOptions = {}): Promise<CellOutcome[]> {
  const worker = new Worker(new URL('./page-worker.ts', import.meta.url), { workerData: { backend } });
  const channel = NODE_CHANNEL;
  const outcomes: CellOutcome[] = [];
  let current: { runId: number; messages: FromWorker[]; done: (timedOut: boolean) => void } | undefined;
  let cpuNow: number | undefined;
  let cpuBefore: number | undefined;
  worker.on('message', (m: FromWorker | CpuTime) => {
    if (m.channel !== channel || !current || m.runId !== current.runId) return;
    if (m.type === 'cpu-time') {
      cpuNow = m.ms;
      return;
    }
    current.messages.push(m);
    if (m.type === 'done') current.done(false);
  });
  let crashed = false;
  worker.on('error', (e) => {
    crashed = true;
    current?.messages.push({ type: 'error', kind: 'runtime', message: `worker crashed: ${e.message}`, channel, runId: current.runId });
    current?.done(false);
  });
  try {
    for (const [i, { cell, probe }] of runs.entries()) {
      const runId = i + 1;
      const messages: FromWorker[] = [];
      const sent = performance.now();
      cpuBefore = cpuNow;
      const timedOut = await new Promise<boolean>((resolve) => {
        const limit = (cell.options.timeout ?? DEFAULT_TIMEOUT_S) * 1000 * timeScale;
        // the verdict waits one turn of the event loop: when this thread was busy past the limit,
        // the worker's `done` may already be waiting to be delivered (a resolved promise ignores a second resolve)
        const timer = setTimeout(() => setImmediate(() => resolve(true)), limit);
        current = { runId, messages, done: (t) => { clearTimeout(timer); resolve(t); } };
        worker.postMessage({ type: 'run', channel, runId, cellId: cell.id, code: cell.code });
      });
      const cpuMs = cpuNow !== undefined && !timedOut ? cpuNow - (cpuBefore ?? 0) : undefined;
      outcomes.push({ cell, messages, timedOut, probe, ms: performance.now() - sent, cpuMs });
      if (timedOut || crashed) break;
    }
  } finally {
    await worker.terminate();
  }
  return outcomes;
}
