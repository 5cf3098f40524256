/** Clearing gradients outside an optimizer. */
import type { Tensor } from '../tensor.ts';

/**
 * Set `.grad` to null on each tensor, freeing the old gradient (PyTorch's set_to_none).
 * @example zeroGrad([w, b]); loss.backward(); // fresh gradients, not accumulated ones
 */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const t of tensors) {
    t.grad?.dispose();
    t.grad = null;
  }
}
