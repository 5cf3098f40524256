/** Reductions over axes with keepDims: sum, mean, max, min, variance, argmax, argmin. */
import type { ReduceOp } from '../backends/backend.ts';
import { runOp, type Kernel } from '../run_op.ts';
import { normAxes, normAxis, sizeOf } from '../shape.ts';
import type { Tensor } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { div, mul, sub } from './binary.ts';
import { reshape } from './shape_ops.ts';

function reduceOp(op: ReduceOp, x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean): Tensor {
  const axes = normAxes(op, axis, x.shape);
  const out = keepDims
    ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : x.shape.filter((_, i) => !axes.includes(i));
  // the kernel drops the reduced axes; keepDims has the same flat layout
  const kernel: Kernel = axes.length === 0
    ? (be, [s]) => be.unary('copy', s, x.size)
    : (be, [s]) => be.reduce(op, s, x.shape, axes);
  return runOp(op, [x], out, kernel, { attrs: { axes, keepDims } });
}

/**
 * Sum over `axis` (a number, a list, or all when omitted).
 * @example sum(tensor([[1, 2], [3, 4]]), 0); // [4, 6]
 */
export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return reduceOp('sum', x, axis, keepDims);
}

/** Mean over `axis`. @example mean(tensor([1, 2, 3])); // 2 */
export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return composite('mean', () => {
    const n = sizeOf(normAxes('mean', axis, x.shape).map((a) => x.shape[a]));
    return div(sum(x, axis, keepDims), n);
  });
}

/** Max over `axis`; the gradient is shared evenly among tied maxima. @example max(tensor([1, 5, 2])); // 5 */
export function max(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return reduceOp('max', x, axis, keepDims);
}

/** Min over `axis` (ties share the gradient). @example min(tensor([1, 5, 2])); // 1 */
export function min(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  return reduceOp('min', x, axis, keepDims);
}

/**
 * Variance over `axis`, unbiased (divide by n - 1) by default like torch.var.
 * @example variance(tensor([1, 2, 3, 4])); // 1.6667
 */
export function variance(x: Tensor, axis?: number | readonly number[], keepDims = false, unbiased = true): Tensor {
  return composite('variance', () => {
    const n = sizeOf(normAxes('var', axis, x.shape).map((a) => x.shape[a]));
    const d = sub(x, mean(x, axis, true));
    return div(sum(mul(d, d), axis, keepDims), unbiased ? n - 1 : n);
  });
}

function argOp(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  if (axis === undefined) {
    const flat = reshape(x, [x.size]);
    const r = argOp(op, flat, 0, false);
    return keepDims ? reshape(r, x.shape.map(() => 1)) : r;
  }
  const a = normAxis(op, axis, x.rank, x.shape);
  const out = keepDims ? x.shape.map((d, i) => (i === a ? 1 : d)) : x.shape.filter((_, i) => i !== a);
  return runOp(op, [x], out, (be, [s]) => be.argReduce(op, s, x.shape, a), {
    attrs: { axis: a, keepDims }, nonDifferentiable: true,
  });
}

/** Index of the first maximum (over everything when axis is omitted). @example argmax(tensor([1, 5, 2])); // 1 */
export function argmax(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argOp('argmax', x, axis, keepDims);
}

/** Index of the first minimum. @example argmin(tensor([[1, 0], [0, 1]]), 1); // [1, 0] */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argOp('argmin', x, axis, keepDims);
}
