/**
 * Masks for attention (composites of where, comparisons and reductions): triu, tril,
 * maskedFill, maskedSoftmax.
 */
import type { Tensor } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { broadcastShapes, fmt, normAxis, shapesEqual } from '../shape.ts';
import { div, sub } from './binary.ts';
import { gt, ne } from './compare.ts';
import { fromFlat } from './creation.ts';
import { max, sum } from './reduce.ts';
import { exp } from './unary.ts';
import { where } from './where.ts';

/** 1 where `keep(col - row)` holds, on an n×m grid (the mask of triu / tril). */
function bandMask(op: string, x: Tensor, keep: (offset: number) => boolean): Tensor {
  if (x.rank < 2) throw new Error(`${op}: expected at least 2 dims, got shape ${fmt(x.shape)}`);
  const n = x.shape[x.rank - 2], m = x.shape[x.rank - 1];
  const v = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) v[i * m + j] = keep(j - i) ? 1 : 0;
  return fromFlat(v, [n, m]);
}

/**
 * Upper triangle of the last two dims: entries with col - row >= diagonal, zeros elsewhere.
 * @example triu(ones([3, 3]), 1); // [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
 */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return composite('triu', () => where(bandMask('triu', x, (d) => d >= diagonal), x, 0));
}

/**
 * Lower triangle of the last two dims: entries with col - row <= diagonal, zeros elsewhere.
 * `tril(ones([T, T]))` is the causal mask (1 = may attend).
 * @example tril(ones([3, 3])); // [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return composite('tril', () => where(bandMask('tril', x, (d) => d <= diagonal), x, 0));
}

/**
 * x with `value` wherever mask != 0 (mask broadcasts to x's shape), like torch.masked_fill.
 * `value` may be -Infinity. NOTE: the gradient is 0 at filled entries (where's routing), so a
 * -Infinity there never reaches x's gradient.
 * @example maskedFill(att, tril(ones([T, T])).eq(0), -Infinity); // causal attention scores
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  return composite('maskedFill', () => {
    if (!shapesEqual(broadcastShapes('maskedFill', x.shape, mask.shape), x.shape)) {
      throw new Error(`maskedFill: mask shape ${fmt(mask.shape)} does not broadcast to ${fmt(x.shape)}`);
    }
    return where(mask, value, x);
  });
}

/**
 * Softmax along `axis` over the entries where `keep` != 0 (keep broadcasts against x); the
 * others get 0. A row with nothing kept (or only -Infinity kept) is all zeros, with a zero
 * gradient, where softmax would give NaN.
 * @example maskedSoftmax(scores, tril(ones([T, T]))); // causal attention weights
 */
export function maskedSoftmax(x: Tensor, keep: Tensor, axis = -1): Tensor {
  return composite('maskedSoftmax', () => {
    const shape = broadcastShapes('maskedSoftmax', x.shape, keep.shape);
    const a = normAxis('maskedSoftmax', axis, shape.length, shape);
    const k = ne(keep, 0);
    // NOTE: the shift is the row max over kept entries, detached (exact, as in softmax), and
    // replaced by 0 on rows without a finite one, so no -Inf - -Inf = NaN appears. Masked
    // entries enter exp as (shift - shift) = 0, not as -Inf or as their own value: exp never
    // overflows, and where's zero gradient meets a finite exp, never 0 * Inf.
    const m = max(where(k, x, -Infinity), a, true).detach();
    const shift = where(gt(m, -Infinity), m, 0);
    const e = where(k, exp(sub(where(k, x, shift), shift)), 0);
    const s = sum(e, a, true);
    // empty rows: 0 / 1 instead of 0 / 0
    return div(e, where(gt(s, 0), s, 1));
  });
}
