/**
 * A tiny WebAssembly assembler: LEB128 numbers, vectors, sections and the opcodes the CPU
 * kernels use (wasm_gemm.ts, wasm_sgemm.ts). Kernels are written as TypeScript arrays of
 * opcodes and assembled when first used, so the repository holds their source only, with no
 * binary and no extra build step (see wasm_sgemm.ts's header for why).
 */
export const uleb = (n: number): number[] => {
  const o: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n);
  return o;
};
export const sleb = (n: number): number[] => {
  const o: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...o, b];
    o.push(b | 0x80);
  }
};
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]));
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

export const get = (i: number) => [0x20, ...uleb(i)], set = (i: number) => [0x21, ...uleb(i)], tee = (i: number) => [0x22, ...uleb(i)];
export const i32 = (n: number) => [0x41, ...sleb(n)];
export const [ADD, SUB, MUL, SHL, EQZ, LT_U, GT_U] = [0x6a, 0x6b, 0x6c, 0x74, 0x45, 0x49, 0x4b];
export const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
/** v128.load / v128.store at a constant byte offset (alignment hint 16). */
export const load = (off: number) => simd(0x00, 4, ...uleb(off));
export const store = (off: number) => simd(0x0b, 4, ...uleb(off));
/** v128.load64_splat: [x, x] from a float64. */
export const splat64 = (off: number) => simd(0x0a, 3, ...uleb(off));
/** v128.load32_splat: [x, x, x, x] from a float32. */
export const splat32 = (off: number) => simd(0x09, 2, ...uleb(off));
export const F64X2_ADD = simd(0xf0), F64X2_MUL = simd(0xf2);
export const F32X4_ADD = simd(0xe4), F32X4_MUL = simd(0xe6);
/** Relaxed SIMD f32x4.relaxed_madd(a, b, c) = a·b + c, fused where the CPU has FMA. */
export const F32X4_RELAXED_MADD = simd(0x105);
export const ZERO = simd(0x0c, ...new Array<number>(16).fill(0));

export type Code = (number | number[])[];
export const block = (...b: Code) => [0x02, 0x40, ...b.flat(), 0x0b];
export const loop = (...b: Code) => [0x03, 0x40, ...b.flat(), 0x0b];
export const ifElse = (a: number[], b: number[]) => [0x04, 0x40, ...a, 0x05, ...b, 0x0b];
export const br = (d: number) => [0x0c, ...uleb(d)], brIf = (d: number) => [0x0d, ...uleb(d)];
/** for (i = 0; i < n; i++) body, as block/loop/br_if. */
export const forUp = (i: number, n: number, ...body: Code) => [...i32(0), ...set(i), ...block(loop(
  ...get(i), ...get(n), LT_U, EQZ, ...brIf(1), ...body.flat(), ...get(i), ...i32(1), ADD, ...set(i), ...br(0)))];

/** A function body: local declarations ([count, type] pairs) then code, with its size prefix. */
export function funcBody(locals: [number, number][], code: number[]): number[] {
  const c = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code, 0x0b];
  return [...uleb(c.length), ...c];
}

/** f32.load / f32.store at a constant byte offset (alignment hint 4), and f32.const. */
export const loadF32 = (off: number) => [0x2a, 2, ...uleb(off)], storeF32 = (off: number) => [0x38, 2, ...uleb(off)];
export const f32Const = (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)];

/**
 * A module of functions sharing one type (`params` i32 parameters, no results), exporting them
 * by `names` plus its memory as 'mem': its own (1 page to start, grown by the caller), or with
 * `shared`, a shared memory imported as env.mem (maximum `shared.maxPages`) that helper threads
 * instantiate the same module over.
 */
export function moduleOf(params: number, names: string[], bodies: number[][], shared?: { maxPages: number }): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([[0x60, ...vec(Array.from({ length: params }, () => [0x7f])), 0]])),
    // memory type flags: 0 = minimum only, 3 = shared with a maximum
    ...(shared ? section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x03, ...uleb(1), ...uleb(shared.maxPages)]])) : []),
    ...section(3, vec(bodies.map(() => [0]))),
    ...(shared ? [] : section(5, vec([[0x00, 1]]))),
    ...section(7, vec([...names.map((n, i) => [...name(n), 0x00, i]), [...name('mem'), 0x02, 0]])),
    ...section(10, vec(bodies)),
  ]);
}
