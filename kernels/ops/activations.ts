/**
 * Activations built from primitives (only primitives carry gradients): relu, sigmoid, gelu,
 * softmax, logSoftmax, logsumexp, clamp, softplus. tanh and erf are primitives (ops/unary.ts).
 */
import type { Tensor } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { add, div, mul, sub } from './binary.ts';
import { ge, gt, lt } from './compare.ts';
import { erf, exp, log, neg, tanh } from './unary.ts';
import { max, sum } from './reduce.ts';
import { where } from './where.ts';
import { normAxis } from '../shape.ts';
import { squeeze } from './shape_ops.ts';

/**
 * max(x, 0). The gradient at exactly 0 is 0, as in PyTorch.
 * @example relu(tensor([-1, 0, 2])); // [0, 0, 2]
 */
export function relu(x: Tensor): Tensor {
  return composite('relu', () => {
    return where(gt(x, 0), x, 0);
  });
}

/**
 * |x| whose gradient at 0 is +1 (the x >= 0 branch), unlike abs (gradient 0 there).
 */
function absPos(x: Tensor): Tensor {
  return where(ge(x, 0), x, neg(x));
}

/**
 * 1 / (1 + e^-x), stable for any x.
 * @example sigmoid(tensor([0])); // [0.5]
 */
export function sigmoid(x: Tensor): Tensor {
  return composite('sigmoid', () => {
    // NOTE: z = e^-|x| is in (0, 1], so neither branch overflows: 1/(1+e^-x) would give
    // e^-x = Inf for very negative x, and where() would then send 0 * Inf = NaN into the
    // gradient of the branch it did not pick. absPos keeps sigmoid'(0) = 1/4 exact.
    const pos = ge(x, 0);
    const z = exp(neg(absPos(x)));
    const den = add(z, 1);
    return where(pos, div(1, den), div(z, den));
  });
}

export interface GeluOptions {
  /** 'none' (default): the exact x·Φ(x), via erf. 'tanh': GPT-2's approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * GELU(x) = x·Φ(x) = x/2·(1 + erf(x/√2)), as torch's nn.GELU(). With `approximate: 'tanh'`,
 * x/2·(1 + tanh(√(2/π)·(x + 0.044715x³))), GPT-2's form, within 5e-4 of the exact one.
 * @example gelu(tensor([0, 1])); // [0, 0.8413]   gelu(x, { approximate: 'tanh' });
 */
export function gelu(x: Tensor, opts: GeluOptions = {}): Tensor {
  return composite('gelu', () => {
    const half = mul(x, 0.5);
    if (opts.approximate === 'tanh') {
      const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
      return mul(half, add(tanh(inner), 1));
    }
    if (opts.approximate !== undefined && opts.approximate !== 'none') {
      throw new Error(`gelu: approximate must be 'none' or 'tanh', got ${String(opts.approximate)}`);
    }
    return mul(half, add(erf(mul(x, Math.SQRT1_2)), 1));
  });
}

/**
 * log(1 + e^x), stable: max(x, 0) + log(1 + e^-|x|).
 * @example softplus(tensor([0])); // [0.6931]
 */
export function softplus(x: Tensor): Tensor {
  return composite('softplus', () => {
    // NOTE: both kinks sit at x = 0 and take the x >= 0 branch, so the gradient there is
    // 1 - 1/2 = sigmoid(0), not 0 + 0.
    return add(where(ge(x, 0), x, 0), log(add(exp(neg(absPos(x))), 1)));
  });
}

/**
 * log(sum(exp(x))) along `axis`, stable.
 * @example logsumexp(tensor([0, 0]), 0); // [0.6931]
 */
export function logsumexp(x: Tensor, axis = -1, keepDims = false): Tensor {
  return composite('logsumexp', () => {
    // NOTE: shift by the (detached) max so exp never overflows; the shift cancels exactly in
    // value and in gradient (d/dm of m + log(sum(e^(x-m))) is 0), so detaching it is exact and
    // avoids routing gradient through max's tie rule.
    const m = max(x, axis, true).detach();
    const r = add(log(sum(exp(sub(x, m)), axis, true)), m);
    return keepDims ? r : squeeze(r, normAxis('logsumexp', axis, x.rank, x.shape));
  });
}

/**
 * x - logsumexp(x) along `axis` (default last), stable.
 * @example logSoftmax(tensor([0, 0])); // [-0.6931, -0.6931]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return composite('logSoftmax', () => {
    return sub(x, logsumexp(x, axis, true));
  });
}

/**
 * e^x / sum(e^x) along `axis` (default last), stable. A row that is all -Infinity gives NaN,
 * as in PyTorch; `maskedSoftmax` (ops/masking.ts) gives zeros there instead.
 * @example softmax(tensor([1, 1])); // [0.5, 0.5]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return composite('softmax', () => {
    // NOTE: same detached-max shift as logsumexp; values in (0, 1], never overflowing.
    // A row of all -Infinity has max -Inf and -Inf - -Inf = NaN: kept, as torch.softmax does,
    // so softmax stays PyTorch's; maskedSoftmax is the form with zeros for empty rows.
    const e = exp(sub(x, max(x, axis, true).detach()));
    return div(e, sum(e, axis, true));
  });
}

/**
 * Limit to [min, max] (either may be null). The gradient is 1 inside the closed interval
 * and 0 outside, as in PyTorch.
 * @example clamp(tensor([-2, 0.5, 3]), 0, 1); // [0, 0.5, 1]
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  return composite('clamp', () => {
    let y = x;
    if (min !== undefined && min !== null) y = where(lt(x, min), min, y);
    if (max !== undefined && max !== null) y = where(gt(x, max), max, y);
    return y;
  });
}
