/**
 * Backend registry: name -> factory, lazily instantiated, plus the current selection.
 * `registerBackend` is the only coupling between a backend module and the engine; the webgl
 * backend registers itself from `kernels/backends/webgl/index.ts`.
 *
 * A backend whose code is large (webgl: gpu.js, ~600 KB) can instead be registered as LAZY
 * (`registerLazyBackend`, see kernels/backends/webgl/register.ts): a cheap probe answers "is it
 * available here, and is it a software GPU" without its code, and `await loadBackend(name)`
 * imports the module, which then registers the real factory. Until then it is listed and
 * reported available, but `setBackend` / `getBackendInstance` refuse it with that advice.
 */
import type { Backend, BackendFactory } from './backend.ts';

const factories = new Map<string, BackendFactory>();
const instances = new Map<string, Backend>();
const failures = new Map<string, string>();

/** What a lazy backend's probe finds, without loading the backend. */
export type BackendProbe = { available: true; software: boolean } | { available: false; reason: string };

/** A backend whose module is imported on first need. */
export interface LazyBackend {
  /** Cheap check (run once, cached): can it start here, and is it a software-emulated GPU? */
  probe(): BackendProbe;
  /** Imports the backend's module; importing it must call `registerBackend(name, ...)`. */
  load(): Promise<unknown>;
}
const lazyBackends = new Map<string, LazyBackend>();
const probes = new Map<string, BackendProbe>();
const loading = new Map<string, Promise<void>>();

let current = 'cpu64';

/**
 * Policy for `setBackend('auto')`: picks a backend name per op from its output size.
 * Default: outputs of at least 16384 elements go to 'webgl' when it is available AND runs on a
 * real GPU, else everything runs on 'cpu'. When the webgl backend reports `software` (SwiftShader,
 * llvmpipe: a GPU emulated on the CPU) 'auto' never picks it: an emulated GPU runs the same
 * arithmetic on the same cores as 'cpu', plus texture packing and shader dispatch, so it is
 * never the faster choice. `setAutoPolicy` replaces the policy (or just the threshold).
 */
export type AutoPolicy = (op: string, outSize: number) => string;

let autoThreshold = 16384;
const defaultPolicy: AutoPolicy = (_op, outSize) =>
  outSize >= autoThreshold && hardwareWebgl() ? 'webgl' : 'cpu';

/**
 * True when 'webgl' is available and not a software rasteriser (checked once per instance, or
 * by the lazy probe). An unloaded lazy webgl is never picked: `loadBackend('auto')` loads it first.
 */
function hardwareWebgl(): boolean {
  if (!isBackendAvailable('webgl')) return false;
  const probed = probes.get('webgl');
  if (probed?.available && probed.software) return false;
  if (!factories.has('webgl')) return false;
  return getBackendInstance('webgl').software !== true;
}
let autoPolicy: AutoPolicy = defaultPolicy;

/**
 * Register a backend under `name`. The factory runs on first use and may throw when unavailable.
 * @example registerBackend('cpu64', () => createCpuBackend('cpu64', Float64Array));
 */
export function registerBackend(name: string, factory: BackendFactory): void {
  factories.set(name, factory);
  const old = instances.get(name);
  if (old) old.teardown?.();
  instances.delete(name);
  failures.delete(name);
}

/**
 * Register `name` as a lazy backend (see the top of this file). Does nothing when `name` already
 * has a factory, e.g. a test page that imported the backend's module itself.
 * @example registerLazyBackend('webgl', { probe: () => ({ available: true, software: false }), load: () => import('./webgl/index.ts') });
 */
export function registerLazyBackend(name: string, backend: LazyBackend): void {
  if (factories.has(name)) return;
  lazyBackends.set(name, backend);
  probes.delete(name);
  failures.delete(name);
}

/** The lazy probe's answer for `name` (run once); a failure is cached like a factory's. */
function probe(name: string): BackendProbe {
  let found = probes.get(name);
  if (!found) {
    found = lazyBackends.get(name)!.probe();
    probes.set(name, found);
    if (!found.available) failures.set(name, found.reason);
  }
  return found;
}

/** True when `name` is lazy and its module has not been loaded (it has no factory yet). */
function unloaded(name: string): boolean {
  return !factories.has(name) && lazyBackends.has(name);
}

