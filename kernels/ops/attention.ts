/** scaledDotProductAttention (a composite of matmul, maskedFill, softmax / maskedSoftmax, matmul). */
import type { Tensor } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { fmt } from '../shape.ts';
import { mul } from './binary.ts';
import { softmax } from './activations.ts';
import { ones } from './creation.ts';
import { maskedFill, maskedSoftmax, triu } from './masking.ts';
import { matmul, matmulT } from './matmul.ts';

export interface AttentionOptions {
  /** Position i attends to positions <= i only (the top-left aligned lower triangle). */
  causal?: boolean;
  /** Keep mask broadcasting to [..., Tq, Tk]: nonzero = may attend (as torch's boolean attn_mask). */
  mask?: Tensor;
  /** Multiplies the scores; default 1/√D. */
  scale?: number;
}

/**
 * softmax(q kᵀ · scale) v over the last two dims, batch/head dims broadcasting:
 * q [..., Tq, D], k [..., Tk, D], v [..., Tk, Dv] -> [..., Tq, Dv].
 * Masked positions get weight 0; a query with nothing to attend to gets a zero output
 * (maskedSoftmax), not NaN.
 * @example scaledDotProductAttention(q, k, v, { causal: true }); // q, k, v: [B, H, T, D]
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  return composite('scaledDotProductAttention', () => {
    if (q.rank < 2 || k.rank < 2 || v.rank < 2 || q.shape[q.rank - 1] !== k.shape[k.rank - 1]) {
      throw new Error(`scaledDotProductAttention: q ${fmt(q.shape)} and k ${fmt(k.shape)} need a shared last dim`);
    }
    const scale = opts.scale ?? 1 / Math.sqrt(q.shape[q.rank - 1]);
    // q @ kᵀ without materialising kᵀ
    let scores = mul(matmulT(q, k, false, true), scale);
    // NOTE: the causal mask alone never empties a row (column 0 is always kept), so plain
    // softmax after -Infinity is safe and cheaper; a user mask may empty one: maskedSoftmax.
    if (opts.causal) scores = maskedFill(scores, triu(ones([q.shape[q.rank - 2], k.shape[k.rank - 2]]), 1), -Infinity);
    return matmul(opts.mask ? maskedSoftmax(scores, opts.mask) : softmax(scores), v);
  });
}
