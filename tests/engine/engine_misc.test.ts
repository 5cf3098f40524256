/** checkGradient's report, backends and the registry, randomness, printing, composite groups. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  tensor, randn, rand, manualSeed, Generator, checkGradient, setBackend, getBackend, registerBackend,
  createCpuBackend, setAutoPolicy, isBackendAvailable, arange, eye, linspace, full, zerosLike, onesLike,
  recordTape, F, nn, withBackend, zeros,
} from '../../kernels/index.ts';
import { BACKENDS, WEBGL_SKIP_REASON } from './helpers.ts';

afterEach(() => {
  setBackend('cpu64');
  setAutoPolicy();
});

describe('checkGradient', () => {
  it('passes a correct analytic gradient and reports tiny errors', () => {
    const x = randn([3, 2], { generator: new Generator(1) });
    const r = checkGradient((x) => x.mul(x).sum(), [x], { analytic: (x) => [x.mul(2)] });
    expect(r.ok).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-7);
    expect(r.inputs[0].shape).toEqual([3, 2]);
  });

  it('fails a wrong analytic gradient and lists the worst entries for the ✗ table', () => {
    const x = tensor([1, 2, 3]).label('x');
    const r = checkGradient((x) => x.pow(3).sum(), [x], { analytic: (x) => [x.mul(x).mul(2)] }); // should be 3x²
    expect(r.ok).toBe(false);
    const worst = r.inputs[0].worst[0];
    expect(r.inputs[0].name).toBe('x');
    expect(worst.position).toEqual([2]);
    expect(worst.numeric).toBeCloseTo(27, 5);
    expect(worst.autograd).toBeCloseTo(27, 10);
    expect(worst.analytic).toBe(18);
    expect(worst.ok).toBe(false);
  });

  it('computes numeric gradients in float64 and loosens the defaults on float32 backends', () => {
    setBackend('cpu');
    const x = randn([4], { generator: new Generator(2) });
    const r = checkGradient((x) => x.sigmoid().sum(), [x]);
    expect(r.ok).toBe(true);
    expect([r.atol, r.rtol, r.backend]).toEqual([1e-3, 1e-2, 'cpu']);
    expect(getBackend()).toBe('cpu');
  });

  it('rejects a non-scalar f', () => {
    expect(() => checkGradient((x) => x.mul(2), [tensor([1, 2])])).toThrow('checkGradient: f must return a scalar tensor, got shape [2]');
  });
});

describe('backends', () => {
  if (WEBGL_SKIP_REASON) it.skip(`webgl agreement (skipped: ${WEBGL_SKIP_REASON})`, () => {});

  it.each(BACKENDS)('%s agrees with cpu64 on an MLP forward and backward within float32 tolerance', (name) => {
    const run = (be: string) => withBackend(be, () => {
      const model = new nn.Sequential(new nn.Linear(5, 7, { generator: new Generator(3) }), new nn.Tanh(),
        new nn.Linear(7, 3, { generator: new Generator(4) }));
      const x = randn([6, 5], { generator: new Generator(5) });
      const loss = F.crossEntropy(model.call(x), tensor([0, 1, 2, 0, 1, 2]));
      loss.backward();
      return [loss.item(), ...model.parameters().flatMap((p) => [...p.grad!.dataSync()])];
    });
    const ref = run('cpu64'), got = run(name);
    ref.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(v)));
  });

  it('dtype follows the backend', () => {
    expect(tensor([1]).dtype).toBe('float64');
    setBackend('cpu');
    const t = tensor([1]);
    expect([t.dtype, t.backend, t.dataSync() instanceof Float32Array]).toEqual(['float32', 'cpu', true]);
  });

  it('tensors move to the backend an op runs on', () => {
    const a = tensor([1.5, 2]);
    setBackend('cpu');
    const y = a.mul(2);
    expect([y.backend, a.backend]).toEqual(['cpu', 'cpu']);
    expect(y.toArray()).toEqual([3, 4]);
  });

  it('setBackend names unknown backends', () => {
    expect(() => setBackend('tpu')).toThrow("setBackend: unknown backend 'tpu'");
  });

  it('registerBackend is the only hook a backend needs, and a failing factory reports why', () => {
    registerBackend('broken', () => { throw new Error('no device'); });
    expect(isBackendAvailable('broken')).toBe(false);
    expect(() => setBackend('broken')).toThrow("setBackend: backend 'broken' is not available (no device)");
    registerBackend('cpu64-copy', () => createCpuBackend('cpu64-copy', Float64Array));
    setBackend('cpu64-copy');
    expect(tensor([1, 2]).add(1).backend).toBe('cpu64-copy');
  });

  it("'auto' picks a backend per op by output size", () => {
    setAutoPolicy((_op, size) => (size >= 100 ? 'cpu64' : 'cpu'));
    setBackend('auto');
    expect(zeros([10]).add(1).backend).toBe('cpu');
    expect(zeros([10, 10]).add(1).backend).toBe('cpu64');
    setAutoPolicy();
    expect(zeros([10]).add(1).backend).toBe('cpu'); // default: webgl only when available and large
  });
});

describe('factories and randomness', () => {
  it('manualSeed makes rand and randn reproducible', () => {
    manualSeed(123);
    const a = [...randn([5]).dataSync(), ...rand([3]).dataSync()];
    manualSeed(123);
    const b = [...randn([5]).dataSync(), ...rand([3]).dataSync()];
    expect(a).toEqual(b);
  });

  it('an explicit Generator is independent of the global one', () => {
    const a = randn([4], { generator: new Generator(9) }).dataSync();
    manualSeed(0);
    randn([10]);
    expect(randn([4], { generator: new Generator(9) }).dataSync()).toEqual(a);
  });

  it('randn has mean 0 and variance 1; rand is in [0, 1)', () => {
    const x = randn([20000], { generator: new Generator(4) });
    expect(x.mean().item()).toBeCloseTo(0, 1);
    expect(x.var().item()).toBeCloseTo(1, 1);
    const u = rand([20000], { generator: new Generator(4) });
    expect(u.min().item()).toBeGreaterThanOrEqual(0);
    expect(u.max().item()).toBeLessThan(1);
  });

  it('arange, linspace, eye, full, zerosLike, onesLike', () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    const t = tensor([[1, 2]]);
    expect([zerosLike(t).toArray(), onesLike(t).toArray()]).toEqual([[[0, 0]], [[1, 1]]]);
  });
});

describe('printing', () => {
  it('prints like PyTorch', () => {
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(tensor([0.5], { requiresGrad: true }).toString()).toBe('tensor([0.5000], requiresGrad=true)');
  });
  it('summarises large tensors with ...', () => {
    const s = arange(2000).toString();
    expect(s).toBe('tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.])');
  });
});

describe('composite groups on the tape', () => {
  it('primitives of a composite carry its name so the viewer can fold them', () => {
    const x = tensor([[1, 2]]);
    const { nodes } = recordTape(() => F.crossEntropy(x, tensor([1])));
    const ops = nodes.filter((n) => n.op !== 'constant');
    expect(ops.every((n) => n.group[0]?.startsWith('crossEntropy#'))).toBe(true);
    // nested composites give a path (crossEntropy itself is one fused primitive plus its reduction)
    const nested = recordTape(() => F.logSoftmax(x)).nodes.filter((n) => n.op !== 'constant');
    expect(nested.some((n) => n.group[0]?.startsWith('logSoftmax#') && n.group[1]?.startsWith('logsumexp#'))).toBe(true);
  });
});

