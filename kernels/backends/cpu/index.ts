/**
 * CPU backends: one implementation parameterised by the array constructor.
 * 'cpu64' (Float64Array) is the reference every other backend is tested against;
 * 'cpu' (Float32Array) has the same precision as the GPU.
 */
import type { Backend, DType } from '../backend.ts';
import { registerBackend } from '../registry.ts';
import { unary, binary, where, broadcastTo } from './elementwise.ts';
import { reduce, argReduce } from './reduce.ts';
import { matmul } from './matmul.ts';
import { permute, slice, pad, gather, scatterAdd, concat } from './movement.ts';
import { softmaxCrossEntropy, softmaxCrossEntropyGrad } from './losses.ts';
import { unfold, fold } from './window.ts';
import { createPool } from './pool.ts';
import type { Arr, ArrCtor } from './types.ts';

/**
 * @example const b = createCpuBackend('cpu64', Float64Array); b.read(b.fill(2, 1)); // [1, 1]
 */
export function createCpuBackend(name: string, C: ArrCtor): Backend {
  const dtype: DType = C === Float64Array ? 'float64' : 'float32';
  const a = (s: object) => s as Arr;
  const { alloc, free } = createPool(C);
  return {
    name,
    dtype,
    bytesPerElement: C.BYTES_PER_ELEMENT,
    upload: (values) => {
      const out = alloc(values.length);
      out.set(values as ArrayLike<number>);
      return out;
    },
    fill: (size, value) => alloc(size).fill(value),
    read: (s) => a(s),
    // NOTE: the engine disposes a handle exactly once, after its last read, so it can be reused
    dispose: (s) => free(a(s)),
    unary: (op, x, size) => unary(alloc, op, a(x), size),
    binary: (op, x, xs, y, ys, out) => binary(alloc, op, a(x), xs, a(y), ys, out),
    where: (c, cs, x, xs, y, ys, out) => where(alloc, a(c), cs, a(x), xs, a(y), ys, out),
    broadcastTo: (x, shape, out) => broadcastTo(alloc, a(x), shape, out),
    reduce: (op, x, shape, axes) => reduce(alloc, op, a(x), shape, axes),
    argReduce: (op, x, shape, axis) => argReduce(alloc, op, a(x), shape, axis),
    matmul: (x, xs, y, ys, out, ta, tb) => matmul(alloc, a(x), xs, a(y), ys, out, ta, tb),
    permute: (x, shape, perm) => permute(alloc, a(x), shape, perm),
    slice: (x, shape, begin, size) => slice(alloc, a(x), shape, begin, size),
    pad: (x, shape, before, after) => pad(alloc, a(x), shape, before, after),
    gather: (x, shape, axis, idx, n) => gather(alloc, a(x), shape, axis, a(idx), n),
    scatterAdd: (u, us, axis, idx, n, outDim) => scatterAdd(alloc, a(u), us, axis, a(idx), n, outDim),
    concat: (xs, shapes, axis, out) => concat(alloc, xs.map(a), shapes, axis, out),
    unfold: (x, shape, win, padValue) => unfold(alloc, a(x), shape, win, padValue),
    fold: (cols, outShape, win) => fold(alloc, a(cols), outShape, win),
    softmaxCrossEntropy: (x, t, rows, C, ignore) => softmaxCrossEntropy(alloc, a(x), a(t), rows, C, ignore),
    softmaxCrossEntropyGrad: (x, t, dy, rows, C, ignore) => softmaxCrossEntropyGrad(alloc, a(x), a(t), a(dy), rows, C, ignore),
  };
}

registerBackend('cpu64', () => createCpuBackend('cpu64', Float64Array));
registerBackend('cpu', () => createCpuBackend('cpu', Float32Array));
