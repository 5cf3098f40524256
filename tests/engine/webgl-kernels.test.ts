/**
 * The webgl backend's kernels, run in Node through gpu.js's CPU mode (the same kernel sources the
 * browser compiles to GLSL; only the two texel-read helpers differ), against the float64 cpu64
 * reference. Real WebGL2 runs the same checks in tests/engine-browser/run.ts.
 */
import { describe, expect, it } from 'vitest';
import { getBackendInstance, registerBackend, setBackend } from '../../kernels/backends/index.ts';
import { createWebglBackend, type WebglBackend } from '../../kernels/backends/webgl/index.ts';
import * as E from '../../kernels/index.ts';
import { runKernelChecks } from '../engine-browser/cases.ts';
import { pipelineMemoryCheck } from '../engine-browser/memory.ts';

let backend: WebglBackend | null = null;
let why = '';
try {
  backend = createWebglBackend('cpu', 'webgl-node');
} catch (e) {
  why = e instanceof Error ? e.message : String(e);
  console.warn(`SKIPPED webgl kernel tests: gpu.js has no usable mode in Node (${why})`);
}

describe.skipIf(!backend)('webgl backend kernels (gpu.js cpu mode in Node)', () => {
  const report = backend ? runKernelChecks(backend, getBackendInstance('cpu64')) : { details: [] };
  for (const d of report.details) {
    it(`${d.name} matches the float64 reference`, () => {
      expect(d.message ?? '', d.name).toBe('');
      expect(d.ok).toBe(true);
    });
  }

  it('10,000 small kernel pipelines leave live handles and compiles flat', () => {
    const r = pipelineMemoryCheck(backend!, 10_000);
    expect(r.ok, r.message).toBe(true);
  });

  it('a training loop compiles its kernels in the first step and never again', () => {
    registerBackend('webgl-node', () => backend!);
    setBackend('webgl-node');
    try {
      const x = E.tensor([[0.5, -1], [1.5, 2], [-0.3, 0.8], [1, 1]]);
      const y = E.tensor([[1], [0], [1], [0]]);
      const w = E.zeros([2, 1], { requiresGrad: true });
      const b = E.zeros([1], { requiresGrad: true });
      const opt = new E.optim.SGD([w, b], { lr: 0.1 });
      const step = () => E.tidy(() => {
        opt.zeroGrad();
        const loss = E.F.binaryCrossEntropy(x.matmul(w).add(b).sigmoid(), y);
        loss.backward();
        opt.step();
        return loss.item();
      });
      const first = step();
      const compiled = backend!.compileCount();
      let last = first;
      for (let i = 0; i < 5; i++) last = step();
      expect(backend!.compileCount()).toBe(compiled);
      expect(last).toBeLessThan(first);
    } finally {
      setBackend('cpu64');
    }
  });
});
