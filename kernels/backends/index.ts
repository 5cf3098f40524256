/** Backends: the registry plus the built-in CPU backends (registered on import). */
import './cpu/index.ts';

export {
  registerBackend, registerLazyBackend, loadBackend, setBackend, getBackend, getBackendInstance, isBackendAvailable,
  registeredBackends, backendFailure, setAutoPolicy, resolveBackend,
} from './registry.ts';
export type { AutoPolicy, LazyBackend, BackendProbe } from './registry.ts';
export { createCpuBackend } from './cpu/index.ts';
export type { Backend, BackendFactory, Storage, DType, Window2d } from './backend.ts';
