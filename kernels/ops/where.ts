/** where(cond, a, b): a where cond != 0, else b, all broadcasting. Gradient flows to a and b. */
import { runOp } from '../run_op.ts';
import { broadcastShapes } from '../shape.ts';
import type { Operand, Tensor } from '../tensor.ts';
import { toTensor } from './operand.ts';

/** @example where(gt(x, 0), x, 0); // relu */
export function where(cond: Operand, a: Operand, b: Operand): Tensor {
  const c = toTensor(cond, 'where'), x = toTensor(a, 'where'), y = toTensor(b, 'where');
  const out = broadcastShapes('where', c.shape, x.shape, y.shape);
  return runOp('where', [c, x, y], out, (be, [cs, xs, ys]) => be.where(cs, c.shape, xs, x.shape, ys, y.shape, out));
}
