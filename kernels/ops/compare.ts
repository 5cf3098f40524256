/** Comparisons: 1 where true, 0 where false; no gradient (the result never requires grad). */
import type { Operand, Tensor } from '../tensor.ts';
import { binaryOp } from './binary.ts';

/** @example eq(tensor([1, 2]), 2); // [0, 1] */
export function eq(a: Operand, b: Operand): Tensor {
  return binaryOp('eq', a, b, true);
}
/** @example ne(tensor([1, 2]), 2); // [1, 0] */
export function ne(a: Operand, b: Operand): Tensor {
  return binaryOp('ne', a, b, true);
}
/** @example lt(tensor([1, 2]), 2); // [1, 0] */
export function lt(a: Operand, b: Operand): Tensor {
  return binaryOp('lt', a, b, true);
}
/** @example le(tensor([1, 2]), 2); // [1, 1] */
export function le(a: Operand, b: Operand): Tensor {
  return binaryOp('le', a, b, true);
}
/** @example gt(tensor([1, 2]), 1); // [0, 1] */
export function gt(a: Operand, b: Operand): Tensor {
  return binaryOp('gt', a, b, true);
}
/** @example ge(tensor([1, 2]), 2); // [0, 1] */
export function ge(a: Operand, b: Operand): Tensor {
  return binaryOp('ge', a, b, true);
}
