/**
 * Registers 'webgl' with the engine WITHOUT loading it: gpu.js is most of the cell worker's code
 * (~600 KB of ~1 MB), and most runs never use it ('auto' on a software GPU, cpu, cpu64). The probe
 * (probe.ts, plain WebGL2) answers availability; `await loadBackend('webgl')` (or 'auto' on a
 * hardware GPU) imports index.ts, which bundlers emit as a chunk of its own. In Node the probe
 * finds no WebGL2, so 'webgl' is unavailable and 'auto' stays on 'cpu', as before.
 */
import { registerLazyBackend } from '../registry.ts';
import { reportFallback, UNAVAILABLE_MESSAGE } from './fallback.ts';
import { probeWebgl2 } from './probe.ts';

registerLazyBackend('webgl', {
  probe: () => {
    const found = probeWebgl2();
    if (!found.available) reportFallback({ reason: 'unavailable', message: UNAVAILABLE_MESSAGE });
    return found;
  },
  load: () => import('./index.ts'),
});
