/**
 * `F`, the torch.nn.functional-style namespace: losses, activations, transformer pieces, and
 * convolution / pooling.
 * @example const loss = F.crossEntropy(model.call(x), labels, { reduction: 'sum' });
 */
import {
  relu, sigmoid, tanh, softmax, logSoftmax, softplus, logsumexp, clamp,
  mseLoss, l1Loss, binaryCrossEntropy, binaryCrossEntropyWithLogits, nllLoss, crossEntropy,
  gelu, erf, layerNorm, embedding, maskedFill, maskedSoftmax, scaledDotProductAttention,
  conv2d, maxPool2d, avgPool2d, unfold, fold,
} from './ops/index.ts';
import { dropout } from './nn/dropout.ts';

export const F = Object.freeze({
  relu, sigmoid, tanh, softmax, logSoftmax, softplus, logsumexp, clamp, dropout,
  mseLoss, l1Loss, binaryCrossEntropy, binaryCrossEntropyWithLogits, nllLoss, crossEntropy,
  gelu, erf, layerNorm, embedding, maskedFill, maskedSoftmax, scaledDotProductAttention,
  conv2d, maxPool2d, avgPool2d, unfold, fold,
});
