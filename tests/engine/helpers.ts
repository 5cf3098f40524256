/**
 * Shared helpers for the engine suite: the list of backends under test (webgl only when it
 * registers and works here), and `checkOp`, tinygrad's helper_test_op: forward values against
 * hand-computed expectations AND gradients against float64 central differences.
 */
import { expect } from 'vitest';
import {
  Tensor, tensor, checkGradient, getBackendInstance, isBackendAvailable, backendFailure,
  setBackend, Generator, randn, registerBackend, optim, type NestedArray,
} from '../../kernels/index.ts';

/** Try to load the webgl backend; Node without WebGL must still run everything else. */
async function loadWebgl(): Promise<string | null> {
  try {
    await import('../../kernels/backends/webgl/index.ts');
  } catch (e) {
    return `import failed: ${(e as Error).message}`;
  }
  return isBackendAvailable('webgl') ? null : `unavailable: ${backendFailure('webgl') ?? 'not registered'}`;
}

const webglProblem = await loadWebgl();

/**
 * In Node (no WebGL2) the webgl backend's kernel sources still run through gpu.js's CPU mode,
 * registered as 'webgl-node', so the op suite covers them too.
 */
async function loadWebglNode(): Promise<string | null> {
  try {
    const mod = await import('../../kernels/backends/webgl/index.ts');
    const make = (mod as { createWebglBackend?: (mode: string, name: string) => unknown }).createWebglBackend;
    if (!make) return 'createWebglBackend is not exported';
    registerBackend('webgl-node', () => make('cpu', 'webgl-node') as ReturnType<typeof getBackendInstance>);
    return isBackendAvailable('webgl-node') ? null : (backendFailure('webgl-node') ?? 'unavailable');
  } catch (e) {
    return (e as Error).message;
  }
}
const webglNodeProblem = webglProblem === null ? 'real webgl available' : await loadWebglNode();

/** Backends every op case runs on. */
export const BACKENDS: string[] = [
  'cpu64', 'cpu', ...(webglProblem === null ? ['webgl'] : []), ...(webglNodeProblem === null ? ['webgl-node'] : []),
];

/** Why webgl is skipped (null when it runs); printed by the suites. */
export const WEBGL_SKIP_REASON = webglProblem;

/** Forward tolerance for the current backend: tight for float64, float32-sized otherwise. */
export function tolerance(backend: string): { atol: number; rtol: number } {
  return getBackendInstance(backend).dtype === 'float64' ? { atol: 1e-10, rtol: 1e-9 } : { atol: 1e-5, rtol: 1e-4 };
}

/** Elementwise closeness of nested arrays with a readable failure. */
export function expectClose(actual: NestedArray, expected: NestedArray, atol: number, rtol: number, what = ''): void {
  const a = flat(actual), e = flat(expected);
  expect(shapeOf(actual), `${what} shape`).toEqual(shapeOf(expected));
  for (let i = 0; i < e.length; i++) {
    const ok = (Number.isNaN(e[i]) && Number.isNaN(a[i])) || a[i] === e[i] || Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
    if (!ok) expect.fail(`${what} entry ${i}: got ${a[i]}, expected ${e[i]} (atol ${atol}, rtol ${rtol})`);
  }
}

export function flat(x: NestedArray): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

export function shapeOf(x: NestedArray): number[] {
  return Array.isArray(x) ? [x.length, ...(x.length ? shapeOf(x[0]) : [])] : [];
}

export interface CheckOpOptions {
  /** Skip the gradient check (non-differentiable ops). */
  grad?: boolean;
  /** Forward tolerance override. */
  atol?: number;
  rtol?: number;
}

/**
 * One op case: run `f` on `inputs` (nested arrays) on the current backend, compare with
 * `expected`, then check d/dinputs of sum(f(...) * W) (W fixed random, so no symmetric
 * cancellation hides a wrong gradient) against float64 central differences.
 * @example checkOp((a, b) => a.add(b), [[1, 2], [3]], [4, 5]);
 */
export function checkOp(
  backend: string, f: (...xs: Tensor[]) => Tensor, inputs: NestedArray[], expected: NestedArray,
  opts: CheckOpOptions = {},
): void {
  setBackend(backend);
  const xs = inputs.map((v) => tensor(v));
  const tol = tolerance(backend);
  const out = f(...xs);
  expectClose(out.toArray(), expected, opts.atol ?? tol.atol, opts.rtol ?? tol.rtol, 'forward');
  if (opts.grad === false) return;
  const weights = randn([...out.shape], { generator: new Generator(7) });
  const report = checkGradient((...ys) => f(...ys).mul(weights).sum(), xs);
  if (!report.ok) {
    const bad = report.inputs.filter((r) => !r.ok).map((r) => `${r.name}: ${JSON.stringify(r.worst.slice(0, 2))}`);
    expect.fail(`gradient mismatch on ${backend} (atol ${report.atol}, rtol ${report.rtol}):\n${bad.join('\n')}`);
  }
}

/** `steps` optimizer steps on loss = Σ c·p²/2 (gradient c·p); p after each step. */
export function runOptimizer(make: (p: Tensor[]) => optim.Optimizer, p0: number[], c: number[], steps: number): number[][] {
  const p = tensor(p0, { requiresGrad: true });
  const opt = make([p]);
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    p.mul(p).mul(tensor(c)).sum().div(2).backward();
    opt.step();
    out.push([...p.dataSync()]);
  }
  return out;
}
