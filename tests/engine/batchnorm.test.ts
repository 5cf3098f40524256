/**
 * BatchNorm1d: the forward in train and eval mode in the op-suite style (forward values on every
 * backend, gradients against float64 central differences), against a hand-written float64
 * reference over several batches (running statistics with the unbiased variance, normalisation
 * with the biased one), module buffers and the state dict round trip.
 */
import { describe, expect, it } from 'vitest';
import {
  nn, optim, tensor, randn, Generator, setBackend, checkpoint, checkGradient, type Tensor,
} from '../../kernels/index.ts';
import { batchNormalize, batchStats } from '../../kernels/nn/batchnorm.ts';
import { BACKENDS, WEBGL_SKIP_REASON, checkOp, expectClose, tolerance } from './helpers.ts';

if (WEBGL_SKIP_REASON) console.info(`[engine batchnorm] webgl backend skipped: ${WEBGL_SKIP_REASON}`);

type Rows = number[][];

/** Column means and biased / unbiased variances of x [N, C], in float64. */
function columnStats(x: Rows): { mean: number[]; biased: number[]; unbiased: number[] } {
  const n = x.length;
  const mean = x[0].map((_, c) => x.reduce((s, r) => s + r[c], 0) / n);
  const ss = x[0].map((_, c) => x.reduce((s, r) => s + (r[c] - mean[c]) ** 2, 0));
  return { mean, biased: ss.map((v) => v / n), unbiased: ss.map((v) => v / (n - 1)) };
}

/** (x − m)/√(v + eps)·w + b per column, in float64. */
function normalizeRef(x: Rows, m: number[], v: number[], w: number[], b: number[], eps: number): Rows {
  return x.map((r) => r.map((xi, c) => ((xi - m[c]) / Math.sqrt(v[c] + eps)) * w[c] + b[c]));
}

/** PyTorch's running update: (1 − momentum)·running + momentum·batch. */
const ema = (running: number[], batch: number[], momentum: number) => running.map((r, c) => (1 - momentum) * r + momentum * batch[c]);

const X: Rows = [[1, 2], [3, 6], [5, 4]];
const W = [2, -1];
const B = [0.5, 1];
const EPS = 1e-5;

describe.each(BACKENDS)('batch norm ops on %s', (b) => {
  it('train: batch mean and biased variance, then scale and shift', () => {
    const { mean, biased } = columnStats(X);
    checkOp(b, (x, w, bias) => {
      const s = batchStats(x);
      return batchNormalize(x, s.mean, s.variance, w, bias, EPS);
    }, [X, W, B], normalizeRef(X, mean, biased, W, B, EPS));
  });
  it('eval: given statistics (gradients in every argument)', () => {
    const rm = [2.5, 3], rv = [1.5, 0.25];
    checkOp(b, (x, w, bias, m, v) => batchNormalize(x, m, v, w, bias, EPS), [X, W, B, rm, rv], normalizeRef(X, rm, rv, W, B, EPS));
  });
  it('BatchNorm1d forward in train mode: gradient in x', () => {
    setBackend(b);
    const bn = new nn.BatchNorm1d(2);
    const { mean, biased } = columnStats(X);
    checkOp(b, (x) => bn.call(x), [X], normalizeRef(X, mean, biased, [1, 1], [0, 0], EPS));
  });
  it('BatchNorm1d forward in eval mode: gradient in x', () => {
    setBackend(b);
    const bn = new nn.BatchNorm1d(2).eval();
    checkOp(b, (x) => bn.call(x), [X], normalizeRef(X, [0, 0], [1, 1], [1, 1], [0, 0], EPS));
  });
});

