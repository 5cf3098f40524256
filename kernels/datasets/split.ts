/** `trainTestSplit`: a seeded random split of the rows of X and y. */
import type { Tensor } from '../tensor.ts';
import { indexSelect } from '../ops/slicing.ts';
import { generator, shuffled } from './seed.ts';

export interface SplitOptions {
  /** Fraction of rows held out for testing (default 0.25); the count is rounded. */
  testFraction?: number;
  seed?: number;
}

export interface Split {
  XTrain: Tensor;
  yTrain: Tensor;
  XTest: Tensor;
  yTest: Tensor;
}

/**
 * Shuffle the rows (the same permutation for X and y), then hold out a test part.
 * @example
 * const { XTrain, XTest } = trainTestSplit(X, y, { testFraction: 0.2, seed: 0 });
 * // X with 500 rows → XTrain 400 rows, XTest 100 rows
 */
export function trainTestSplit(X: Tensor, y: Tensor, options: SplitOptions = {}): Split {
  const { testFraction = 0.25, seed } = options;
  const n = X.shape[0];
  if (y.shape[0] !== n) throw new Error(`datasets.trainTestSplit: X has ${n} rows but y has ${y.shape[0]}`);
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new Error(`datasets.trainTestSplit: invalid testFraction: ${testFraction}`);
  }
  const nTest = Math.round(n * testFraction);
  if (nTest === 0 || nTest === n) throw new Error(`datasets.trainTestSplit: ${n} rows cannot be split at ${testFraction}`);
  const order = shuffled(Array.from({ length: n }, (_, i) => i), generator(seed));
  const test = order.slice(0, nTest);
  const train = order.slice(nTest);
  return {
    XTrain: indexSelect(X, 0, train),
    yTrain: indexSelect(y, 0, train),
    XTest: indexSelect(X, 0, test),
    yTest: indexSelect(y, 0, test),
  };
}
