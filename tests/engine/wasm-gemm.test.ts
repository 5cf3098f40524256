/**
 * The cpu backends' WebAssembly SIMD matmul kernel (kernels/backends/cpu/wasm_gemm.ts) against
 * their JavaScript kernel: bit-identical results (same float64 sums in the same order) for
 * transposes, batches, broadcast batches, ragged edges and several KC passes. On 'cpu' the float32
 * kernel (wasm_sgemm.ts, tested in wasm-sgemm.test.ts) is turned off here: this float64 kernel is
 * what a float32 matmul falls back to when that one cannot run.
 */
import { describe, expect, it } from 'vitest';
import { getBackendInstance } from '../../kernels/index.ts';
import { useWasmGemm, wasmGemm } from '../../kernels/backends/cpu/wasm_gemm.ts';
import { useWasmSgemm } from '../../kernels/backends/cpu/wasm_sgemm.ts';
import { seeded } from '../engine-browser/cases.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

describe.each(['cpu64', 'cpu'])('matmul on %s: WebAssembly and JavaScript kernels agree bit for bit', (name) => {
  const be = getBackendInstance(name);
  const run = (as: number[], bs: number[], out: number[], ta: boolean, tb: boolean, wasm: boolean) => {
    useWasmGemm(wasm);
    useWasmSgemm(false);
    try {
      const a = be.upload(seeded(1, size(as))), b = be.upload(seeded(2, size(bs)));
      return Array.from(be.read(be.matmul(a, as, b, bs, out, ta, tb)));
    } finally {
      useWasmGemm(true);
      useWasmSgemm(true);
    }
  };
  const cases: [string, number[], number[], number[], boolean, boolean][] = [
    ['square 64', [64, 64], [64, 64], [64, 64], false, false],
    ['A·Bᵀ, a vocabulary-wide head', [37, 16], [301, 16], [37, 301], false, true],
    ['Aᵀ·B, m ≫ n (A streams), k over two passes', [200, 301], [200, 9], [301, 9], true, false],
    ['Aᵀ·Bᵀ with ragged edges', [130, 7], [5, 130], [7, 5], true, true],
    ['batched attention [2, 3, 25, 16]·[2, 3, 25, 16]ᵀ', [2, 3, 25, 16], [2, 3, 25, 16], [2, 3, 25, 25], false, true],
    ['broadcast batch [2, 1] with [3]', [2, 1, 8, 12], [3, 12, 8], [2, 3, 8, 8], false, false],
  ];
  it.each(cases)('%s', (_, as, bs, out, ta, tb) => {
    expect(wasmGemm()).not.toBeNull(); // Node 24 has WebAssembly SIMD
    expect(run(as, bs, out, ta, tb, true)).toEqual(run(as, bs, out, ta, tb, false));
  });
});
