/** CPU data-movement kernels: permute, slice, pad, gather, scatterAdd, concat. */
import { sizeOf, stridesOf } from '../../shape.ts';
import type { Shape } from '../backend.ts';
import { loops } from './index_map.ts';
import type { Alloc, Arr } from './types.ts';

export function permute(alloc: Alloc, x: Arr, shape: Shape, perm: readonly number[]): Arr {
  const st = stridesOf(shape);
  return copyStrided(alloc, x, perm.map((p) => shape[p]), perm.map((p) => st[p]), 0);
}

export function slice(alloc: Alloc, x: Arr, shape: Shape, begin: readonly number[], size: readonly number[]): Arr {
  const st = stridesOf(shape);
  let base = 0;
  for (let i = 0; i < shape.length; i++) base += begin[i] * st[i];
  return copyStrided(alloc, x, size, st, base);
}

/** out (row-major, outShape) = x read through `strides` from `base`, one tight loop per row. */
function copyStrided(alloc: Alloc, x: Arr, outShape: Shape, strides: readonly number[], base: number): Arr {
  const out = alloc(sizeOf(outShape));
  const { inner, starts: [rx], steps: [sx] } = loops(outShape, [strides], [base]);
  for (let r = 0; r < rx.length; r++) {
    const o = r * inner, s = rx[r];
    if (sx === 1) out.set(x.subarray(s, s + inner), o);
    else for (let i = 0; i < inner; i++) out[o + i] = x[s + i * sx];
  }
  return out;
}

export function pad(alloc: Alloc, x: Arr, shape: Shape, before: readonly number[], after: readonly number[]): Arr {
  const outShape = shape.map((d, i) => before[i] + d + after[i]);
  const ost = stridesOf(outShape);
  let base = 0;
  for (let i = 0; i < shape.length; i++) base += before[i] * ost[i];
  const out = alloc(sizeOf(outShape)).fill(0);
  // walk the input row-major; each row lands contiguously inside the output
  const { inner, starts: [ro], steps: [so] } = loops(shape, [ost], [base]);
  for (let r = 0; r < ro.length; r++) {
    const s = r * inner, o = ro[r];
    if (so === 1) out.set(x.subarray(s, s + inner), o);
    else for (let i = 0; i < inner; i++) out[o + i * so] = x[s + i];
  }
  return out;
}

/** Split a shape around `axis` into [outer, len, inner] block sizes. */
function around(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}

export function gather(alloc: Alloc, x: Arr, shape: Shape, axis: number, idx: Arr, n: number): Arr {
  const [outer, len, inner] = around(shape, axis);
  const out = alloc(outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const src = (o * len + idx[j]) * inner, dst = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = x[src + i];
    }
  }
  return out;
}

export function scatterAdd(
  alloc: Alloc, u: Arr, uShape: Shape, axis: number, idx: Arr, n: number, outDim: number,
): Arr {
  const [outer, , inner] = around(uShape, axis);
  const acc = new Float64Array(outer * outDim * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const dst = (o * outDim + idx[j]) * inner, src = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) acc[dst + i] += u[src + i];
    }
  }
  const out = alloc(acc.length);
  out.set(acc);
  return out;
}

export function concat(alloc: Alloc, xs: Arr[], shapes: readonly Shape[], axis: number, outShape: Shape): Arr {
  const [outer, outLen, inner] = around(outShape, axis);
  const out = alloc(sizeOf(outShape));
  let at = 0;
  xs.forEach((x, t) => {
    const len = shapes[t][axis];
    const block = len * inner;
    for (let o = 0; o < outer; o++) {
      out.set(x.subarray(o * block, (o + 1) * block), (o * outLen + at) * inner);
    }
    at += len;
  });
  return out;
}