describe('BatchNorm1d against a float64 reference', () => {
  const batches = [0, 1, 2, 3].map((k) => randn([4 + k, 3], { generator: new Generator(10 + k) }).mul(k + 1).add(k));
  const rows = (t: Tensor) => t.toArray() as Rows;

  it('train: output, running mean/var (unbiased) and batch count after four batches', () => {
    setBackend('cpu64');
    const bn = new nn.BatchNorm1d(3, { momentum: 0.2 });
    const w = [1.5, -0.5, 2], bias = [0.1, 0.2, -0.3];
    bn.weight!.assign(tensor(w));
    bn.bias!.assign(tensor(bias));
    let rm = [0, 0, 0], rv = [1, 1, 1];
    for (const x of batches) {
      const s = columnStats(rows(x));
      expectClose(bn.call(x).toArray(), normalizeRef(rows(x), s.mean, s.biased, w, bias, EPS), 1e-12, 1e-12, 'train output');
      rm = ema(rm, s.mean, 0.2);
      rv = ema(rv, s.unbiased, 0.2);
    }
    expectClose(bn.runningMean.toArray(), rm, 1e-12, 1e-12, 'runningMean');
    expectClose(bn.runningVar.toArray(), rv, 1e-12, 1e-12, 'runningVar');
    expect(bn.numBatchesTracked).toBe(4);
    bn.eval();
    const x = batches[1];
    expectClose(bn.call(x).toArray(), normalizeRef(rows(x), rm, rv, w, bias, EPS), 1e-12, 1e-12, 'eval output');
    expect(bn.numBatchesTracked).toBe(4); // eval does not count
  });

  it('momentum null: the running estimates are plain averages of the batches', () => {
    const bn = new nn.BatchNorm1d(3, { momentum: null });
    for (const x of batches) bn.call(x);
    const stats = batches.map((x) => columnStats(rows(x)));
    const avg = (pick: (s: ReturnType<typeof columnStats>) => number[]) => [0, 1, 2].map((c) => stats.reduce((a, s) => a + pick(s)[c], 0) / stats.length);
    expectClose(bn.runningMean.toArray(), avg((s) => s.mean), 1e-12, 1e-12, 'runningMean');
    expectClose(bn.runningVar.toArray(), avg((s) => s.unbiased), 1e-12, 1e-12, 'runningVar');
  });

  it('eval output of a sample does not depend on its batch; train output does', () => {
    const bn = new nn.BatchNorm1d(3);
    for (const x of batches) bn.call(x);
    const big = batches[3];
    const first = big.slice(0, 1);
    const trainAlone = bn.call(batches[2].slice(0, 2)).toArray() as Rows;
    const trainInBatch = bn.call(batches[2]).toArray() as Rows;
    expect(Math.abs(trainAlone[0][0] - trainInBatch[0][0])).toBeGreaterThan(1e-3);
    bn.eval();
    expectClose((bn.call(first).toArray() as Rows)[0], (bn.call(big).toArray() as Rows)[0], 1e-14, 1e-14, 'eval');
  });

  it('float32 (cpu) agrees with the float64 reference', () => {
    setBackend('cpu');
    try {
      const bn = new nn.BatchNorm1d(3);
      const xs = batches.map((x) => tensor(x.toArray()));
      let rm = [0, 0, 0], rv = [1, 1, 1];
      for (const x of xs) {
        const s = columnStats(rows(x));
        const { atol, rtol } = tolerance('cpu');
        expectClose(bn.call(x).toArray(), normalizeRef(rows(x), s.mean, s.biased, [1, 1, 1], [0, 0, 0], EPS), atol, rtol, 'train');
        rm = ema(rm, s.mean, 0.1);
        rv = ema(rv, s.unbiased, 0.1);
      }
      expectClose(bn.runningVar.toArray(), rv, 1e-5, 1e-5, 'runningVar');
    } finally {
      setBackend('cpu64');
    }
  });

  it('gradients in weight and bias match central differences', () => {
    const bn = new nn.BatchNorm1d(3);
    const x = batches[2];
    const weights = randn([x.shape[0], 3], { generator: new Generator(4) });
    const report = checkGradient((w, bias) => batchNormalize(x, batchStats(x).mean, batchStats(x).variance, w, bias, bn.eps).mul(weights).sum(),
      [tensor([1.5, -0.5, 2]), tensor([0.1, 0.2, -0.3])]);
    expect(report.ok).toBe(true);
    // and autograd through the module reaches its parameters
    bn.call(x).mul(weights).sum().backward();
    expect(bn.weight!.grad).not.toBeNull();
    expect(bn.runningMean.requiresGrad).toBe(false);
  });

  it('refuses a batch of one in training, a wrong shape, and bad options', () => {
    const bn = new nn.BatchNorm1d(3);
    expect(() => bn.call(tensor([[1, 2, 3]]))).toThrow(/more than 1 value per feature/);
    expect(() => bn.call(tensor([[1, 2], [3, 4]]))).toThrow(/expected input \[N, 3\], got \[2,2\]/);
    expect(bn.eval().call(tensor([[1, 2, 3]])).shape).toEqual([1, 3]);
    expect(() => new nn.BatchNorm1d(0)).toThrow(/numFeatures/);
    expect(() => new nn.BatchNorm1d(2, { momentum: 2 })).toThrow(/momentum/);
  });

  it('affine: false has no parameters', () => {
    const bn = new nn.BatchNorm1d(3, { affine: false });
    expect(bn.parameters()).toEqual([]);
    const x = batches[0];
    const s = columnStats(rows(x));
    expectClose(bn.call(x).toArray(), normalizeRef(rows(x), s.mean, s.biased, [1, 1, 1], [0, 0, 0], EPS), 1e-12, 1e-12);
  });
});

