/**
 * exp and tanh of float32 arrays in WebAssembly SIMD (f32x4), assembled from opcodes at first use
 * like the matmul kernels (see wasm_sgemm.ts for why). In JavaScript these two are calls into
 * the engine's libm (about 10 and 20 ns per element here) and dominate elementwise chains;
 * here they are a few vector instructions per four elements.
 *
 * exp: Cephes' expf. x = n·ln2 + r with n = round(x·log2 e) and |r| ≤ ln2/2 (ln2 split in two
 * constants so r is exact), exp(r) by a degree-7 polynomial (error about 1 ulp), times 2ⁿ built in
 * the exponent bits. x below ln(2⁻¹²⁵) gives 0 (so exp(−∞) = 0 exactly, as masked attention
 * needs), above ln(FLT_MAX) +∞; NaN stays NaN.
 * tanh: x·(1 + x²·(…)) (Taylor to x⁹) for |x| < 1/4, else sign(x)·(1 − 2/(exp(2|x|) + 1)),
 * which saturates to ±1 (never NaN) for large |x|. Absolute error about 1e-7.
 *
 * expF32 / tanhF32(src, dst, end): byte offsets; 4 lanes per step up to `end` (the caller pads
 * to a multiple of 4 floats and ignores the padding's results).
 */
import {
  ADD, block, br, brIf, EQZ, funcBody, get, i32, load, loop, LT_U, moduleOf, set, simd, store, tee,
} from './wasm_asm.ts';

const f32 = (v: number) => simd(0x0c, ...new Uint8Array(new Float32Array([v, v, v, v]).buffer));
const u32 = (v: number) => simd(0x0c, ...new Uint8Array(new Uint32Array([v, v, v, v]).buffer));
const [MIN, MAX, ABS, FADD, FSUB, FMUL, FDIV] = [0xe8, 0xe9, 0xe0, 0xe4, 0xe5, 0xe6, 0xe7].map((o) => simd(o));
const [LT, GT, NEAREST, TRUNC_SAT, I_ADD, I_SHL] = [0x43, 0x44, 0x6a, 0xf8, 0xae, 0xab].map((o) => simd(o));
const [NOT, ANDNOT, BITSELECT] = [0x4d, 0x4f, 0x52].map((o) => simd(o));

// locals: src, dst, end (params), i; then v128: x, xc, fx, r, y, a
const [SRC, DST, END, I, X, XC, FX, R, Y, A] = Array.from({ length: 10 }, (_, i) => i);
// NOTE: LO = ln 2⁻¹²⁵, not ln 2⁻¹²⁶: below it 2^(n−1) would need a subnormal scale; exp there is
// under 2.4e-38 and becomes 0
const LO = -86.6433976, HI = 88.72283905;

/** exp of the v128 in local `x`, left on the stack (uses XC, FX, R, Y). */
const expOf = (x: number) => [
  ...get(x), ...f32(LO), ...MAX, ...f32(HI), ...MIN, ...tee(XC),
  ...f32(Math.LOG2E), ...FMUL, ...NEAREST, ...set(FX),
  // r = xc − fx·C1 − fx·C2, C1 + C2 = ln 2 with C1 exact in few bits
  ...get(XC), ...get(FX), ...f32(0.693359375), ...FMUL, ...FSUB, ...get(FX), ...f32(-2.12194440e-4), ...FMUL, ...FSUB, ...set(R),
  // y = ((((p0·r + p1)·r + p2)·r + p3)·r + p4)·r + p5, then y·r² + r + 1
  ...f32(1.9875691500e-4), ...get(R), ...FMUL, ...f32(1.3981999507e-3), ...FADD,
  ...get(R), ...FMUL, ...f32(8.3334519073e-3), ...FADD,
  ...get(R), ...FMUL, ...f32(4.1665795894e-2), ...FADD,
  ...get(R), ...FMUL, ...f32(1.6666665459e-1), ...FADD,
  ...get(R), ...FMUL, ...f32(5.0000001201e-1), ...FADD,
  ...get(R), ...FMUL, ...get(R), ...FMUL, ...get(R), ...FADD, ...f32(1), ...FADD, ...set(Y),
  // · 2^(n−1) · 2: n ∈ [−126, 128], so the biased exponent n − 1 + 127 stays in [0, 254]
  ...get(Y), ...get(FX), ...TRUNC_SAT, ...u32(126), ...I_ADD, ...i32(23), ...I_SHL, ...FMUL, ...f32(2), ...FMUL,
  // below the range: 0 (and exp(−∞) = 0); above: +∞ (NaN compares false both times: stays NaN)
  ...get(x), ...f32(LO), ...LT, ...ANDNOT,
  ...u32(0x7f800000), ...get(x), ...f32(HI), ...GT, ...NOT, ...BITSELECT,
];

