/** Matrix product: 2-D, batched N-D with broadcast batch dims, and 1-D vector cases. */
import { runOp } from '../run_op.ts';
import { broadcastShapes, fmt } from '../shape.ts';
import type { Tensor } from '../tensor.ts';
import { reshape } from './shape_ops.ts';

/**
 * The primitive: a @ b with optional transposed operands (used by the gradient), rank >= 2.
 * @example matmulT(a, b, false, true); // a @ b^T without materialising b^T
 */
export function matmulT(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean, shapes?: string): Tensor {
  const ra = a.rank, rb = b.rank;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const k2 = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const both = shapes ?? `${fmt(a.shape)} and ${fmt(b.shape)}`;
  if (k !== k2) throw new Error(`matmul: shapes ${both} do not align (${k} != ${k2})`);
  let batch: number[];
  try {
    batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    throw new Error(`matmul: shapes ${both} cannot broadcast (batch dims)`);
  }
  const out = [...batch, m, n];
  return runOp('matmul', [a, b], out, (be, [s, t]) => be.matmul(s, a.shape, t, b.shape, out, transposeA, transposeB), {
    attrs: { transposeA, transposeB },
  });
}

/**
 * a @ b like torch.matmul: [m,k]@[k,n] -> [m,n]; batch dims broadcast ([2,m,k]@[k,n] -> [2,m,n]);
 * a 1-D operand is a vector (its added dim is removed from the result).
 * @example matmul(tensor([[1, 2]]), tensor([[3], [4]])); // [[11]]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const shapes = `${fmt(a.shape)} and ${fmt(b.shape)}`;
  if (a.rank === 0 || b.rank === 0) throw new Error(`matmul: shapes ${shapes} must have at least 1 dim`);
  const a2 = a.rank === 1 ? reshape(a, [1, a.shape[0]]) : a;
  const b2 = b.rank === 1 ? reshape(b, [b.shape[0], 1]) : b;
  const y = matmulT(a2, b2, false, false, shapes);
  if (a.rank > 1 && b.rank > 1) return y;
  const s = y.shape.slice();
  if (b.rank === 1) s.splice(s.length - 1, 1);
  if (a.rank === 1) s.splice(s.length - (b.rank === 1 ? 1 : 2), 1);
  return reshape(y, s);
}
