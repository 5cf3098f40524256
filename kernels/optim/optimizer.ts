/**
 * Optimizer base: holds the parameters, clears their gradients, and runs each update under
 * noGrad inside tidy, writing the new value into the parameter's storage (identity kept).
 * Parameters come as a list or as PyTorch-style groups that override `weightDecay`.
 */
import type { Tensor } from '../tensor.ts';
import { noGrad } from '../grad_mode.ts';
import { keep, tidy } from '../scope.ts';
import { zeroGrad } from '../autograd/zero_grad.ts';

/**
 * A group of parameters with its own weight decay (GPT practice: decay 2-D weights only).
 * @example [{ params: weights, weightDecay: 0.1 }, { params: biasesAndNorms, weightDecay: 0 }]
 */
export interface ParamGroup {
  params: Iterable<Tensor>;
  /** Overrides the optimizer's `weightDecay` for these parameters. */
  weightDecay?: number;
}

/** What an optimizer takes: parameters, or groups of them. */
export type Params = Iterable<Tensor> | readonly ParamGroup[];

function isGroups(params: Params): params is readonly ParamGroup[] {
  return Array.isArray(params) && params.length > 0 && !(params[0] as { _isTensor?: boolean })._isTensor;
}

export abstract class Optimizer {
  readonly params: Tensor[];
  /** Number of step() calls so far. */
  stepCount = 0;
  /** Hyper-parameters; every optimizer has at least a learning rate and a weight decay. */
  abstract readonly options: { lr: number; weightDecay: number };
  /** Per-parameter weight-decay override from its group (undefined: use options.weightDecay). */
  private readonly decayOverride: (number | undefined)[] = [];

  constructor(params: Params) {
    const groups: ParamGroup[] = isGroups(params) ? [...params] : [{ params: params as Iterable<Tensor> }];
    this.params = [];
    const seen = new Set<Tensor>();
    for (const g of groups) {
      if (g.weightDecay !== undefined && !(g.weightDecay >= 0)) {
        throw new Error(`optimizer: invalid group weightDecay ${g.weightDecay}`);
      }
      for (const p of g.params) {
        if (!p.requiresGrad) throw new Error(`optimizer: parameter ${p.describe()} does not require grad`);
        // NOTE: PyTorch rejects this too; a parameter in two groups would be stepped twice
        if (seen.has(p)) throw new Error(`optimizer: parameter ${p.describe()} appears in more than one group`);
        seen.add(p);
        this.params.push(p);
        this.decayOverride.push(g.weightDecay);
      }
    }
  }

  /** The learning rate used by the next step(). */
  get lr(): number {
    return this.options.lr;
  }
  /** Set the learning rate (e.g. from a schedule, before each step). @example opt.lr = schedule(step); */
  set lr(value: number) {
    if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`optimizer: invalid lr ${value}`);
    this.options.lr = value;
  }
  /** Chainable form of `opt.lr = value`. @example opt.setLr(schedule(step)).step(); */
  setLr(value: number): this {
    this.lr = value;
    return this;
  }

  /** Weight decay for parameter `i`: its group's, else the optimizer's. */
  protected weightDecayOf(i: number): number {
    return this.decayOverride[i] ?? this.options.weightDecay;
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
