/** AdamW and parameter groups, gradient clipping, the warm-up + cosine schedule, and token sampling. */
import { describe, expect, it } from 'vitest';
import { runOptimizer } from './helpers.ts';
import { tensor, Generator, optim, sampling, type Tensor } from '../../kernels/index.ts';

const { multinomial, sampleLogits, samplingDistribution } = sampling;

/** PyTorch's Adam (decoupled = false, L2) or AdamW (decoupled = true) on one coordinate, in float64. */
function ref(p0: number, c: number, steps: number, lr: number, wd: number, decoupled: boolean): number[] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let p = p0, m = 0, v = 0;
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    let g = c * p;
    if (decoupled) p *= 1 - lr * wd;
    else g += wd * p;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    p -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
    out.push(p);
  }
  return out;
}

const column = (rows: number[][], k: number) => rows.map((r) => r[k]);
const close = (xs: number[], digits = 12) => xs.map((x) => expect.closeTo(x, digits));

describe('AdamW', () => {
  it('one step: shrink by (1 − lr·wd), then the Adam step on the raw gradient', () => {
    const got = runOptimizer((p) => new optim.AdamW(p, { lr: 0.1, weightDecay: 0.1 }), [1, -2], [1, 1], 1)[0];
    // step 1: m̂ = g, v̂ = g², so Adam moves by lr·g/(|g| + ε)
    expect(got[0]).toBeCloseTo(1 * 0.99 - 0.1 * (1 / (1 + 1e-8)), 14);
    expect(got[1]).toBeCloseTo(-2 * 0.99 + 0.1 * (2 / (2 + 1e-8)), 14);
  });
  it('matches PyTorch AdamW for five steps (float64 reference)', () => {
    const got = runOptimizer((p) => new optim.AdamW(p, { lr: 0.05, weightDecay: 0.3 }), [1, -2], [100, 0.01], 5);
    expect(column(got, 0)).toEqual(close(ref(1, 100, 5, 0.05, 0.3, true)));
    expect(column(got, 1)).toEqual(close(ref(-2, 0.01, 5, 0.05, 0.3, true)));
  });
  it('differs from Adam with L2 decay when gradient scales differ', () => {
    const make = (Opt: typeof optim.Adam) => (p: Tensor[]) => new Opt(p, { lr: 0.05, weightDecay: 0.3 });
    const adamw = runOptimizer(make(optim.AdamW), [1, -2], [100, 0.01], 5);
    const adam = runOptimizer(make(optim.Adam), [1, -2], [100, 0.01], 5);
    expect(column(adam, 1)).toEqual(close(ref(-2, 0.01, 5, 0.05, 0.3, false)));
    // the small-gradient coordinate: L2 decay dominates its gradient and Adam normalizes it away
    expect(Math.abs(adamw[4][1] - adam[4][1])).toBeGreaterThan(0.1);
  });
  it('defaults: AdamW decays 0.01, Adam 0', () => {
    const p = tensor([1], { requiresGrad: true });
    expect(new optim.AdamW([p]).options).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01 });
    expect(new optim.Adam([p]).options.weightDecay).toBe(0);
    expect(() => new optim.AdamW([p], { betas: [1, 0.999] })).toThrow(/AdamW: invalid options/);
  });
  it('parameter groups override weight decay (no decay on biases)', () => {
    const w = tensor([1, -2], { requiresGrad: true });
    const b = tensor([1, -2], { requiresGrad: true });
    const opt = new optim.AdamW([{ params: [w], weightDecay: 0.3 }, { params: [b], weightDecay: 0 }], { lr: 0.05 });
    for (let s = 0; s < 3; s++) {
      opt.zeroGrad();
      w.mul(w).sum().div(2).add(b.mul(b).sum().div(2)).backward();
      opt.step();
    }
    expect([...w.dataSync()]).toEqual(close([ref(1, 1, 3, 0.05, 0.3, true)[2], ref(-2, 1, 3, 0.05, 0.3, true)[2]]));
    expect([...b.dataSync()]).toEqual(close([ref(1, 1, 3, 0.05, 0, true)[2], ref(-2, 1, 3, 0.05, 0, true)[2]]));
    expect(opt.params).toEqual([w, b]);
  });
  it('groups work for SGD too, and a parameter in two groups is an error', () => {
    const a = tensor([1], { requiresGrad: true });
    const opt = new optim.SGD([{ params: [a], weightDecay: 0.5 }], { lr: 0.1 });
    a.mul(a).sum().div(2).backward();
    opt.step();
    expect(a.item()).toBeCloseTo(1 - 0.1 * (1 + 0.5), 14);
    expect(() => new optim.SGD([{ params: [a] }, { params: [a] }], { lr: 0.1 })).toThrow(/more than one group/);
  });
  it('opt.lr and setLr change the rate of the next step', () => {
    const got = runOptimizer((p) => {
      const opt = new optim.SGD(p, { lr: 1 });
      opt.lr = 0.5;
      expect(opt.setLr(0.1)).toBe(opt);
      return opt;
    }, [1], [1], 1);
    expect(got[0][0]).toBeCloseTo(0.9, 14);
    const opt = new optim.Adam([tensor([1], { requiresGrad: true })]);
    expect(() => (opt.lr = -1)).toThrow(/invalid lr -1/);
  });
});

