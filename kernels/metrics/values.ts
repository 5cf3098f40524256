/** Inputs of the metrics: tensors or (nested) number arrays, read as flat numbers. */
import type { Tensor } from '../tensor.ts';

/** A tensor, a flat array, or nested arrays such as a [n, 1] column. */
export type Values = Tensor | readonly number[] | readonly (readonly number[])[] | ArrayLike<number>;

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && (v as { _isTensor?: boolean })._isTensor === true;
}

/** Flatten to plain numbers (a [n, 1] column and a [n] vector read the same). */
export function flat(values: Values, name: string): number[] {
  if (isTensor(values)) return Array.from(values.dataSync());
  if (Array.isArray(values)) return (values as unknown[]).flat(Infinity) as number[];
  if (values && typeof (values as ArrayLike<number>).length === 'number') return Array.from(values as ArrayLike<number>);
  throw new Error(`metrics.${name}: invalid input: ${String(values)}`);
}

/** Labels and predictions as equal-length flat arrays. */
export function pair(yTrue: Values, yPred: Values, name: string): [number[], number[]] {
  const a = flat(yTrue, name);
  const b = flat(yPred, name);
  if (a.length !== b.length) throw new Error(`metrics.${name}: ${a.length} labels but ${b.length} predictions`);
  if (a.length === 0) throw new Error(`metrics.${name}: no samples`);
  return [a, b];
}

/** 0/1 labels only (a prediction of 1 means "positive"). */
export function binary(values: number[], name: string): number[] {
  for (const v of values) if (v !== 0 && v !== 1) throw new Error(`metrics.${name}: expected 0/1 labels, got ${v} (threshold probabilities first, e.g. p.ge(0.5))`);
  return values;
}
