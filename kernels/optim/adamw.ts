/** AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay, as torch.optim.AdamW. */
import type { Tensor } from '../tensor.ts';
import { mul } from '../ops/binary.ts';
import { Adam } from './adam.ts';

/**
 * p = p·(1 − lr·wd), then the Adam step on the raw gradient. Defaults as PyTorch's AdamW:
 * lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0.01.
 * Unlike Adam's L2 decay (added to the gradient, then divided by √v̂ like any gradient), the
 * decay here shrinks every weight by the same factor whatever its gradient history.
 * @example
 * // nanoGPT: decay 2-D weights only
 * const decay = model.parameters().filter((p) => p.rank >= 2);
 * const rest = model.parameters().filter((p) => p.rank < 2);
 * const opt = new AdamW([{ params: decay, weightDecay: 0.1 }, { params: rest, weightDecay: 0 }], { lr: 1e-3 });
 */
export class AdamW extends Adam {
  protected static defaultWeightDecay = 0.01;

  protected update(p: Tensor, grad: Tensor, i: number): Tensor {
    const wd = this.weightDecayOf(i);
    const decayed = wd !== 0 ? mul(p, 1 - this.options.lr * wd) : p;
    return this.adamStep(decayed, grad, i);
  }
}
