/** Slicing and joining: slice, narrow, pad, indexSelect, scatterAdd, gather, concat, stack. */
import { runOp } from '../run_op.ts';
import { fmt, normAxis } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { eq, } from './compare.ts';
import { mul } from './binary.ts';
import { arange, tensor } from './creation.ts';
import { sum } from './reduce.ts';
import { transpose, unsqueeze } from './shape_ops.ts';

/**
 * Rows start..end-1 along `axis` (Python-style: negative counts from the end, clamped).
 * @example slice(arange(5), 1, 3); // [1, 2]
 */
export function slice(x: Tensor, start: number, end?: number, axis = 0): Tensor {
  const a = normAxis('slice', axis, x.rank, x.shape);
  const n = x.shape[a];
  const clampIdx = (i: number) => Math.min(n, Math.max(0, i < 0 ? i + n : i));
  const s = clampIdx(start), e = Math.max(s, clampIdx(end ?? n));
  return narrow(x, a, s, e - s);
}

/** `length` entries along `axis` from `start`. @example narrow(zeros([4, 3]), 1, 1, 2); // [4, 2] */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  const a = normAxis('narrow', axis, x.rank, x.shape);
  if (start < 0 || length < 0 || start + length > x.shape[a] || !Number.isInteger(start + length)) {
    throw new Error(`narrow: [${start}, ${start + length}) out of range for axis ${a} of shape ${fmt(x.shape)}`);
  }
  const begin = x.shape.map((_, i) => (i === a ? start : 0));
  const size = x.shape.map((d, i) => (i === a ? length : d));
  return runOp('slice', [x], size, (be, [s]) => be.slice(s, x.shape, begin, size), { attrs: { begin, size } });
}

/** Zero padding per axis. @example pad(tensor([1]), [1], [2]); // [0, 1, 0, 0] */
export function pad(x: Tensor, before: readonly number[], after: readonly number[]): Tensor {
  const out = x.shape.map((d, i) => before[i] + d + after[i]);
  return runOp('pad', [x], out, (be, [s]) => be.pad(s, x.shape, before, after), { attrs: { before, after } });
}

/** Index tensor from numbers/tensor, validated against a dim of size n. */
function indexTensor(op: string, index: Tensor | readonly number[], n: number, axis: number, shape: readonly number[]): Tensor {
  const t = index instanceof Tensor ? index : tensor([...index]);
  if (t.rank !== 1) throw new Error(`${op}: index must be 1-D, got shape ${fmt(t.shape)}`);
  for (const v of t.dataSync()) {
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new Error(`${op}: index ${v} out of range for axis ${axis} of shape ${fmt(shape)}`);
    }
  }
  return t;
}

/**
 * Pick entries along `axis` by a 1-D index (mini-batches: `X.indexSelect(0, idx)`).
 * @example indexSelect(tensor([[1, 2], [3, 4], [5, 6]]), 0, [2, 0]); // [[5, 6], [1, 2]]
 */
export function indexSelect(x: Tensor, axis: number, index: Tensor | readonly number[]): Tensor {
  const a = normAxis('indexSelect', axis, x.rank, x.shape);
  const idx = indexTensor('indexSelect', index, x.shape[a], a, x.shape);
  const out = x.shape.map((d, i) => (i === a ? idx.size : d));
  return runOp('indexSelect', [x, idx], out, (be, [s, i]) => be.gather(s, x.shape, a, i, idx.size), {
    attrs: { axis: a },
  });
}

/** Inverse of indexSelect: zeros with dim `axis` = outDim, rows of u added at index. */
export function scatterAdd(u: Tensor, axis: number, index: Tensor, outDim: number): Tensor {
  const a = normAxis('scatterAdd', axis, u.rank, u.shape);
  const out = u.shape.map((d, i) => (i === a ? outDim : d));
  return runOp('scatterAdd', [u, index], out, (be, [s, i]) => be.scatterAdd(s, u.shape, a, i, index.size, outDim), {
    attrs: { axis: a, outDim },
  });
}

/**
 * torch.gather: out[i][j] = x[i][index[i][j]] (for axis 1); index has x's rank and x's size on
 * the other axes. A composite: a one-hot mask times x, summed.
 * @example gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1], [0]])); // [[2], [3]]
 */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  return composite('gather', () => {
    const a = normAxis('gather', axis, x.rank, x.shape);
    if (index.rank !== x.rank || x.shape.some((d, i) => i !== a && index.shape[i] !== d)) {
      throw new Error(`gather: index shape ${fmt(index.shape)} does not match ${fmt(x.shape)} off axis ${a}`);
    }
    const xp = transpose(x, a, -1), ip = transpose(index, a, -1);
    const oneHot = eq(unsqueeze(ip, -1), arange(x.shape[a])); // [..., k, n]
    return transpose(sum(mul(oneHot, unsqueeze(xp, -2)), -1), a, -1);
  });
}

/** Join along an existing axis. @example concat([zeros([2, 1]), ones([2, 2])], 1); // [2, 3] */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error('concat: needs at least one tensor');
  const first = xs[0];
  const a = normAxis('concat', axis, first.rank, first.shape);
  for (const t of xs) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new Error(`concat: shapes ${xs.map((u) => fmt(u.shape)).join(' and ')} differ off axis ${a}`);
    }
  }
  const out = first.shape.map((d, i) => (i === a ? xs.reduce((n, t) => n + t.shape[a], 0) : d));
  const shapes = xs.map((t) => t.shape);
  return runOp('concat', xs, out, (be, s) => be.concat(s, shapes, a, out), { attrs: { axis: a } });
}

/** Join along a new axis. @example stack([tensor([1, 2]), tensor([3, 4])]); // [[1, 2], [3, 4]] */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  return composite('stack', () => {
    if (xs.length === 0) throw new Error('stack: needs at least one tensor');
    for (const t of xs) {
      if (t.rank !== xs[0].rank || t.shape.some((d, i) => d !== xs[0].shape[i])) {
        throw new Error(`stack: shapes ${xs.map((u) => fmt(u.shape)).join(' and ')} differ`);
      }
    }
    const a = normAxis('stack', axis, xs[0].rank + 1, xs[0].shape);
    return concat(xs.map((t) => unsqueeze(t, a)), a);
  });
}
