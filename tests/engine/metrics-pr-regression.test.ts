/**
 * The precision–recall curve, average precision and the regression metrics against scikit-learn's
 * documented examples (its docstrings) and small cases computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { metrics, tensor } from '../../kernels/index.ts';

const close = (xs: number[], digits = 12) => xs.map((x) => expect.closeTo(x, digits));

describe('metrics.prCurve', () => {
  it("matches sklearn's precision_recall_curve docstring example", () => {
    // sklearn: precision [0.5, 0.66666667, 0.5, 1., 1.], recall [1., 1., 0.5, 0.5, 0.], thresholds [0.1, 0.35, 0.4, 0.8]
    const { precision, recall, thresholds } = metrics.prCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(precision).toEqual(close([0.5, 2 / 3, 0.5, 1, 1]));
    expect(recall).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
  });

  it('gives tied scores one point (by hand)', () => {
    // scores ≥ 0.9: {1, 0} → P 1/2, R 1/3; ≥ 0.5: adds {1, 1} → P 3/4, R 1; ≥ 0.3: adds {0} → P 3/5, R 1
    const { precision, recall, thresholds } = metrics.prCurve([1, 0, 1, 0, 1], [0.9, 0.9, 0.5, 0.3, 0.5]);
    expect(thresholds).toEqual([0.3, 0.5, 0.9]);
    expect(precision).toEqual(close([0.6, 0.75, 0.5, 1]));
    expect(recall).toEqual(close([1, 1, 1 / 3, 0]));
  });

  it('reads tensors and [n, 1] columns, and refuses what has no curve', () => {
    const a = metrics.prCurve(tensor([[0], [0], [1], [1]]), tensor([0.1, 0.4, 0.35, 0.8]));
    expect(a.thresholds).toEqual(close([0.1, 0.35, 0.4, 0.8], 6));
    expect(() => metrics.prCurve([0, 0], [0.2, 0.3])).toThrow(/at least one positive/);
    expect(() => metrics.prCurve([0, 2], [0.2, 0.3])).toThrow(/0\/1 labels/);
    expect(() => metrics.prCurve([0, 1], [0.2, NaN])).toThrow(/NaN/);
    expect(() => metrics.prCurve([0, 1], [0.2])).toThrow(/2 labels but 1 predictions/);
  });
});

describe('metrics.averagePrecision', () => {
  it("matches sklearn's average_precision_score docstring example (0.83)", () => {
    // Σ (Rₙ − Rₙ₋₁)·Pₙ = 0.5·(2/3) + 0.5·1
    expect(metrics.averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 14);
  });
  it('is a step sum over the tied example (by hand), 1 for a perfect ranking', () => {
    // (1 − 1)·0.6 + (1 − 1/3)·0.75 + (1/3 − 0)·0.5 = 2/3
    expect(metrics.averagePrecision([1, 0, 1, 0, 1], [0.9, 0.9, 0.5, 0.3, 0.5])).toBeCloseTo(2 / 3, 14);
    expect(metrics.averagePrecision([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8])).toBe(1);
  });
});

describe('regression metrics', () => {
  // sklearn's docstring example for mean_squared_error, mean_absolute_error, r2_score and root_mean_squared_error
  const yTrue = [3, -0.5, 2, 7];
  const yPred = [2.5, 0, 2, 8];

  it('mse 0.375, mae 0.5, rmse √0.375 ≈ 0.612 (sklearn docstrings)', () => {
    expect(metrics.mse(yTrue, yPred)).toBeCloseTo(0.375, 15);
    expect(metrics.mae(yTrue, yPred)).toBeCloseTo(0.5, 15);
    expect(metrics.rmse(yTrue, yPred)).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(metrics.rmse(yTrue, yPred)).toBeCloseTo(0.612, 3);
  });

  it('r2 ≈ 0.9486 (sklearn docstring): 1 − 1.5 / 29.1875', () => {
    // ȳ = 2.875; SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SS_res = 0.25 + 0.25 + 0 + 1 = 1.5
    expect(metrics.r2(yTrue, yPred)).toBeCloseTo(1 - 1.5 / 29.1875, 14);
    expect(metrics.r2(yTrue, yPred)).toBeCloseTo(0.9486, 4);
  });

  it('r2: 0 for predicting the mean, negative when worse, sklearn conventions for constant y', () => {
    expect(metrics.r2([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(metrics.r2([1, 2, 3], [3, 2, 1])).toBeCloseTo(-3, 14);
    expect(metrics.r2([2, 2], [2, 2])).toBe(1);
    expect(metrics.r2([2, 2], [2, 3])).toBe(0);
  });

  it('reads tensors and [n, 1] columns; r2 refuses several outputs', () => {
    const col = tensor(yTrue.map((v) => [v]));
    expect(metrics.mse(col, tensor(yPred))).toBeCloseTo(0.375, 15);
    expect(metrics.r2(col, yPred.map((v) => [v]))).toBeCloseTo(1 - 1.5 / 29.1875, 14);
    expect(() => metrics.r2([[1, 2], [3, 4]], [[1, 2], [3, 5]])).toThrow(/one output/);
    expect(() => metrics.mae([1, 2], [1])).toThrow(/2 labels but 1 predictions/);
  });
});
