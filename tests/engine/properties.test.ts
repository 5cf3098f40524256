/**
 * Property tests (fast-check) over random shapes and broadcasts: gradients of add, mul, sum and
 * matmul agree with float64 central differences, broadcasting is undone by summing, and the
 * float32 backend agrees with the float64 reference.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  tensor, checkGradient, withBackend, Generator, randn, matmul, sum, type Tensor,
} from '../../kernels/index.ts';

const RUNS = { numRuns: 25, seed: 20240601 };

/** A shape of rank 1..3 (dims 1..4) and a second shape that broadcasts against it. */
const broadcastPair = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 2 }),
    fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }))
  .map(([shape, drop, ones]) => {
    const other = shape.slice(Math.min(drop, shape.length - 1)).map((d, i) => (ones[i] ? 1 : d));
    return [shape, other] as const;
  });

const seeded = fc.integer({ min: 0, max: 1_000_000 });

function rnd(shape: readonly number[], seed: number): Tensor {
  return randn(shape, { generator: new Generator(seed) });
}

describe('properties on random shapes', () => {
  it('add and mul gradients match central differences under any broadcast', () => {
    fc.assert(fc.property(broadcastPair, seeded, fc.boolean(), ([sa, sb], seed, swap) => {
      const [a, b] = swap ? [rnd(sb, seed), rnd(sa, seed + 1)] : [rnd(sa, seed), rnd(sb, seed + 1)];
      const w = rnd([...sa], seed + 2);
      const report = checkGradient((x, y) => x.mul(y).add(x).mul(w).sum(), [a, b]);
      expect(report.ok, JSON.stringify(report.inputs.map((r) => r.worst[0]))).toBe(true);
    }), RUNS);
  });

  it('add undoes a broadcast by summing: d sum(a + b)/db = (size of a + b) / (size of b)', () => {
    fc.assert(fc.property(broadcastPair, seeded, ([sa, sb], seed) => {
      const a = rnd(sa, seed);
      const b = rnd(sb, seed + 1).detach();
      b.requiresGrad = true;
      const y = a.add(b);
      y.sum().backward();
      const expected = y.size / b.size;
      expect(b.grad!.shape).toEqual(b.shape);
      for (const g of b.grad!.dataSync()) expect(g).toBe(expected);
    }), RUNS);
  });

  it('sum over random axes (keepDims or not) has the right gradient', () => {
    fc.assert(fc.property(broadcastPair, seeded, fc.boolean(), fc.array(fc.integer({ min: -3, max: 2 }), { maxLength: 2 }),
      ([shape], seed, keep, axesRaw) => {
        const axes = [...new Set(axesRaw.map((a) => ((a % shape.length) + shape.length) % shape.length))];
        const x = rnd(shape, seed);
        const out = sum(x, axes, keep);
        const w = rnd([...out.shape], seed + 3);
        expect(checkGradient((t) => sum(t, axes, keep).mul(w).sum(), [x]).ok).toBe(true);
      }), RUNS);
  });

  it('batched matmul gradients match central differences with broadcast batch dims', () => {
    const dims = fc.integer({ min: 1, max: 3 });
    const batch = fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 2 });
    fc.assert(fc.property(dims, dims, dims, batch, fc.boolean(), seeded, (m, k, n, bat, bcast, seed) => {
      const a = rnd([...bat, m, k], seed);
      const b = rnd(bcast ? [k, n] : [...bat.map(() => 1), k, n], seed + 1);
      const w = rnd([...bat, m, n], seed + 2);
      const report = checkGradient((x, y) => matmul(x, y).mul(w).sum(), [a, b]);
      expect(report.ok).toBe(true);
    }), RUNS);
  });

  it('the float32 cpu backend agrees with the float64 reference', () => {
    fc.assert(fc.property(broadcastPair, seeded, ([sa, sb], seed) => {
      const f = (x: Tensor, y: Tensor) => x.mul(y).add(x.exp()).sigmoid().softmax(-1).sum(0);
      const run = (be: string) => withBackend(be, () => {
        const x = tensor(rnd(sa, seed).dataSync(), { shape: sa }), y = tensor(rnd(sb, seed + 1).dataSync(), { shape: sb });
        return f(x, y).dataSync();
      });
      const ref = run('cpu64'), got = run('cpu');
      ref.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(v)));
    }), RUNS);
  });
});
