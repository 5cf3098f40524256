/** Factories: tensor, zeros, ones, full, eye, arange, linspace, rand, randn, *Like. */
import { resolveBackend } from '../backends/index.ts';
import { makeRef } from '../storage.ts';
import { keep } from '../scope.ts';
import { Tensor, type NestedArray } from '../tensor.ts';
import { sizeOf, fmt } from '../shape.ts';
import { getDefaultGenerator, type Generator } from '../random.ts';

export interface TensorOptions {
  /** Track gradients into this tensor (it becomes a leaf; tidy never disposes it). */
  requiresGrad?: boolean;
  /** Label for traces and errors. */
  name?: string;
}

export interface RandomOptions extends TensorOptions {
  /** Source of randomness; defaults to the global one (see `manualSeed`). */
  generator?: Generator;
}

/** Make a leaf tensor from flat values (copied onto the current backend). */
export function fromFlat(values: ArrayLike<number>, shape: readonly number[], opts: TensorOptions = {}): Tensor {
  const size = sizeOf(shape);
  if (values.length !== size) {
    throw new Error(`tensor: ${values.length} values do not fill shape ${fmt(shape)} (${size})`);
  }
  const backend = resolveBackend('tensor', size);
  const t = new Tensor(makeRef(backend, backend.upload(values), size), shape, opts.requiresGrad ?? false);
  if (opts.name) t.name = opts.name;
  return opts.requiresGrad ? keep(t) : t;
}

function inferShape(data: NestedArray, depth: number, shape: number[]): void {
  if (Array.isArray(data)) {
    shape.push(data.length);
    if (data.length > 0) inferShape(data[0], depth + 1, shape);
  }
}

function flatten(data: NestedArray, shape: number[], depth: number, out: number[]): void {
  if (depth === shape.length) {
    if (typeof data !== 'number') throw new Error(`tensor: ragged nested array at depth ${depth}`);
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    const got = Array.isArray(data) ? `length ${data.length}` : 'a number';
    throw new Error(`tensor: ragged nested array at depth ${depth} (expected length ${shape[depth]}, got ${got})`);
  }
  for (const d of data) flatten(d, shape, depth + 1, out);
}

/**
 * A tensor from a number, nested arrays, or a flat typed array with `shape`.
 * @example tensor([[1, 2], [3, 4]], { requiresGrad: true }); // shape [2, 2]
 */
export function tensor(
  data: NestedArray | ArrayLike<number>,
  opts: TensorOptions & { shape?: readonly number[] } = {},
): Tensor {
  if (typeof data === 'number') return fromFlat([data], opts.shape ?? [], opts);
  if (!Array.isArray(data)) {
    return fromFlat(data as ArrayLike<number>, opts.shape ?? [(data as ArrayLike<number>).length], opts);
  }
  const shape: number[] = [];
  inferShape(data, 0, shape);
  const flat: number[] = [];
  flatten(data, shape, 0, flat);
  return fromFlat(flat, opts.shape ?? shape, opts);
}

/** @example full([2, 2], 7); // [[7, 7], [7, 7]] */
export function full(shape: readonly number[], value: number, opts: TensorOptions = {}): Tensor {
  const size = sizeOf(shape);
  const backend = resolveBackend('full', size);
  const t = new Tensor(makeRef(backend, backend.fill(size, value), size), shape, opts.requiresGrad ?? false);
  if (opts.name) t.name = opts.name;
  return opts.requiresGrad ? keep(t) : t;
}

/** @example zeros([2, 3]); */
export function zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return full(shape, 0, opts);
}

/** @example ones([3]); // [1, 1, 1] */
export function ones(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return full(shape, 1, opts);
}

/** Zeros with t's shape. */
export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return full(t.shape, 0, opts);
}

/** Ones with t's shape. */
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return full(t.shape, 1, opts);
}

/** Identity matrix (n x m, m defaults to n). @example eye(2); // [[1, 0], [0, 1]] */
export function eye(n: number, m = n, opts: TensorOptions = {}): Tensor {
  const v = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) v[i * m + i] = 1;
  return fromFlat(v, [n, m], opts);
}

/**
 * start, start+step, ... below end (one argument: 0..end-1).
 * @example arange(5); // [0, 1, 2, 3, 4]   arange(1, 2, 0.25); // [1, 1.25, 1.5, 1.75]
 */
export function arange(start: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0) throw new Error('arange: step must be non-zero');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return fromFlat(v, [n], opts);
}

/** `steps` evenly spaced values from start to end inclusive. @example linspace(0, 1, 5); */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  const v = new Float64Array(steps);
  for (let i = 0; i < steps; i++) v[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return fromFlat(v, [steps], opts);
}

/** Uniform on [0, 1). @example manualSeed(0); rand([2, 2]); */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? getDefaultGenerator();
  const v = new Float64Array(sizeOf(shape));
  for (let i = 0; i < v.length; i++) v[i] = g.uniform();
  return fromFlat(v, shape, opts);
}

/** Standard normal N(0, 1). @example randn([3], { generator: new Generator(1) }); */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? getDefaultGenerator();
  const v = new Float64Array(sizeOf(shape));
  for (let i = 0; i < v.length; i++) v[i] = g.normal();
  return fromFlat(v, shape, opts);
}

/** Uniform integers in [low, high) as float values. @example randint(0, 10, [4]); */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? getDefaultGenerator();
  const v = new Float64Array(sizeOf(shape));
  for (let i = 0; i < v.length; i++) v[i] = low + g.int(high - low);
  return fromFlat(v, shape, opts);
}
