/** Undo a broadcast in a gradient: sum over the stretched axes, then reshape to the input's shape. */
import type { Tensor } from '../tensor.ts';
import { shapesEqual } from '../shape.ts';
import { sum } from '../ops/reduce.ts';
import { reshape } from '../ops/shape_ops.ts';

/**
 * @example unbroadcast(ones([2, 3]), [3]); // [2, 2, 2]: each b[j] fed two outputs
 */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return reshape(sum(g, axes), shape);
}
