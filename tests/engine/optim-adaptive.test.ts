/**
 * AdaGrad and RMSprop against hand-written float64 references of the update rules PyTorch
 * documents (torch.optim.Adagrad, torch.optim.RMSprop), including weightDecay, momentum and
 * centered, on loss = Σ c·p²/2 (gradient c·p) with gradient scales far apart.
 */
import { describe, expect, it } from 'vitest';
import { runOptimizer } from './helpers.ts';
import { tensor, optim, setBackend, type Tensor } from '../../kernels/index.ts';

/** torch.optim.Adagrad (lr_decay 0) on one coordinate, in float64. */
function adagradRef(p0: number, c: number, steps: number, o: { lr: number; eps?: number; wd?: number; init?: number }): number[] {
  const { lr, eps = 1e-10, wd = 0, init = 0 } = o;
  let p = p0, sum = init;
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    let g = c * p;
    if (wd !== 0) g += wd * p;
    sum += g * g;
    p -= (lr * g) / (Math.sqrt(sum) + eps);
    out.push(p);
  }
  return out;
}

interface RmsRefOptions { lr: number; alpha?: number; eps?: number; wd?: number; momentum?: number; centered?: boolean }

/** torch.optim.RMSprop on one coordinate, in float64. */
function rmspropRef(p0: number, c: number, steps: number, o: RmsRefOptions): number[] {
  const { lr, alpha = 0.99, eps = 1e-8, wd = 0, momentum = 0, centered = false } = o;
  let p = p0, v = 0, gAve = 0, b = 0;
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    let g = c * p;
    if (wd !== 0) g += wd * p;
    v = alpha * v + (1 - alpha) * g * g;
    let vTilde = v;
    if (centered) {
      gAve = alpha * gAve + (1 - alpha) * g;
      vTilde = v - gAve * gAve;
    }
    if (momentum > 0) {
      b = momentum * b + g / (Math.sqrt(vTilde) + eps);
      p -= lr * b;
    } else {
      p -= (lr * g) / (Math.sqrt(vTilde) + eps);
    }
    out.push(p);
  }
  return out;
}

const column = (rows: number[][], k: number) => rows.map((r) => r[k]);
const close = (xs: number[], digits = 12) => xs.map((x) => expect.closeTo(x, digits));
const P0 = [1, -2];
const C = [100, 0.01];

describe('AdaGrad', () => {
  it('first step: lr·g/(|g| + ε), a step of lr whatever the gradient scale', () => {
    const got = runOptimizer((p) => new optim.AdaGrad(p, { lr: 0.1 }), P0, C, 1)[0];
    expect(got[0]).toBeCloseTo(1 - (0.1 * 100) / (100 + 1e-10), 14);
    expect(got[1]).toBeCloseTo(-2 + (0.1 * 0.02) / (0.02 + 1e-10), 14);
  });
  it.each<[string, optim.AdaGradOptions & { lr: number }]>([
    ['defaults but lr', { lr: 0.5 }],
    ['weightDecay', { lr: 0.5, weightDecay: 0.3 }],
    ['initialAccumulatorValue', { lr: 0.5, initialAccumulatorValue: 2 }],
    ['eps', { lr: 0.5, eps: 1e-3 }],
  ])('matches PyTorch for six steps with %s (float64 reference)', (_, o) => {
    const got = runOptimizer((p) => new optim.AdaGrad(p, o), P0, C, 6);
    const ref = (k: number) => adagradRef(P0[k], C[k], 6, { lr: o.lr, eps: o.eps, wd: o.weightDecay, init: o.initialAccumulatorValue });
    expect(column(got, 0)).toEqual(close(ref(0)));
    expect(column(got, 1)).toEqual(close(ref(1)));
  });
  it('has the torch defaults and the alias Adagrad', () => {
    const opt = new optim.Adagrad([tensor([1], { requiresGrad: true })]);
    expect(opt).toBeInstanceOf(optim.AdaGrad);
    expect(opt.options).toEqual({ lr: 0.01, eps: 1e-10, weightDecay: 0, initialAccumulatorValue: 0 });
  });
  it('keeps a default when an option is undefined; rejects bad options', () => {
    const p = () => [tensor([1], { requiresGrad: true })];
    expect(new optim.AdaGrad(p(), { lr: undefined }).options.lr).toBe(0.01);
    expect(() => new optim.AdaGrad(p(), { lr: -1 })).toThrow(/AdaGrad: lr must be a finite number ≥ 0, got -1/);
    expect(() => new optim.AdaGrad(p(), { initialAccumulatorValue: NaN })).toThrow(/initialAccumulatorValue/);
  });
  it('honours a group weightDecay', () => {
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    const opt = new optim.AdaGrad([{ params: [a], weightDecay: 1 }, { params: [b] }], { lr: 0.1 });
    a.mul(0).sum().add(b.mul(0).sum()).backward();
    opt.step();
    expect(a.item()).toBeCloseTo(1 - 0.1, 9); // g = wd·p = 1
    expect(b.item()).toBe(1); // g = 0: no move
  });
});

describe('RMSprop', () => {
  it.each<[string, RmsRefOptions & { weightDecay?: number }]>([
    ['defaults but lr', { lr: 0.01 }],
    ['weightDecay', { lr: 0.01, weightDecay: 0.3 }],
    ['momentum', { lr: 0.01, momentum: 0.9 }],
    ['centered', { lr: 0.01, centered: true }],
    ['centered, momentum, weightDecay and alpha', { lr: 0.02, centered: true, momentum: 0.5, weightDecay: 0.1, alpha: 0.9 }],
  ])('matches PyTorch for six steps with %s (float64 reference)', (_, o) => {
    const got = runOptimizer((p) => new optim.RMSprop(p, o), P0, C, 6);
    const ref = (k: number) => rmspropRef(P0[k], C[k], 6, { ...o, wd: o.weightDecay });
    expect(column(got, 0)).toEqual(close(ref(0), 10));
    expect(column(got, 1)).toEqual(close(ref(1), 10));
  });
  it('first step without momentum: lr·g/(√(1 − α)·|g| + ε)', () => {
    const got = runOptimizer((p) => new optim.RMSprop(p, { lr: 0.01 }), [1], [100], 1)[0][0];
    expect(got).toBeCloseTo(1 - 0.01 / Math.sqrt(0.01), 9);
  });
  it('has the torch defaults; rejects bad options', () => {
    const p = () => [tensor([1], { requiresGrad: true })];
    expect(new optim.RMSprop(p()).options).toEqual({ lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 });
    expect(() => new optim.RMSprop(p(), { alpha: 1.5 })).toThrow(/RMSprop: alpha must be in \[0, 1\]/);
    expect(() => new optim.RMSprop(p(), { momentum: -0.1 })).toThrow(/momentum/);
  });
  it('runs on float32 (cpu) close to the float64 reference', () => {
    setBackend('cpu');
    try {
      const got = runOptimizer((p) => new optim.RMSprop(p, { lr: 0.01, momentum: 0.9, centered: true }), P0, C, 4);
      const ref = rmspropRef(P0[1], C[1], 4, { lr: 0.01, momentum: 0.9, centered: true });
      column(got, 1).forEach((v, i) => expect(v).toBeCloseTo(ref[i], 4));
      const ada = runOptimizer((p) => new optim.AdaGrad(p, { lr: 0.1 }), P0, C, 4);
      column(ada, 0).forEach((v, i) => expect(v).toBeCloseTo(adagradRef(P0[0], C[0], 4, { lr: 0.1 })[i], 5));
    } finally {
      setBackend('cpu64');
    }
  });
});
