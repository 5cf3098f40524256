/**
 * CPU batched matmul with broadcast batch dims and optional transposed operands.
 * On the float32 `cpu` backend, large products run the WebAssembly f32x4 kernel (wasm_sgemm.ts:
 * 4×8 tiles, float32 sums). Otherwise (cpu64, or where that kernel cannot run) large products
 * pack both operands into 4-wide float64 panels and run a 4x4 register-blocked kernel (in
 * WebAssembly SIMD where it runs, see wasm_gemm.ts; bit-identical either way); small or skinny
 * ones use plain float64 dot products. Transposes are absorbed by the packing (or by the dot
 * product's strides), never materialised.
 */
import { sizeOf } from '../../shape.ts';
import type { Shape } from '../backend.ts';
import { broadcastIndex } from './index_map.ts';
import type { Alloc, Arr } from './types.ts';
import { wasmGemm } from './wasm_gemm.ts';
import { MR, NR, wasmSgemm, type WasmSgemm } from './wasm_sgemm.ts';

/** Below this many multiply-adds (or with m or n under 4) packing costs more than it saves. */
const PACK_MIN_WORK = 16384;
/** The same for the WebAssembly kernel, whose tiles are about 4x cheaper (attention's 25x25x16 products pack). */
const WASM_MIN_WORK = 2048;
/** Steps of p per pass of the tiled kernel (a 4-row panel slice of A is KC * 32 bytes). */
const KC = 128;

export function matmul(
  alloc: Alloc, a: Arr, aShape: Shape, b: Arr, bShape: Shape, outShape: Shape, ta: boolean, tb: boolean,
): Arr {
  const r = outShape.length;
  const m = outShape[r - 2], n = outShape[r - 1];
  const k = ta ? aShape[aShape.length - 2] : aShape[aShape.length - 1];
  const out = alloc(sizeOf(outShape));
  if (m === 0 || n === 0) return out;
  // element strides: A[i, p] = a[i * aRow + p * aCol], B[p, j] = b[p * bRow + j * bCol]
  const aRow = ta ? 1 : k, aCol = ta ? m : 1;
  const bRow = tb ? 1 : n, bCol = tb ? k : 1;
  if (out instanceof Float32Array && m >= 4 && n >= 4 && m * n * k >= WASM_MIN_WORK) {
    const sgemm = wasmSgemm();
    if (sgemm && matmulF32(sgemm, out, a, aShape, b, bShape, outShape, m, n, k, aRow, aCol, bRow, bCol)) return out;
  }
  const gemm = m >= 4 && n >= 4 ? wasmGemm() : null;
  const packed = m >= 4 && n >= 4 && m * n * k >= (gemm ? WASM_MIN_WORK : PACK_MIN_WORK);
  const mb = Math.ceil(m / 4), nb = Math.ceil(n / 4);
  // the same regions serve every batch; null if the memory cannot grow (an address-space limit)
  const region = packed && gemm ? gemm.reserve(mb * 4 * k, nb * 4 * k, mb * nb * 16) : null;
  const ap = packed && !region ? panels(0, mb * 4 * k) : null;
  const bp = packed && !region ? panels(1, nb * 4 * k) : null;
  const single = r === 2;
  // which a-matrix and b-matrix each output batch uses
  const ia = single ? null : broadcastIndex(aShape.slice(0, -2), outShape.slice(0, r - 2));
  const ib = single ? null : broadcastIndex(bShape.slice(0, -2), outShape.slice(0, r - 2));
  const batches = single ? 1 : ia!.length;
  for (let t = 0; t < batches; t++) {
    const aOff = single ? 0 : ia![t] * m * k, bOff = single ? 0 : ib![t] * k * n, oOff = t * m * n;
    if (region) {
      pack(region.mem, region.ap, a, aOff, m, k, aRow, aCol);
      pack(region.mem, region.bp, b, bOff, n, k, bCol, bRow);
      gemm!.run(mb, nb, k);
      unpack(out, oOff, region.mem, region.c, m, n);
    } else if (ap && bp) {
      pack(ap, 0, a, aOff, m, k, aRow, aCol);
      pack(bp, 0, b, bOff, n, k, bCol, bRow);
      tiles(out, oOff, ap, bp, m, n, k);
    } else {
      dots(out, oOff, a, aOff, aRow, aCol, b, bOff, bRow, bCol, m, n, k);
    }
  }
  return out;
}

/**
 * The float32 path (see wasm_sgemm.ts): both operands are copied into the kernel's memory; a
 * transposed A and an untransposed B are read there as stored, the others packed into panels by
 * the module (a transpose). float32 sums. False when the memory cannot grow that far.
 */