describe('Module buffers and the state dict', () => {
  const gen = (seed: number) => ({ generator: new Generator(seed) });
  const model = () => new nn.Sequential(new nn.Linear(3, 4, gen(1)), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 1, gen(2)));
  const batch = (seed: number) => randn([8, 3], gen(seed));

  it('names buffers as PyTorch, after the parameters, and keeps them out of parameters()', () => {
    const m = model();
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['layers.1.running_mean', 'layers.1.running_var', 'layers.1.num_batches_tracked']);
    expect(Object.keys(m.stateDict())).toEqual([
      'layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'layers.3.weight', 'layers.3.bias',
      'layers.1.running_mean', 'layers.1.running_var', 'layers.1.num_batches_tracked',
    ]);
    expect(m.parameters()).toHaveLength(6);
    expect(m.buffers()).toHaveLength(3);
  });

  it('an optimizer step leaves the buffers to the forward pass', () => {
    const m = model();
    const opt = new optim.SGD(m.parameters(), { lr: 0.1 });
    m.call(batch(3)).sum().backward();
    const bn = m.layers[1] as nn.BatchNorm1d;
    const before = bn.runningMean.toArray();
    opt.step();
    expect(bn.runningMean.toArray()).toEqual(before);
  });

  it('round trip: stateDict → loadStateDict restores weights and running statistics', () => {
    const a = model();
    for (let s = 0; s < 3; s++) a.call(batch(10 + s));
    a.eval();
    const b = model();
    b.loadStateDict(a.stateDict());
    b.eval();
    const x = batch(99);
    expect(b.call(x).toArray()).toEqual(a.call(x).toArray());
    expect((b.layers[1] as nn.BatchNorm1d).numBatchesTracked).toBe(3);
    expect((b.layers[1] as nn.BatchNorm1d).runningVar.toArray()).toEqual((a.layers[1] as nn.BatchNorm1d).runningVar.toArray());
  });

  it('round trip through a checkpoint file, and strict loading names a missing buffer', () => {
    const a = model();
    a.call(batch(5));
    const bytes = checkpoint.encodeCheckpoint(a.stateDict(), { dtype: 'float32' });
    const b = model();
    checkpoint.loadCheckpointInto(b, bytes);
    const bn = b.layers[1] as nn.BatchNorm1d;
    expectClose(bn.runningMean.toArray(), (a.layers[1] as nn.BatchNorm1d).runningMean.toArray(), 1e-6, 1e-6);
    expect(bn.numBatchesTracked).toBe(1);
    const partial = { ...a.stateDict() };
    delete partial['layers.1.running_var'];
    expect(() => model().loadStateDict(partial)).toThrow(/missing keys layers\.1\.running_var/);
  });

  it('registerBuffer refuses a tensor that requires grad, and replaces by name', () => {
    class Holder extends nn.Module {
      constructor() {
        super();
        this.registerBuffer('count', tensor(0));
      }
      get count(): Tensor { return this.getBuffer('count'); }
    }
    const h = new Holder();
    expect(() => h.registerBuffer('w', tensor([1], { requiresGrad: true }))).toThrow(/requires grad/);
    expect(() => h.registerBuffer('a.b', tensor(1))).toThrow(/invalid name/);
    h.registerBuffer('count', tensor(5));
    expect(h.count.item()).toBe(5);
    expect(h.namedBuffers().map(([n]) => n)).toEqual(['count']);
  });
});
