/**
 * Reference-counted storage: a backend handle shared by tensors that alias it (reshape, detach).
 * Also the live byte counter behind `memory()`.
 */
import type { Backend, Storage } from './backends/backend.ts';

export interface DataRef {
  readonly backend: Backend;
  readonly storage: Storage;
  readonly size: number;
  refs: number;
}

const counters = { numTensors: 0, numBytes: 0, numStorages: 0 };

/** Wrap a fresh handle (refcount 1). */
export function makeRef(backend: Backend, storage: Storage, size: number): DataRef {
  counters.numBytes += size * backend.bytesPerElement;
  counters.numStorages++;
  return { backend, storage, size, refs: 1 };
}

export function retain(ref: DataRef): DataRef {
  ref.refs++;
  return ref;
}

/** Drop one reference; frees the handle when none remain. */
export function release(ref: DataRef): void {
  if (--ref.refs > 0) return;
  counters.numBytes -= ref.size * ref.backend.bytesPerElement;
  counters.numStorages--;
  ref.backend.dispose(ref.storage);
}

/** Copy a ref's values onto another backend (the caller releases the old ref). */
export function copyTo(ref: DataRef, backend: Backend): DataRef {
  return makeRef(backend, backend.upload(ref.backend.read(ref.storage)), ref.size);
}

export function countTensor(delta: number): void {
  counters.numTensors += delta;
}

/**
 * Live tensors and the bytes of their (deduplicated) storage.
 * @example const before = memory().numTensors; tidy(() => x.mul(2)); memory().numTensors === before;
 */
export function memory(): { numTensors: number; numBytes: number; numStorages: number } {
  return { ...counters };
}
