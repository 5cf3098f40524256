/**
 * The gpu.js (WebGL2) backend: the only module outside the webgl/ kernels that pulls in gpu.js
 * (through context.ts). Importing it registers the backend as 'webgl':
 *   import './backends/webgl/index.ts'; setBackend('webgl');
 * The engine's entry (kernels/index.ts) does not import it: it registers 'webgl' lazily
 * (register.ts), and `await loadBackend('webgl')` imports this module as a chunk of its own.
 * The factory throws (so the registry reports the backend unavailable and 'auto' uses 'cpu')
 * when WebGL2 is missing. A lost context switches the engine to 'cpu' and tells listeners
 * registered with `onWebglFallback`, so the UI can say so.
 */
import type { Backend } from '../backend.ts';
import { registerBackend, setBackend, getBackend } from '../registry.ts';
import { createGpuContext, type GpuContext } from './context.ts';
import { onWebglFallback, reportFallback, UNAVAILABLE_MESSAGE } from './fallback.ts';
import { hasWebgl2, isSoftwareRenderer } from './probe.ts';
import * as ew from './elementwise.ts';
import { reduce, argReduce } from './reduce.ts';
import { matmul } from './matmul.ts';
import { permute, slice, gather, scatterAdd, concat } from './movement.ts';
import { softmaxCrossEntropy, softmaxCrossEntropyGrad } from './losses.ts';
import { unfold, fold } from './window.ts';
import type { GlStorage } from './layout.ts';
import { Runtime } from './runtime.ts';

export { onWebglFallback, hasWebgl2 };
export type { WebglFallback } from './fallback.ts';

/** A webgl backend plus the counters tests and benchmarks look at. */
export interface WebglBackend extends Backend {
  /** gpu.js kernels compiled so far (each is compiled once and cached). */
  compileCount(): number;
  /** GL textures alive now (null in gpu.js CPU modes). */
  liveTextures(): number | null;
  /** Storage handles alive now (uploaded or computed, not yet disposed). */
  liveHandles(): number;
  /** Generated GLSL of compiled kernels whose cache key starts with `prefix`. */
  shaders(prefix?: string): Record<string, string>;
  /** GL renderer string. */
  readonly renderer: string;
  /**
   * True on a CPU-emulated GPU (SwiftShader, llvmpipe): there the cpu backend is usually faster,
   * so an 'auto' policy should prefer cpu (see BENCHMARKS.md).
   */
  readonly software: boolean;
  /** gpu.js mode in use: 'webgl2' in browsers. */
  readonly mode: string;
  /** Wait for queued GPU work (for timing). */
  finish(): void;
  /** The WebGL2 context (null in gpu.js CPU modes), e.g. to simulate context loss in tests. */
  readonly context: WebGL2RenderingContext | null;
}

/**
 * @example const b = createWebglBackend(); b.read(b.upload([1, 2, 3])); // Float32Array [1, 2, 3]
 * @param mode gpu.js mode; 'webgl2' in browsers, 'cpu' lets Node run the same kernel sources.
 */
export function createWebglBackend(mode = 'webgl2', name = 'webgl'): WebglBackend {
  let live = 0;
  const ctx: GpuContext = createGpuContext(mode, () => {
    const message = 'WebGL context lost: the engine switched to the cpu backend; tensors on the GPU are gone, re-run the cells.';
    if (getBackend() === name) setBackend('cpu');
    reportFallback({ reason: 'context-lost', message });
  });
  const rt = new Runtime(ctx);
  const s = (x: object) => x as GlStorage;
  const made = (x: GlStorage): GlStorage => { live++; return x; };
  const check = () => {
    if (ctx.lost) throw new Error('webgl: the WebGL context was lost; switch to the cpu backend');
  };
  return {
    name, mode, dtype: 'float32', bytesPerElement: 4, context: ctx.gl,
    renderer: ctx.renderer, software: ctx.mode !== 'webgl2' || isSoftwareRenderer(ctx.renderer),
    compileCount: () => rt.cache.compiles,
    shaders: (prefix) => rt.cache.shaders(prefix),
    liveTextures: () => ctx.liveTextures(),
    liveHandles: () => live,
    finish: () => ctx.gl?.finish(),
    upload: (values) => { check(); return made(ew.upload(rt, Float32Array.from(values))); },
    fill: (size, value) => made(ew.fill(rt, size, value)),
    read: (x) => { check(); return rt.read(s(x)); },
    dispose: (x) => { live--; if (!ctx.lost) s(x).tex.delete?.(); },
    unary: (op, x, size) => made(ew.unary(rt, op, s(x), size)),
    binary: (op, a, as, b, bs, out) => made(ew.binary(rt, op, s(a), as, s(b), bs, out)),
    where: (c, cs, a, as, b, bs, out) => made(ew.where(rt, s(c), cs, s(a), as, s(b), bs, out)),
    broadcastTo: (x, shape, out) => made(ew.strided(rt, s(x), out, ew.broadcastStrides(shape, out), 0)),
    reduce: (op, x, shape, axes) => made(reduce(rt, op, s(x), shape, axes)),
    argReduce: (op, x, shape, axis) => made(argReduce(rt, op, s(x), shape, axis)),
    matmul: (a, as, b, bs, out, ta, tb) => made(matmul(rt, s(a), as, s(b), bs, out, ta, tb)),
    permute: (x, shape, perm) => made(permute(rt, s(x), shape, perm)),
    slice: (x, shape, begin, size) => made(slice(rt, s(x), shape, begin, size)),
    pad: (x, shape, before, after) => made(ew.pad(rt, s(x), shape, before, after)),
    gather: (x, shape, axis, idx, n) => made(gather(rt, s(x), shape, axis, s(idx), n)),
    scatterAdd: (u, us, axis, idx, n, outDim) => made(scatterAdd(rt, s(u), us, axis, s(idx), n, outDim)),
    concat: (xs, shapes, axis, out) => made(concat(rt, xs.map(s), shapes, axis, out)),
    unfold: (x, shape, win, pv) => made(unfold(rt, s(x), shape, win, pv)),
    fold: (cols, outShape, win) => made(fold(rt, s(cols), outShape, win)),
    softmaxCrossEntropy: (x, t, rows, C, ign) => made(softmaxCrossEntropy(rt, s(x), s(t), rows, C, ign)),
    softmaxCrossEntropyGrad: (x, t, dy, rows, C, ign) => made(softmaxCrossEntropyGrad(rt, s(x), s(t), s(dy), rows, C, ign)),
    teardown: () => { rt.cache.destroy(); ctx.gpu.destroy(); },
  };
}

registerBackend('webgl', () => {
  if (!hasWebgl2()) {
    reportFallback({ reason: 'unavailable', message: UNAVAILABLE_MESSAGE });
    throw new Error(UNAVAILABLE_MESSAGE);
  }
  return createWebglBackend();
});
