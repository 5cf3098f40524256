/**
 * linalg.solve and linalg.lstsq: op-suite cases on every backend (forward against hand-solved
 * systems, gradients against float64 central differences), accuracy where the normal equations
 * lose digits, and the errors.
 */
import { describe, expect, it } from 'vitest';
import { linalg, tensor, setBackend, concat, ones, type Tensor } from '../../kernels/index.ts';
import { BACKENDS, WEBGL_SKIP_REASON, checkOp } from './helpers.ts';

if (WEBGL_SKIP_REASON) console.info(`[engine linalg] webgl backend skipped: ${WEBGL_SKIP_REASON}`);

describe.each(BACKENDS)('linalg ops on %s', (b) => {
  describe('solve', () => {
    // det 5: x = (1/5)[[3, −1], [−1, 2]]·[3, 5]
    it('2 × 2 with a vector right-hand side', () => checkOp(b, (A, B) => linalg.solve(A, B), [[[2, 1], [1, 3]], [3, 5]], [0.8, 1.4]));
    // a zero first pivot: only row exchange makes this solvable; A⁻¹ = [[−1, 1], [1, 0]]
    it('needs a row exchange, with two right-hand sides', () => checkOp(b, (A, B) => linalg.solve(A, B), [[[0, 1], [1, 1]], [[1, 2], [3, 4]]], [[2, 2], [1, 2]]));
    it('3 × 3 (solution [1, −2, 3])', () => checkOp(b, (A, B) => linalg.solve(A, B), [[[4, -2, 1], [-2, 4, -2], [1, -2, 4]], [11, -16, 17]], [1, -2, 3]));
  });

  describe('lstsq', () => {
    // XᵀX = [[3, 3], [3, 5]], Xᵀy = [7, 10]: w = (1/6)[[5, −3], [−3, 3]]·[7, 10]
    const X = [[1, 0], [1, 1], [1, 2]];
    it('a line through three points', () => checkOp(b, (x, y) => linalg.lstsq(x, y), [X, [1, 2, 4]], [5 / 6, 1.5]));
    // (XᵀX + I) = [[4, 3], [3, 6]], det 15: w = (1/15)[[6, −3], [−3, 4]]·[7, 10]
    it('ridge with l2 = 1', () => checkOp(b, (x, y) => linalg.lstsq(x, y, { l2: 1 }), [X, [1, 2, 4]], [0.8, 19 / 15]));
    it('two targets at once', () => checkOp(b, (x, y) => linalg.lstsq(x, y), [X, [[1, 0], [2, 1], [4, 0]]], [[5 / 6, 1 / 3], [1.5, 0]]));
  });
});

/** y = 3 + 0.5·year − 2·rooms exactly, with a year near 2000 (XᵀX has condition ≈ 10¹³). */
function rawFeatures(): { X: Tensor; y: Tensor } {
  const rows = Array.from({ length: 12 }, (_, i) => [1, 1990 + 3 * i, 2 + ((i * 7) % 5)]);
  return { X: tensor(rows), y: tensor(rows.map(([, year, rooms]) => 3 + 0.5 * year - 2 * rooms)) };
}

