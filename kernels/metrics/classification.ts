/** Counting metrics for classification: accuracy, confusion matrix, precision, recall, F1. */
import { binary, pair, type Values } from './values.ts';

/**
 * Fraction of predictions equal to the labels (any number of classes).
 * @example accuracy([1, 0, 1, 1], [1, 0, 0, 1]); // 0.75
 */
export function accuracy(yTrue: Values, yPred: Values): number {
  const [a, b] = pair(yTrue, yPred, 'accuracy');
  return a.filter((v, i) => v === b[i]).length / a.length;
}

/**
 * counts[i][j] = number of samples with label i predicted as j (rows: truth, columns:
 * prediction, as scikit-learn). `numClasses` defaults to 1 + the largest label seen.
 * @example confusionMatrix([1, 0, 1, 1], [1, 0, 0, 1]); // [[1, 0], [1, 2]]
 */
export function confusionMatrix(yTrue: Values, yPred: Values, numClasses?: number): number[][] {
  const [a, b] = pair(yTrue, yPred, 'confusionMatrix');
  const k = numClasses ?? 1 + Math.max(...a, ...b);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  a.forEach((t, i) => {
    const p = b[i];
    if (!Number.isInteger(t) || !Number.isInteger(p) || t < 0 || p < 0 || t >= k || p >= k) {
      throw new Error(`metrics.confusionMatrix: invalid class ${Number.isInteger(t) && t >= 0 && t < k ? p : t} for ${k} classes`);
    }
    m[t][p]++;
  });
  return m;
}

/** True/false positives and negatives for 0/1 labels. */
export function counts(yTrue: Values, yPred: Values, name = 'counts'): { tp: number; fp: number; tn: number; fn: number } {
  const [a, b] = pair(yTrue, yPred, name);
  binary(a, name);
  binary(b, name);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  a.forEach((t, i) => {
    if (b[i] === 1) t === 1 ? tp++ : fp++;
    else t === 1 ? fn++ : tn++;
  });
  return { tp, fp, tn, fn };
}

/**
 * TP / (TP + FP): of the samples predicted positive, the fraction that are. 0 when nothing
 * is predicted positive (scikit-learn's zero_division=0).
 * @example precision([1, 0, 1, 1], [1, 1, 0, 1]); // 2 / 3
 */
export function precision(yTrue: Values, yPred: Values): number {
  const { tp, fp } = counts(yTrue, yPred, 'precision');
  return tp + fp === 0 ? 0 : tp / (tp + fp);
}

/**
 * TP / (TP + FN): of the positive samples, the fraction found. 0 when there are none.
 * @example recall([1, 0, 1, 1], [1, 1, 0, 1]); // 2 / 3
 */
export function recall(yTrue: Values, yPred: Values): number {
  const { tp, fn } = counts(yTrue, yPred, 'recall');
  return tp + fn === 0 ? 0 : tp / (tp + fn);
}

/**
 * Harmonic mean of precision and recall, 2·TP / (2·TP + FP + FN); 0 when TP = 0.
 * @example f1([1, 0, 1, 1], [1, 1, 0, 1]); // 2 / 3
 */
export function f1(yTrue: Values, yPred: Values): number {
  const { tp, fp, fn } = counts(yTrue, yPred, 'f1');
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}
