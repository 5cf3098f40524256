/** Runs cached kernels over GlStorage handles: the one place that calls a gpu.js kernel. */
import type { GpuContext } from './context.ts';
import { layoutOf, type GlStorage, type GlTexture } from './layout.ts';
import { KernelCache, zeroPadded, type NativeFunction } from './program.ts';

/** `native`: extra GLSL functions the source calls (WebGL only; a CPU-mode source must not). */
export interface Generated { source: string; consts: Record<string, number>; native?: readonly NativeFunction[] }
export type Input = GlStorage | number | Float32Array;

export class Runtime {
  readonly ctx: GpuContext;
  readonly cache: KernelCache;

  constructor(ctx: GpuContext) {
    this.ctx = ctx;
    this.cache = new KernelCache(ctx);
  }

  /**
   * Output of `outSize` elements from the kernel cached under `key` (made by `make()` on the first
   * call only). `key` must determine the source and constants completely.
   */
  run(key: string, outSize: number, make: () => Generated, inputs: readonly Input[]): GlStorage {
    const layout = layoutOf(outSize);
    const kernel = this.cache.get(`${key}|${layout.w}x${layout.h}`, () => {
      const g = make();
      return { source: g.source, output: [layout.w, layout.h], constants: { ...g.consts, W: layout.w, WL: layout.lg }, native: g.native };
    });
    const tex = (kernel as unknown as (...a: unknown[]) => GlTexture)(...inputs.map(unwrap));
    return { tex: this.ctx.gl ? tex : (zeroPadded(tex) as GlTexture), layout };
  }

  /** Flat values of `s` (a non-pipeline kernel reads one float per element). */
  read(s: GlStorage): Float32Array {
    const { size, lg } = s.layout;
    if (size === 0) return new Float32Array(0);
    const kernel = this.cache.get(`read|${size}|${lg}`, () => ({
      source: 'function (x) {\nreturn elemAt(x, this.constants.L, this.thread.x);\n}',
      output: [size], constants: { L: lg }, pipeline: false,
    }));
    const out = (kernel as unknown as (x: unknown) => Float32Array | number[])(s.tex);
    return out instanceof Float32Array && out.length === size ? out : Float32Array.from(out as ArrayLike<number>);
  }
}

function unwrap(x: Input): unknown {
  return typeof x === 'number' || x instanceof Float32Array ? x : x.tex;
}