function matmulF32(
  gemm: WasmSgemm, out: Float32Array, a: Arr, aShape: Shape, b: Arr, bShape: Shape, outShape: Shape,
  m: number, n: number, k: number, aRow: number, aCol: number, bRow: number, bCol: number,
): boolean {
  const mb = Math.ceil(m / MR), nb = Math.ceil(n / NR), ldc = nb * NR;
  const aPacked = aRow !== 1, bPacked = bCol !== 1;
  // as stored, the kernel reads up to MR floats past A and NR past B; the packers read whole
  // quads of rows (up to 3 rows past the operand)
  const region = gemm.reserve(aPacked ? mb * MR * k : m * k + MR, bPacked ? nb * NR * k : k * n + NR,
    aPacked ? mb * MR * k : 0, bPacked ? Math.ceil(n / 4) * 4 * k : 0, mb * MR * ldc);
  if (!region) return false;
  const r = outShape.length;
  const ia = r === 2 ? [0] : broadcastIndex(aShape.slice(0, -2), outShape.slice(0, r - 2));
  const ib = r === 2 ? [0] : broadcastIndex(bShape.slice(0, -2), outShape.slice(0, r - 2));
  const { mem } = region;
  for (let t = 0; t < ia.length; t++) {
    // an operand broadcast over the batch (the same matrix again) is copied and packed once
    const aOff = ia[t] * m * k, bOff = ib[t] * k * n;
    if (t === 0 || ia[t] !== ia[t - 1]) {
      mem.set(a.subarray(aOff, aOff + m * k), aPacked ? region.aStage : region.ap);
      if (aPacked) gemm.packA(m, k);
    }
    if (t === 0 || ib[t] !== ib[t - 1]) {
      mem.set(b.subarray(bOff, bOff + k * n), bPacked ? region.bStage : region.bp);
      if (bPacked) gemm.packB(n, k);
    }
    gemm.run(mb, nb, k, m, n, aPacked, bPacked);
    const oOff = t * m * n;
    if (n === ldc) out.set(mem.subarray(region.c, region.c + m * n), oOff);
    else if (n >= 64) for (let i = 0; i < m; i++) out.set(mem.subarray(region.c + i * ldc, region.c + i * ldc + n), oOff + i * n);
    else for (let i = 0, s = region.c, o = oOff; i < m; i++, s += ldc) for (let j = 0; j < n; j++, o++) out[o] = mem[s + j]; // short rows: no views
  }
  return true;
}

/** Scratch for packed A, packed B and partial sums: grown on demand, reused, always written before read. */
const buffers = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
function panels(which: 0 | 1 | 2, size: number): Float64Array {
  if (buffers[which].length < size) buffers[which] = new Float64Array(size);
  return buffers[which];
}

/** out[i, j] = sum_p A[i, p] B[p, j], one float64 dot product per output (ascending p). */
function dots(
  out: Arr, oOff: number, a: Arr, aOff: number, aRow: number, aCol: number,
  b: Arr, bOff: number, bRow: number, bCol: number, m: number, n: number, k: number,
): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * aRow;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0, x = ai, y = bOff + j * bCol; p < k; p++, x += aCol, y += bRow) s += a[x] * b[y];
      out[oOff + i * n + j] = s;
    }
  }
}

/**
 * Copy `rows` rows of a k-long operand into panels of 4 rows, interleaved by p, from dst[at]:
 * dst[at + (block * k + p) * 4 + r] = src[off + (4 * block + r) * rowStride + p * colStride].
 * NOTE: the tail block is zero-padded, so the kernel can always do 4x4 work.
 */
function pack(dst: Float64Array, at: number, src: Arr, off: number, rows: number, k: number, rowStride: number, colStride: number): void {
  const blocks = Math.ceil(rows / 4);
  if (rowStride === 1 && colStride >= rows && rows >= 16) {
    // rows adjacent in memory (a transposed A, an untransposed B): walk the source in order
    // and scatter into the panels, rather than read 4 elements per cache line per pass
    for (let p = 0; p < k; p++) {
      const s = off + p * colStride;
      for (let i = 0; i < rows; i++) dst[at + ((i >> 2) * k + p) * 4 + (i & 3)] = src[s + i];
      for (let i = rows; i < blocks * 4; i++) dst[at + ((i >> 2) * k + p) * 4 + (i & 3)] = 0;
    }
    return;
  }
  for (let blk = 0; blk < blocks; blk++) {
    const base = at + blk * k * 4, row = blk * 4;
    if (row + 4 <= rows) {
      // four source streams walked together, so a transposed operand is read row by row
      let s0 = off + row * rowStride, s1 = s0 + rowStride, s2 = s1 + rowStride, s3 = s2 + rowStride;
      for (let p = 0, d = base; p < k; p++, d += 4, s0 += colStride, s1 += colStride, s2 += colStride, s3 += colStride) {
        dst[d] = src[s0]; dst[d + 1] = src[s1]; dst[d + 2] = src[s2]; dst[d + 3] = src[s3];
      }
      continue;
    }
    for (let r = 0; r < 4; r++) {
      const live = row + r < rows;
      for (let p = 0, s = off + (row + r) * rowStride; p < k; p++, s += colStride) dst[base + p * 4 + r] = live ? src[s] : 0;
    }
  }
}

