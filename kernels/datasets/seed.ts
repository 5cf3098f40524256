/** Shared bits of the datasets: the seeded generator and array → tensor helpers. */
import { Generator } from '../random.ts';
import { tensor } from '../ops/creation.ts';
import type { Tensor } from '../tensor.ts';

/** A dataset: features X [n, d] and targets y ([n, 1] for regression and binary labels). */
export interface Dataset {
  X: Tensor;
  y: Tensor;
}

/** Every generator takes a seed, so the same call gives the same data on every run. */
export function generator(seed: number | undefined): Generator {
  return new Generator(seed ?? 0);
}

/** rows [[...], ...] → tensor [n, d]; a column of numbers → tensor [n, 1]. */
export function matrix(rows: number[][]): Tensor {
  return tensor(rows);
}
export function column(values: number[]): Tensor {
  return tensor(values.map((v) => [v]));
}

/** Fisher–Yates on a copy, with the dataset's own generator. */
export function shuffled<T>(items: T[], g: Generator): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export function positiveInt(name: string, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`datasets.${name}: invalid n: ${n}`);
  return n;
}
