/**
 * The Tensor: a shape, a reference-counted backend storage handle, and (when recorded) the op
 * that made it. Methods mirror the functional ops (`x.matmul(w).add(b).sigmoid()`); they are
 * bound late through `installOps` so this file does not import the ops (no import cycle).
 */
import type * as Ops from './ops/index.ts';
import type { DType } from './backends/backend.ts';
import { countTensor, retain, release, type DataRef } from './storage.ts';
import { track } from './scope.ts';
import { formatTensor } from './format.ts';
import { fmt, sizeOf, stridesOf } from './shape.ts';

/** A tensor or a plain number (numbers become constant scalar tensors). */
export type Operand = Tensor | number;

/** Nested JS arrays of numbers, as produced by `toArray()`. */
export type NestedArray = number | NestedArray[];

/** How a recorded tensor was made: the op, its inputs and attributes (axis, perm, ...). */
export interface GraphNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Composite ops (outermost first) this primitive ran inside, e.g. ['crossEntropy#3', 'logSoftmax#4']. */
  readonly group?: readonly string[];
}

let OPS: typeof Ops;
/** Called once by `kernels/ops/index.ts` to give tensors their methods. */
export function installOps(ops: typeof Ops): void {
  OPS = ops;
}

let nextId = 1;

// NOTE: a tensor nobody disposed (a reader's training loop without `tidy`) gives its storage back
// when it is garbage-collected. On the CPU that only returns arrays to the pool sooner; on WebGL
// it is what keeps GPU textures from piling up. `dispose`/`tidy` stay the prompt, exact way.
const collected = new FinalizationRegistry<{ ref: DataRef | null }>((holder) => {
  if (!holder.ref) return;
  release(holder.ref);
  holder.ref = null;
  countTensor(-1);
});

export class Tensor {
  /** Stable id, unique per tensor (the tape viewer's node id). */
  readonly id: number;
  readonly shape: readonly number[];
  readonly size: number;
  /** Whether gradients flow to (and are accumulated in) this tensor. */
  requiresGrad: boolean;
  /** Accumulated gradient after `backward()`; same shape as the tensor. */
  grad: Tensor | null = null;
  /** Optional user label shown in traces and error messages (`t.name = 'w'`). */
  name: string | undefined;
  /** The creating op; null for leaves and for ops run without recording. */
  readonly node: GraphNode | null;
  readonly _isTensor = true;
  /** Exempt from tidy (see `keep`). */
  _kept = false;
  /** Keep `.grad` on this non-leaf tensor after backward (see `retainGrad`). */
  _retainGrad = false;
  /** The storage, in a holder the garbage-collection hook below can see without the tensor. */
  #holder: { ref: DataRef | null };
  get _ref(): DataRef | null {
    return this.#holder.ref;
  }
  set _ref(ref: DataRef | null) {
    this.#holder.ref = ref;
  }
  private _dtype: DType;

