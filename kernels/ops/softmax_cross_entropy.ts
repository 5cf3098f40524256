/**
 * softmaxCrossEntropy: the fused primitive behind crossEntropy. Composed from logSoftmax and a
 * pick, the loss of a language model runs about ten full passes over [N, V] forward and as many
 * backward; fused, it is two passes forward (max, Σ exp) and three backward.
 */
import { runOp } from '../run_op.ts';
import { fmt, shapesEqual } from '../shape.ts';
import type { Tensor } from '../tensor.ts';

/**
 * Per-row loss logsumexp(x[..., :]) − x[..., id] for logits [..., C] and class ids [...]
 * (validated by the caller), 0 where id === ignoreIndex. Shape: the ids' shape. Its gradient
 * is dy·(softmax(x) − onehot(id)) on kept rows, 0 on ignored ones.
 * @example softmaxCrossEntropy(tensor([[0, 0]]), tensor([1]), -100); // [0.6931]
 */
export function softmaxCrossEntropy(logits: Tensor, ids: Tensor, ignoreIndex: number): Tensor {
  if (logits.rank < 1 || !shapesEqual(ids.shape, logits.shape.slice(0, -1))) {
    throw new Error(`softmaxCrossEntropy: ids ${fmt(ids.shape)} must be logits ${fmt(logits.shape)} without the class axis`);
  }
  const C = logits.shape[logits.rank - 1], rows = ids.size;
  return runOp('softmaxCrossEntropy', [logits, ids], ids.shape,
    (be, [x, t]) => be.softmaxCrossEntropy(x, t, rows, C, ignoreIndex), { attrs: { ignoreIndex } });
}

/**
 * The gradient kernel as an op: dy [...] (one per row) → dlogits [..., C]. Not differentiable
 * itself (backward runs under noGrad, so no second derivative is ever asked of it).
 */
export function softmaxCrossEntropyGrad(logits: Tensor, ids: Tensor, dy: Tensor, ignoreIndex: number): Tensor {
  const C = logits.shape[logits.rank - 1], rows = ids.size;
  return runOp('softmaxCrossEntropyGrad', [logits, ids, dy], logits.shape,
    (be, [x, t, g]) => be.softmaxCrossEntropyGrad(x, t, g, rows, C, ignoreIndex), { attrs: { ignoreIndex }, nonDifferentiable: true });
}
