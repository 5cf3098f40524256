/** Shape ops: reshape (shares storage), flatten, squeeze, unsqueeze, permute, transpose, broadcastTo. */
import { runOp } from '../run_op.ts';
import { broadcastShapes, fmt, normAxis, shapesEqual, sizeOf } from '../shape.ts';
import type { Tensor } from '../tensor.ts';

/**
 * Same data, new shape; one dim may be -1 (inferred). Shares storage with x.
 * @example reshape(arange(6), [2, -1]); // shape [2, 3]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const out = [...shape];
  const infer = out.indexOf(-1);
  if (infer >= 0) {
    const rest = sizeOf(out.filter((_, i) => i !== infer));
    if (rest === 0 || x.size % rest !== 0) {
      throw new Error(`reshape: cannot reshape ${fmt(x.shape)} into ${fmt(shape)}`);
    }
    out[infer] = x.size / rest;
  }
  if (out.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(out) !== x.size) {
    throw new Error(`reshape: cannot reshape ${fmt(x.shape)} (${x.size} elements) into ${fmt(shape)}`);
  }
  return runOp('reshape', [x], out, (_be, [s]) => s, { attrs: { shape: out } });
}

/** Merge dims startDim..endDim into one. @example flatten(zeros([2, 3, 4]), 1); // [2, 12] */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.rank === 0) return reshape(x, [1]);
  const s = normAxis('flatten', startDim, x.rank, x.shape), e = normAxis('flatten', endDim, x.rank, x.shape);
  const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Drop size-1 dims (all, or only `axis`). @example squeeze(zeros([2, 1])); // [2] */
export function squeeze(x: Tensor, axis?: number): Tensor {
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normAxis('squeeze', axis, x.rank, x.shape);
  if (x.shape[a] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

/** Insert a size-1 dim at `axis`. @example unsqueeze(zeros([3]), 0); // [1, 3] */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normAxis('unsqueeze', axis, x.rank + 1, x.shape);
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Reorder dims: out.shape[i] = x.shape[perm[i]]. @example permute(zeros([2, 3, 4]), [2, 0, 1]); // [4, 2, 3] */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const p = perm.map((a) => normAxis('permute', a, x.rank, x.shape));
  if (p.length !== x.rank || new Set(p).size !== p.length) {
    throw new Error(`permute: ${fmt(perm)} is not a permutation of the dims of shape ${fmt(x.shape)}`);
  }
  if (p.every((a, i) => a === i)) return reshape(x, x.shape);
  return runOp('permute', [x], p.map((a) => x.shape[a]), (be, [s]) => be.permute(s, x.shape, p), {
    attrs: { perm: p },
  });
}

/** Swap two dims (default the last two). @example transpose(zeros([2, 3])); // [3, 2] */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  if (x.rank < 2) return x;
  const a = normAxis('transpose', dim0, x.rank, x.shape), b = normAxis('transpose', dim1, x.rank, x.shape);
  const perm = x.shape.map((_, i) => i);
  [perm[a], perm[b]] = [perm[b], perm[a]];
  return permute(x, perm);
}

/** Materialise x broadcast to `shape` (NumPy rules). @example broadcastTo(tensor([1, 2]), [2, 2]); */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const out = broadcastShapes('broadcastTo', x.shape, shape);
  if (!shapesEqual(out, shape)) {
    throw new Error(`broadcastTo: shapes ${fmt(x.shape)} and ${fmt(shape)} cannot broadcast`);
  }
  if (shapesEqual(x.shape, shape)) return x;
  return runOp('broadcastTo', [x], out, (be, [s]) => be.broadcastTo(s, x.shape, out), { attrs: { shape: out } });
}
