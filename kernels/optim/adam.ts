/** Adam (Kingma & Ba, 2015) with bias correction and L2 weight decay, as torch.optim.Adam. */
import type { Tensor } from '../tensor.ts';
import { add, div, mul, sub } from '../ops/binary.ts';
import { sqrt } from '../ops/unary.ts';
import { Optimizer, type Params } from './optimizer.ts';

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

/** Defaults filled in, `undefined` entries ignored (so `{ weightDecay: undefined }` keeps the default). */
function withDefaults(name: string, options: AdamOptions, weightDecay: number): Required<AdamOptions> {
  const o: Required<AdamOptions> = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  const { lr, betas: [b1, b2], eps } = o;
  if (!(lr >= 0) || !(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1) || !(eps >= 0) || !(o.weightDecay >= 0)) {
    throw new Error(`${name}: invalid options ${JSON.stringify(o)}`);
  }
  return o;
}

/**
 * g = grad + wd·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
 * m̂ = m/(1−β1^t); v̂ = v/(1−β2^t); p = p − lr·m̂/(√v̂ + ε). Defaults lr 1e-3, betas
 * (0.9, 0.999), eps 1e-8, weightDecay 0, as in PyTorch.
 * Adam's weight decay is L2 (added to the gradient, so Adam rescales it); AdamW instead
 * shrinks the weights directly (decoupled), which is what GPT training uses.
 * `params` may be groups with their own weightDecay (see ParamGroup).
 * @example const opt = new Adam(model.parameters(), { lr: 0.01 });
 */
export class Adam extends Optimizer {
  /** The weightDecay used when none is given (AdamW overrides it). */
  protected static defaultWeightDecay = 0;
  readonly options: Required<AdamOptions>;
  private m: (Tensor | null)[];
  private v: (Tensor | null)[];
  private steps: number[];

  constructor(params: Params, options: AdamOptions = {}) {
    super(params);
    const cls = this.constructor as typeof Adam;
    this.options = withDefaults(cls.name, options, cls.defaultWeightDecay);
    this.m = this.params.map(() => null);
    this.v = this.params.map(() => null);
    this.steps = this.params.map(() => 0);
  }

  protected update(p: Tensor, grad: Tensor, i: number): Tensor {
    const wd = this.weightDecayOf(i);
    return this.adamStep(p, wd !== 0 ? add(grad, mul(p, wd)) : grad, i);
  }

  /** p − lr·m̂/(√v̂ + ε) after updating the moments of parameter `i` with gradient `g`. */
  protected adamStep(p: Tensor, g: Tensor, i: number): Tensor {
    const { lr, betas: [b1, b2], eps } = this.options;
    const t = ++this.steps[i];
    const m0 = this.m[i], v0 = this.v[i];
    const m = this.setState(this.m, i, m0 ? add(mul(m0, b1), mul(g, 1 - b1)) : mul(g, 1 - b1));
    const g2 = mul(g, g);
    const v = this.setState(this.v, i, v0 ? add(mul(v0, b2), mul(g2, 1 - b2)) : mul(g2, 1 - b2));
    const mHat = div(m, 1 - b1 ** t);
    const vHat = div(v, 1 - b2 ** t);
    return sub(p, mul(div(mHat, add(sqrt(vHat), eps)), lr));
  }
}
