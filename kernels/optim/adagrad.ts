/** AdaGrad (Duchi, Hazan & Singer, 2011), as torch.optim.Adagrad (without lr_decay). */
import type { Tensor } from '../tensor.ts';
import { add, div, mul, sub } from '../ops/binary.ts';
import { sqrt } from '../ops/unary.ts';
import { Optimizer, type Params } from './optimizer.ts';
import { isNonNegative, requireOption, withDefaults } from './defaults.ts';

export interface AdaGradOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Added to √sum before dividing (default 1e-10), so a coordinate never hit is not divided by 0. */
  eps?: number;
  /** L2 decay added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of every sum of squares (default 0); > 0 damps the first steps. */
  initialAccumulatorValue?: number;
}

/**
 * g = grad + wd·p; sum = sum + g² (sum starts at initialAccumulatorValue);
 * p = p − lr·g/(√sum + ε). Defaults lr 0.01, eps 1e-10, weightDecay 0, initialAccumulatorValue 0,
 * as PyTorch. Each coordinate's step shrinks as its squared gradients add up, so rarely updated
 * coordinates keep large steps; the sum never forgets, which is what RMSprop changes.
 * `params` may be groups with their own weightDecay (see ParamGroup).
 * @example const opt = new optim.AdaGrad(model.parameters(), { lr: 0.1 });
 */
export class AdaGrad extends Optimizer {
  readonly options: Required<AdaGradOptions>;
  private sums: (Tensor | null)[];

  constructor(params: Params, options: AdaGradOptions = {}) {
    super(params);
    this.options = withDefaults<Required<AdaGradOptions>>({ lr: 0.01, eps: 1e-10, weightDecay: 0, initialAccumulatorValue: 0 }, options);
    for (const [key, value] of Object.entries(this.options)) requireOption(isNonNegative(value), 'AdaGrad', key, value, 'a finite number ≥ 0');
    this.sums = this.params.map(() => null);
  }

  protected update(p: Tensor, grad: Tensor, i: number): Tensor {
    const { lr, eps, initialAccumulatorValue } = this.options;
    const wd = this.weightDecayOf(i);
    const g = wd !== 0 ? add(grad, mul(p, wd)) : grad;
    const prev = this.sums[i];
    // NOTE: the first step adds the initial value as a number, so no state tensor is made up front
    const sum = this.setState(this.sums, i, prev ? add(prev, mul(g, g)) : add(mul(g, g), initialAccumulatorValue));
    return sub(p, mul(div(g, add(sqrt(sum), eps)), lr));
  }
}

/** PyTorch's spelling, `torch.optim.Adagrad`. */
export const Adagrad = AdaGrad;
