/** CPU reductions: sum/max/min over a set of axes, argmax/argmin along one axis. */
import { sizeOf } from '../../shape.ts';
import type { ArgReduceOp, ReduceOp, Shape } from '../backend.ts';
import { stridedIndex } from './index_map.ts';
import type { Alloc, Arr } from './types.ts';

/**
 * Reduce over `axes`. Adjacent axes of the same kind (reduced / kept) are merged, then the input
 * is walked row-major in rows of its innermost block: a reduced inner block folds into one
 * accumulator per row, a kept one adds a row into a run of accumulators.
 * NOTE: every output still sees its inputs in ascending flat order, starting from 0 / -Inf /
 * Inf, so sums are bit-identical to a per-element walk (float64 accumulation even for float32).
 */
export function reduce(alloc: Alloc, op: ReduceOp, x: Arr, shape: Shape, axes: readonly number[]): Arr {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const acc = new Float64Array(sizeOf(outShape));
  if (op !== 'sum') acc.fill(op === 'max' ? -Infinity : Infinity);
  if (x.length > 0) {
    // merged blocks, innermost first: size, and stride in the output (0 when reduced)
    const sizes: number[] = [], outSt: number[] = [], red: boolean[] = [];
    let stride = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const size = shape[d], r = axes.includes(d);
      if (size === 1) continue;
      const last = sizes.length - 1;
      if (last >= 0 && red[last] === r) sizes[last] *= size;
      else { sizes.push(size); outSt.push(r ? 0 : stride); red.push(r); }
      if (!r) stride *= size;
    }
    const inner = sizes.length ? sizes[0] : 1, innerReduced = red.length ? red[0] : true;
    const target = stridedIndex(outSt.slice(1).reverse(), sizes.slice(1).reverse(), 0);
    for (let row = 0; row < target.length; row++) {
      const t = target[row], s = row * inner;
      if (innerReduced) acc[t] = fold(op, acc[t], x, s, s + inner);
      else accumulate(op, acc, t, x, s, inner);
    }
  }
  const out = alloc(acc.length);
  out.set(acc);
  return out;
}

/** acc op= x[from..to), in order. */
function fold(op: ReduceOp, acc: number, x: Arr, from: number, to: number): number {
  if (op === 'sum') {
    for (let i = from; i < to; i++) acc += x[i];
  } else if (op === 'max') {
    for (let i = from; i < to; i++) { const v = x[i]; if (v > acc || v !== v) acc = v; }
  } else {
    for (let i = from; i < to; i++) { const v = x[i]; if (v < acc || v !== v) acc = v; }
  }
  return acc;
}

/** acc[t + j] op= x[s + j] for j < len. */
function accumulate(op: ReduceOp, acc: Float64Array, t: number, x: Arr, s: number, len: number): void {
  if (op === 'sum') {
    for (let j = 0; j < len; j++) acc[t + j] += x[s + j];
  } else if (op === 'max') {
    for (let j = 0; j < len; j++) { const v = x[s + j]; if (v > acc[t + j] || v !== v) acc[t + j] = v; }
  } else {
    for (let j = 0; j < len; j++) { const v = x[s + j]; if (v < acc[t + j] || v !== v) acc[t + j] = v; }
  }
}

export function argReduce(alloc: Alloc, op: ArgReduceOp, x: Arr, shape: Shape, axis: number): Arr {
  const outer = sizeOf(shape.slice(0, axis));
  const len = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const out = alloc(outer * inner);
  const better = op === 'argmax' ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let best = x[base], arg = 0;
      for (let k = 1; k < len && best === best; k++) {
        const v = x[base + k * inner];
        if (better(v, best) || v !== v) { best = v; arg = k; }
      }
      out[o * inner + i] = arg;
    }
  }
  return out;
}
