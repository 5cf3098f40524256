/** Gradient of the fused softmax cross-entropy: its own kernel (see ops/softmax_cross_entropy.ts). */
import { registerGradient } from '../autograd/registry.ts';
import { softmaxCrossEntropyGrad } from '../ops/softmax_cross_entropy.ts';

// d loss_r / d x[r, c] = softmax(x[r])[c] − [c = id_r], times dy_r; ids get none
registerGradient('softmaxCrossEntropy', (dy, { inputs: [logits, ids], attrs }) => [
  () => softmaxCrossEntropyGrad(logits, ids, dy, attrs.ignoreIndex as number),
  null,
]);
