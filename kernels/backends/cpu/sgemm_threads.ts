/**
 * Helper threads for the float32 matmul kernel (wasm_sgemm.ts): each helper instantiates the same
 * module over the same shared WebAssembly.Memory and, with the calling thread, runs sgemmBands:
 * bands of the output's tiles handed out by an atomic counter in that memory. The handshake is a
 * few Int32 words in a SharedArrayBuffer: the caller writes the job's arguments, bumps GEN and
 * notifies; each helper runs the band loop and counts DONE; the caller runs the same loop, then
 * waits for DONE (Atomics.wait, or a spin where the thread may not block: a page's main thread).
 *
 * Where: shared memory needs a cross-origin isolated page (`crossOriginIsolated`; the helpers are
 * nested workers of the cell worker, from a Blob URL) or Node (worker_threads, for tests and the
 * cell runner). Under Node's permission model without --allow-worker (the grader's sandbox,
 * grader/sandbox/run-job.ts) no worker may start, so there the kernel keeps one thread rather
 * than ask the sandbox for more. The book's pages are cross-origin isolated where the server sends
 * COOP/COEP (`astro dev`/`preview` do, astro.config.mjs; public/_headers asks hosts that read it);
 * on a host that does not, a reader's cells run one thread. The benchmark measures both.
 *
 * The helpers start asynchronously (a worker cannot boot while its creator blocks), so the first
 * large products run on one thread and later ones split once every helper has reported ready.
 * Each output tile is computed by exactly one thread with the same instructions in the same order
 * as on one thread, so results are bit-identical whatever the split.
 */

/** Most threads used, the caller included: beyond this the split bands get too thin for 4×8 tiles. */
const MAX_THREADS = 4;
/** Words of the control block: generation, helpers done, helpers ready, stop, a helper failed. */
const GEN = 0, DONE = 1, READY = 2, STOP = 3, FAILED = 4, JOB = 8, JOB_LEN = 14;

/**
 * The helper's program, as source text so one string serves a Blob-URL worker in the browser and
 * an eval worker in Node (no bundler has to find a separate worker file). `d` = { bytes, memory,
 * ctrl, index }: the kernel's module bytes, the shared memory, the control block, this helper's slot.
 */
const HELPER = `function (d) {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(d.bytes), { env: { mem: d.memory } });
  const bands = inst.exports.sgemmBands;
  const c = new Int32Array(d.ctrl), s = ${JOB};
  let gen = Atomics.load(c, ${GEN});
  Atomics.add(c, ${READY}, 1);
  Atomics.notify(c, ${READY});
  for (;;) {
    Atomics.wait(c, ${GEN}, gen);
    gen = Atomics.load(c, ${GEN});
    if (Atomics.load(c, ${STOP})) return;
    try {
      bands(c[s], c[s + 1], c[s + 2], c[s + 3], c[s + 4], c[s + 5], c[s + 6], c[s + 7], c[s + 8], c[s + 9], c[s + 10], c[s + 11], c[s + 12], c[s + 13]);
    } catch (e) {
      Atomics.store(c, ${FAILED}, 1);
    }
    Atomics.add(c, ${DONE}, 1);
    Atomics.notify(c, ${DONE});
  }
}`;

interface NodeProcess {
  versions?: { node?: string };
  permission?: { has(scope: string): boolean };
  getBuiltinModule?(id: string): unknown;
}
interface NodeWorker { unref(): void; on(ev: string, f: (e: unknown) => void): void; terminate(): unknown }
type NodeWorkerCtor = new (src: string, opts: { eval: boolean; workerData: unknown }) => NodeWorker;

const nodeProcess = (): NodeProcess | undefined => (globalThis as { process?: NodeProcess }).process;

/** How many threads this context may use (1: no shared memory, no workers, or one core). */
export function threadsAvailable(): number {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return 1;
  const proc = nodeProcess();
  if (proc?.versions?.node) {
    // the grader's sandbox runs under --permission without --allow-worker
    if (proc.permission && !proc.permission.has('worker')) return 1;
    const os = proc.getBuiltinModule?.('node:os') as { availableParallelism?(): number } | undefined;
    if (!os?.availableParallelism || !proc.getBuiltinModule?.('node:worker_threads')) return 1;
    return Math.min(os.availableParallelism(), MAX_THREADS);
  }
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; navigator?: { hardwareConcurrency?: number } };
  if (g.crossOriginIsolated !== true || typeof g.Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function') return 1;
  return Math.min(g.navigator?.hardwareConcurrency ?? 1, MAX_THREADS);
}

