/**
 * Recycled arrays for a CPU backend. Allocating a typed array costs about as much as a small
 * kernel (the engine makes thousands of short-lived ones per training step), so disposed arrays
 * are kept per length and handed out again.
 */
import type { Alloc, Arr, ArrCtor } from './types.ts';

/** Arrays kept per length (a training step keeps dozens of same-size activations alive), and bytes kept in all. */
const PER_LENGTH = 64;
const MAX_BYTES = 32 * 2 ** 20;

export interface Pool {
  /** An array of length n; its contents are ARBITRARY (see `Alloc`). */
  alloc: Alloc;
  /** Take back an array nobody reads any more. */
  free(a: Arr): void;
}

/** @example const p = createPool(Float32Array); const a = p.alloc(3); p.free(a); p.alloc(3) === a; */
export function createPool(C: ArrCtor): Pool {
  const free = new Map<number, Arr[]>();
  let bytes = 0;
  return {
    alloc(n) {
      const list = free.get(n);
      if (list !== undefined && list.length > 0) {
        const a = list.pop()!;
        bytes -= a.byteLength;
        return a;
      }
      return new C(n);
    },
    free(a) {
      // NOTE: only whole arrays (never views) are recycled; a view could alias a live array
      if (a.byteOffset !== 0 || a.buffer.byteLength !== a.byteLength) return;
      if (a.length === 0 || bytes + a.byteLength > MAX_BYTES) return;
      let list = free.get(a.length);
      if (list === undefined) free.set(a.length, (list = []));
      if (list.length >= PER_LENGTH) return;
      list.push(a);
      bytes += a.byteLength;
    },
  };
}
