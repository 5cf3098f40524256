/** CPU batched matmul with broadcast batch dims and optional transposed operands. */
import { sizeOf } from '../../shape.ts';
import type { Shape } from '../backend.ts';
import { broadcastIndex } from './index_map.ts';
import type { Arr, ArrCtor } from './types.ts';

export function matmul(
  C: ArrCtor, a: Arr, aShape: Shape, b: Arr, bShape: Shape, outShape: Shape, ta: boolean, tb: boolean,
): Arr {
  const r = outShape.length;
  const m = outShape[r - 2], n = outShape[r - 1];
  const k = ta ? aShape[aShape.length - 2] : aShape[aShape.length - 1];
  const batch = outShape.slice(0, r - 2);
  // which a-matrix and b-matrix each output batch uses
  const ia = broadcastIndex(aShape.slice(0, -2), batch);
  const ib = broadcastIndex(bShape.slice(0, -2), batch);
  // element strides: a[i, p] and b[p, j] in the (possibly transposed) layouts
  const aRow = ta ? 1 : k, aCol = ta ? m : 1;
  const bRow = tb ? 1 : n, bCol = tb ? k : 1;
  const out = new C(sizeOf(outShape));
  const acc = new Float64Array(n);
  for (let t = 0; t < ia.length; t++) {
    const aOff = ia[t] * m * k, bOff = ib[t] * k * n, oOff = t * m * n;
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const av = a[aOff + i * aRow + p * aCol];
        const bBase = bOff + p * bRow;
        for (let j = 0; j < n; j++) acc[j] += av * b[bBase + j * bCol];
      }
      for (let j = 0; j < n; j++) out[oOff + i * n + j] = acc[j];
    }
  }
  return out;
}
