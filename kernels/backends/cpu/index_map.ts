/**
 * Loop plans for the CPU kernels. An output is walked row-major; each operand reads it through
 * its own strides (0 on broadcast dims). `loops` merges every run of dims that all operands walk
 * contiguously, so a kernel does its index arithmetic once per ROW and a tight loop inside.
 */
import { broadcastStrides, sizeOf } from '../../shape.ts';
import type { Shape } from '../backend.ts';

/** A loop nest: `starts[o].length` rows of `inner` elements; row r of the output starts at r * inner. */
export interface Loops {
  /** Length of the innermost (tight) loop. */
  readonly inner: number;
  /** starts[o][r]: where operand o's row r begins. */
  readonly starts: Int32Array[];
  /** steps[o]: operand o's stride along the inner loop (0 = broadcast, 1 = contiguous). */
  readonly steps: number[];
}

/**
 * Plan a walk over `outShape` for operands with the given strides (aligned to outShape) and bases.
 * @example loops([2, 3], [[3, 1], [0, 1]]); // inner 3, starts [[0, 3], [0, 0]], steps [1, 1]
 */
export function loops(outShape: Shape, strides: readonly (readonly number[])[], bases?: readonly number[]): Loops {
  const k = strides.length;
  const n = sizeOf(outShape);
  // merged dims, innermost first; size-1 dims never matter
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = outShape.length - 1; d >= 0; d--) {
    const size = outShape[d];
    if (size === 1) continue;
    const last = dims.length - 1;
    let merge = last >= 0;
    for (let o = 0; o < k && merge; o++) merge = strides[o][d] === st[o][last] * dims[last];
    if (merge) dims[last] *= size;
    else {
      dims.push(size);
      for (let o = 0; o < k; o++) st[o].push(strides[o][d]);
    }
  }
  const inner = n === 0 ? 0 : dims.length > 0 ? dims[0] : 1;
  const steps = st.map((s) => s[0] ?? 0);
  const outer = dims.slice(1).reverse();
  const starts = st.map((s, o) => stridedIndex(s.slice(1).reverse(), n === 0 ? [0] : outer, bases?.[o] ?? 0));
  return { inner, starts, steps };
}

/** `loops` for operands broadcast NumPy-style from their shapes to outShape. */
export function broadcastLoops(shapes: readonly Shape[], outShape: Shape): Loops {
  return loops(outShape, shapes.map((s) => broadcastStrides(s, outShape)));
}

/**
 * Offsets into an input of `shape` for each element of `outShape` (row-major odometer walk).
 * @example broadcastIndex([3], [2, 3]); // Int32Array [0,1,2,0,1,2]
 */
export function broadcastIndex(shape: Shape, outShape: Shape): Int32Array {
  return stridedIndex(broadcastStrides(shape, outShape), outShape, 0);
}

/** Offsets `base + sum(idx[i] * strides[i])` for every index of `outShape`, row-major. */
export function stridedIndex(strides: readonly number[], outShape: Shape, base: number): Int32Array {
  const n = sizeOf(outShape);
  const out = new Int32Array(n);
  const rank = outShape.length;
  if (n === 0) return out;
  const idx = new Array<number>(rank).fill(0);
  let off = base;
  for (let i = 0; i < n; i++) {
    out[i] = off;
    // odometer: bump the last axis, carry leftwards
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      off += strides[d];
      if (idx[d] < outShape[d]) break;
      off -= strides[d] * idx[d];
      idx[d] = 0;
    }
  }
  return out;
}
