// One chapter page's notebook in a worker thread: the same CellSession the browser's cell worker
// wraps, on the engine in Node. The runner (run.ts) can terminate it when a cell runs too long.
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../../kernels/index.ts';
import { CellSession, type Engine } from '../../src/cells/session.ts';
import { DEFAULT_BACKEND, type ToWorker } from '../../src/cells/protocol.ts';

let session: CellSession | undefined;
parentPort!.on('message', (message: ToWorker) => {
  if (!session) {
    engine.setBackend(String(workerData?.backend ?? DEFAULT_BACKEND));
    session = new CellSession(engine as unknown as Engine, message.channel, (m) => parentPort!.postMessage(m));
  }
  void session.handle(message);
});
