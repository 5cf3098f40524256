/** datasets: shapes, seeding, the documented generating formulas, and the split. */
import { describe, expect, it } from 'vitest';
import { datasets, tensor, type Tensor } from '../../kernels/index.ts';

const rows = (t: Tensor) => t.toArray() as number[][];
const col = (t: Tensor) => rows(t).map((r) => r[0]);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** Least-squares slope and intercept of y on x (1-D). */
function fitLine(x: number[], y: number[]): [number, number] {
  const mx = mean(x), my = mean(y);
  const sxy = x.reduce((s, xi, i) => s + (xi - mx) * (y[i] - my), 0);
  const sxx = x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
  return [sxy / sxx, my - (sxy / sxx) * mx];
}

describe('datasets.linear', () => {
  it('gives X [n, 1] on [0, 1) and y [n, 1] on the line y = 2x + 1 up to the noise', () => {
    const { X, y } = datasets.linear({ n: 400, w: 2, b: 1, noise: 0.05, seed: 42 });
    expect(X.shape).toEqual([400, 1]);
    expect(y.shape).toEqual([400, 1]);
    const x = col(X);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThan(1);
    const [w, b] = fitLine(x, col(y));
    expect(w).toBeCloseTo(2, 1);
    expect(b).toBeCloseTo(1, 1);
  });
  it('is exact without noise and takes one weight per feature', () => {
    const { X, y } = datasets.linear({ n: 5, w: [1, -3], b: 0.5, noise: 0, seed: 1 });
    expect(X.shape).toEqual([5, 2]);
    rows(X).forEach(([a, c], i) => expect(col(y)[i]).toBeCloseTo(a - 3 * c + 0.5, 12));
  });
  it('gives the same data for the same seed and different data for another', () => {
    const a = datasets.linear({ seed: 7 }).y.toArray();
    expect(datasets.linear({ seed: 7 }).y.toArray()).toEqual(a);
    expect(datasets.linear({ seed: 8 }).y.toArray()).not.toEqual(a);
  });
});

describe('datasets.housePrices', () => {
  it('has rooms 1..7, area 40..200 m², year 1960..2023 and the documented coefficients', () => {
    const { X, y, columns, coefficients } = datasets.housePrices({ n: 500, seed: 0 });
    expect(X.shape).toEqual([500, 3]);
    expect(y.shape).toEqual([500, 1]);
    expect(columns).toEqual(['rooms', 'area', 'year']);
    for (const [rooms, area, year] of rows(X)) {
      expect(Number.isInteger(rooms) && rooms >= 1 && rooms <= 7).toBe(true);
      expect(area >= 40 && area < 200).toBe(true);
      expect(Number.isInteger(year) && year >= 1960 && year <= 2023).toBe(true);
    }
    expect(coefficients).toEqual({ intercept: 20000 - 1960 * 1200, rooms: 10000, area: 1800, year: 1200 });
  });
  it('prices are the formula plus noise of the given size', () => {
    const { X, y, coefficients: c } = datasets.housePrices({ n: 2000, noise: 15000, seed: 3 });
    const prices = col(y);
    const residuals = rows(X).map(([r, a, yr], i) => prices[i] - (c.intercept + c.rooms * r + c.area * a + c.year * yr));
    expect(Math.abs(mean(residuals))).toBeLessThan(1500);
    const sd = Math.sqrt(mean(residuals.map((e) => e * e)));
    expect(sd / 15000).toBeCloseTo(1, 1);
    const noiseless = datasets.housePrices({ n: 3, noise: 0, seed: 3 });
    rows(noiseless.X).forEach(([r, a, yr], i) =>
      expect(col(noiseless.y)[i]).toBeCloseTo(20000 + 10000 * r + 1800 * a + 1200 * (yr - 1960), 6));
  });
});

