/** Two-dimensional classification sets: blobs, moons, circles (after scikit-learn's make_*). */
import { tensor } from '../ops/creation.ts';
import type { Generator } from '../random.ts';
import { column, generator, matrix, positiveInt, shuffled, type Dataset } from './seed.ts';

/** n points split as evenly as possible into k classes, then shuffled. */
function labelled(n: number, k: number, g: Generator, point: (label: number) => number[]): { rows: number[][]; labels: number[] } {
  const labels = shuffled(Array.from({ length: n }, (_, i) => i % k), g);
  return { rows: labels.map((c) => point(c)), labels };
}

export interface BlobsOptions {
  /** Number of points (default 200). */
  n?: number;
  /** One centre per class (default [[-1, -1], [1, 1]]: two classes in 2-D). */
  centers?: number[][];
  /** Standard deviation of each blob, per axis (default 1). */
  std?: number;
  seed?: number;
}

/**
 * Gaussian blobs: class c is N(centers[c], std²·I). With two centres y is [n, 1] of 0/1
 * (for binaryCrossEntropy); with more, y is [n] of class indices (for crossEntropy).
 * @example
 * const { X, y } = blobs({ n: 200, centers: [[-1, -1], [1, 1]], std: 0.8, seed: 1 });
 * X.shape; y.shape; // [200, 2], [200, 1]
 */
export function blobs(options: BlobsOptions = {}): Dataset {
  const { n = 200, centers = [[-1, -1], [1, 1]], std = 1, seed } = options;
  positiveInt('blobs', n);
  if (centers.length < 2) throw new Error(`datasets.blobs: invalid centers: need at least 2, got ${centers.length}`);
  const g = generator(seed);
  const { rows, labels } = labelled(n, centers.length, g, (c) => centers[c].map((m) => m + std * g.normal()));
  return { X: matrix(rows), y: centers.length === 2 ? column(labels) : tensor(labels) };
}

export interface NoisyOptions {
  /** Number of points (default 200). */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1). */
  noise?: number;
  seed?: number;
}

/**
 * Two interleaving half circles: class 0 on (cos t, sin t), class 1 on (1 − cos t, 0.5 − sin t),
 * t ~ U(0, π), plus noise. Not linearly separable. y is [n, 1] of 0/1.
 * @example const { X, y } = moons({ n: 200, noise: 0.1, seed: 0 }); // X [200, 2]
 */
export function moons(options: NoisyOptions = {}): Dataset {
  const { n = 200, noise = 0.1, seed } = options;
  positiveInt('moons', n);
  const g = generator(seed);
  const { rows, labels } = labelled(n, 2, g, (c) => {
    const t = Math.PI * g.uniform();
    const p = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    return p.map((v) => v + noise * g.normal());
  });
  return { X: matrix(rows), y: column(labels) };
}

export interface CirclesOptions extends NoisyOptions {
  /** Radius of the inner circle (class 1) relative to the outer one (class 0); default 0.5. */
  factor?: number;
}

/**
 * A circle inside a circle: class 0 on radius 1, class 1 on radius `factor`, plus noise.
 * y is [n, 1] of 0/1.
 * @example const { X, y } = circles({ n: 200, noise: 0.05, factor: 0.5, seed: 0 });
 */
export function circles(options: CirclesOptions = {}): Dataset {
  const { n = 200, noise = 0.05, factor = 0.5, seed } = options;
  positiveInt('circles', n);
  if (!(factor > 0 && factor < 1)) throw new Error(`datasets.circles: invalid factor: ${factor}`);
  const g = generator(seed);
  const { rows, labels } = labelled(n, 2, g, (c) => {
    const t = 2 * Math.PI * g.uniform();
    const r = c === 0 ? 1 : factor;
    return [r * Math.cos(t) + noise * g.normal(), r * Math.sin(t) + noise * g.normal()];
  });
  return { X: matrix(rows), y: column(labels) };
}
