/**
 * The CPU backends' array pool: freed arrays come back for the same length, and when the pool is
 * full the lengths used least recently make room (before, a full pool refused every new length).
 */
import { describe, expect, it } from 'vitest';
import { createPool } from '../../kernels/backends/cpu/pool.ts';

const MB = 2 ** 20;

describe('cpu array pool', () => {
  it('hands a freed array back for the same length, never for another', () => {
    const p = createPool(Float32Array);
    const a = p.alloc(1000);
    p.free(a);
    expect(p.alloc(999)).not.toBe(a);
    expect(p.alloc(1000)).toBe(a);
    expect(p.alloc(1000)).not.toBe(a); // handed out once only
  });
  it('never keeps views (they could alias a live array)', () => {
    const p = createPool(Float32Array);
    const view = new Float32Array(100).subarray(0, 50);
    p.free(view);
    expect(p.alloc(50)).not.toBe(view);
  });
  it('when full, drops the least recently used lengths to keep a new one', () => {
    const p = createPool(Float64Array); // 8 bytes an element: 4 MB = 2^19 elements
    const n = (k: number) => 512 * 1024 + k; // eight lengths of just over 4 MB fill the 32 MB
    const kept = Array.from({ length: 7 }, (_, k) => p.alloc(n(k)));
    kept.forEach((a) => p.free(a));
    expect(p.alloc(n(0))).toBe(kept[0]);
    p.free(kept[0]); // length 0 used again: now the most recently used
    const fresh = new Float64Array(n(7));
    p.free(fresh);
    // fresh made room by evicting length 1; 8 MB more evicts the next oldest, 2 and 3, never 0
    const big = new Float64Array(8 * MB / 8);
    p.free(big);
    expect(p.alloc(big.length)).toBe(big);
    expect(p.alloc(n(7))).toBe(fresh);
    expect(p.alloc(n(0))).toBe(kept[0]);
    for (const k of [1, 2, 3]) expect(p.alloc(n(k))).not.toBe(kept[k]);
    for (const k of [4, 5, 6]) expect(p.alloc(n(k))).toBe(kept[k]);
  });
  it('does not keep an array larger than the whole pool', () => {
    const p = createPool(Float32Array);
    const huge = new Float32Array(8 * MB + 1); // 32 MB and 4 bytes
    p.free(huge);
    expect(p.alloc(huge.length)).not.toBe(huge);
  });
});
