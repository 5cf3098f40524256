/**
 * `checkGradient`: compare autograd (current backend) and an optional analytic gradient
 * against central differences computed in float64 on the cpu64 reference backend.
 */
import type { Tensor } from './tensor.ts';
import { getBackend, getBackendInstance, setBackend } from './backends/index.ts';
import { enableGrad, noGrad } from './grad_mode.ts';
import { tidy } from './scope.ts';
import { fromFlat } from './ops/creation.ts';
import { fmt } from './shape.ts';

export interface CheckGradientOptions {
  /** Analytic gradients, one per input (same shapes), from the (detached) inputs. */
  analytic?: (...inputs: Tensor[]) => Tensor[];
  /** Central-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5; 1e-3 on float32 backends). */
  atol?: number;
  /** Relative tolerance (default 1e-3; 1e-2 on float32 backends). */
  rtol?: number;
  /** Entries listed per input in `worst` (default 5). */
  maxWorst?: number;
}

export interface GradEntry {
  /** Flat index and its multi-index. */
  index: number;
  position: number[];
  numeric: number;
  autograd: number;
  analytic?: number;
  /** Largest |other - numeric| at this entry, and whether it is within tolerance. */
  absError: number;
  ok: boolean;
}

export interface InputReport {
  name: string;
  index: number;
  shape: readonly number[];
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  /** The entries with the largest errors, worst first (the ✗ table). */
  worst: GradEntry[];
}

export interface GradientReport {
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  atol: number;
  rtol: number;
  eps: number;
  /** Backend that computed the autograd gradients. */
  backend: string;
  inputs: InputReport[];
}

/** Run fn with `name` as the current backend. */
export function withBackend<T>(name: string, fn: () => T): T {
  const prev = getBackend();
  setBackend(name);
  try {
    return fn();
  } finally {
    setBackend(prev);
  }
}

function scalarOf(y: Tensor): number {
  if (y.size !== 1) throw new Error(`checkGradient: f must return a scalar tensor, got shape ${fmt(y.shape)}`);
  return y.item();
}

function positionOf(i: number, shape: readonly number[]): number[] {
  const pos = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    pos[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return pos;
}

/** Central differences of f at `values` in float64 on cpu64. */
function numericGradients(f: (...xs: Tensor[]) => Tensor, values: Float64Array[], shapes: (readonly number[])[],
  eps: number): Float64Array[] {
  return withBackend('cpu64', () => noGrad(() => values.map((v, k) => {
    const g = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const at = (h: number) => tidy(() => {
        const xs = values.map((u, j) => {
          const w = Float64Array.from(u);
          if (j === k) w[i] += h;
          return fromFlat(w, shapes[j]);
        });
        return scalarOf(f(...xs));
      });
      g[i] = (at(eps) - at(-eps)) / (2 * eps);
    }
    return g;
  })));
}

/**
 * @example
 * const x = randn([3]);
 * checkGradient((x) => x.mul(x).sum(), [x], { analytic: (x) => [x.mul(2)] }).ok; // true
 * // float32 backends (cpu, webgl): default tolerances become atol 1e-3, rtol 1e-2, because
 * // float32 keeps ~7 digits; explicit atol/rtol are used as given.
 */
export function checkGradient(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[],
  options: CheckGradientOptions = {}): GradientReport {
  const backend = getBackend();
  const f32 = backend === 'auto' || getBackendInstance(backend).dtype === 'float32';
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? (f32 ? 1e-3 : 1e-5);
  const rtol = options.rtol ?? (f32 ? 1e-2 : 1e-3);
  const values = inputs.map((t) => Float64Array.from(t.dataSync()));
  const shapes = inputs.map((t) => t.shape);
  const numeric = numericGradients(f, values, shapes, eps);

  const autograd = tidy(() => enableGrad(() => {
    const xs = values.map((v, j) => fromFlat(v, shapes[j], { requiresGrad: true }));
    const y = f(...xs);
    scalarOf(y);
    y.backward();
    const out = xs.map((x) => (x.grad ? Float64Array.from(x.grad.dataSync()) : new Float64Array(x.size)));
    xs.forEach((x) => x.dispose());
    return out;
  }));

  const analytic = options.analytic
    ? tidy(() => noGrad(() => {
      const xs = values.map((v, j) => fromFlat(v, shapes[j]));
      const gs = options.analytic!(...xs);
      if (gs.length !== inputs.length) {
        throw new Error(`checkGradient: analytic returned ${gs.length} gradients for ${inputs.length} inputs`);
      }
      return gs.map((g, j) => {
        if (g.size !== xs[j].size) {
          throw new Error(`checkGradient: analytic gradient ${j} has shape ${fmt(g.shape)}, input has ${fmt(shapes[j])}`);
        }
        return Float64Array.from(g.dataSync());
      });
    }))
    : null;

  const reports = inputs.map((t, k): InputReport => {
    const entries: GradEntry[] = [];
    let maxAbs = 0, maxRel = 0;
    for (let i = 0; i < t.size; i++) {
      const n = numeric[k][i], a = autograd[k][i], an = analytic?.[k][i];
      const errs = [Math.abs(a - n), ...(an === undefined ? [] : [Math.abs(an - n)])];
      const absError = Math.max(...errs.map((e) => (Number.isNaN(e) ? Infinity : e)));
      const ok = absError <= atol + rtol * Math.abs(n);
      maxAbs = Math.max(maxAbs, absError);
      maxRel = Math.max(maxRel, absError / Math.max(Math.abs(n), 1e-12));
      entries.push({ index: i, position: positionOf(i, t.shape), numeric: n, autograd: a, analytic: an, absError, ok });
    }
    entries.sort((x, y) => Number(x.ok) - Number(y.ok) || y.absError - x.absError);
    return {
      name: t.name ?? `input ${k}`, index: k, shape: t.shape, ok: entries.every((e) => e.ok),
      maxAbsError: maxAbs, maxRelError: maxRel, worst: entries.slice(0, options.maxWorst ?? 5),
    };
  });
  return {
    ok: reports.every((r) => r.ok),
    maxAbsError: Math.max(0, ...reports.map((r) => r.maxAbsError)),
    maxRelError: Math.max(0, ...reports.map((r) => r.maxRelError)),
    atol, rtol, eps, backend, inputs: reports,
  };
}
