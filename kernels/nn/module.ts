/**
 * `Module`, the base of layers: parameters are found by walking the module's own fields
 * (tensors with requiresGrad, child modules, arrays of them), as PyTorch registers attributes.
 */
import { Tensor } from '../tensor.ts';
import { keep } from '../scope.ts';
import { zeroGrad } from '../autograd/zero_grad.ts';
import { fmt, shapesEqual, sizeOf } from '../shape.ts';
import { makeRef } from '../storage.ts';

/** Plain values for one tensor (what `decodeCheckpoint` returns per name). */
export interface TensorData {
  shape: readonly number[];
  data: ArrayLike<number>;
}

/** What `loadStateDict` accepts: tensors or plain arrays by dotted name. */
export type StateDictInput = Readonly<Record<string, Tensor | TensorData>> | ReadonlyMap<string, Tensor | TensorData>;

/** Keys `loadStateDict` skipped (only non-empty with `strict: false`). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

function listKeys(keys: string[]): string {
  return keys.slice(0, 8).join(', ') + (keys.length > 8 ? `, ... (${keys.length - 8} more)` : '');
}

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

  /**
   * The parameters by dotted name ('blocks.0.attn.qkv.weight'), as detached tensors sharing
   * their storage (PyTorch's state_dict). Names follow `namedParameters`: own fields in
   * declaration order, arrays by index. Only parameters (requiresGrad) are saved; a tensor
   * shared by two fields (tied weights) appears once, under its first name.
   * @example const sd = model.stateDict(); Object.keys(sd); // ['layers.0.weight', 'layers.0.bias', ...]
   */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(this.namedParameters().map(([n, p]) => [n, p.detach()]));
  }

  /**
   * Copy values into the parameters (each keeps its identity and backend). `strict` (default)
   * makes missing and unexpected keys an error; a shape mismatch is always an error. Nothing
   * is written unless every check passes.
   * @example model.loadStateDict(other.stateDict());
   */
  loadStateDict(dict: StateDictInput, { strict = true }: { strict?: boolean } = {}): LoadStateDictResult {
    const given = dict instanceof Map ? dict as ReadonlyMap<string, Tensor | TensorData> : new Map(Object.entries(dict));
    const own = this.namedParameters();
    const names = new Set(own.map(([n]) => n));
    const missingKeys = own.map(([n]) => n).filter((n) => !given.has(n));
    const unexpectedKeys = [...given.keys()].filter((n) => !names.has(n));
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      const parts = [];
      if (missingKeys.length) parts.push(`missing keys ${listKeys(missingKeys)}`);
      if (unexpectedKeys.length) parts.push(`unexpected keys ${listKeys(unexpectedKeys)}`);
      throw new Error(`loadStateDict: ${parts.join('; ')} (pass { strict: false } to load the rest)`);
    }
    const todo: [Tensor, Tensor | TensorData][] = [];
    for (const [n, p] of own) {
      const v = given.get(n);
      if (!v) continue;
      if (!shapesEqual(p.shape, v.shape)) {
        throw new Error(`loadStateDict: ${n} has shape ${fmt(p.shape)}, checkpoint has ${fmt(v.shape)}`);
      }
      if (!(v instanceof Tensor) && v.data.length !== sizeOf(v.shape)) {
        throw new Error(`loadStateDict: ${n} has ${v.data.length} values for shape ${fmt(v.shape)}`);
      }
      todo.push([p, v]);
    }
    for (const [p, v] of todo) {
      // NOTE: a copy on the parameter's own backend, so model and source never share storage
      const backend = p.ref('loadStateDict').backend;
      const values = v instanceof Tensor ? v.dataSync() : v.data;
      const tmp = new Tensor(makeRef(backend, backend.upload(values), p.size), p.shape);
      p.assign(tmp);
      tmp.dispose();
    }
    return { missingKeys, unexpectedKeys };
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
