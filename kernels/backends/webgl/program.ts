/**
 * Compiled-kernel cache. Every gpu.js kernel is created once per (kind, constants) key and reused;
 * `compileCount()` lets tests assert that a training loop stops compiling after its first step.
 * Kernel sources are JavaScript `function`s (gpu.js transpiles them to GLSL). Texel reads go
 * through two helpers that are native GLSL (`texelFetch`, integer maths) on WebGL2 and have plain
 * JavaScript twins for gpu.js's CPU modes, so Node runs the very same kernel sources.
 */
import type { GPU, IKernelRunShortcut } from 'gpu.js';
import type { GpuContext } from './context.ts';

/** A GLSL function gpu.js pastes into a shader (texture arguments expand to sampler, size, dim). */
export interface NativeFunction {
  name: string; source: string; argumentTypes: Record<string, string>; returnType: string;
}

const GLSL_HELPERS: NativeFunction[] = [
  {
    name: 'texelAt',
    // lg = log2 of the texture width (a power of two, layout.ts): no integer division
    source: `vec4 texelAt(sampler2D tex, ivec2 texSize, ivec3 texDim, int lg, int t) {
  return texelFetch(tex, ivec2(t & ((1 << lg) - 1), t >> lg), 0);
}`,
    argumentTypes: { tex: 'ArrayTexture(4)', lg: 'Integer', t: 'Integer' },
    returnType: 'Array(4)',
  },
  {
    name: 'elemAt',
    source: `float elemAt(sampler2D tex, ivec2 texSize, ivec3 texDim, int lg, int e) {
  int t = e >> 2;
  vec4 v = texelFetch(tex, ivec2(t & ((1 << lg) - 1), t >> lg), 0);
  int c = e & 3;
  return c == 0 ? v.x : (c == 1 ? v.y : (c == 2 ? v.z : v.w));
}`,
    argumentTypes: { tex: 'ArrayTexture(4)', lg: 'Integer', e: 'Integer' },
    returnType: 'Number',
  },
  {
    name: 'idiv',
    source: 'int idiv(int a, int b) {\n  return a / b;\n}',
    argumentTypes: { a: 'Integer', b: 'Integer' },
    returnType: 'Integer',
  },
];

// JavaScript twins of the GLSL helpers for gpu.js's cpu/webasm modes (textures are nested arrays)
// (rows past the end read as zeros through `zeroPadded`, as texelFetch does on WebGL)
function texelAt(tex: number[][][], lg: number, t: number): number[] {
  const w = Math.pow(2, lg);
  const y = Math.floor(t / w);
  return tex[y][t - y * w];
}
function elemAt(tex: number[][][], lg: number, e: number): number {
  const w = Math.pow(2, lg);
  const t = Math.floor(e / 4);
  const y = Math.floor(t / w);
  return tex[y][t - y * w][e - t * 4];
}

const ZERO_ROW = new Proxy([], { get: (_t, k) => (k === 'length' ? 0 : new Float32Array(4)) });

/**
 * CPU modes only: a texture (rows of texels) whose rows past the end read as zeros, so padding
 * threads may read past the end as they do on the GPU.
 */
export function zeroPadded(rows: unknown): unknown {
  if (!Array.isArray(rows)) return rows;
  return new Proxy(rows, {
    get: (t, k) => (typeof k === 'string' && /^\d+$/.test(k) && Number(k) >= t.length ? ZERO_ROW : Reflect.get(t, k)),
  });
}
function idiv(a: number, b: number): number {
  return Math.floor(a / b);
}