/**
 * 4x4 register-blocked product of packed panels, `KC` steps of p at a time so the slice of A in
 * use stays in cache while every panel of B passes over it.
 * NOTE: partial sums between p-blocks are kept in float64 (`acc`), so every output is still one
 * float64 sum over ascending p, bit-identical to `dots`.
 */
function tiles(out: Arr, oOff: number, ap: Float64Array, bp: Float64Array, m: number, n: number, k: number): void {
  const mb = Math.ceil(m / 4), nb = Math.ceil(n / 4);
  const acc = k > KC ? panels(2, mb * nb * 16) : null;
  for (let k0 = 0; k0 < k || k0 === 0; k0 += KC) {
    const k1 = Math.min(k, k0 + KC), last = k1 === k;
    for (let jb = 0; jb < nb; jb++) {
      for (let ib = 0; ib < mb; ib++) {
        const t = (jb * mb + ib) * 16;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        if (acc && k0 > 0) {
          c00 = acc[t]; c01 = acc[t + 1]; c02 = acc[t + 2]; c03 = acc[t + 3];
          c10 = acc[t + 4]; c11 = acc[t + 5]; c12 = acc[t + 6]; c13 = acc[t + 7];
          c20 = acc[t + 8]; c21 = acc[t + 9]; c22 = acc[t + 10]; c23 = acc[t + 11];
          c30 = acc[t + 12]; c31 = acc[t + 13]; c32 = acc[t + 14]; c33 = acc[t + 15];
        }
        for (let p = k0, x = (ib * k + k0) * 4, y = (jb * k + k0) * 4; p < k1; p++, x += 4, y += 4) {
          const a0 = ap[x], a1 = ap[x + 1], a2 = ap[x + 2], a3 = ap[x + 3];
          const b0 = bp[y], b1 = bp[y + 1], b2 = bp[y + 2], b3 = bp[y + 3];
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        const c = last ? scratch : acc!;
        const o = last ? 0 : t;
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03;
        c[o + 4] = c10; c[o + 5] = c11; c[o + 6] = c12; c[o + 7] = c13;
        c[o + 8] = c20; c[o + 9] = c21; c[o + 10] = c22; c[o + 11] = c23;
        c[o + 12] = c30; c[o + 13] = c31; c[o + 14] = c32; c[o + 15] = c33;
        if (last) store(out, oOff, ib * 4, jb * 4, m, n);
      }
    }
  }
}

/** The 4x4 tile just finished, on its way to `out`. */
const scratch = new Float64Array(16);

/** Copy `scratch` into out's rows i0.., columns j0.. (clipped at the edges). */
function store(out: Arr, oOff: number, i0: number, j0: number, m: number, n: number): void {
  const rows = Math.min(4, m - i0), cols = Math.min(4, n - j0);
  for (let r = 0; r < rows; r++) {
    const o = oOff + (i0 + r) * n + j0;
    for (let q = 0; q < cols; q++) out[o + q] = scratch[r * 4 + q];
  }
}

/** Row by row, out[i, j] from the wasm kernel's tiles: tile (i >> 2, j >> 2) at c + ((i >> 2)·nb + (j >> 2))·16. */
function unpack(out: Arr, oOff: number, src: Float64Array, c: number, m: number, n: number): void {
  const nb = Math.ceil(n / 4);
  for (let i = 0; i < m; i++) {
    const o = oOff + i * n;
    let s = c + (i >> 2) * nb * 16 + (i & 3) * 4, j = 0;
    for (; j + 4 <= n; j += 4, s += 16) {
      out[o + j] = src[s]; out[o + j + 1] = src[s + 1]; out[o + j + 2] = src[s + 2]; out[o + j + 3] = src[s + 3];
    }
    for (let q = 0; j < n; j++, q++) out[o + j] = src[s + q];
  }
}
