/**
 * `Module`, the base of layers: parameters are found by walking the module's own fields
 * (tensors with requiresGrad, child modules, arrays of them), as PyTorch registers attributes.
 */
import { Tensor } from '../tensor.ts';
import { keep } from '../scope.ts';
import { zeroGrad } from '../autograd/zero_grad.ts';

export class Module {
  /** true in training mode (Dropout active); see train() / eval(). */
  training = true;

  /** The computation; subclasses override. */
  forward(..._inputs: Tensor[]): Tensor {
    throw new Error(`${this.constructor.name}: forward() is not implemented`);
  }

  /** Run forward (PyTorch's `module(x)`). @example const y = model.call(x); */
  call(...inputs: Tensor[]): Tensor {
    return this.forward(...inputs);
  }

  /** [name, parameter] pairs, dotted names for children: 'layers.0.weight'. */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const visit = (name: string, v: unknown): void => {
      if (v instanceof Tensor) {
        if (v.requiresGrad && !seen.has(v)) {
          seen.add(v);
          out.push([name, v]);
        }
      } else if (v instanceof Module) {
        for (const [n, p] of v.namedParameters(name + '.')) if (!seen.has(p)) { seen.add(p); out.push([n, p]); }
      } else if (Array.isArray(v)) v.forEach((x, i) => visit(`${name}.${i}`, x));
    };
    for (const [k, v] of Object.entries(this)) visit(prefix + k, v);
    return out;
  }

  /** Trainable tensors (requiresGrad), children included. @example new optim.SGD(model.parameters(), { lr: 0.1 }); */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Direct child modules. */
  children(): Module[] {
    const out: Module[] = [];
    const visit = (v: unknown): void => {
      if (v instanceof Module) out.push(v);
      else if (Array.isArray(v)) v.forEach(visit);
    };
    Object.values(this).forEach(visit);
    return out;
  }

  /** Set training mode here and in every child. */
  train(mode = true): this {
    this.training = mode;
    for (const c of this.children()) c.train(mode);
    return this;
  }

  /** Evaluation mode (Dropout becomes the identity). */
  eval(): this {
    return this.train(false);
  }

  /** Drop every parameter's gradient (sets `.grad` to null, freeing it). */
  zeroGrad(): void {
    zeroGrad(this.parameters());
  }

  /** Free all parameters. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
  }
}

/**
 * Mark a tensor as a trainable parameter: requiresGrad, a label, never disposed by tidy.
 * @example this.weight = parameter(zeros([3, 2]), 'weight');
 */
export function parameter(t: Tensor, name?: string): Tensor {
  t.requiresGrad = true;
  if (name && !t.name) t.name = name;
  return keep(t);
}
