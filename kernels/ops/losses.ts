/**
 * Losses (composites): mseLoss, l1Loss, binaryCrossEntropy, binaryCrossEntropyWithLogits,
 * nllLoss, crossEntropy. Reduction 'mean' (default), 'sum' or 'none', as in PyTorch.
 */
import type { Tensor } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { fmt, shapesEqual } from '../shape.ts';
import { add, mul, sub } from './binary.ts';
import { eq } from './compare.ts';
import { abs, log, neg } from './unary.ts';
import { mean, sum } from './reduce.ts';
import { clamp, logSoftmax, softplus } from './activations.ts';
import { arange } from './creation.ts';
import { unsqueeze } from './shape_ops.ts';

export type Reduction = 'mean' | 'sum' | 'none';
export interface LossOptions {
  reduction?: Reduction;
}

function reduce(x: Tensor, reduction: Reduction = 'mean'): Tensor {
  return reduction === 'mean' ? mean(x) : reduction === 'sum' ? sum(x) : x;
}

function sameShape(op: string, a: Tensor, b: Tensor): void {
  if (!shapesEqual(a.shape, b.shape)) {
    throw new Error(`${op}: input shape ${fmt(a.shape)} and target shape ${fmt(b.shape)} differ`);
  }
}

/**
 * mean((input - target)^2).
 * @example mseLoss(tensor([1, 2]), tensor([1, 4])); // 2
 */
export function mseLoss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  return composite('mseLoss', () => {
    sameShape('mseLoss', input, target);
    const d = sub(input, target);
    return reduce(mul(d, d), opts.reduction);
  });
}

/** mean(|input - target|). @example l1Loss(tensor([1, 2]), tensor([1, 4])); // 1 */
export function l1Loss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  return composite('l1Loss', () => {
    sameShape('l1Loss', input, target);
    return reduce(abs(sub(input, target)), opts.reduction);
  });
}

/**
 * -[y log p + (1 - y) log(1 - p)] for probabilities p.
 * @example binaryCrossEntropy(tensor([0.5]), tensor([1])); // 0.6931
 */
export function binaryCrossEntropy(p: Tensor, y: Tensor, opts: LossOptions = {}): Tensor {
  return composite('binaryCrossEntropy', () => {
    sameShape('binaryCrossEntropy', p, y);
    // NOTE: like PyTorch, each log is clamped at -100 so p = 0 or 1 gives a finite loss; the
    // clamp also zeroes the (infinite) gradient there. Prefer the WithLogits form for training.
    const logP = clamp(log(p), -100);
    const log1mP = clamp(log(sub(1, p)), -100);
    return reduce(neg(add(mul(y, logP), mul(sub(1, y), log1mP))), opts.reduction);
  });
}

/**
 * binaryCrossEntropy(sigmoid(x), y) computed stably from logits x:
 * softplus(x) - x*y = max(x, 0) - x*y + log(1 + e^-|x|).
 * @example binaryCrossEntropyWithLogits(tensor([0]), tensor([1])); // 0.6931
 */
export function binaryCrossEntropyWithLogits(x: Tensor, y: Tensor, opts: LossOptions = {}): Tensor {
  return composite('binaryCrossEntropyWithLogits', () => {
    sameShape('binaryCrossEntropyWithLogits', x, y);
    // NOTE: never forms sigmoid(x) then log, which loses everything for |x| > ~17 (float32)
    // or ~37 (float64); the gradient is exactly sigmoid(x) - y.
    return reduce(sub(softplus(x), mul(x, y)), opts.reduction);
  });
}

/** One-hot mask [N, C] from class indices [N]. */
function oneHot(target: Tensor, numClasses: number): Tensor {
  return eq(unsqueeze(target, 1), arange(numClasses));
}

/**
 * Negative log-likelihood of log-probabilities [N, C] at class indices [N].
 * @example nllLoss(logSoftmax(logits), tensor([0, 2]));
 */
export function nllLoss(logProbs: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  return composite('nllLoss', () => {
    if (logProbs.rank !== 2 || target.rank !== 1 || target.shape[0] !== logProbs.shape[0]) {
      throw new Error(`nllLoss: expected input [N,C] and target [N], got ${fmt(logProbs.shape)} and ${fmt(target.shape)}`);
    }
    const c = logProbs.shape[1];
    for (const v of target.dataSync()) {
      if (!Number.isInteger(v) || v < 0 || v >= c) throw new Error(`nllLoss: class index ${v} out of range [0, ${c})`);
    }
    const picked = sum(mul(oneHot(target, c), logProbs), 1);
    return reduce(neg(picked), opts.reduction);
  });
}

/**
 * Softmax cross-entropy from logits [N, C] and class indices [N] (integers as numbers).
 * @example crossEntropy(tensor([[2, 0], [0, 2]]), tensor([0, 1])); // 0.1269
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  return composite('crossEntropy', () => {
    if (logits.rank !== 2) throw new Error(`crossEntropy: expected logits [N,C], got ${fmt(logits.shape)}`);
    // NOTE: logSoftmax (stable logsumexp) rather than log(softmax): no log(0) = -Inf.
    return nllLoss(logSoftmax(logits, 1), target, opts);
  });
}

/** Fraction of equal entries (for accuracy). @example accuracy(tensor([1, 0]), tensor([1, 1])); // 0.5 */
export function accuracy(pred: Tensor, target: Tensor): number {
  sameShape('accuracy', pred, target);
  const m = mean(eq(pred, target));
  const v = m.item();
  m.dispose();
  return v;
}

