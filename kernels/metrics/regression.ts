/** Regression metrics: mean squared and absolute error, its root, and R², as scikit-learn's. */
import { pair, type Values } from './values.ts';
import type { Tensor } from '../tensor.ts';

/** Σ f(yᵢ, ŷᵢ) / n over equal-length flat values. */
function meanOf(yTrue: Values, yPred: Values, name: string, f: (t: number, p: number) => number): number {
  const [a, b] = pair(yTrue, yPred, name);
  let total = 0;
  for (let i = 0; i < a.length; i++) total += f(a[i], b[i]);
  return total / a.length;
}

/**
 * Mean squared error, (1/n)·Σ(yᵢ − ŷᵢ)².
 * @example mse([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
 */
export function mse(yTrue: Values, yPred: Values): number {
  return meanOf(yTrue, yPred, 'mse', (t, p) => (t - p) ** 2);
}

/**
 * Mean absolute error, (1/n)·Σ|yᵢ − ŷᵢ|: in the units of y, and less moved by a few large errors than MSE.
 * @example mae([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 */
export function mae(yTrue: Values, yPred: Values): number {
  return meanOf(yTrue, yPred, 'mae', (t, p) => Math.abs(t - p));
}

/**
 * Root mean squared error, √MSE (in the units of y).
 * @example rmse([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.6124
 */
export function rmse(yTrue: Values, yPred: Values): number {
  return Math.sqrt(mse(yTrue, yPred));
}

/** The second dimension of a 2-D input (1 for a vector or a column). */
function outputs(v: Values): number {
  const t = v as Tensor;
  if (t && (t as { _isTensor?: boolean })._isTensor) return t.rank === 2 ? t.shape[1] : 1;
  return Array.isArray(v) && Array.isArray(v[0]) ? (v[0] as unknown[]).length : 1;
}

/**
 * Coefficient of determination, R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)²: the fraction of the variance
 * of y the predictions explain (1 perfect, 0 as good as predicting the mean, negative worse).
 * As scikit-learn (force_finite): constant y gives 1 for a perfect prediction, else 0. One output
 * only (a [n] vector or a [n, 1] column): sklearn averages R² per output, pooling would differ.
 * @example r2([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486
 */
export function r2(yTrue: Values, yPred: Values): number {
  if (outputs(yTrue) !== 1 || outputs(yPred) !== 1) throw new Error('metrics.r2: expected one output ([n] or [n, 1]); compute R² per column');
  const [a, b] = pair(yTrue, yPred, 'r2');
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  let ssRes = 0, ssTot = 0;
  for (let i = 0; i < a.length; i++) {
    ssRes += (a[i] - b[i]) ** 2;
    ssTot += (a[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