/**
 * Loads what `name` needs before `setBackend(name)`: a lazy backend's module (when its probe
 * finds it available), and for 'auto' the lazy backends the policy could pick (the default
 * policy: only a hardware GPU). Resolves without loading when there is nothing to load or the
 * backend is unavailable here (then `setBackend` says why); a failed import is cached as the
 * backend's failure.
 * @example await loadBackend('webgl'); setBackend('webgl');
 */
export async function loadBackend(name: string): Promise<void> {
  if (name === 'auto') {
    for (const lazy of lazyBackends.keys()) {
      if (!unloaded(lazy)) continue;
      const found = probe(lazy);
      if (found.available && (autoPolicy !== defaultPolicy || !found.software)) await loadBackend(lazy);
    }
    return;
  }
  if (!unloaded(name) || !probe(name).available) return;
  let pending = loading.get(name);
  if (!pending) {
    pending = lazyBackends.get(name)!.load().then(
      () => {
        if (unloaded(name)) failures.set(name, 'its module did not register it');
      },
      (e: unknown) => {
        failures.set(name, `its code could not be loaded (${e instanceof Error ? e.message : String(e)})`);
      },
    );
    loading.set(name, pending);
  }
  await pending;
}

/** Names of registered backends (available or not), lazy ones included. */
export function registeredBackends(): string[] {
  return [...new Set([...factories.keys(), ...lazyBackends.keys()])];
}

/**
 * True when `name` is registered and its factory succeeds here; for an unloaded lazy backend,
 * when its probe finds it available (it still needs `loadBackend` before use).
 */
export function isBackendAvailable(name: string): boolean {
  if (instances.has(name)) return true;
  if (failures.has(name)) return false;
  if (unloaded(name)) return probe(name).available;
  if (!factories.has(name)) return false;
  try {
    getBackendInstance(name);
    return true;
  } catch {
    return false;
  }
}

/** Why a backend is unavailable (undefined when it is available or was never tried). */
export function backendFailure(name: string): string | undefined {
  return failures.get(name);
}

/** The backend object registered as `name` (instantiating it on first use). */
export function getBackendInstance(name: string): Backend {
  const have = instances.get(name);
  if (have) return have;
  const factory = factories.get(name);
  if (!factory && unloaded(name)) {
    const found = probe(name);
    const failure = failures.get(name) ?? (found.available ? undefined : found.reason);
    if (failure !== undefined) throw new Error(`setBackend: backend '${name}' is not available (${failure})`);
    throw new Error(`setBackend: backend '${name}' is not loaded yet: \`await loadBackend('${name}')\` first`);
  }
  if (!factory) {
    throw new Error(`setBackend: unknown backend '${name}' (registered: ${registeredBackends().join(', ')})`);
  }
  if (failures.has(name)) {
    throw new Error(`setBackend: backend '${name}' is not available (${failures.get(name)})`);
  }
  try {
    const b = factory();
    instances.set(name, b);
    return b;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    failures.set(name, reason);
    throw new Error(`setBackend: backend '${name}' is not available (${reason})`);
  }
}

/**
 * Choose the backend for new tensors and ops: 'cpu64' (float64 reference, the default), 'cpu'
 * (float32), 'webgl' (gpu.js), or 'auto' (per op by size, see `setAutoPolicy`).
 * @example setBackend('cpu'); getBackend(); // 'cpu'
 */
export function setBackend(name: string): void {
  if (name !== 'auto') getBackendInstance(name); // throws when unknown/unavailable
  current = name;
}

/** The selected backend name ('auto' included). */
export function getBackend(): string {
  return current;
}

/**
 * Replace the 'auto' policy, or (given a number) keep the default policy with a new size
 * threshold (still cpu-only when webgl is software-emulated). Call with no argument to restore
 * the default.
 * @example setAutoPolicy(1 << 12); // ops with >= 4096 outputs go to webgl when available
 */
export function setAutoPolicy(policy?: AutoPolicy | number): void {
  if (typeof policy === 'number') {
    autoThreshold = policy;
    autoPolicy = defaultPolicy;
  } else {
    autoThreshold = 16384;
    autoPolicy = policy ?? defaultPolicy;
  }
}

/** The backend an op with `outSize` outputs runs on under the current selection. */
export function resolveBackend(op: string, outSize: number): Backend {
  return getBackendInstance(current === 'auto' ? autoPolicy(op, outSize) : current);
}
