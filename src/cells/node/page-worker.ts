// One chapter page's notebook in a worker thread: the same CellSession the browser's cell worker
// wraps, on the engine in Node. run-page.ts starts it for the cell runner (tests/cells/run.ts) and
// for the build's autorun outputs (prerender.ts), and terminates it when a cell runs too long.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../../../kernels/index.ts';
import { CellSession, type Engine } from '../session.ts';
import { DEFAULT_BACKEND, type ToWorker } from '../protocol.ts';
import { assetPath } from '../assets.ts';

/** `asset(path)` in the runner: the file from public/, as the site would serve it. */
const PUBLIC = new URL('../../../public/', import.meta.url);
const host = {
  name: 'node' as const,
  loadAsset: async (path: string) => {
    const bytes = await readFile(new URL(assetPath(path).slice(1), PUBLIC));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  },
};

/**
 * Sent to the runner just before each `done`: this thread's CPU time so far, in ms (Linux
 * only: /proc/thread-self/stat; undefined elsewhere). On a machine shared with other jobs a
 * cell's wall time varies twofold from run to run, its CPU time far less.
 */
export interface CpuTime {
  type: 'cpu-time';
  channel: string;
  runId: number;
  ms: number | undefined;
}

const TICK_MS = 10; // USER_HZ is 100 on every Linux the runner meets
function threadCpuMs(): number | undefined {
  try {
    // fields after the ")" that closes the thread's name: state is field 3, utime 14, stime 15
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

let session: CellSession | undefined;
parentPort!.on('message', (message: ToWorker) => {
  if (!session) {
    engine.setBackend(String(workerData?.backend ?? DEFAULT_BACKEND));
    session = new CellSession(engine as unknown as Engine, message.channel, (m) => {
      if (m.type === 'done') parentPort!.postMessage({ type: 'cpu-time', channel: m.channel, runId: m.runId, ms: threadCpuMs() } satisfies CpuTime);
      parentPort!.postMessage(m);
    }, host);
  }
  void session.handle(message);
});
