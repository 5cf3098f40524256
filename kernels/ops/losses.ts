/**
 * Losses (composites): mseLoss, l1Loss, binaryCrossEntropy, binaryCrossEntropyWithLogits,
 * nllLoss, crossEntropy. Reduction 'mean' (default), 'sum' or 'none', as in PyTorch.
 */
import { Tensor, type NestedArray } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { fmt, shapesEqual } from '../shape.ts';
import { add, div, mul, sub } from './binary.ts';
import { eq, ne } from './compare.ts';
import { abs, log, neg } from './unary.ts';
import { mean, sum } from './reduce.ts';
import { clamp, softplus } from './activations.ts';
import { softmaxCrossEntropy } from './softmax_cross_entropy.ts';
import { arange, tensor } from './creation.ts';
import { unsqueeze } from './shape_ops.ts';
import { where } from './where.ts';

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

export interface CrossEntropyOptions extends LossOptions {
  /** Target id whose rows count for nothing (default -100, as PyTorch). */
  ignoreIndex?: number;
}

/** Class ids checked against the input's class count; how many are not ignored. */
function classIds(op: string, input: Tensor, target: Tensor | NestedArray, ignoreIndex: number) {
  const ids = target instanceof Tensor ? target : tensor(target);
  if (input.rank < 1) throw new Error(`${op}: input needs a class axis, got a scalar`);
  const c = input.shape[input.rank - 1];
  if (!shapesEqual(ids.shape, input.shape.slice(0, -1))) {
    throw new Error(`${op}: expected target shape ${fmt(input.shape.slice(0, -1))} (input ${fmt(input.shape)} ` +
      `without its last, class axis), got ${fmt(ids.shape)}`);
  }
  let kept = 0;
  for (const v of ids.dataSync()) {
    if (v === ignoreIndex) continue;
    if (!Number.isInteger(v) || v < 0 || v >= c) throw new Error(`${op}: class index ${v} out of range [0, ${c})`);
    kept++;
  }
  return { ids, kept };
}

/**
 * x[..., ids[...]]: one entry per row of the last axis (ids off [0, C) pick 0).
 * NOTE: a mask on the backend ([..., C], like the logits themselves), never a JS array; where,
 * not a product with a one-hot, so a -Infinity logit elsewhere in the row stays out (0 · -Inf
 * would be NaN). Its gradient puts dy at the picked entry, 0 elsewhere.
 */
function pickTarget(x: Tensor, ids: Tensor): Tensor {
  return sum(where(eq(unsqueeze(ids, -1), arange(x.shape[x.rank - 1])), x, 0), -1);
}

/** Zero the ignored rows, then reduce; 'mean' divides by the kept rows (0/0 = NaN if none). */
function reduceKept(perRow: Tensor, ids: Tensor, kept: number, ignoreIndex: number, reduction: Reduction = 'mean') {
  const loss = kept < ids.size ? where(ne(ids, ignoreIndex), perRow, 0) : perRow;
  return reduction === 'mean' ? div(sum(loss), kept) : reduction === 'sum' ? sum(loss) : loss;
}

/**
 * Negative log-likelihood of log-probabilities [..., C] at class ids [...] (rows whose id is
 * `ignoreIndex` are skipped).
 * @example nllLoss(logSoftmax(logits), tensor([0, 2]));
 */
export function nllLoss(logProbs: Tensor, target: Tensor | NestedArray, opts: CrossEntropyOptions = {}): Tensor {
  return composite('nllLoss', () => {
    const ignore = opts.ignoreIndex ?? -100;
    const { ids, kept } = classIds('nllLoss', logProbs, target, ignore);
    return reduceKept(neg(pickTarget(logProbs, ids)), ids, kept, ignore, opts.reduction);
  });
}

/**
 * Softmax cross-entropy from logits [N, C] (or [B, T, C], any [..., C]) and integer class ids
 * [N] ([B, T]): nllLoss(logSoftmax(logits)), each row's loss logsumexp(row) - row[target].
 * Rows whose target is `ignoreIndex` (default -100) add nothing, and 'mean' averages over the
 * other rows only (NaN when every row is ignored, as PyTorch; the gradient is then 0).
 * 'none' keeps target's shape, with 0 at ignored rows.
 * NOTE: the class axis is the LAST one, as nanoGPT's logits.view(-1, V) (torch itself wants
 * [B, C, T] for rank 3).
 * @example crossEntropy(tensor([[2, 0], [0, 2]]), [0, 1]); // 0.1269
 * crossEntropy(logits, targets, { ignoreIndex: -1 }); // logits [B, T, V], targets [B, T]
 */
export function crossEntropy(logits: Tensor, target: Tensor | NestedArray, opts: CrossEntropyOptions = {}): Tensor {
  return composite('crossEntropy', () => {
    const ignore = opts.ignoreIndex ?? -100;
    const { ids, kept } = classIds('crossEntropy', logits, target, ignore);
    // NOTE: the fused primitive is nllLoss(logSoftmax(logits)) in one kernel (stable: max-shifted
    // logsumexp, no log(0)); it already gives 0 at ignored rows, with a zero gradient there.
    const perRow = softmaxCrossEntropy(logits, ids, ignore);
    const r = opts.reduction ?? 'mean';
    return r === 'mean' ? div(sum(perRow), kept) : r === 'sum' ? sum(perRow) : perRow;
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

