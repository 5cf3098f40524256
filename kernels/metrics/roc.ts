/** The ROC curve and the area under a curve. */
import { binary, flat, pair, type Values } from './values.ts';

export interface RocCurve {
  /** False-positive rate FP / (FP + TN) at each threshold, from 0 up to 1. */
  fpr: number[];
  /** True-positive rate (recall) TP / (TP + FN) at each threshold. */
  tpr: number[];
  /** Predict positive when score ≥ threshold; the first is Infinity (nothing positive). */
  thresholds: number[];
}

/**
 * ROC curve of scores against 0/1 labels: one point per distinct score, taken as the threshold
 * from the highest down (scikit-learn's roc_curve with drop_intermediate=false).
 * @example
 * rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [Infinity, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(yTrue: Values, scores: Values): RocCurve {
  const [labels, s] = pair(yTrue, scores, 'rocCurve');
  binary(labels, 'rocCurve');
  const positives = labels.filter((v) => v === 1).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('metrics.rocCurve: needs both classes among the labels');
  const order = s.map((_, i) => i).sort((i, j) => s[j] - s[i]);
  const fpr = [0], tpr = [0], thresholds = [Infinity];
  let tp = 0, fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (labels[i] === 1) tp++;
    else fp++;
    // ties: emit one point after the last sample with this score
    if (k + 1 < order.length && s[order[k + 1]] === s[i]) continue;
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
    thresholds.push(s[i]);
  }
  return { fpr, tpr, thresholds };
}

/**
 * Area under a curve by the trapezoid rule (x must be monotonic), as scikit-learn's auc.
 * With an ROC curve it is the ROC AUC: the chance that a random positive scores above a random
 * negative (ties count one half).
 * @example auc([0, 0, 0.5, 0.5, 1], [0, 0.5, 0.5, 1, 1]); // 0.75
 */
export function auc(x: Values, y: Values): number {
  const [xs, ys] = pair(x, y, 'auc');
  let area = 0;
  for (let i = 1; i < xs.length; i++) area += ((xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1])) / 2;
  return Math.abs(area);
}

/**
 * ROC AUC straight from labels and scores: auc(rocCurve(yTrue, scores)).
 * @example rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAuc(yTrue: Values, scores: Values): number {
  const { fpr, tpr } = rocCurve(yTrue, flat(scores, 'rocAuc'));
  return auc(fpr, tpr);
}