describe('clipGradNorm', () => {
  const withGrads = () => {
    const a = tensor([0, 0], { requiresGrad: true }), b = tensor([0], { requiresGrad: true });
    const c = tensor([5], { requiresGrad: true }); // no gradient: skipped
    a.grad = tensor([3, 4]);
    b.grad = tensor([12]);
    return [a, b, c];
  };
  it('scales all gradients by maxNorm/(norm + 1e-6) and returns the norm before clipping', () => {
    const ps = withGrads();
    expect(optim.clipGradNorm(ps, 1)).toBeCloseTo(13, 12);
    const k = 1 / (13 + 1e-6);
    expect(ps[0].grad!.toArray()).toEqual(close([3 * k, 4 * k], 14));
    expect(ps[1].grad!.toArray()).toEqual(close([12 * k], 14));
    expect(ps[2].grad).toBeNull();
  });
  it('leaves gradients alone below maxNorm; rejects maxNorm ≤ 0', () => {
    const ps = withGrads();
    expect(optim.clipGradNorm(ps, 100)).toBeCloseTo(13, 12);
    expect(ps[0].grad!.toArray()).toEqual([3, 4]);
    expect(optim.clipGradNorm([], 1)).toBe(0);
    expect(() => optim.clipGradNorm(ps, 0)).toThrow(/maxNorm must be > 0/);
  });
});

describe('lrSchedule.warmupCosine', () => {
  const lrAt = optim.lrSchedule.warmupCosine({ warmupSteps: 10, totalSteps: 110, maxLr: 1, minLr: 0.1 });
  it('warms up linearly, decays by a cosine to minLr, then stays there', () => {
    expect(lrAt(0)).toBeCloseTo(0.1, 15);
    expect(lrAt(4)).toBeCloseTo(0.5, 15);
    expect(lrAt(9)).toBe(1);
    expect(lrAt(10)).toBe(1);
    expect(lrAt(60)).toBeCloseTo(0.55, 15); // half way: ½(1 + cos(π/2)) = ½
    expect(lrAt(85)).toBeCloseTo(0.1 + 0.5 * (1 + Math.cos(0.75 * Math.PI)) * 0.9, 15);
    expect(lrAt(110)).toBeCloseTo(0.1, 15);
    expect(lrAt(5000)).toBe(0.1);
    for (let s = 10; s < 110; s++) expect(lrAt(s + 1)).toBeLessThanOrEqual(lrAt(s));
  });
  it('handles no warm-up and no decay phase; rejects bad settings', () => {
    const flat = optim.lrSchedule.warmupCosine({ warmupSteps: 0, totalSteps: 0, maxLr: 1, minLr: 0.5 });
    expect([flat(0), flat(3)]).toEqual([0.5, 0.5]);
    expect(optim.lrSchedule.warmupCosine({ warmupSteps: 0, totalSteps: 10, maxLr: 1, minLr: 0 })(0)).toBe(1);
    const bad = (o: Partial<optim.WarmupCosineOptions>) => () =>
      optim.lrSchedule.warmupCosine({ warmupSteps: 10, totalSteps: 100, maxLr: 1, minLr: 0, ...o });
    expect(bad({ totalSteps: 5 })).toThrow(/totalSteps/);
    expect(bad({ minLr: 2 })).toThrow(/minLr ≤ maxLr/);
    expect(bad({ warmupSteps: -1 })).toThrow(/warmupSteps/);
    expect(() => lrAt(-1)).toThrow(/invalid step/);
  });
});

