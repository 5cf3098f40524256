/** `markedToken`: a toy sequence task for attention ("which token carries the marker?"). */
import { tensor } from '../ops/creation.ts';
import type { Tensor } from '../tensor.ts';
import { generator, positiveInt } from './seed.ts';

export interface MarkedTokenOptions {
  /** Number of sequences (default 256). */
  n?: number;
  /** Tokens per sequence, before the query slot (default 6). */
  length?: number;
  /** Vocabulary size (default 8). */
  vocab?: number;
  seed?: number;
}

export interface MarkedTokenDataset {
  /** [n, length + 1, vocab + 2]: one-hot token, then a marker flag, then a query flag. */
  X: Tensor;
  /** [n]: the token at the marked position (a class index). */
  y: Tensor;
  /** The marked position of each sequence (0-based). */
  marks: number[];
  /** length + 1 (the last slot is the query). */
  steps: number;
  /** vocab + 2. */
  features: number;
}

/**
 * Each sequence has `length` random tokens; one position carries a marker. A final query slot
 * (all token entries 0, query flag 1) asks: which token was marked? The answer is y.
 * Feature layout per step: [one-hot token (vocab), marker flag, query flag].
 * @example
 * const { X, y, marks } = markedToken({ n: 4, length: 6, vocab: 8, seed: 0 });
 * X.shape; // [4, 7, 10]; y.shape: [4]
 */
export function markedToken(options: MarkedTokenOptions = {}): MarkedTokenDataset {
  const { n = 256, length = 6, vocab = 8, seed } = options;
  positiveInt('markedToken', n);
  positiveInt('markedToken', length);
  if (!Number.isInteger(vocab) || vocab < 2) throw new Error(`datasets.markedToken: invalid vocab: ${vocab}`);
  const g = generator(seed);
  const steps = length + 1;
  const features = vocab + 2;
  const data = new Float64Array(n * steps * features);
  const labels: number[] = [];
  const marks: number[] = [];
  for (let i = 0; i < n; i++) {
    const mark = g.int(length);
    for (let t = 0; t < length; t++) {
      const token = g.int(vocab);
      const at = (i * steps + t) * features;
      data[at + token] = 1;
      if (t === mark) {
        data[at + vocab] = 1;
        labels.push(token);
      }
    }
    data[(i * steps + length) * features + vocab + 1] = 1; // the query slot
    marks.push(mark);
  }
  return { X: tensor(data, { shape: [n, steps, features] }), y: tensor(labels), marks, steps, features };
}