// Shared by both modes; gpu.js transpiles them to GLSL from their source.
// NOTE: kept as source strings, not functions: gpu.js reads a function's toString(), and a
// production bundle minifies functions (renamed, rewritten), after which the kernel sources that
// call `powj(...)` by name no longer match the GLSL gpu.js generates ("no matching overloaded
// function"). Strings pass through a minifier untouched.
const SHARED_HELPERS = [
  `function stableTanh(x) {
  const e = Math.exp(-2 * Math.abs(x));
  const r = (1 - e) / (1 + e);
  if (x < 0) return -r;
  return r;
}`,
  // x ** y with torch's sign rules: negative bases only for integer exponents, NaN otherwise.
  // GLSL pow is exp2(y·log2 x), inexact even for squares, so 1 and 2 are done exactly.
  `function powj(x, y) {
  if (y === 2) return x * x;
  if (y === 1) return x;
  if (x >= 0) return Math.pow(x, y);
  if (Math.floor(y) !== y) return Math.sqrt(x);
  const p = Math.pow(-x, y);
  if (Math.floor(y / 2) * 2 === y) return p;
  return -p;
}`,
  // erf in float32: Taylor series below 0.5 (relative error < 1e-7 near 0), above it
  // 1 - erfc with Numerical Recipes' erfcc (erfc's relative error < 1.2e-7); |error| < 3e-8.
  `function erfApprox(x) {
  const a = Math.abs(x);
  let r = 0.0;
  if (a < 0.5) {
    const s = a * a;
    r = a * (1.1283791670955126 + s * (-0.37612638903183754 + s * (0.11283791670955126 + s * (-0.026866170645131252 +
      s * (0.005223977625442188 + s * (-0.0008548327023450852 + s * 0.00012055332981789664))))));
  } else {
    const t = 1 / (1 + 0.5 * a);
    r = 1 - t * Math.exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
      t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  }
  if (x < 0) return -r;
  return r;
}`,
  // 0 stays 0, NaN stays NaN
  `function signOf(x) {
  if (x > 0) return 1;
  if (x < 0) return -1;
  return x;
}`,
];

export interface KernelSpec {
  /** Function source (a `function (...) {}` string). */
  source: string;
  output: [number, number] | [number];
  constants?: Record<string, number>;
  /** Extra native GLSL functions (WebGL only). */
  native?: readonly NativeFunction[];
  /** Result stays on the GPU as an RGBA texture (default) or is read back as floats. */
  pipeline?: boolean;
}

export class KernelCache {
  #ctx: GpuContext;
  #kernels = new Map<string, IKernelRunShortcut>();
  #compiles = 0;

  constructor(ctx: GpuContext) {
    this.#ctx = ctx;
  }

  /** Kernels created so far (each compiles once, on its first call). */
  get compiles(): number {
    return this.#compiles;
  }

  get size(): number {
    return this.#kernels.size;
  }

  /** The kernel for `key`, created from `make()` on first request only. */
  get(key: string, make: () => KernelSpec): IKernelRunShortcut {
    let k = this.#kernels.get(key);
    if (!k) {
      k = this.#create(make());
      this.#kernels.set(key, k);
      this.#compiles++;
    }
    return k;
  }

  #create(spec: KernelSpec): IKernelRunShortcut {
    const gl = this.#ctx.mode === 'webgl2';
    const pipeline = spec.pipeline ?? true;
    const settings: Record<string, unknown> = {
      output: spec.output,
      constants: spec.constants ?? {},
      pipeline,
      // every call gets its own output texture (freed by texture.delete())
      immutable: true,
      precision: 'single',
      // highp everywhere: 'speed' (lowp) made no measurable difference on SwiftShader
      tactic: 'precision',
      fixIntegerDivisionAccuracy: false,
      returnType: pipeline ? 'Array(4)' : 'Number',
      functions: gl ? SHARED_HELPERS : [...SHARED_HELPERS, texelAt, elemAt, idiv],
      nativeFunctions: gl ? [...GLSL_HELPERS, ...(spec.native ?? [])] : [],
    };
    return (this.#ctx.gpu as GPU).createKernel(spec.source as never, settings as never);
  }

  /** Generated GLSL of compiled kernels whose key starts with `prefix` (for profiling). */
  shaders(prefix = ''): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, k] of this.#kernels) {
      const glsl = (k as unknown as { kernel?: { compiledFragmentShader?: string } }).kernel?.compiledFragmentShader;
      if (key.startsWith(prefix) && glsl) out[key] = glsl;
    }
    return out;
  }

  destroy(): void {
    for (const k of this.#kernels.values()) k.destroy?.();
    this.#kernels.clear();
  }
}
