/** nn modules, init variances, optimizers against PyTorch's formulas, and small trainings. */
import { describe, expect, it } from 'vitest';
import {
  tensor, zeros, ones, randn, linspace, manualSeed, Generator, nn, optim, F, tidy, memory, noGrad, concat,
  type Tensor,
} from '../../kernels/index.ts';

function variance(t: Tensor): number {
  const v = Array.from(t.dataSync());
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length;
}

describe('nn.init', () => {
  const g = () => ({ generator: new Generator(3) });
  it('xavierUniform has bound sqrt(6/(fan_in+fan_out)) and variance 2/(fan_in+fan_out)', () => {
    const w = nn.init.xavierUniform(zeros([256, 512]), g());
    const bound = Math.sqrt(6 / 768);
    expect(w.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(variance(w) / (2 / 768)).toBeCloseTo(1, 1);
  });
  it('xavierNormal has std sqrt(2/(fan_in+fan_out))', () => {
    expect(variance(nn.init.xavierNormal(zeros([256, 512]), g())) / (2 / 768)).toBeCloseTo(1, 1);
  });
  it('kaimingUniform and kaimingNormal have variance 2/fan_in', () => {
    expect(variance(nn.init.kaimingUniform(zeros([256, 512]), g())) / (2 / 512)).toBeCloseTo(1, 1);
    expect(variance(nn.init.kaimingNormal(zeros([256, 512]), g())) / (2 / 512)).toBeCloseTo(1, 1);
  });
  it('Linear defaults to U(±1/sqrt(fan_in)) for weight and bias, like PyTorch', () => {
    const layer = new nn.Linear(400, 300, { generator: new Generator(1) });
    const bound = 1 / Math.sqrt(400);
    expect(layer.weight.abs().max().item()).toBeLessThanOrEqual(bound);
    expect(variance(layer.weight) / (bound ** 2 / 3)).toBeCloseTo(1, 1);
    expect(layer.bias!.abs().max().item()).toBeLessThanOrEqual(bound);
  });
  it('init keeps the tensor identity', () => {
    const w = zeros([4, 4]);
    expect(nn.init.kaimingNormal(w)).toBe(w);
  });
});

describe('nn modules', () => {
  it('Sequential collects parameters with dotted names', () => {
    const m = new nn.Sequential(new nn.Linear(3, 8), new nn.ReLU(), new nn.Linear(8, 1, { bias: false }));
    expect(m.namedParameters().map(([n, p]) => `${n}${JSON.stringify(p.shape)}`))
      .toEqual(['layers.0.weight[8,3]', 'layers.0.bias[8]', 'layers.2.weight[1,8]']);
    expect(m.call(zeros([5, 3])).shape).toEqual([5, 1]);
    expect(m.call(zeros([3])).shape).toEqual([1]);
  });
  it('train() and eval() reach every child', () => {
    const d = new nn.Dropout(0.5);
    const m = new nn.Sequential(new nn.Linear(2, 2), d);
    m.eval();
    expect(d.training).toBe(false);
    m.train();
    expect(d.training).toBe(true);
  });
  it('Dropout is inverted (survivors scaled by 1/(1-p)) and the identity in eval', () => {
    const d = new nn.Dropout(0.25, { generator: new Generator(5) });
    const y = Array.from(d.call(ones([10000])).dataSync());
    expect(new Set(y)).toEqual(new Set([0, 1 / 0.75]));
    expect(y.reduce((a, b) => a + b, 0) / y.length).toBeCloseTo(1, 1);
    d.eval();
    expect(d.call(ones([3])).toArray()).toEqual([1, 1, 1]);
  });
  it('Module.zeroGrad clears gradients', () => {
    const m = new nn.Linear(2, 1);
    m.call(ones([1, 2])).sum().backward();
    expect(m.weight.grad).not.toBeNull();
    m.zeroGrad();
    expect(m.weight.grad).toBeNull();
  });
});

/** Two optimizer steps on loss = sum(p²)/2 (gradient p), returning p after each step. */
function twoSteps(make: (p: Tensor[]) => optim.Optimizer): number[][] {
  const p = tensor([1, -2], { requiresGrad: true });
  const opt = make([p]);
  const out: number[][] = [];
  for (let s = 0; s < 2; s++) {
    opt.zeroGrad();
    p.mul(p).sum().div(2).backward();
    opt.step();
    out.push([...p.dataSync()]);
  }
  return out;
}

/** PyTorch's SGD in plain numbers, for one coordinate sequence. */
function sgdRef(p0: number, steps: number, lr: number, mu: number, wd: number, nesterov: boolean): number[] {
  let p = p0, buf: number | null = null;
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    let g = p + wd * p; // grad of p²/2 is p
    if (mu !== 0) {
      buf = buf === null ? g : mu * buf + g;
      g = nesterov ? g + mu * buf : buf;
    }
    p -= lr * g;
    out.push(p);
  }
  return out;
}

