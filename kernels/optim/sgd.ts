/** SGD with momentum, dampening, Nesterov and L2 weight decay, as torch.optim.SGD. */
import type { Tensor } from '../tensor.ts';
import { add, mul, sub } from '../ops/binary.ts';
import { clone } from '../ops/unary.ts';
import { Optimizer, type Params } from './optimizer.ts';

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

/**
 * PyTorch's rule: g = grad + wd·p; b = g at the first step, then b = μ·b + (1 − dampening)·g;
 * g = g + μ·b if nesterov else b; p = p − lr·g.
 * `params` may be groups with their own weightDecay (see ParamGroup).
 * @example const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 */
export class SGD extends Optimizer {
  readonly options: Required<SGDOptions>;
  private buffers: (Tensor | null)[];

  constructor(params: Params, options: SGDOptions) {
    super(params);
    this.options = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...options };
    if (this.options.nesterov && (this.options.momentum <= 0 || this.options.dampening !== 0)) {
      throw new Error('SGD: nesterov needs momentum > 0 and dampening 0');
    }
    this.buffers = this.params.map(() => null);
  }

  protected update(p: Tensor, grad: Tensor, i: number): Tensor {
    const { lr, momentum, dampening, nesterov } = this.options;
    const weightDecay = this.weightDecayOf(i);
    let g = weightDecay !== 0 ? add(grad, mul(p, weightDecay)) : grad;
    if (momentum !== 0) {
      const prev = this.buffers[i];
      const buf = prev ? add(mul(prev, momentum), mul(g, 1 - dampening)) : clone(g);
      this.setState(this.buffers, i, buf);
      g = nesterov ? add(g, mul(buf, momentum)) : buf;
    }
    return sub(p, mul(g, lr));
  }
}
