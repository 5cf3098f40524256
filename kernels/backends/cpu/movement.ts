/** CPU data-movement kernels: permute, slice, pad, gather, scatterAdd, concat. */
import { sizeOf, stridesOf } from '../../shape.ts';
import type { Shape } from '../backend.ts';
import { stridedIndex } from './index_map.ts';
import type { Arr, ArrCtor } from './types.ts';

export function permute(C: ArrCtor, x: Arr, shape: Shape, perm: readonly number[]): Arr {
  const st = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const src = stridedIndex(perm.map((p) => st[p]), outShape, 0);
  const out = new C(src.length);
  for (let i = 0; i < src.length; i++) out[i] = x[src[i]];
  return out;
}

export function slice(C: ArrCtor, x: Arr, shape: Shape, begin: readonly number[], size: readonly number[]): Arr {
  const st = stridesOf(shape);
  let base = 0;
  for (let i = 0; i < shape.length; i++) base += begin[i] * st[i];
  const src = stridedIndex(st, size, base);
  const out = new C(src.length);
  for (let i = 0; i < src.length; i++) out[i] = x[src[i]];
  return out;
}

export function pad(C: ArrCtor, x: Arr, shape: Shape, before: readonly number[], after: readonly number[]): Arr {
  const outShape = shape.map((d, i) => before[i] + d + after[i]);
  const ost = stridesOf(outShape);
  let base = 0;
  for (let i = 0; i < shape.length; i++) base += before[i] * ost[i];
  const dst = stridedIndex(ost, shape, base);
  const out = new C(sizeOf(outShape));
  for (let i = 0; i < dst.length; i++) out[dst[i]] = x[i];
  return out;
}

/** Split a shape around `axis` into [outer, len, inner] block sizes. */
function around(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}

export function gather(C: ArrCtor, x: Arr, shape: Shape, axis: number, idx: Arr, n: number): Arr {
  const [outer, len, inner] = around(shape, axis);
  const out = new C(outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const src = (o * len + idx[j]) * inner, dst = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = x[src + i];
    }
  }
  return out;
}

export function scatterAdd(
  C: ArrCtor, u: Arr, uShape: Shape, axis: number, idx: Arr, n: number, outDim: number,
): Arr {
  const [outer, , inner] = around(uShape, axis);
  const acc = new Float64Array(outer * outDim * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const dst = (o * outDim + idx[j]) * inner, src = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) acc[dst + i] += u[src + i];
    }
  }
  return C.from(acc);
}

export function concat(C: ArrCtor, xs: Arr[], shapes: readonly Shape[], axis: number, outShape: Shape): Arr {
  const [outer, outLen, inner] = around(outShape, axis);
  const out = new C(sizeOf(outShape));
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
