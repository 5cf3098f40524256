/**
 * `BatchNorm1d(numFeatures)` (Ioffe & Szegedy, 2015), as torch.nn.BatchNorm1d on [N, C] inputs:
 * normalise each feature with the batch's statistics while training, with running estimates of
 * them in eval mode, then a learnable scale and shift.
 */
import type { Tensor } from '../tensor.ts';
import { add, div, mul, sub } from '../ops/binary.ts';
import { ones, zeros } from '../ops/creation.ts';
import { mean } from '../ops/reduce.ts';
import { sqrt } from '../ops/unary.ts';
import { noGrad } from '../grad_mode.ts';
import { tidy } from '../scope.ts';
import { fmt } from '../shape.ts';
import { Module, parameter } from './module.ts';

export interface BatchNorm1dOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /**
   * Weight of the new batch in the running estimates (default 0.1):
   * running = (1 − momentum)·running + momentum·batch. `null`: a plain average of all batches
   * so far (PyTorch's momentum=None).
   */
  momentum?: number | null;
  /** Learn weight (init 1) and bias (init 0) per feature (default true). */
  affine?: boolean;
}

/** Mean and biased variance (divide by N) of each column of x [N, C]: what training normalises with. */
export function batchStats(x: Tensor): { mean: Tensor; variance: Tensor } {
  const m = mean(x, 0);
  const d = sub(x, m);
  return { mean: m, variance: mean(mul(d, d), 0) };
}

/**
 * (x − mean)/√(variance + eps), then ·weight + bias when given; the statistics are per column
 * ([C]) and broadcast over the rows of x [N, C]. Differentiable in every tensor argument.
 * @example batchNormalize(x, batchStats(x).mean, batchStats(x).variance, null, null, 1e-5);
 */
export function batchNormalize(
  x: Tensor, m: Tensor, variance: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number,
): Tensor {
  const xHat = div(sub(x, m), sqrt(add(variance, eps)));
  const scaled = weight ? mul(xHat, weight) : xHat;
  return bias ? add(scaled, bias) : scaled;
}

/**
 * As torch.nn.BatchNorm1d(numFeatures, eps, momentum, affine) on x [N, C]:
 * - train(): y = (x − μ_B)/√(σ²_B + ε)·γ + β with the batch mean μ_B and *biased* variance σ²_B
 *   (gradients flow through both), and the running estimates move toward the batch's:
 *   runningMean ← (1 − m)·runningMean + m·μ_B, runningVar ← (1 − m)·runningVar + m·σ²_B·N/(N − 1)
 *   (the *unbiased* variance, as PyTorch). Needs N ≥ 2.
 * - eval(): y = (x − runningMean)/√(runningVar + ε)·γ + β, so a sample's output does not depend on
 *   the rest of its batch.
 * Buffers `running_mean` (zeros), `running_var` (ones) and `num_batches_tracked` are saved by
 * stateDict under PyTorch's names.
 * @example
 * const bn = new nn.BatchNorm1d(3);
 * bn.call(x);       // x [N, 3]: each column of the output has mean 0, variance ≈ 1
 * bn.eval().call(x); // uses bn.runningMean, bn.runningVar
 */
export class BatchNorm1d extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  weight: Tensor | null;
  bias: Tensor | null;

  constructor(numFeatures: number, opts: BatchNorm1dOptions = {}) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures < 1) throw new Error(`BatchNorm1d: numFeatures must be a positive integer, got ${numFeatures}`);
    this.numFeatures = numFeatures;
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    if (!(this.eps > 0)) throw new Error(`BatchNorm1d: eps must be > 0, got ${this.eps}`);
    if (this.momentum !== null && !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new Error(`BatchNorm1d: momentum must be in [0, 1] or null, got ${this.momentum}`);
    }
    const affine = opts.affine ?? true;
    this.weight = affine ? parameter(ones([numFeatures]), 'weight') : null;
    this.bias = affine ? parameter(zeros([numFeatures]), 'bias') : null;
    this.registerBuffer('running_mean', zeros([numFeatures]));
    this.registerBuffer('running_var', ones([numFeatures]));
    this.registerBuffer('num_batches_tracked', zeros([]));
  }

  /** Running estimate of each feature's mean (no grad), used in eval mode. */
  get runningMean(): Tensor {
    return this.getBuffer('running_mean');
  }

  /** Running estimate of each feature's unbiased variance (no grad), used in eval mode. */
  get runningVar(): Tensor {
    return this.getBuffer('running_var');
  }

  /** Training batches seen so far (forward calls in train mode). */
  get numBatchesTracked(): number {
    return this.getBuffer('num_batches_tracked').item();
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.numFeatures) {
      throw new Error(`BatchNorm1d(${this.numFeatures}): expected input [N, ${this.numFeatures}], got ${fmt(x.shape)}`);
    }
    if (!this.training) return batchNormalize(x, this.runningMean, this.runningVar, this.weight, this.bias, this.eps);
    const n = x.shape[0];
    // NOTE: as PyTorch; one sample has variance 0 and no unbiased variance at all
    if (n < 2) throw new Error(`BatchNorm1d: expected more than 1 value per feature when training, got input ${fmt(x.shape)}`);
    const stats = batchStats(x);
    this.updateRunningStats(stats.mean, stats.variance, n);
    return batchNormalize(x, stats.mean, stats.variance, this.weight, this.bias, this.eps);
  }

  /** Move the running estimates toward this batch's (no gradient; the buffers keep their identity). */
  private updateRunningStats(batchMean: Tensor, batchVar: Tensor, n: number): void {
    noGrad(() => tidy(() => {
      const count = this.getBuffer('num_batches_tracked');
      count.assign(add(count, 1));
      const m = this.momentum ?? 1 / count.item();
      const unbiased = mul(batchVar, n / (n - 1));
      this.runningMean.assign(add(mul(this.runningMean, 1 - m), mul(batchMean, m)));
      this.runningVar.assign(add(mul(this.runningVar, 1 - m), mul(unbiased, m)));
    }));
  }
}