function adamRef(p0: number, steps: number, lr: number, b1: number, b2: number, eps: number, wd: number): number[] {
  let p = p0, m = 0, v = 0;
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const g = p + wd * p;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    p -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
    out.push(p);
  }
  return out;
}

describe('optim', () => {
  it('plain SGD: p -= lr * grad', () => {
    expect(twoSteps((p) => new optim.SGD(p, { lr: 0.1 }))).toEqual([[0.9, -1.8], [0.81, -1.62]]);
  });
  it('SGD with momentum and weight decay matches PyTorch for two steps', () => {
    const got = twoSteps((p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, weightDecay: 0.1 }));
    // hand-computed: step 1 g = 1.1 p0, p1 = p0 - 0.11 p0; step 2 buf = 0.9 g1 + 1.1 p1
    expect(got[0][0]).toBeCloseTo(0.89, 12);
    expect(got[1][0]).toBeCloseTo(0.89 - 0.1 * (0.9 * 1.1 + 1.1 * 0.89), 12);
    [0, 1].forEach((k) => expect(got.map((s) => s[k])).toEqual(sgdRef([1, -2][k], 2, 0.1, 0.9, 0.1, false).map((x) => expect.closeTo(x, 12))));
  });
  it('SGD with Nesterov momentum matches PyTorch for two steps', () => {
    const got = twoSteps((p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }));
    [0, 1].forEach((k) => expect(got.map((s) => s[k])).toEqual(sgdRef([1, -2][k], 2, 0.1, 0.9, 0, true).map((x) => expect.closeTo(x, 12))));
  });
  it('Adam with bias correction matches PyTorch for two steps', () => {
    const got = twoSteps((p) => new optim.Adam(p, { lr: 0.1 }));
    // step 1: m̂ = g, v̂ = g², so each coordinate moves by lr·sign(g)
    expect(got[0][0]).toBeCloseTo(0.9, 7);
    expect(got[0][1]).toBeCloseTo(-1.9, 7);
    [0, 1].forEach((k) => expect(got.map((s) => s[k])).toEqual(adamRef([1, -2][k], 2, 0.1, 0.9, 0.999, 1e-8, 0).map((x) => expect.closeTo(x, 12))));
  });
  it('Adam with weight decay matches PyTorch for two steps', () => {
    const got = twoSteps((p) => new optim.Adam(p, { lr: 0.05, betas: [0.8, 0.99], weightDecay: 0.5 }));
    [0, 1].forEach((k) => expect(got.map((s) => s[k])).toEqual(adamRef([1, -2][k], 2, 0.05, 0.8, 0.99, 1e-8, 0.5).map((x) => expect.closeTo(x, 12))));
  });
  it('step keeps parameter identity', () => {
    const m = new nn.Linear(2, 1);
    const w = m.weight;
    const opt = new optim.SGD(m.parameters(), { lr: 0.1 });
    m.call(ones([1, 2])).sum().backward();
    opt.step();
    expect(m.weight).toBe(w);
    expect(w.requiresGrad).toBe(true);
  });
});

describe('training', () => {
  it('logistic regression on a seeded two-blob dataset reaches > 90% accuracy', () => {
    manualSeed(42);
    const n = 100;
    const X = concat([randn([n, 2]).mul(0.8).add(-1), randn([n, 2]).mul(0.8).add(1)], 0);
    const y = concat([zeros([n, 1]), ones([n, 1])], 0);
    const w = zeros([2, 1], { requiresGrad: true });
    const b = zeros([1], { requiresGrad: true });
    const opt = new optim.SGD([w, b], { lr: 0.5 });
    for (let i = 0; i < 200; i++) {
      tidy(() => {
        opt.zeroGrad();
        F.binaryCrossEntropy(X.matmul(w).add(b).sigmoid(), y).backward();
        opt.step();
      });
    }
    const acc = noGrad(() => X.matmul(w).add(b).sigmoid().gt(0.5).eq(y).mean().item());
    expect(acc).toBeGreaterThan(0.9);
  });

  it('linear regression recovers y = 2x + 1', () => {
    manualSeed(0);
    const x = linspace(-1, 1, 50).reshape(50, 1);
    const y = x.mul(2).add(1).add(randn([50, 1]).mul(0.05));
    const model = new nn.Linear(1, 1);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    for (let i = 0; i < 300; i++) {
      tidy(() => {
        opt.zeroGrad();
        F.mseLoss(model.call(x), y).backward();
        opt.step();
      });
    }
    expect(model.weight.item()).toBeCloseTo(2, 1);
    expect(model.bias!.item()).toBeCloseTo(1, 1);
  });

  it('10,000 training steps inside tidy leave memory().numTensors flat', () => {
    manualSeed(1);
    const X = randn([16, 2]);
    const y = X.sum(1, true).gt(0);
    const model = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1));
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    const step = () => tidy(() => {
      opt.zeroGrad();
      F.binaryCrossEntropyWithLogits(model.call(X), y).backward();
      opt.step();
    });
    for (let i = 0; i < 10; i++) step();
    const before = memory();
    for (let i = 0; i < 10_000; i++) step();
    const after = memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
