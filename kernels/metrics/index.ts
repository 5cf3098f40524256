/**
 * `metrics`: evaluation of classifiers, on tensors or plain arrays (a [n, 1] column reads as
 * [n]). Binary metrics take 0/1 labels and 0/1 predictions; threshold probabilities first.
 * @example
 * const pred = p.ge(0.5);
 * metrics.accuracy(y, pred); metrics.f1(y, pred); metrics.rocAuc(y, p);
 */
export type { Values } from './values.ts';
export { accuracy, confusionMatrix, counts, precision, recall, f1 } from './classification.ts';
export { rocCurve, auc, rocAuc } from './roc.ts';
export type { RocCurve } from './roc.ts';
