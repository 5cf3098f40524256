/** CPU elementwise kernels: unary maps, broadcasting binary maps, where, broadcastTo. */
import { sizeOf } from '../../shape.ts';
import type { BinaryOp, Shape, UnaryOp } from '../backend.ts';
import { broadcastIndex } from './index_map.ts';
import type { Arr, ArrCtor } from './types.ts';

const UNARY: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  tanh: Math.tanh,
  copy: (x) => x,
};

const BINARY: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: Math.pow,
  // NaN propagates like torch.maximum
  maximum: (x, y) => (x !== x || y !== y ? NaN : x > y ? x : y),
  minimum: (x, y) => (x !== x || y !== y ? NaN : x < y ? x : y),
  eq: (x, y) => (x === y ? 1 : 0),
  ne: (x, y) => (x !== y ? 1 : 0),
  lt: (x, y) => (x < y ? 1 : 0),
  le: (x, y) => (x <= y ? 1 : 0),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
};

export function unary(C: ArrCtor, op: UnaryOp, x: Arr, size: number): Arr {
  const f = UNARY[op];
  const out = new C(size);
  for (let i = 0; i < size; i++) out[i] = f(x[i]);
  return out;
}

export function binary(C: ArrCtor, op: BinaryOp, a: Arr, aShape: Shape, b: Arr, bShape: Shape, outShape: Shape): Arr {
  const f = BINARY[op];
  const n = sizeOf(outShape);
  const out = new C(n);
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
  } else if (b.length === 1 && a.length === n) {
    const y = b[0];
    for (let i = 0; i < n; i++) out[i] = f(a[i], y);
  } else if (a.length === 1 && b.length === n) {
    const x = a[0];
    for (let i = 0; i < n; i++) out[i] = f(x, b[i]);
  } else {
    const ia = broadcastIndex(aShape, outShape);
    const ib = broadcastIndex(bShape, outShape);
    for (let i = 0; i < n; i++) out[i] = f(a[ia[i]], b[ib[i]]);
  }
  return out;
}

export function where(
  C: ArrCtor, c: Arr, cShape: Shape, a: Arr, aShape: Shape, b: Arr, bShape: Shape, outShape: Shape,
): Arr {
  const n = sizeOf(outShape);
  const out = new C(n);
  const ic = broadcastIndex(cShape, outShape);
  const ia = broadcastIndex(aShape, outShape);
  const ib = broadcastIndex(bShape, outShape);
  for (let i = 0; i < n; i++) out[i] = c[ic[i]] !== 0 ? a[ia[i]] : b[ib[i]];
  return out;
}

export function broadcastTo(C: ArrCtor, x: Arr, shape: Shape, outShape: Shape): Arr {
  const n = sizeOf(outShape);
  const out = new C(n);
  const ix = broadcastIndex(shape, outShape);
  for (let i = 0; i < n; i++) out[i] = x[ix[i]];
  return out;
}
