/** RMSprop (Hinton, Coursera lecture 6e, 2012), as torch.optim.RMSprop. */
import type { Tensor } from '../tensor.ts';
import { add, div, mul, sub } from '../ops/binary.ts';
import { sqrt } from '../ops/unary.ts';
import { Optimizer, type Params } from './optimizer.ts';
import { isNonNegative, requireOption, withDefaults } from './defaults.ts';

export interface RMSpropOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Decay of the running mean of g² (default 0.99): it averages over about 1/(1 − α) steps. */
  alpha?: number;
  /** Added to the root before dividing (default 1e-8). */
  eps?: number;
  /** Momentum on the scaled step (default 0). */
  momentum?: number;
  /** Divide by an estimate of the variance of g (E[g²] − E[g]²) instead of E[g²] (default false). */
  centered?: boolean;
  /** L2 decay added to the gradient (default 0). */
  weightDecay?: number;
}

/** Running averages kept per parameter (null until its first step). */
interface RMSpropState {
  square: (Tensor | null)[];
  mean: (Tensor | null)[];
  velocity: (Tensor | null)[];
}

/**
 * PyTorch's rule: g = grad + wd·p; v = α·v + (1 − α)·g² (v starts at 0);
 * centered: m = α·m + (1 − α)·g and ṽ = v − m², else ṽ = v;
 * momentum μ > 0: b = μ·b + g/(√ṽ + ε), p = p − lr·b; else p = p − lr·g/(√ṽ + ε).
 * Defaults lr 0.01, alpha 0.99, eps 1e-8, momentum 0, centered false, weightDecay 0.
 * Unlike AdaGrad's sum, the average forgets old gradients, so steps do not shrink for ever.
 * `params` may be groups with their own weightDecay (see ParamGroup).
 * @example const opt = new optim.RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9 });
 */
export class RMSprop extends Optimizer {
  readonly options: Required<RMSpropOptions>;
  private state: RMSpropState;

  constructor(params: Params, options: RMSpropOptions = {}) {
    super(params);
    this.options = withDefaults<Required<RMSpropOptions>>({ lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 }, options);
    const { lr, alpha, eps, momentum, weightDecay, centered } = this.options;
    for (const [key, value] of Object.entries({ lr, alpha, eps, momentum, weightDecay })) {
      requireOption(isNonNegative(value), 'RMSprop', key, value, 'a finite number ≥ 0');
    }
    requireOption(alpha <= 1, 'RMSprop', 'alpha', alpha, 'in [0, 1]');
    requireOption(typeof centered === 'boolean', 'RMSprop', 'centered', centered, 'true or false');
    const empty = () => this.params.map(() => null);
    this.state = { square: empty(), mean: empty(), velocity: empty() };
  }

  protected update(p: Tensor, grad: Tensor, i: number): Tensor {
    const { lr, momentum, eps } = this.options;
    const wd = this.weightDecayOf(i);
    const g = wd !== 0 ? add(grad, mul(p, wd)) : grad;
    const step = div(g, add(sqrt(this.denominatorSquare(g, i)), eps));
    if (momentum === 0) return sub(p, mul(step, lr));
    const prev = this.state.velocity[i];
    const b = this.setState(this.state.velocity, i, prev ? add(mul(prev, momentum), step) : step);
    return sub(p, mul(b, lr));
  }

  /** ṽ: the updated running mean of g², less the square of the running mean of g when centered. */
  private denominatorSquare(g: Tensor, i: number): Tensor {
    const v = this.setState(this.state.square, i, this.decay(this.state.square[i], mul(g, g)));
    if (!this.options.centered) return v;
    const m = this.setState(this.state.mean, i, this.decay(this.state.mean[i], g));
    return sub(v, mul(m, m));
  }

  /** α·prev + (1 − α)·x, with prev = 0 on the first step. */
  private decay(prev: Tensor | null, x: Tensor): Tensor {
    const { alpha } = this.options;
    return prev ? add(mul(prev, alpha), mul(x, 1 - alpha)) : mul(x, 1 - alpha);
  }
}
