/**
 * The float32 `cpu` backend's WebAssembly SIMD matmul (kernels/backends/cpu/wasm_sgemm.ts): every
 * kernel check (tests/engine-browser/cases.ts, odd shapes, transposes, batches) against the
 * float64 cpu64 reference, with the fused (relaxed SIMD) module, the plain SIMD module and the
 * JavaScript fallback; the fallback agrees with the kernel; and the float32 sums over a long k stay
 * within the rounding bound.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getBackendInstance } from '../../kernels/index.ts';
import { useWasmGemm } from '../../kernels/backends/cpu/wasm_gemm.ts';
import { useWasmSgemm, wasmSgemm } from '../../kernels/backends/cpu/wasm_sgemm.ts';
import { runKernelChecks, seeded } from '../engine-browser/cases.ts';

const cpu = getBackendInstance('cpu'), cpu64 = getBackendInstance('cpu64');
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

type Mode = 'fused wasm' | 'plain wasm' | 'JavaScript fallback';
function use(mode: Mode): void {
  useWasmSgemm(mode !== 'JavaScript fallback', { fused: mode === 'fused wasm' });
  useWasmGemm(mode !== 'JavaScript fallback'); // the fallback where no SIMD runs at all
}
afterEach(() => use('fused wasm'));

describe.each<Mode>(['fused wasm', 'plain wasm', 'JavaScript fallback'])('cpu (float32) kernels with the %s against cpu64', (mode) => {
  use(mode);
  if (mode !== 'JavaScript fallback') {
    it('the kernel compiles here (Node 24 has WebAssembly SIMD and relaxed SIMD)', () => {
      use(mode);
      expect(wasmSgemm()?.fused).toBe(mode === 'fused wasm');
    });
  }
  const report = runKernelChecks(cpu, cpu64);
  for (const d of report.details) {
    it(`${d.name} matches the float64 reference`, () => {
      expect(d.message ?? '', d.name).toBe('');
      expect(d.ok).toBe(true);
    });
  }
});

/** out = A·B on `be` for seeded operands (float32-representable values). */
function product(be: typeof cpu, as: number[], bs: number[], out: number[], ta: boolean, tb: boolean): Float32Array | Float64Array {
  const a = be.upload(seeded(3, size(as)).map(Math.fround)), b = be.upload(seeded(4, size(bs)).map(Math.fround));
  return be.read(be.matmul(a, as, b, bs, out, ta, tb)) as Float32Array | Float64Array;
}

/** Σ_p |A[i,p]|·|B[p,j]| for every output: the scale each output's rounding error is bounded by. */
function absProduct(as: number[], bs: number[], out: number[], ta: boolean, tb: boolean): Float64Array {
  const a = cpu64.upload(seeded(3, size(as)).map((x) => Math.abs(Math.fround(x))));
  const b = cpu64.upload(seeded(4, size(bs)).map((x) => Math.abs(Math.fround(x))));
  return cpu64.read(cpu64.matmul(a, as, b, bs, out, ta, tb)) as Float64Array;
}

describe('float32 matmul rounding', () => {
  const cases: [string, number[], number[], number[], boolean, boolean, number][] = [
    ['k = 4096 (16 passes of KC), A·B', [24, 4096], [4096, 40], [24, 40], false, false, 4096],
    ['k = 1031, Aᵀ·Bᵀ, batched', [2, 1031, 13], [2, 21, 1031], [2, 13, 21], true, true, 1031],
  ];
  it.each(cases)('%s: every output within k·2⁻²⁴·Σ|a·b| of float64, for all three paths', (_, as, bs, out, ta, tb, k) => {
    const want = product(cpu64, as, bs, out, ta, tb), scale = absProduct(as, bs, out, ta, tb);
    const u = 2 ** -24;
    for (const mode of ['fused wasm', 'plain wasm', 'JavaScript fallback'] as Mode[]) {
      use(mode);
      const got = product(cpu, as, bs, out, ta, tb);
      let worst = 0;
      // rigorous bound for a recursive float32 sum of k products, plus the final rounding
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / ((k + 1) * u * scale[i]));
      expect(worst, mode).toBeLessThanOrEqual(1);
      // and typical errors are far below the worst case (√k growth): a sum in the wrong order or
      // with a lost term would not be
      expect(worst, mode).toBeLessThan(0.05);
    }
  });

  it('the JavaScript fallback and the kernel agree to float32 rounding on every shape the kernel takes', () => {
    const shapes: [number[], number[], number[], boolean, boolean][] = [
      [[64, 64], [64, 64], [64, 64], false, false], [[37, 16], [301, 16], [37, 301], false, true],
      [[200, 301], [200, 9], [301, 9], true, false], [[2, 3, 25, 16], [2, 3, 25, 16], [2, 3, 25, 25], false, true],
      [[2, 1, 8, 12], [3, 12, 8], [2, 3, 8, 8], false, false],
    ];
    for (const [as, bs, out, ta, tb] of shapes) {
      use('JavaScript fallback');
      const js = product(cpu, as, bs, out, ta, tb);
      use('fused wasm');
      const wasm = product(cpu, as, bs, out, ta, tb);
      const scale = absProduct(as, bs, out, ta, tb), k = ta ? as[as.length - 2] : as[as.length - 1];
      expect(wasm.length).toBe(js.length);
      for (let i = 0; i < js.length; i++) expect(Math.abs(wasm[i] - js[i]), `${JSON.stringify(out)} entry ${i}`).toBeLessThanOrEqual((k + 2) * 2 ** -24 * scale[i]);
    }
  });
});
