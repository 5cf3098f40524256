/**
 * The packed matmul's inner kernel in WebAssembly SIMD (f64x2), assembled here from opcodes: the
 * same 4×4 tiles over the same 4-wide panels as `tiles` in matmul.ts, two outputs per
 * instruction. Each output is still one float64 sum over ascending p (separate mul and add, no
 * fused multiply-add), so results are bit-identical to the JavaScript kernel, about 4× sooner.
 * Where WebAssembly SIMD is missing or refused (an old browser, a CSP without
 * 'wasm-unsafe-eval'), `wasmGemm()` is null and matmul.ts keeps its JavaScript loops.
 *
 * gemmB / gemmA(ap, bp, cp, mb, nb, k) (B's or A's panels in the outer loop), byte offsets
 * into the module's memory:
 *   ap: mb panels of A, each k × 4 float64 (row r of the panel in lane r), as `pack` writes them
 *   bp: nb panels of B, likewise
 *   cp: out, mb·nb tiles of 4×4 float64, tile (ib, jb) at (ib·nb + jb)·16, row-major inside
 *       (so the tiles of one band of 4 rows lie side by side)
 */

/** Steps of p per pass (as KC in matmul.ts): the slice of A in use stays in cache. */
const KC = 128;

import {
  ADD, block, br, brIf, EQZ, F64X2_ADD, F64X2_MUL, forUp, funcBody, get, GT_U, i32, ifElse, load, loop,
  LT_U, moduleOf, MUL, set, SHL, splat64 as splat, store, SUB, tee, ZERO,
} from './wasm_asm.ts';

// locals: parameters, then i32 counters and addresses, then v128 values
const [AP, BP, CP, MB, NB, K, K0, K1, JB, IB, T, X, Y, END, B01, B23, A] = Array.from({ length: 17 }, (_, i) => i);
const C0 = 17; // eight accumulators: row r, columns 0–1 at C0 + 2r, columns 2–3 at C0 + 2r + 1
const EIGHT = [0, 1, 2, 3, 4, 5, 6, 7];

/** One 4×4 tile over p in [k0, k1): acc[r] += a[r]·b (lanes 0–1 and 2–3 of b). */
const tile = [
  // t = cp + (ib·nb + jb)·128; accumulators start at 0 on the first pass, else from t
  ...get(CP), ...get(IB), ...get(NB), MUL, ...get(JB), ADD, ...i32(7), SHL, ADD, ...set(T),
  ...get(K0), EQZ,
  ...ifElse(EIGHT.flatMap((j) => [...ZERO, ...set(C0 + j)]), EIGHT.flatMap((j) => [...get(T), ...load(16 * j), ...set(C0 + j)])),
  // x = ap + (ib·k + k0)·32, end = x + (k1 − k0)·32, y = bp + (jb·k + k0)·32
  ...get(AP), ...get(IB), ...get(K), MUL, ...get(K0), ADD, ...i32(5), SHL, ADD, ...tee(X),
  ...get(K1), ...get(K0), SUB, ...i32(5), SHL, ADD, ...set(END),
  ...get(BP), ...get(JB), ...get(K), MUL, ...get(K0), ADD, ...i32(5), SHL, ADD, ...set(Y),
  ...loop(
    ...get(Y), ...load(0), ...set(B01), ...get(Y), ...load(16), ...set(B23),
    ...[0, 1, 2, 3].flatMap((r) => [
      ...get(X), ...splat(8 * r), ...set(A),
      ...get(C0 + 2 * r), ...get(A), ...get(B01), ...F64X2_MUL, ...F64X2_ADD, ...set(C0 + 2 * r),
      ...get(C0 + 2 * r + 1), ...get(A), ...get(B23), ...F64X2_MUL, ...F64X2_ADD, ...set(C0 + 2 * r + 1),
    ]),
    ...get(Y), ...i32(32), ADD, ...set(Y),
    ...get(X), ...i32(32), ADD, ...tee(X), ...get(END), LT_U, ...brIf(0),
  ),
  ...EIGHT.flatMap((j) => [...get(T), ...get(C0 + j), ...store(16 * j)]),
];

/**
 * Passes of KC steps over every tile. `bOuter`: each panel of B stays put while the panels of
 * A stream past it (A's slice in cache: m small); else the reverse (n small, m large).
 */
const body = (bOuter: boolean) => [
  ...i32(0), ...set(K0),
  ...block(loop(
    ...get(K0), ...get(K), LT_U, EQZ, ...brIf(1),
    ...get(K0), ...i32(KC), ADD, ...set(K1),
    ...get(K1), ...get(K), GT_U, ...ifElse([...get(K), ...set(K1)], []),
    ...(bOuter ? forUp(JB, NB, forUp(IB, MB, tile)) : forUp(IB, MB, forUp(JB, NB, tile))),
    ...get(K0), ...i32(KC), ADD, ...set(K0), ...br(0),
  )),
];
const code = (bOuter: boolean) => funcBody([[8, 0x7f], [11, 0x7b]], body(bOuter));

const MODULE = moduleOf(6, ['gemmB', 'gemmA'], [code(true), code(false)]);

/** The compiled kernel with its memory, laid out per call as [A panels | B panels | C tiles]. */
export interface WasmGemm {
  /**
   * A float64 view of memory large enough for the three regions (element offsets returned), or
   * null when the memory cannot grow that far (e.g. under `ulimit -v`): the caller then packs
   * into JavaScript arrays instead.
   */
  reserve(apLen: number, bpLen: number, cLen: number): { mem: Float64Array; ap: number; bp: number; c: number } | null;
  /** All mb × nb tiles of the panels placed by `reserve` (k steps each). */
  run(mb: number, nb: number, k: number): void;
}

let instance: WasmGemm | null | undefined;
let enabled = true;

function instantiate(): WasmGemm | null {
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(MODULE)) return null;
    const exports = new WebAssembly.Instance(new WebAssembly.Module(MODULE), {}).exports;
    const gemmB = exports.gemmB as (...args: number[]) => void, gemmA = exports.gemmA as (...args: number[]) => void;
    const memory = exports.mem as WebAssembly.Memory;
    let view = new Float64Array(memory.buffer);
    let layout = { ap: 0, bp: 0, c: 0 };
    return {
      reserve(apLen, bpLen, cLen) {
        layout = { ap: 0, bp: apLen, c: apLen + bpLen };
        const bytes = (apLen + bpLen + cLen) * 8;
        if (bytes > memory.buffer.byteLength) {
          try {
            memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
          } catch {
            return null;
          }
        }
        if (view.buffer !== memory.buffer) view = new Float64Array(memory.buffer);
        return { mem: view, ...layout };
      },
      run(mb, nb, k) {
        // NOTE: the larger operand streams; the smaller one's panels stay in cache
        (mb <= nb ? gemmB : gemmA)(layout.ap * 8, layout.bp * 8, layout.c * 8, mb, nb, k);
      },
    };
  } catch {
    return null; // compilation refused (CSP, embedder): the JavaScript kernel does the work
  }
}

/** The kernel, or null where WebAssembly SIMD cannot run (or after `useWasmGemm(false)`). */
export function wasmGemm(): WasmGemm | null {
  if (!enabled) return null;
  if (instance === undefined) instance = instantiate();
  return instance;
}

/** Turn the WebAssembly kernel off (true: on where available), e.g. to compare with the JavaScript one. */
export function useWasmGemm(on: boolean): void {
  enabled = on;
}
