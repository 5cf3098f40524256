/** Adam (Kingma & Ba, 2015) with bias correction and L2 weight decay, as torch.optim.Adam. */
import type { Tensor } from '../tensor.ts';
import { add, div, mul, sub } from '../ops/binary.ts';
import { sqrt } from '../ops/unary.ts';
import { Optimizer } from './optimizer.ts';

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

/**
 * g = grad + wd·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
 * m̂ = m/(1−β1^t); v̂ = v/(1−β2^t); p = p − lr·m̂/(√v̂ + ε). Defaults lr 1e-3, betas
 * (0.9, 0.999), eps 1e-8, as in PyTorch.
 * @example const opt = new Adam(model.parameters(), { lr: 0.01 });
 */
export class Adam extends Optimizer {
  readonly options: Required<AdamOptions>;
  private m: (Tensor | null)[];
  private v: (Tensor | null)[];
  private steps: number[];

  constructor(params: Iterable<Tensor>, options: AdamOptions = {}) {
    super(params);
    this.options = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, ...options };
    this.m = this.params.map(() => null);
    this.v = this.params.map(() => null);
    this.steps = this.params.map(() => 0);
  }

  protected update(p: Tensor, grad: Tensor, i: number): Tensor {
    const { lr, betas: [b1, b2], eps, weightDecay } = this.options;
    const t = ++this.steps[i];
    const g = weightDecay !== 0 ? add(grad, mul(p, weightDecay)) : grad;
    const m0 = this.m[i], v0 = this.v[i];
    const m = this.setState(this.m, i, m0 ? add(mul(m0, b1), mul(g, 1 - b1)) : mul(g, 1 - b1));
    const g2 = mul(g, g);
    const v = this.setState(this.v, i, v0 ? add(mul(v0, b2), mul(g2, 1 - b2)) : mul(g2, 1 - b2));
    const mHat = div(m, 1 - b1 ** t);
    const vHat = div(v, 1 - b2 ** t);
    return sub(p, mul(div(mHat, add(sqrt(vHat), eps)), lr));
  }
}
