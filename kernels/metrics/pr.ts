/** The precision–recall curve and average precision, as scikit-learn's. */
import { binary, pair, type Values } from './values.ts';

export interface PrCurve {
  /** TP / (TP + FP) at each threshold, then a final 1 (the empty prediction, by convention). */
  precision: number[];
  /** TP / (TP + FN) at each threshold, from 1 down to the final 0. */
  recall: number[];
  /** Each distinct score, increasing: predict positive when score ≥ threshold. */
  thresholds: number[];
}

/** Counts of true and false positives when predicting positive at score ≥ each distinct score, highest first. */
function cumulativeCounts(labels: number[], scores: number[]): { tps: number[]; fps: number[]; thresholds: number[] } {
  const order = scores.map((_, i) => i).sort((i, j) => scores[j] - scores[i]);
  const tps: number[] = [], fps: number[] = [], thresholds: number[] = [];
  let tp = 0, fp = 0;
  order.forEach((i, k) => {
    if (labels[i] === 1) tp++;
    else fp++;
    // ties: one point after the last sample with this score, so a threshold keeps or drops all of them
    if (k + 1 < order.length && scores[order[k + 1]] === scores[i]) return;
    tps.push(tp);
    fps.push(fp);
    thresholds.push(scores[i]);
  });
  return { tps, fps, thresholds };
}

/**
 * Precision and recall of "positive when score ≥ t" for every distinct score t, as scikit-learn's
 * precision_recall_curve (1.1 and later, which keeps the thresholds past full recall): thresholds
 * increasing, recall decreasing, and a last point (precision 1, recall 0) with no threshold.
 * Needs at least one positive label (recall is undefined otherwise).
 * @example
 * prCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 */
export function prCurve(yTrue: Values, scores: Values): PrCurve {
  const [labels, s] = pair(yTrue, scores, 'prCurve');
  binary(labels, 'prCurve');
  if (s.some((v) => Number.isNaN(v))) throw new Error('metrics.prCurve: a score is NaN');
  const { tps, fps, thresholds } = cumulativeCounts(labels, s);
  const positives = tps[tps.length - 1];
  if (positives === 0) throw new Error('metrics.prCurve: needs at least one positive label (recall is 0/0 otherwise)');
  const precision = tps.map((tp, k) => tp / (tp + fps[k])).reverse();
  const recall = tps.map((tp) => tp / positives).reverse();
  return { precision: [...precision, 1], recall: [...recall, 0], thresholds: thresholds.reverse() };
}

/**
 * Average precision, AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the thresholds: precision weighted by the recall
 * gained at each step, as scikit-learn's average_precision_score (a step sum, not the trapezoid
 * area under the PR curve, which interpolates optimistically).
 * @example averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333…
 */
export function averagePrecision(yTrue: Values, scores: Values): number {
  const { precision, recall } = prCurve(yTrue, scores);
  let ap = 0;
  // recall decreases along the curve: each step down from recall[k] to recall[k + 1] is weighted by precision[k]
  for (let k = 0; k + 1 < recall.length; k++) ap += (recall[k] - recall[k + 1]) * precision[k];
  return ap;
}