describe('linalg accuracy and checks', () => {
  it('lstsq recovers exact coefficients from unscaled features', () => {
    const { X, y } = rawFeatures();
    const w = linalg.lstsq(X, y).toArray() as number[];
    [3, 0.5, -2].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 8));
  });

  it('on float32 the elimination still runs in float64 (only the stored result is rounded)', () => {
    setBackend('cpu');
    try {
      const { X, y } = rawFeatures();
      const w = linalg.lstsq(X, y).toArray() as number[];
      [3, 0.5, -2].forEach((v, i) => expect(Math.abs(w[i] - v)).toBeLessThan(1e-3 * Math.max(1, Math.abs(v))));
      expect(linalg.solve(tensor([[1e-8, 1], [1, 1]]), tensor([1, 2])).toArray()).toEqual([expect.closeTo(1, 6), expect.closeTo(1, 6)]);
    } finally {
      setBackend('cpu64');
    }
  });

  it('lstsq satisfies the normal equations (XᵀX + l2·I)w = Xᵀy', () => {
    const X = tensor([[1, 0.5, -1], [1, 2, 0], [1, -1, 3], [1, 0, 1], [1, 1.5, 2]]);
    const y = tensor([1, 0, 2, -1, 0.5]);
    const Xt = X.transpose();
    for (const l2 of [0, 0.3]) {
      const w = linalg.lstsq(X, y, { l2 });
      const lhs = Xt.matmul(X).matmul(w).add(w.mul(l2)).toArray() as number[];
      (Xt.matmul(y).toArray() as number[]).forEach((v, i) => expect(lhs[i]).toBeCloseTo(v, 12));
      const viaSolve = linalg.solve(Xt.matmul(X).add(tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]]).mul(l2)), Xt.matmul(y));
      (viaSolve.toArray() as number[]).forEach((v, i) => expect((w.toArray() as number[])[i]).toBeCloseTo(v, 10));
    }
  });

  it('refuses a singular A, with a message that says so', () => {
    expect(() => linalg.solve(tensor([[1, 2], [2, 4]]), tensor([1, 2]))).toThrow(/linalg\.solve: A is singular/);
    expect(() => linalg.solve(tensor([[0, 0], [0, 0]]), tensor([1, 2]))).toThrow(/singular/);
    // singular only to working precision: the third row is the sum of the first two
    expect(() => linalg.solve(tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.5, 0.7, 0.9]]), tensor([1, 2, 3]))).toThrow(/singular/);
  });

  it('refuses wrong shapes and non-finite entries', () => {
    expect(() => linalg.solve(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2]))).toThrow(/A must be square \[n, n\], got \[2,3\]/);
    expect(() => linalg.solve(tensor([[1, 0], [0, 1]]), tensor([1, 2, 3]))).toThrow(/B must be \[2\] or \[2, k\]/);
    expect(() => linalg.solve(tensor([[1, NaN], [0, 1]]), tensor([1, 2]))).toThrow(/A has a non-finite entry at 0, 1/);
    expect(() => linalg.lstsq(tensor([1, 2]), tensor([1, 2]))).toThrow(/X must be \[n, d\]/);
    expect(() => linalg.lstsq(tensor([[1], [2]]), tensor([1, 2]), { l2: -1 })).toThrow(/l2 must be a finite number ≥ 0/);
    expect(() => linalg.lstsq(tensor([[1, 2, 3]]), tensor([1]))).toThrow(/fewer rows than columns/);
  });

  it('refuses linearly dependent columns unless l2 > 0', () => {
    const X = concat([ones([4, 1]), tensor([[1], [2], [3], [4]]), tensor([[2], [4], [6], [8]])], 1);
    const y = tensor([1, 2, 3, 5]);
    expect(() => linalg.lstsq(X, y)).toThrow(/linearly dependent columns/);
    const w = linalg.lstsq(X, y, { l2: 0.1 }).toArray() as number[];
    expect(w.every(Number.isFinite)).toBe(true);
  });

  it('solve is differentiable end to end (loss through the solution)', () => {
    const A = tensor([[3, 1], [1, 2]], { requiresGrad: true });
    const B = tensor([1, 1], { requiresGrad: true });
    linalg.solve(A, B).sum().backward();
    // x = A⁻¹B; d(1ᵀx)/dB = A⁻ᵀ1, d/dA = −(A⁻ᵀ1)xᵀ; A⁻¹ = (1/5)[[2, −1], [−1, 3]], x = [0.2, 0.4], A⁻ᵀ1 = [0.2, 0.4]
    expect(B.grad!.toArray()).toEqual([expect.closeTo(0.2, 14), expect.closeTo(0.4, 14)]);
    expect(A.grad!.toArray()).toEqual([[expect.closeTo(-0.04, 14), expect.closeTo(-0.08, 14)], [expect.closeTo(-0.08, 14), expect.closeTo(-0.16, 14)]]);
  });
});
