/**
 * `metrics`: evaluation of classifiers and regressions, on tensors or plain arrays (a [n, 1]
 * column reads as [n]). Binary metrics take 0/1 labels and 0/1 predictions; threshold
 * probabilities first. Curves (ROC, precision–recall) take the scores themselves.
 * @example
 * const pred = p.ge(0.5);
 * metrics.accuracy(y, pred); metrics.f1(y, pred); metrics.rocAuc(y, p); metrics.averagePrecision(y, p);
 * metrics.rmse(yHouse, yPredicted); metrics.r2(yHouse, yPredicted);
 */
export type { Values } from './values.ts';
export { accuracy, confusionMatrix, counts, precision, recall, f1 } from './classification.ts';
export { rocCurve, auc, rocAuc } from './roc.ts';
export type { RocCurve } from './roc.ts';
export { prCurve, averagePrecision } from './pr.ts';
export type { PrCurve } from './pr.ts';
export { mse, mae, rmse, r2 } from './regression.ts';
