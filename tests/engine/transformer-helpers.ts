/** Float64 references for the transformer op suite: plain-JS batched matmul and reshaping. */
import type { NestedArray } from '../../kernels/index.ts';

/** [0, 1, ..., n - 1]. @example seq(3); // [0, 1, 2] */
export function seq(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Flat row-major a [batch, m, k] times b [batch, k, n] (or b [batch, n, k] when transB), flat out.
 * @example refMatmul([1, 2], [3, 4], 1, 1, 2, 1); // [11]
 */
export function refMatmul(a: number[], b: number[], batch: number, m: number, k: number, n: number, transB = false): number[] {
  const out: number[] = [];
  for (let z = 0; z < batch; z++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[z * m * k + i * k + p] * b[z * k * n + (transB ? j * k + p : p * n + j)];
        out.push(s);
      }
    }
  }
  return out;
}

/** Flat values as nested arrays of `shape`. @example nest([1, 2, 3, 4], [2, 2]); // [[1, 2], [3, 4]] */
export function nest(v: readonly number[], shape: readonly number[]): NestedArray {
  if (shape.length === 0) return v[0];
  const step = v.length / shape[0];
  return seq(shape[0]).map((i) => nest(v.slice(i * step, (i + 1) * step), shape.slice(1)));
}
