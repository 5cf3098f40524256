/**
 * The cell worker: one per page, a module worker that owns the engine and the notebook scope.
 * The page talks to it only through the messages in protocol.ts. WebGL2 runs here through
 * OffscreenCanvas when the browser has it (backend 'webgl' or 'auto'); cells start on
 * DEFAULT_BACKEND, the same backend the Node cell runner uses.
 */
import * as engine from '../../kernels/index.ts';
// gpu.js is not in this worker's first download: the engine registers 'webgl' lazily (see
// kernels/backends/webgl/register.ts); the fallback notices come from a module without it.
import { onWebglFallback } from '../../kernels/backends/webgl/fallback.ts';
import { DEFAULT_BACKEND, type ToWorker } from './protocol.ts';
import { CellSession, type Engine } from './session.ts';
import { fetchAssetLoader } from './assets.ts';

/** Files of the site's public/ folder, fetched under Astro's base ('/' unless the site sets one). */
const host = { name: 'browser' as const, loadAsset: fetchAssetLoader(import.meta.env.BASE_URL ?? '/', self.location.origin) };

let session: CellSession | undefined;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (!message || typeof message.channel !== 'string') return;
  if (!session) {
    session = new CellSession(engine as unknown as Engine, message.channel, (m) => self.postMessage(m), host);
    engine.setBackend(DEFAULT_BACKEND);
    onWebglFallback((fallback) => session?.notice(fallback.message));
  }
  if (message.channel !== session.channel) return; // foreign: not our notebook
  void session.handle(message);
};