  /** Low-level: wraps an owned DataRef. Use the factories (`tensor`, `zeros`, ...) instead. */
  constructor(ref: DataRef, shape: readonly number[], requiresGrad = false, node: GraphNode | null = null) {
    this.id = nextId++;
    this.#holder = { ref };
    collected.register(this, this.#holder, this.#holder);
    // NOTE: a frozen shape (another tensor's) can be shared as is; anything else is copied
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.size = sizeOf(shape);
    this.requiresGrad = requiresGrad;
    this.node = node;
    this._dtype = ref.backend.dtype;
    countTensor(1);
    track(this);
  }

  /** 'float64' on cpu64, 'float32' on cpu and webgl. */
  get dtype(): DType {
    return this._dtype;
  }
  /** Name of the backend holding the data. */
  get backend(): string {
    return this.ref('backend').backend.name;
  }
  get rank(): number {
    return this.shape.length;
  }
  /** True for tensors not produced by a recorded op (inputs, parameters). */
  get isLeaf(): boolean {
    return this.node === null;
  }
  get isDisposed(): boolean {
    return this._ref === null;
  }

  /** The live storage; throws a clear error after dispose. */
  ref(op: string): DataRef {
    if (!this._ref) throw new Error(`${op}: tensor ${this.describe()} was disposed`);
    return this._ref;
  }

  /** `#12 'w' [2,3]`, used in error messages. */
  describe(): string {
    return `#${this.id}${this.name ? ` '${this.name}'` : ''} ${fmt(this.shape)}`;
  }

  /** Set the label and return the tensor: `randn([3]).label('w')`. */
  label(name: string): this {
    this.name = name;
    return this;
  }

  /** Drop `.grad` (set it to null, freeing it). */
  zeroGrad(): void {
    this.grad?.dispose();
    this.grad = null;
  }

  /** Keep `.grad` on this intermediate tensor after backward (leaves always keep it). */
  retainGrad(): this {
    this._retainGrad = true;
    return this;
  }

  /** Flat copy of the values (Float64Array on cpu64, Float32Array otherwise). */
  dataSync(): Float32Array | Float64Array {
    const r = this.ref('dataSync');
    return r.backend.read(r.storage).slice();
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor has shape ${fmt(this.shape)}, expected one element`);
    const r = this.ref('item');
    return r.backend.read(r.storage)[0];
  }

  /** Values as nested JS arrays (a number for shape []). */
  toArray(): NestedArray {
    const r = this.ref('toArray');
    const data = r.backend.read(r.storage);
    const st = stridesOf(this.shape);
    const build = (d: number, off: number): NestedArray => {
      if (d === this.shape.length) return data[off];
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[d]; i++) out.push(build(d + 1, off + i * st[d]));
      return out;
    };
    return build(0, 0);
  }

  /** A new tensor sharing this storage, cut from the graph (requiresGrad false). */
  detach(): Tensor {
    return new Tensor(retain(this.ref('detach')), this.shape);
  }

  /** Free the storage (shared storage is freed when its last tensor goes). Idempotent. */
  dispose(): void {
    if (!this._ref) return;
    collected.unregister(this.#holder);
    release(this._ref);
    this._ref = null;
    countTensor(-1);
    if (this.grad) {
      this.grad.dispose();
      this.grad = null;
    }
  }

  /**
   * Backpropagate from this scalar, ADDING into `.grad` of every leaf that requires grad.
   * A non-scalar needs an explicit `grad` of its shape. `retainGrad: true` keeps `.grad` on
   * every intermediate too (for the step-through viewer).
   */
  backward(grad?: Tensor, options?: { retainGrad?: boolean }): void {
    OPS.backward(this, grad, options);
  }

  /** Replace this tensor's storage by `value`'s (same shape), keeping identity. Used by optimizers. */
  assign(value: Tensor): this {
    if (value.size !== this.size) {
      throw new Error(`assign: shape ${fmt(value.shape)} does not match ${fmt(this.shape)}`);
    }
    const next = retain(value.ref('assign'));
    if (this._ref) release(this._ref);
    this._ref = next;
    this._dtype = next.backend.dtype;
    return this;
  }

  toString(): string {
    const r = this._ref;
    if (!r) return `tensor(<disposed> shape=${fmt(this.shape)})`;
    const extra = this.requiresGrad ? ', requiresGrad=true' : '';
    return formatTensor(r.backend.read(r.storage), this.shape, extra);
  }

  // ---- methods mirroring the ops (see kernels/ops) ----
  clone(): Tensor { return OPS.clone(this); }
  add(b: Operand): Tensor { return OPS.add(this, b); }
  sub(b: Operand): Tensor { return OPS.sub(this, b); }
  mul(b: Operand): Tensor { return OPS.mul(this, b); }
  div(b: Operand): Tensor { return OPS.div(this, b); }
  pow(b: Operand): Tensor { return OPS.pow(this, b); }
  maximum(b: Operand): Tensor { return OPS.maximum(this, b); }
  minimum(b: Operand): Tensor { return OPS.minimum(this, b); }
  eq(b: Operand): Tensor { return OPS.eq(this, b); }
  ne(b: Operand): Tensor { return OPS.ne(this, b); }
  lt(b: Operand): Tensor { return OPS.lt(this, b); }
  le(b: Operand): Tensor { return OPS.le(this, b); }
  gt(b: Operand): Tensor { return OPS.gt(this, b); }
  ge(b: Operand): Tensor { return OPS.ge(this, b); }
  neg(): Tensor { return OPS.neg(this); }
  exp(): Tensor { return OPS.exp(this); }
  log(): Tensor { return OPS.log(this); }
  sqrt(): Tensor { return OPS.sqrt(this); }
  abs(): Tensor { return OPS.abs(this); }
  sign(): Tensor { return OPS.sign(this); }
  square(): Tensor { return OPS.square(this); }
  tanh(): Tensor { return OPS.tanh(this); }
  sigmoid(): Tensor { return OPS.sigmoid(this); }
  relu(): Tensor { return OPS.relu(this); }
  erf(): Tensor { return OPS.erf(this); }
  gelu(opts?: Ops.GeluOptions): Tensor { return OPS.gelu(this, opts); }
  maskedFill(mask: Tensor, value: number): Tensor { return OPS.maskedFill(this, mask, value); }
  triu(diagonal = 0): Tensor { return OPS.triu(this, diagonal); }
  tril(diagonal = 0): Tensor { return OPS.tril(this, diagonal); }
  softmax(axis = -1): Tensor { return OPS.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return OPS.logSoftmax(this, axis); }
  clamp(min?: number | null, max?: number | null): Tensor { return OPS.clamp(this, min, max); }
  matmul(b: Tensor): Tensor { return OPS.matmul(this, b); }
  transpose(dim0 = -2, dim1 = -1): Tensor { return OPS.transpose(this, dim0, dim1); }
  permute(...perm: number[]): Tensor { return OPS.permute(this, perm); }
  reshape(...shape: (number | number[])[]): Tensor { return OPS.reshape(this, shape.flat()); }
  flatten(startDim = 0, endDim = -1): Tensor { return OPS.flatten(this, startDim, endDim); }
  squeeze(axis?: number): Tensor { return OPS.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return OPS.unsqueeze(this, axis); }
  broadcastTo(shape: readonly number[]): Tensor { return OPS.broadcastTo(this, shape); }
  expand(...shape: (number | number[])[]): Tensor { return OPS.broadcastTo(this, shape.flat()); }
  slice(start: number, end?: number, axis = 0): Tensor { return OPS.slice(this, start, end, axis); }
  narrow(axis: number, start: number, length: number): Tensor { return OPS.narrow(this, axis, start, length); }
  indexSelect(axis: number, index: Tensor | readonly number[]): Tensor { return OPS.indexSelect(this, axis, index); }
  gather(axis: number, index: Tensor): Tensor { return OPS.gather(this, axis, index); }
  sum(axis?: number | number[], keepDims = false): Tensor { return OPS.sum(this, axis, keepDims); }
  mean(axis?: number | number[], keepDims = false): Tensor { return OPS.mean(this, axis, keepDims); }
  max(axis?: number | number[], keepDims = false): Tensor { return OPS.max(this, axis, keepDims); }
  min(axis?: number | number[], keepDims = false): Tensor { return OPS.min(this, axis, keepDims); }
  var(axis?: number | number[], keepDims = false, unbiased = true): Tensor {
    return OPS.variance(this, axis, keepDims, unbiased);
  }
  argmax(axis?: number, keepDims = false): Tensor { return OPS.argmax(this, axis, keepDims); }
  argmin(axis?: number, keepDims = false): Tensor { return OPS.argmin(this, axis, keepDims); }
}
