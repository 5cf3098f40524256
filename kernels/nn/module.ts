/**
 * `Module`, the base of layers: parameters are found by walking the module's own fields
 * (tensors with requiresGrad, child modules, arrays of them), as PyTorch registers attributes.
 * Buffers (state that is saved but not trained, such as BatchNorm's running statistics) are
 * registered by name with `registerBuffer`, because a field walk cannot tell them from scratch
 * tensors a layer happens to keep.
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
  /** Buffers by name, in registration order (private: the field walk of namedParameters skips it). */
  readonly #buffers = new Map<string, Tensor>();

  /** The computation; subclasses override. */
  forward(..._inputs: unknown[]): Tensor {
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
   * Register a tensor that is part of the module's state but not trained (PyTorch's
   * register_buffer): it is saved by stateDict, restored by loadStateDict, kept alive across
   * tidy, and freed by dispose. Registering a name again replaces the buffer (the old one is freed).
   * @example this.registerBuffer('running_mean', zeros([numFeatures]));
   */
  registerBuffer(name: string, t: Tensor): Tensor {
    if (!/^[A-Za-z_][\w]*$/.test(name)) throw new Error(`registerBuffer: invalid name ${JSON.stringify(name)}`);
    if (t.requiresGrad) throw new Error(`registerBuffer: ${name} requires grad; a trained tensor is a parameter`);
    const old = this.#buffers.get(name);
    this.#buffers.set(name, keep(t));
    if (old && old !== t) old.dispose();
    return t;
  }

  /** The buffer registered as `name` on this module (not its children). */
  protected getBuffer(name: string): Tensor {
    const t = this.#buffers.get(name);
    if (!t) throw new Error(`${this.constructor.name}: no buffer ${name}`);
    return t;
  }

  /**
   * [name, buffer] pairs: this module's in registration order, then each child's under its field
   * name, as namedParameters names them ('layers.1.running_mean'); each tensor once.
   * @example new nn.BatchNorm1d(3).namedBuffers(); // [['running_mean', …], ['running_var', …], ['num_batches_tracked', …]]
   */
  namedBuffers(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [...this.#buffers].map(([n, t]) => [prefix + n, t]);
    const visit = (name: string, v: unknown): void => {
      if (v instanceof Module) out.push(...v.namedBuffers(name + '.'));
      else if (Array.isArray(v)) v.forEach((x, i) => visit(`${name}.${i}`, x));
    };
    for (const [k, v] of Object.entries(this)) visit(prefix + k, v);
    // a child reachable from two fields lists its buffers once, under the first name (as parameters)
    const seen = new Set<Tensor>();
    return out.filter(([, t]) => !seen.has(t) && seen.add(t));
  }

  /** Every buffer, children included. @example model.buffers().length; */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  /** Parameters then buffers, by dotted name: everything stateDict saves and loadStateDict restores. */
  private namedState(): [string, Tensor][] {
    return [...this.namedParameters(), ...this.namedBuffers()];
  }

  /**
   * The parameters, then the buffers, by dotted name ('blocks.0.attn.qkv.weight',
   * 'bn.running_mean'), as detached tensors sharing their storage (PyTorch's state_dict). Names
   * follow `namedParameters` and `namedBuffers`: own fields in declaration order, arrays by index.
   * A tensor shared by two fields (tied weights) appears once, under its first name.
   * @example const sd = model.stateDict(); Object.keys(sd); // ['layers.0.weight', 'layers.0.bias', ...]
   */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(this.namedState().map(([n, p]) => [n, p.detach()]));
  }

  /**
   * Copy values into the parameters and buffers (each keeps its identity and backend). `strict` (default)
   * makes missing and unexpected keys an error; a shape mismatch is always an error. Nothing
   * is written unless every check passes.
   * @example model.loadStateDict(other.stateDict());
   */
  loadStateDict(dict: StateDictInput, { strict = true }: { strict?: boolean } = {}): LoadStateDictResult {
    const given = dict instanceof Map ? dict as ReadonlyMap<string, Tensor | TensorData> : new Map(Object.entries(dict));
    const own = this.namedState();
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

  /** Free all parameters and buffers. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.dispose();
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
