/**
 * The float32 `cpu` backend's WebAssembly exp and tanh (kernels/backends/cpu/wasm_unary.ts): the
 * kernel checks (tests/engine-browser/cases.ts) through the backend with the kernel on and off,
 * and the kernel itself against float64 Math.exp / Math.tanh over the whole float32 range,
 * special values included.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getBackendInstance } from '../../kernels/index.ts';
import { useWasmUnary, wasmUnary } from '../../kernels/backends/cpu/wasm_unary.ts';
import { runKernelChecks } from '../engine-browser/cases.ts';

afterEach(() => useWasmUnary(true));

describe.each([true, false])('cpu (float32) kernels with WebAssembly exp and tanh %s against cpu64', (on) => {
  useWasmUnary(on);
  const report = runKernelChecks(getBackendInstance('cpu'), getBackendInstance('cpu64'));
  useWasmUnary(true);
  for (const d of report.details.filter((c) => /unary|exp/.test(c.name))) {
    it(`${d.name} matches the float64 reference`, () => {
      expect(d.message ?? '', d.name).toBe('');
      expect(d.ok).toBe(true);
    });
  }
});

describe('wasm exp and tanh', () => {
  const kernel = wasmUnary();
  it('compiles here (Node 24 has WebAssembly SIMD)', () => expect(kernel).not.toBeNull());

  const specials = [-Infinity, Infinity, NaN, 0, -0, 1e-30, -1e-30, 88.7, 88.72, 88.73, 100, -86.6, -86.7, -87.5, -100, 0.25, -0.25, 0.2499, 1e-4, -1e-4];
  // a sweep of 200,001 points over [-90, 90] (both ends past exp's float32 range), odd length for the tail
  const sweep = Array.from({ length: 200_001 }, (_, i) => -90 + (180 * i) / 200_000);
  const xs = Float32Array.from([...specials, ...sweep]);

  it.each([
    // exp: within 2 ulp (relative 2.4e-7) where the float32 result is normal; 0 below ln 2⁻¹²⁵ (< 2.4e-38)
    ['exp', Math.exp, 2.4e-7, 2.4e-38],
    // tanh: absolute 1e-7 (the 1 − 2/(e^2x + 1) form loses relative precision only near |x| = 1/4)
    ['tanh', Math.tanh, 4e-7, 1e-7],
  ] as const)('%s over the float32 range, ±∞, NaN and ±0', (op, f, rel, abs) => {
    const out = new Float32Array(xs.length);
    expect(kernel!(op, xs, out, xs.length)).toBe(true);
    for (let i = 0; i < xs.length; i++) {
      const want = Math.fround(f(xs[i])), got = out[i];
      if (Number.isNaN(want)) { expect(got, `${op}(${xs[i]})`).toBeNaN(); continue; }
      if (!Number.isFinite(want) || want === 0) { expect(got, `${op}(${xs[i]})`).toBe(want); continue; }
      expect(Math.abs(got - want), `${op}(${xs[i]}) = ${got}, want ${want}`).toBeLessThanOrEqual(Math.max(abs, rel * Math.abs(want)));
    }
    // exact values the engine relies on: masked attention's exp(−∞) = 0, tanh saturating to ±1
    const edge = new Float32Array(4);
    kernel!(op, Float32Array.from([-Infinity, 0, 50, -50]), edge, 4);
    expect(Array.from(edge)).toEqual(op === 'exp' ? [0, 1, Math.fround(Math.exp(50)), Math.fround(Math.exp(-50))] : [-1, 0, 1, -1]);
  });
});