/** Counts within 4σ of N·p (binomial) for each outcome. */
function expectFrequencies(counts: number[], probs: number[], n: number): void {
  probs.forEach((p, i) => {
    const sigma = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(counts[i] - n * p), `outcome ${i}: ${counts[i]} vs ${n * p}`).toBeLessThanOrEqual(4 * sigma);
  });
}

describe('multinomial', () => {
  it('is reproducible with a seeded generator', () => {
    const draw = (seed: number) => { const g = new Generator(seed); return Array.from({ length: 50 }, () => multinomial([1, 2, 3], g)); };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });
  it('matches the probabilities over 1e5 draws (within 4σ) and never draws a zero', () => {
    const probs = [0.1, 0.2, 0, 0.3, 0.4], n = 100_000, g = new Generator(11);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[multinomial(Float32Array.from(probs), g)]++;
    expect(counts[2]).toBe(0);
    expectFrequencies(counts, probs, n);
  });
  it('takes unnormalized weights and rejects invalid ones', () => {
    const g = new Generator(0);
    expect(multinomial([0, 0, 5], g)).toBe(2);
    expect(() => multinomial([1, -1], g)).toThrow(/probability 1 is -1/);
    expect(() => multinomial([1, NaN], g)).toThrow(/probability 1 is NaN/);
    expect(() => multinomial([0, 0], g)).toThrow(/sum to 0/);
    expect(() => multinomial([], g)).toThrow(/sum to 0/);
  });
});

