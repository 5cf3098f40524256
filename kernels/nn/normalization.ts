/** `LayerNorm(dim)`: normalise the last dim(s), then a learnable scale and shift. */
import type { Tensor } from '../tensor.ts';
import { ones, zeros } from '../ops/creation.ts';
import { layerNorm } from '../ops/normalization.ts';
import { Module, parameter } from './module.ts';

export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn weight (init 1) and bias (init 0); default true. */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, also learn a bias (default true; nanoGPT's `bias=False` turns it off). */
  bias?: boolean;
}

/**
 * As torch.nn.LayerNorm: weight ones and bias zeros of shape normalizedShape, biased variance.
 * @example const ln = new LayerNorm(32); ln.call(x); // x [B, T, 32], each row mean 0, var 1
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  weight: Tensor | null;
  bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? parameter(ones(this.normalizedShape), 'weight') : null;
    this.bias = affine && opts.bias !== false ? parameter(zeros(this.normalizedShape), 'bias') : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}
