// One chapter page's notebook in a worker thread: the same CellSession the browser's cell worker
// wraps, on the engine in Node. The runner (run.ts) can terminate it when a cell runs too long.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../../kernels/index.ts';
import { CellSession, type Engine } from '../../src/cells/session.ts';
import { DEFAULT_BACKEND, type ToWorker } from '../../src/cells/protocol.ts';
import { assetPath } from '../../src/cells/assets.ts';

/** `asset(path)` in the runner: the file from public/, as the site would serve it. */
const PUBLIC = new URL('../../public/', import.meta.url);
const host = {
  name: 'node' as const,
  loadAsset: async (path: string) => {
    const bytes = await readFile(new URL(assetPath(path).slice(1), PUBLIC));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  },
};

let session: CellSession | undefined;
parentPort!.on('message', (message: ToWorker) => {
  if (!session) {
    engine.setBackend(String(workerData?.backend ?? DEFAULT_BACKEND));
    session = new CellSession(engine as unknown as Engine, message.channel, (m) => parentPort!.postMessage(m), host);
  }
  void session.handle(message);
});
