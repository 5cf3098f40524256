/** Memory and compile-cache checks shared by the Node suite and the browser runner. */
import type { WebglBackend } from '../../kernels/backends/webgl/index.ts';
import type { CaseResult } from './cases.ts';

/**
 * Runs `iterations` small training-ish pipelines (upload, matmul, broadcast add, relu, reduce,
 * Aᵀ·B "backward", dispose everything) and checks that live textures/handles and compiled
 * kernels do not grow after the first iteration.
 */
export function pipelineMemoryCheck(b: WebglBackend, iterations = 10_000): CaseResult {
  const X = Array.from({ length: 32 }, (_, i) => Math.sin(i));
  const W = Array.from({ length: 32 }, (_, i) => Math.cos(i));
  const once = (readBack: boolean) => {
    const x = b.upload(X), w = b.upload(W), bias = b.upload([0.1, -0.2, 0.3, 0.05]);
    const h = b.matmul(x, [8, 4], w, [4, 8], [8, 8], false, false);
    const hb = b.binary('add', h, [8, 8], bias, [8], [8, 8]);
    const zero = b.fill(1, 0);
    const r = b.binary('maximum', hb, [8, 8], zero, [], [8, 8]);
    const g = b.matmul(x, [8, 4], r, [8, 8], [4, 8], true, false);
    const s = b.reduce('sum', g, [4, 8], [1]);
    if (readBack) b.read(s);
    for (const t of [x, w, bias, zero, h, hb, r, g, s]) b.dispose(t);
  };
  once(true);
  const textures0 = b.liveTextures(), handles0 = b.liveHandles(), compiles0 = b.compileCount();
  for (let i = 1; i < iterations; i++) once(i % 1000 === 0);
  const textures1 = b.liveTextures(), handles1 = b.liveHandles(), compiles1 = b.compileCount();
  const ok = textures0 === textures1 && handles0 === handles1 && compiles0 === compiles1;
  return {
    name: `${iterations} small kernel pipelines leave live textures, handles and compiles flat`,
    ok, maxAbsError: 0,
    message: `textures ${textures0} -> ${textures1}, handles ${handles0} -> ${handles1}, compiles ${compiles0} -> ${compiles1}`,
  };
}