describe('datasets.blobs, moons, circles', () => {
  it('blobs: balanced 0/1 labels [n, 1] around the given centres', () => {
    const { X, y } = datasets.blobs({ n: 400, centers: [[-2, 0], [2, 0]], std: 0.5, seed: 1 });
    expect(X.shape).toEqual([400, 2]);
    expect(y.shape).toEqual([400, 1]);
    const labels = col(y);
    expect(labels.filter((v) => v === 1).length).toBe(200);
    const xs = rows(X);
    expect(mean(xs.filter((_, i) => labels[i] === 0).map((p) => p[0]))).toBeCloseTo(-2, 0);
    expect(mean(xs.filter((_, i) => labels[i] === 1).map((p) => p[0]))).toBeCloseTo(2, 0);
  });
  it('blobs with three centres gives class indices of shape [n]', () => {
    const { y } = datasets.blobs({ n: 9, centers: [[0, 0], [1, 1], [2, 2]], seed: 0 });
    expect(y.shape).toEqual([9]);
    expect([...(y.toArray() as number[])].sort()).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });
  it('moons without noise lie on the two half circles', () => {
    const { X, y } = datasets.moons({ n: 50, noise: 0, seed: 2 });
    rows(X).forEach(([a, b], i) => {
      const [cx, cy] = col(y)[i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(a - cx, b - cy)).toBeCloseTo(1, 12);
      expect(col(y)[i] === 0 ? b >= 0 : b <= 0.5).toBe(true);
    });
  });
  it('circles without noise lie on radius 1 (class 0) and factor (class 1)', () => {
    const { X, y } = datasets.circles({ n: 40, noise: 0, factor: 0.3, seed: 2 });
    rows(X).forEach(([a, b], i) => expect(Math.hypot(a, b)).toBeCloseTo(col(y)[i] === 0 ? 1 : 0.3, 12));
  });
});

describe('datasets.markedToken', () => {
  it('one-hot tokens, one marker per sequence, a query slot, and y = the marked token', () => {
    const { X, y, marks, steps, features } = datasets.markedToken({ n: 20, length: 5, vocab: 6, seed: 4 });
    expect(X.shape).toEqual([20, 6, 8]);
    expect([steps, features]).toEqual([6, 8]);
    const x = X.toArray() as number[][][];
    const labels = y.toArray() as number[];
    x.forEach((seq, i) => {
      expect(seq.filter((step) => step[6] === 1).length).toBe(1);
      expect(seq[marks[i]][6]).toBe(1);
      expect(seq[marks[i]].indexOf(1)).toBe(labels[i]);
      expect(seq[5]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
      for (let t = 0; t < 5; t++) expect(seq[t].slice(0, 6).reduce((a, b) => a + b, 0)).toBe(1);
    });
  });
});

describe('datasets.trainTestSplit', () => {
  it('keeps rows of X and y together and splits at the rounded fraction', () => {
    const X = tensor(Array.from({ length: 10 }, (_, i) => [i, 10 * i]));
    const y = tensor(Array.from({ length: 10 }, (_, i) => [i]));
    const { XTrain, yTrain, XTest, yTest } = datasets.trainTestSplit(X, y, { testFraction: 0.3, seed: 5 });
    expect(XTest.shape).toEqual([3, 2]);
    expect(XTrain.shape).toEqual([7, 2]);
    expect(rows(XTrain).map((r) => r[0])).toEqual(col(yTrain));
    expect(rows(XTest).map((r) => r[0])).toEqual(col(yTest));
    expect([...col(yTrain), ...col(yTest)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('rejects mismatched rows and fractions outside (0, 1)', () => {
    expect(() => datasets.trainTestSplit(tensor([[1], [2]]), tensor([[1]]))).toThrow(/2 rows but y has 1/);
    expect(() => datasets.trainTestSplit(tensor([[1], [2]]), tensor([[1], [2]]), { testFraction: 1 })).toThrow(/invalid testFraction/);
  });
});
