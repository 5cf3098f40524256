/**
 * CPU elementwise kernels: unary maps, broadcasting binary maps, where, broadcastTo.
 * Large float32 exp and tanh run in WebAssembly SIMD (wasm_unary.ts).
 * Each op is its own tight loop (a switch picks the loop once, not per element); broadcasting
 * walks rows of a `loops` plan, so same-shape, scalar, row and column cases are all one row
 * loop with steps of 0 or 1 and no per-element index map.
 */
import { sizeOf } from '../../shape.ts';
import type { BinaryOp, Shape, UnaryOp } from '../backend.ts';
import { broadcastLoops } from './index_map.ts';
import { erf } from './erf.ts';
import { wasmUnary } from './wasm_unary.ts';
import type { Alloc, Arr } from './types.ts';

/** From this many elements a float32 exp or tanh goes to WebAssembly (the copies in and out cost less than the libm calls saved). */
const WASM_UNARY_MIN = 1024;

export function unary(alloc: Alloc, op: UnaryOp, x: Arr, size: number): Arr {
  const out = alloc(size);
  const n = size;
  if ((op === 'exp' || op === 'tanh') && n >= WASM_UNARY_MIN && out instanceof Float32Array && x instanceof Float32Array) {
    if (wasmUnary()?.(op, x, out, n)) return out;
  }
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]; break;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]); break;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]); break;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]); break;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]); break;
    case 'sign': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN; } break;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]); break;
    case 'erf': for (let i = 0; i < n; i++) out[i] = erf(x[i]); break;
    case 'copy': out.set(x.length === n ? x : x.subarray(0, n)); break;
    default: throw new Error(`cpu: unknown unary op ${op as string}`);
  }
  return out;
}

export function binary(alloc: Alloc, op: BinaryOp, a: Arr, aShape: Shape, b: Arr, bShape: Shape, outShape: Shape): Arr {
  const n = sizeOf(outShape);
  const out = alloc(n);
  if (a.length === n && b.length === n) {
    binaryRow(op, out, 0, n, a, 0, 1, b, 0, 1);
  } else if (b.length === 1 && a.length === n) {
    binaryRow(op, out, 0, n, a, 0, 1, b, 0, 0);
  } else if (a.length === 1 && b.length === n) {
    binaryRow(op, out, 0, n, a, 0, 0, b, 0, 1);
  } else {
    const { inner, starts: [ra, rb], steps: [sa, sb] } = broadcastLoops([aShape, bShape], outShape);
    for (let r = 0; r < ra.length; r++) binaryRow(op, out, r * inner, inner, a, ra[r], sa, b, rb[r], sb);
  }
  return out;
}

/** out[o + i] = op(a[x + i * sa], b[y + i * sb]) for i < len. */
function binaryRow(op: BinaryOp, out: Arr, o: number, len: number, a: Arr, x: number, sa: number, b: Arr, y: number, sb: number): void {
  switch (op) {
    case 'add': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] + b[y + i * sb]; break;
    case 'sub': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] - b[y + i * sb]; break;
    case 'mul': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] * b[y + i * sb]; break;
    case 'div': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] / b[y + i * sb]; break;
    case 'pow': for (let i = 0; i < len; i++) out[o + i] = Math.pow(a[x + i * sa], b[y + i * sb]); break;
    // NaN propagates like torch.maximum
    case 'maximum': for (let i = 0; i < len; i++) { const u = a[x + i * sa], v = b[y + i * sb]; out[o + i] = u !== u || v !== v ? NaN : u > v ? u : v; } break;
    case 'minimum': for (let i = 0; i < len; i++) { const u = a[x + i * sa], v = b[y + i * sb]; out[o + i] = u !== u || v !== v ? NaN : u < v ? u : v; } break;
    case 'eq': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] === b[y + i * sb] ? 1 : 0; break;
    case 'ne': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] !== b[y + i * sb] ? 1 : 0; break;
    case 'lt': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] < b[y + i * sb] ? 1 : 0; break;
    case 'le': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] <= b[y + i * sb] ? 1 : 0; break;
    case 'gt': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] > b[y + i * sb] ? 1 : 0; break;
    case 'ge': for (let i = 0; i < len; i++) out[o + i] = a[x + i * sa] >= b[y + i * sb] ? 1 : 0; break;
    default: throw new Error(`cpu: unknown binary op ${op as string}`);
  }
}

export function where(
  alloc: Alloc, c: Arr, cShape: Shape, a: Arr, aShape: Shape, b: Arr, bShape: Shape, outShape: Shape,
): Arr {
  const out = alloc(sizeOf(outShape));
  const { inner, starts: [rc, ra, rb], steps: [sc, sa, sb] } = broadcastLoops([cShape, aShape, bShape], outShape);
  for (let r = 0; r < rc.length; r++) {
    const o = r * inner, z = rc[r], x = ra[r], y = rb[r];
    for (let i = 0; i < inner; i++) out[o + i] = c[z + i * sc] !== 0 ? a[x + i * sa] : b[y + i * sb];
  }
  return out;
}

export function broadcastTo(alloc: Alloc, x: Arr, shape: Shape, outShape: Shape): Arr {
  const out = alloc(sizeOf(outShape));
  const { inner, starts: [rx], steps: [sx] } = broadcastLoops([shape], outShape);
  for (let r = 0; r < rx.length; r++) {
    const o = r * inner, s = rx[r];
    if (sx === 1) out.set(x.subarray(s, s + inner), o);
    else for (let i = 0; i < inner; i++) out[o + i] = x[s + i * sx];
  }
  return out;
}
