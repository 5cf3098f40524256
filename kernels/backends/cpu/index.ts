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
import type { Arr, ArrCtor } from './types.ts';

/**
 * @example const b = createCpuBackend('cpu64', Float64Array); b.read(b.fill(2, 1)); // [1, 1]
 */
export function createCpuBackend(name: string, C: ArrCtor): Backend {
  const dtype: DType = C === Float64Array ? 'float64' : 'float32';
  const a = (s: object) => s as Arr;
  return {
    name,
    dtype,
    bytesPerElement: C.BYTES_PER_ELEMENT,
    upload: (values) => C.from(values as ArrayLike<number>),
    fill: (size, value) => new C(size).fill(value),
    read: (s) => a(s),
    dispose: () => {},
    unary: (op, x, size) => unary(C, op, a(x), size),
    binary: (op, x, xs, y, ys, out) => binary(C, op, a(x), xs, a(y), ys, out),
    where: (c, cs, x, xs, y, ys, out) => where(C, a(c), cs, a(x), xs, a(y), ys, out),
    broadcastTo: (x, shape, out) => broadcastTo(C, a(x), shape, out),
    reduce: (op, x, shape, axes) => reduce(C, op, a(x), shape, axes),
    argReduce: (op, x, shape, axis) => argReduce(C, op, a(x), shape, axis),
    matmul: (x, xs, y, ys, out, ta, tb) => matmul(C, a(x), xs, a(y), ys, out, ta, tb),
    permute: (x, shape, perm) => permute(C, a(x), shape, perm),
    slice: (x, shape, begin, size) => slice(C, a(x), shape, begin, size),
    pad: (x, shape, before, after) => pad(C, a(x), shape, before, after),
    gather: (x, shape, axis, idx, n) => gather(C, a(x), shape, axis, a(idx), n),
    scatterAdd: (u, us, axis, idx, n, outDim) => scatterAdd(C, a(u), us, axis, a(idx), n, outDim),
    concat: (xs, shapes, axis, out) => concat(C, xs.map(a), shapes, axis, out),
  };
}

registerBackend('cpu64', () => createCpuBackend('cpu64', Float64Array));
registerBackend('cpu', () => createCpuBackend('cpu', Float32Array));