/** tanh of local X, on the stack. */
const tanhOf = [
  ...get(X), ...ABS, ...set(A),
  // large: copysign(1 − 2/(exp(2|x|) + 1), x)  (|x| ≥ 1/4, so no cancellation beyond 1e-7)
  ...get(A), ...get(A), ...FADD, ...set(A), ...f32(1), ...f32(2), ...expOf(A), ...f32(1), ...FADD, ...FDIV, ...FSUB,
  ...get(X), ...u32(0x7fffffff), ...BITSELECT, ...set(Y), // (y & 0x7fff…) | (x & sign)
  // small: x·(1 + x²(−1/3 + x²(2/15 + x²(−17/315 + x²·62/2835))))
  ...get(X), ...get(X), ...FMUL, ...set(R),
  ...f32(62 / 2835), ...get(R), ...FMUL, ...f32(-17 / 315), ...FADD, ...get(R), ...FMUL, ...f32(2 / 15), ...FADD,
  ...get(R), ...FMUL, ...f32(-1 / 3), ...FADD, ...get(R), ...FMUL, ...f32(1), ...FADD, ...get(X), ...FMUL,
  ...get(Y), ...get(X), ...ABS, ...f32(0.25), ...LT, ...BITSELECT,
];

/** for (i = 0; i < end; i += 16) dst[i] = f(src[i]). */
const map = (f: number[]) => funcBody([[1, 0x7f], [6, 0x7b]], [
  ...i32(0), ...set(I),
  ...block(loop(
    ...get(I), ...get(END), LT_U, EQZ, ...brIf(1),
    ...get(SRC), ...get(I), ADD, ...load(0), ...set(X),
    ...get(DST), ...get(I), ADD, ...f, ...store(0),
    ...get(I), ...i32(16), ADD, ...set(I), ...br(0),
  )),
]);

const MODULE = moduleOf(3, ['expF32', 'tanhF32'], [map(expOf(X)), map(tanhOf)]);

export type WasmUnaryOp = 'exp' | 'tanh';
/** out[i] = op(x[i]) for i < n, or false when the memory cannot grow that far. */
export type WasmUnary = (op: WasmUnaryOp, x: Float32Array, out: Float32Array, n: number) => boolean;

let instance: WasmUnary | null | undefined;
let enabled = true;

function instantiate(): WasmUnary | null {
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(MODULE)) return null;
    const exports = new WebAssembly.Instance(new WebAssembly.Module(MODULE), {}).exports;
    const fns = { exp: exports.expF32, tanh: exports.tanhF32 } as Record<WasmUnaryOp, (src: number, dst: number, end: number) => void>;
    const memory = exports.mem as WebAssembly.Memory;
    let view = new Float32Array(memory.buffer);
    return (op, x, out, n) => {
      const padded = (n + 3) & ~3;
      if (padded * 4 > memory.buffer.byteLength) {
        try {
          memory.grow(Math.ceil((padded * 4 - memory.buffer.byteLength) / 65536));
        } catch {
          return false;
        }
      }
      if (view.buffer !== memory.buffer) view = new Float32Array(memory.buffer);
      view.set(x.length === n ? x : x.subarray(0, n));
      fns[op](0, 0, padded * 4); // in place
      out.set(view.subarray(0, n));
      return true;
    };
  } catch {
    return null;
  }
}

/** The kernel, or null where WebAssembly SIMD cannot run (or after `useWasmUnary(false)`). */
export function wasmUnary(): WasmUnary | null {
  if (!enabled) return null;
  if (instance === undefined) instance = instantiate();
  return instance;
}

/** Turn the kernel off (false: the JavaScript loops in elementwise.ts) or on. */
export function useWasmUnary(on: boolean): void {
  enabled = on;
}
