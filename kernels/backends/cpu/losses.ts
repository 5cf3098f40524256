/**
 * Fused softmax cross-entropy on the CPU: per row one pass for the max and one for Σ exp, then
 * the pick (forward) or a scaling pass (gradient). Float64 arithmetic for both dtypes.
 */
import type { Alloc, Arr } from './types.ts';

/** max of x[o .. o + C) (NaN propagates). */
function rowMax(x: Arr, o: number, C: number): number {
  let m = -Infinity;
  for (let c = o; c < o + C; c++) {
    const v = x[c];
    if (v > m || v !== v) m = v;
  }
  return m;
}

export function softmaxCrossEntropy(alloc: Alloc, x: Arr, t: Arr, rows: number, C: number, ignore: number): Arr {
  const out = alloc(rows);
  for (let r = 0; r < rows; r++) {
    const k = t[r], o = r * C;
    if (k === ignore) {
      out[r] = 0;
      continue;
    }
    const m = rowMax(x, o, C);
    let s = 0;
    for (let c = o; c < o + C; c++) s += Math.exp(x[c] - m);
    out[r] = m + Math.log(s) - x[o + k];
  }
  return out;
}

export function softmaxCrossEntropyGrad(alloc: Alloc, x: Arr, t: Arr, dy: Arr, rows: number, C: number, ignore: number): Arr {
  const out = alloc(rows * C);
  for (let r = 0; r < rows; r++) {
    const k = t[r], o = r * C;
    if (k === ignore) {
      out.fill(0, o, o + C);
      continue;
    }
    // one exp per entry: e = exp(x − max) is written, then scaled by dy/Σe
    const m = rowMax(x, o, C);
    let s = 0;
    for (let c = o; c < o + C; c++) s += out[c] = Math.exp(x[c] - m);
    const g = dy[r], scale = g / s;
    for (let c = o; c < o + C; c++) out[c] *= scale;
    out[o + k] = Math.exp(x[o + k] - m) * scale - g;
  }
  return out;
}
