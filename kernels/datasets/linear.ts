/** `linear`: points on a line (or plane) plus Gaussian noise. */
import { column, generator, matrix, positiveInt, type Dataset } from './seed.ts';

export interface LinearOptions {
  /** Number of points (default 100). */
  n?: number;
  /** Slope, or one weight per feature (default 2). */
  w?: number | number[];
  /** Intercept (default 1). */
  b?: number;
  /** Standard deviation of the Gaussian noise added to y (default 0.1). */
  noise?: number;
  /** x is uniform on [low, high) (default [0, 1], as document 000's np.random.rand). */
  range?: [number, number];
  seed?: number;
}

/**
 * y = X·w + b + noise·ε, ε ~ N(0, 1), x uniform on `range`. X is [n, d], y is [n, 1].
 * @example
 * const { X, y } = linear({ n: 100, w: 2, b: 1, noise: 0.1, seed: 42 });
 * X.shape; // [100, 1]
 */
export function linear(options: LinearOptions = {}): Dataset {
  const { n = 100, w = 2, b = 1, noise = 0.1, range = [0, 1], seed } = options;
  positiveInt('linear', n);
  const ws = typeof w === 'number' ? [w] : w;
  const g = generator(seed);
  const [low, high] = range;
  const rows: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = ws.map(() => low + (high - low) * g.uniform());
    ys.push(x.reduce((s, xi, j) => s + xi * ws[j], b) + noise * g.normal());
    rows.push(x);
  }
  return { X: matrix(rows), y: column(ys) };
}
