/**
 * Backend registry: name -> factory, lazily instantiated, plus the current selection.
 * `registerBackend` is the only coupling between a backend module and the engine; the webgl
 * backend registers itself from `kernels/backends/webgl/index.ts`.
 */
import type { Backend, BackendFactory } from './backend.ts';

const factories = new Map<string, BackendFactory>();
const instances = new Map<string, Backend>();
const failures = new Map<string, string>();

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

/** True when 'webgl' is available and not a software rasteriser (checked once per instance). */
function hardwareWebgl(): boolean {
  if (!isBackendAvailable('webgl')) return false;
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

/** Names of registered backends (available or not). */
export function registeredBackends(): string[] {
  return [...factories.keys()];
}

/** True when `name` is registered and its factory succeeds here. */
export function isBackendAvailable(name: string): boolean {
  if (instances.has(name)) return true;
  if (!factories.has(name) || failures.has(name)) return false;
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
