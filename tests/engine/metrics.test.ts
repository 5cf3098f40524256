/** metrics against hand-computed values on tiny examples (and scikit-learn's conventions). */
import { describe, expect, it } from 'vitest';
import { metrics, tensor } from '../../kernels/index.ts';

// 8 samples: TP = 3 (0, 1, 4), FN = 1 (2), FP = 2 (5, 6), TN = 2 (3, 7)
const yTrue = [1, 1, 1, 0, 1, 0, 0, 0];
const yPred = [1, 1, 0, 0, 1, 1, 1, 0];

describe('metrics: counting', () => {
  it('accuracy = (TP + TN) / n = 5/8', () => {
    expect(metrics.accuracy(yTrue, yPred)).toBe(5 / 8);
  });
  it('precision = 3/5, recall = 3/4, F1 = 2·3/(2·3 + 2 + 1) = 2/3', () => {
    expect(metrics.precision(yTrue, yPred)).toBeCloseTo(3 / 5, 15);
    expect(metrics.recall(yTrue, yPred)).toBeCloseTo(3 / 4, 15);
    expect(metrics.f1(yTrue, yPred)).toBeCloseTo(2 / 3, 15);
    const p = 3 / 5, r = 3 / 4;
    expect(metrics.f1(yTrue, yPred)).toBeCloseTo((2 * p * r) / (p + r), 15);
  });
  it('confusion matrix has truth in rows and predictions in columns', () => {
    expect(metrics.confusionMatrix(yTrue, yPred)).toEqual([[2, 2], [1, 3]]);
    expect(metrics.confusionMatrix([0, 2, 1, 2], [0, 1, 1, 2])).toEqual([[1, 0, 0], [0, 1, 0], [0, 1, 1]]);
  });
  it('reads tensors, [n, 1] columns and arrays alike', () => {
    const t = tensor(yTrue.map((v) => [v]));
    const p = tensor(yPred);
    expect(metrics.accuracy(t, p)).toBe(5 / 8);
    expect(metrics.recall(t, yPred.map((v) => [v]))).toBeCloseTo(0.75, 15);
  });
  it('is 0 where a ratio has no denominator, and rejects non-0/1 predictions', () => {
    expect(metrics.precision([1, 0], [0, 0])).toBe(0);
    expect(metrics.recall([0, 0], [1, 0])).toBe(0);
    expect(metrics.f1([0, 0], [0, 0])).toBe(0);
    expect(() => metrics.precision([1, 0], [0.7, 0.2])).toThrow(/0\/1 labels/);
    expect(() => metrics.accuracy([1, 0], [1])).toThrow(/2 labels but 1 predictions/);
  });
});

describe('metrics: ROC and AUC', () => {
  it('rocCurve steps through the distinct scores from the highest down', () => {
    const roc = metrics.rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(roc.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(roc.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(roc.thresholds).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
    expect(metrics.auc(roc.fpr, roc.tpr)).toBe(0.75);
    expect(metrics.rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });
  it('AUC is the fraction of (positive, negative) pairs ranked correctly, ties counting 1/2', () => {
    const labels = [1, 0, 1, 0, 1, 0, 0];
    const scores = [0.9, 0.9, 0.6, 0.5, 0.3, 0.2, 0.6];
    let wins = 0, pairs = 0;
    labels.forEach((a, i) => labels.forEach((b, j) => {
      if (a === 1 && b === 0) {
        pairs++;
        wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }));
    expect(metrics.rocAuc(labels, scores)).toBeCloseTo(wins / pairs, 15);
  });
  it('a perfect ranking has AUC 1 and a reversed one AUC 0', () => {
    expect(metrics.rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(metrics.rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
  });
  it('auc integrates by trapezoids', () => {
    expect(metrics.auc([0, 1, 2], [0, 1, 1])).toBe(1.5);
  });
});
