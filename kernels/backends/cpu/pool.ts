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
  // NOTE: a Map iterates in insertion order, and every use of a length re-inserts it, so the
  // first lengths are the least recently used: the ones evicted when the pool is full. Without
  // eviction, lengths a page used once (a generation loop grows its sequence a token at a time)
  // filled the pool for good and every later array was allocated afresh.
  const free = new Map<number, Arr[]>();
  let bytes = 0;
  const touch = (n: number, list: Arr[]) => {
    free.delete(n);
    free.set(n, list);
  };
  return {
    alloc(n) {
      const list = free.get(n);
      if (list === undefined) return new C(n);
      const a = list.pop()!; // lists in the map are never empty
      bytes -= a.byteLength;
      if (list.length === 0) free.delete(n);
      else touch(n, list);
      return a;
    },
    free(a) {
      // NOTE: only whole arrays (never views) are recycled; a view could alias a live array
      if (a.byteOffset !== 0 || a.buffer.byteLength !== a.byteLength) return;
      if (a.length === 0 || a.byteLength > MAX_BYTES) return;
      const list = free.get(a.length) ?? [];
      if (list.length >= PER_LENGTH) return;
      touch(a.length, list);
      for (const [n, old] of free) { // least recently used first; stops at this length, now the last
        if (bytes + a.byteLength <= MAX_BYTES || old === list) break;
        for (const dropped of old) bytes -= dropped.byteLength;
        free.delete(n);
      }
      if (bytes + a.byteLength > MAX_BYTES) {
        if (list.length === 0) free.delete(a.length);
        return;
      }
      list.push(a);
      bytes += a.byteLength;
    },
  };
}