describe('sampleLogits', () => {
  const probs = [0.5, 0.3, 0.15, 0.05];
  const logits = probs.map(Math.log);

  it('is reproducible with a seeded generator', () => {
    const draw = () => { const g = new Generator(9); return Array.from({ length: 100 }, () => sampleLogits(logits, { generator: g })); };
    expect(draw()).toEqual(draw());
  });
  it('draws softmax(logits / T) (1e5 draws within 4σ)', () => {
    const t = 0.7, n = 100_000, g = new Generator(2);
    const w = logits.map((l) => Math.exp(l / t)), z = w.reduce((a, b) => a + b);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[sampleLogits(logits, { temperature: t, generator: g })]++;
    expectFrequencies(counts, w.map((x) => x / z), n);
    expect(samplingDistribution(logits, { temperature: t }).probs).toEqual(close(w.map((x) => x / z).sort((a, b) => b - a), 14));
  });
  it('temperature 0 is the argmax (smallest id on ties) and needs no generator', () => {
    expect(sampleLogits([1, 3, 3, -2], { temperature: 0 })).toBe(1);
    expect(sampleLogits(Float32Array.of(0.1, 0.2, 5), { temperature: 0, topP: 0.1, topK: 2 })).toBe(2);
    expect(sampleLogits(tensor([0, 9, 1]), { temperature: 0 })).toBe(1);
  });
  it('top-p keeps the smallest most-likely set reaching p (hand example)', () => {
    const ids = (topP: number, topK?: number) => samplingDistribution(logits, { topP, topK }).ids;
    expect(ids(0.3)).toEqual([0]);
    expect(ids(0.5)).toEqual([0]);
    expect(ids(0.75)).toEqual([0, 1]);
    expect(ids(0.81)).toEqual([0, 1, 2]);
    expect(ids(1)).toEqual([0, 1, 2, 3]);
    expect(samplingDistribution(logits, { topP: 0.75 }).probs).toEqual(close([0.625, 0.375], 14));
    // top-k first: over {0, 1} the probabilities are 0.625 and 0.375, so p = 0.6 keeps only 0
    expect(ids(0.6, 2)).toEqual([0]);
    expect(ids(0.7, 2)).toEqual([0, 1]);
    const g = new Generator(1);
    for (let i = 0; i < 2000; i++) expect(sampleLogits(logits, { topP: 0.75, generator: g })).toBeLessThan(2);
  });
  it('top-k never returns a token outside the k largest logits (V = 5000)', () => {
    const gen = new Generator(5);
    const row = Float32Array.from({ length: 5000 }, () => gen.normal());
    const top = [...row.keys()].sort((a, b) => row[b] - row[a]).slice(0, 5);
    expect(samplingDistribution(row, { topK: 5 }).ids).toEqual(top);
    const seen = new Set<number>();
    for (let i = 0; i < 3000; i++) {
      const id = sampleLogits(row, { topK: 5, temperature: 3, generator: gen });
      expect(top).toContain(id);
      seen.add(id);
    }
    expect(seen.size).toBe(5);
    expect(samplingDistribution([1, 2, 2, 0], { topK: 2 }).ids).toEqual([1, 2]); // ties: smaller id
    expect(samplingDistribution([1, 2], { topK: 10 }).ids).toEqual([1, 0]);
  });
  it('respects a mask given as a Set of ids or as flags', () => {
    const row = [9, 0, 1, 2, 0];
    const g = new Generator(4);
    for (let i = 0; i < 500; i++) expect([1, 3]).toContain(sampleLogits(row, { mask: new Set([1, 3]), generator: g }));
    for (let i = 0; i < 500; i++) expect([2, 3]).toContain(sampleLogits(row, { mask: [0, 0, 1, 1, 0], topK: 3, generator: g }));
    expect(sampleLogits(row, { mask: [false, true, true, false, true], temperature: 0 })).toBe(2);
    expect(samplingDistribution(row, { mask: new Set([4, 2]) }).ids).toEqual([2, 4]);
    expect(() => sampleLogits(row, { mask: new Set<number>() })).toThrow(/no token is allowed/);
    expect(() => sampleLogits(row, { mask: [1, 3] })).toThrow(/mask has 2 flags for 5 logits \(pass allowed ids as a Set\)/);
    expect(() => sampleLogits(row, { mask: [0, 0, 2, 0, 0] })).toThrow(/mask flag 2 is 2/);
    expect(() => sampleLogits(row, { mask: new Set([5]) })).toThrow(/mask id 5 is not a token id/);
  });
  it('treats −∞ logits as impossible', () => {
    expect(samplingDistribution([-Infinity, 0, -Infinity, 0]).ids).toEqual([1, 3]);
    expect(() => sampleLogits([-Infinity, -Infinity])).toThrow(/no token is allowed/);
  });
  it('rejects invalid arguments with clear errors', () => {
    const bad = (o: sampling.SampleOptions, l: sampling.Logits = logits) => () => sampleLogits(l, o);
    expect(bad({ temperature: -1 })).toThrow('sampleLogits: temperature must be ≥ 0 (0 = argmax), got -1');
    expect(bad({ temperature: NaN })).toThrow(/temperature/);
    expect(bad({ topK: 0 })).toThrow('sampleLogits: topK must be an integer ≥ 1, got 0');
    expect(bad({ topK: 1.5 })).toThrow(/topK/);
    expect(bad({ topP: 0 })).toThrow('sampleLogits: topP must be in (0, 1], got 0');
    expect(bad({ topP: 1.01 })).toThrow(/topP/);
    expect(bad({}, [0, NaN])).toThrow('sampleLogits: logit 1 is NaN');
    expect(bad({}, [])).toThrow(/logits are empty/);
    expect(bad({}, tensor([[1, 2]]))).toThrow(/logits must be 1-D, got shape \[1,2\]/);
  });
});
