/** Reading a tensor into a float64 host matrix, and the shape checks the linalg ops share. */
import type { Backend, Storage } from '../backends/backend.ts';
import type { Tensor } from '../tensor.ts';
import { fmt } from '../shape.ts';
import type { HostMatrix } from './host.ts';

/** A storage read as a rows × cols float64 matrix (a vector is one column). */
export function hostMatrix(backend: Backend, s: Storage, rows: number, cols: number): HostMatrix {
  return { rows, cols, data: Float64Array.from(backend.read(s)) };
}

/** Columns of a right-hand side: 1 for a vector [n], k for a matrix [n, k]. */
export function rhsColumns(t: Tensor): number {
  return t.rank === 1 ? 1 : t.shape[1];
}

/** Throws unless `t` is [n] or [n, k] with n = `rows` (the right-hand side of A x = b). */
export function requireRhs(t: Tensor, rows: number, op: string, name: string, lhs: string): void {
  if ((t.rank !== 1 && t.rank !== 2) || t.shape[0] !== rows) {
    throw new Error(`${op}: ${name} must be [${rows}] or [${rows}, k] to match ${lhs}, got ${fmt(t.shape)}`);
  }
}
