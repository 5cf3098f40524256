/**
 * Optimizer base: holds the parameters, clears their gradients, and runs each update under
 * noGrad inside tidy, writing the new value into the parameter's storage (identity kept).
 */
import type { Tensor } from '../tensor.ts';
import { noGrad } from '../grad_mode.ts';
import { keep, tidy } from '../scope.ts';
import { zeroGrad } from '../autograd/zero_grad.ts';

export abstract class Optimizer {
  readonly params: Tensor[];
  /** Number of step() calls so far. */
  stepCount = 0;

  constructor(params: Iterable<Tensor>) {
    this.params = [...params];
    for (const p of this.params) {
      if (!p.requiresGrad) throw new Error(`optimizer: parameter ${p.describe()} does not require grad`);
    }
  }

  /** Drop every parameter's gradient (PyTorch's set_to_none). @example opt.zeroGrad(); */
  zeroGrad(): void {
    zeroGrad(this.params);
  }

  /** Apply one update to every parameter that has a gradient. @example loss.backward(); opt.step(); */
  step(): void {
    this.stepCount++;
    noGrad(() => tidy(() => {
      this.params.forEach((p, i) => {
        if (!p.grad) return;
        p.assign(this.update(p, p.grad, i));
      });
    }));
  }

  /** The new value of parameter `i` (computed with ops; runs under noGrad inside tidy). */
  protected abstract update(p: Tensor, grad: Tensor, i: number): Tensor;

  /** Replace a piece of optimizer state, keeping the new tensor alive across tidy scopes. */
  protected setState(states: (Tensor | null)[], i: number, value: Tensor): Tensor {
    const old = states[i];
    states[i] = keep(value);
    if (old && old !== value) old.dispose();
    return value;
  }
}
