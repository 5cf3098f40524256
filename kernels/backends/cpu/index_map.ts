/**
 * For broadcasting on the CPU: the flat input offset of every output element.
 */
import { broadcastStrides, sizeOf } from '../../shape.ts';
import type { Shape } from '../backend.ts';

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
