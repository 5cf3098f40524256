/** layerNorm (a composite of mean, sub, mul, sqrt, div). */
import type { Tensor } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { fmt, shapesEqual } from '../shape.ts';
import { add, div, mul, sub } from './binary.ts';
import { mean } from './reduce.ts';
import { sqrt } from './unary.ts';

/**
 * Normalise over the trailing dims `normalizedShape` (a number = the last dim):
 * (x - mean) / sqrt(var + eps) · weight + bias, with the biased variance (divide by n) as
 * PyTorch's F.layer_norm. weight and bias have shape normalizedShape and are optional.
 * @example layerNorm(tensor([[1, 2, 3]]), 3); // [[-1.2247, 0, 1.2247]]
 */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], weight?: Tensor | null,
  bias?: Tensor | null, eps = 1e-5): Tensor {
  return composite('layerNorm', () => {
    const norm = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    const k = norm.length;
    if (k === 0 || k > x.rank || !shapesEqual(x.shape.slice(x.rank - k), norm)) {
      throw new Error(`layerNorm: normalizedShape ${fmt(norm)} is not the trailing shape of ${fmt(x.shape)}`);
    }
    for (const [name, p] of [['weight', weight], ['bias', bias]] as const) {
      if (p && !shapesEqual(p.shape, norm)) {
        throw new Error(`layerNorm: ${name} shape ${fmt(p.shape)} differs from normalizedShape ${fmt(norm)}`);
      }
    }
    const axes = norm.map((_, i) => x.rank - k + i);
    // NOTE: the gradient flows through the mean and the variance too (neither is detached),
    // which is what makes it exact; eps keeps it finite on constant rows (var = 0).
    const d = sub(x, mean(x, axes, true));
    let y = div(d, sqrt(add(mean(mul(d, d), axes, true), eps)));
    if (weight) y = mul(y, weight);
    if (bias) y = add(y, bias);
    return y;
  });
}
