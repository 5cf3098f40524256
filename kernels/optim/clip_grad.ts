/** Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_. */
import type { Tensor } from '../tensor.ts';
import { noGrad } from '../grad_mode.ts';
import { tidy } from '../scope.ts';
import { add, mul } from '../ops/binary.ts';
import { sum } from '../ops/reduce.ts';

/**
 * Total L2 norm of all gradients (as if concatenated); when it exceeds `maxNorm`, every
 * gradient is scaled in place by maxNorm/(norm + 1e-6). Returns the norm before clipping
 * (NaN or Infinity when a gradient is not finite; gradients are then left as they are).
 * Parameters without a gradient are skipped. One scalar is read back from the backend.
 * @example loss.backward(); const norm = clipGradNorm(model.parameters(), 1.0); opt.step();
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  const grads = [...params].map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return 0;
  return noGrad(() => tidy(() => {
    // NOTE: one sum of squares on the backend, then a single item(), so webgl reads back one number
    let total: Tensor | null = null;
    for (const g of grads) {
      const s = sum(mul(g, g));
      total = total ? add(total, s) : s;
    }
    const norm = Math.sqrt(total!.item());
    const coef = maxNorm / (norm + 1e-6);
    if (coef < 1) for (const g of grads) g.assign(mul(g, coef));
    return norm;
  }));
}
