/** Operands: tensors pass through; numbers become constant scalar tensors. */
import { Tensor, type Operand } from '../tensor.ts';
import { fromFlat } from './creation.ts';

/** @example toTensor(2, 'mul'); // tensor(2.) of shape [] */
export function toTensor(x: Operand, op: string): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return fromFlat([x], []);
  throw new Error(`${op}: expected a Tensor or a number, got ${describeValue(x)}`);
}

function describeValue(x: unknown): string {
  if (Array.isArray(x)) return 'an array (wrap it with tensor(...))';
  return x === null ? 'null' : typeof x;
}
