/** Broadcasting arithmetic: add, sub, mul, div, pow, maximum, minimum. Gradients in gradients/arithmetic.ts. */
import type { BinaryOp } from '../backends/backend.ts';
import { runOp } from '../run_op.ts';
import { broadcastShapes } from '../shape.ts';
import type { Operand, Tensor } from '../tensor.ts';
import { toTensor } from './operand.ts';

/** Shared by arithmetic and comparisons: broadcast check, then the binary kernel. */
export function binaryOp(op: BinaryOp, a: Operand, b: Operand, nonDifferentiable = false): Tensor {
  const x = toTensor(a, op), y = toTensor(b, op);
  const out = broadcastShapes(op, x.shape, y.shape);
  return runOp(op, [x, y], out, (be, [s, t]) => be.binary(op, s, x.shape, t, y.shape, out), { nonDifferentiable });
}

/** a + b, broadcasting. @example add(tensor([[1], [2]]), tensor([10, 20])); // [[11, 21], [12, 22]] */
export function add(a: Operand, b: Operand): Tensor {
  return binaryOp('add', a, b);
}

/** a - b, broadcasting. @example sub(tensor([3, 4]), 1); // [2, 3] */
export function sub(a: Operand, b: Operand): Tensor {
  return binaryOp('sub', a, b);
}

/** a * b elementwise, broadcasting. @example mul(tensor([1, 2]), 3); // [3, 6] */
export function mul(a: Operand, b: Operand): Tensor {
  return binaryOp('mul', a, b);
}

/** a / b elementwise, broadcasting. @example div(tensor([1, 2]), 2); // [0.5, 1] */
export function div(a: Operand, b: Operand): Tensor {
  return binaryOp('div', a, b);
}

/** a ** b elementwise. @example pow(tensor([2, 3]), 2); // [4, 9] */
export function pow(a: Operand, b: Operand): Tensor {
  return binaryOp('pow', a, b);
}

/** Elementwise max; on ties the gradient is split evenly. @example maximum(tensor([1, 5]), 3); // [3, 5] */
export function maximum(a: Operand, b: Operand): Tensor {
  return binaryOp('maximum', a, b);
}

/** Elementwise min; on ties the gradient is split evenly. @example minimum(tensor([1, 5]), 3); // [1, 3] */
export function minimum(a: Operand, b: Operand): Tensor {
  return binaryOp('minimum', a, b);
}
