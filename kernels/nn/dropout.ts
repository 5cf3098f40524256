/** Inverted dropout: zero each entry with probability p, scale survivors by 1/(1-p). */
import type { Tensor } from '../tensor.ts';
import { div, mul } from '../ops/binary.ts';
import { ge } from '../ops/compare.ts';
import { rand } from '../ops/creation.ts';
import type { Generator } from '../random.ts';

/**
 * The expectation is unchanged, so evaluation needs no rescaling. Identity when !training.
 * @example dropout(ones([4]), 0.5); // entries 0 or 2
 */
export function dropout(x: Tensor, p = 0.5, training = true, generator?: Generator): Tensor {
  if (p < 0 || p > 1) throw new Error(`dropout: p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return mul(x, 0);
  const keepMask = ge(rand(x.shape, { generator }), p);
  return div(mul(x, keepMask), 1 - p);
}