export interface ThreadPool {
  /** Helper threads (the caller is one more). */
  readonly helpers: number;
  /** True once every helper has instantiated the module and waits for work. */
  ready(): boolean;
  /** Resolves true when ready, false if the helpers could not start. */
  whenReady(): Promise<boolean>;
  /**
   * Start the helpers on sgemmBands(...args), run `own` (the same loop) here, and return when
   * all are done. False if a helper failed (a band may be unwritten: the caller recomputes).
   */
  run(args: number[], own: () => void): boolean;
  /** Ends the helpers (the kernel instance was replaced). */
  stop(): void;
}

/** Starts `helpers` workers over `memory` running the module `bytes`; null if workers cannot start. */
export function startPool(bytes: Uint8Array, memory: WebAssembly.Memory, helpers: number): ThreadPool | null {
  const ctrlBuf = new SharedArrayBuffer((JOB + JOB_LEN) * 4);
  const ctrl = new Int32Array(ctrlBuf);
  let failed = false;
  const fail = () => { failed = true; Atomics.store(ctrl, FAILED, 1); };
  const workers: { terminate(): unknown }[] = [];
  try {
    const proc = nodeProcess();
    for (let index = 0; index < helpers; index++) {
      const data = { bytes, memory, ctrl: ctrlBuf, index };
      if (proc?.versions?.node) {
        const { Worker } = proc.getBuiltinModule!('node:worker_threads') as { Worker: NodeWorkerCtor };
        // getBuiltinModule, not require: eval code is an ES module when the parent ran with --input-type=module
        const w = new Worker(`(${HELPER})(process.getBuiltinModule('node:worker_threads').workerData)`, { eval: true, workerData: data });
        w.on('error', fail);
        workers.push(w);
        w.unref(); // idle helpers must not keep a test or the cell runner alive
      } else {
        const url = URL.createObjectURL(new Blob([`onmessage = (e) => { onmessage = null; (${HELPER})(e.data); };`], { type: 'text/javascript' }));
        const w = new Worker(url);
        URL.revokeObjectURL(url);
        w.onerror = fail;
        workers.push(w);
        w.postMessage(data);
      }
    }
  } catch {
    for (const w of workers) w.terminate();
    return null; // e.g. a CSP without blob: workers
  }
  // a page's main thread may not block: there the caller spins on DONE (it takes bands until
  // none are left, so it only waits for the helpers' last ones)
  let canBlock = true;
  try { Atomics.wait(ctrl, STOP, 1, 0); } catch { canBlock = false; }
  const ready = () => !failed && Atomics.load(ctrl, READY) === helpers;
  return {
    helpers,
    ready,
    async whenReady() {
      for (let t = 0; t < 500 && !ready() && !failed; t++) await new Promise((r) => setTimeout(r, 10));
      return ready();
    },
    run(args, own) {
      Atomics.store(ctrl, DONE, 0);
      for (let i = 0; i < JOB_LEN; i++) ctrl[JOB + i] = args[i];
      Atomics.add(ctrl, GEN, 1);
      Atomics.notify(ctrl, GEN);
      own();
      // a helper that died outside its job (its 'error' event cannot run while this thread
      // waits) would leave DONE short forever: give up after a minute and let the caller redo it
      const deadline = Date.now() + 60_000;
      for (let d = Atomics.load(ctrl, DONE); d < helpers; d = Atomics.load(ctrl, DONE)) {
        if (canBlock) Atomics.wait(ctrl, DONE, d, 1000);
        if (failed || Date.now() > deadline) { fail(); break; }
      }
      if (Atomics.load(ctrl, FAILED)) {
        failed = true;
        Atomics.store(ctrl, STOP, 1); // no more jobs: the caller keeps one thread from now on
        Atomics.add(ctrl, GEN, 1);
        Atomics.notify(ctrl, GEN);
        return false;
      }
      return true;
    },
    stop() {
      failed = true;
      for (const w of workers) w.terminate();
    },
  };
}
