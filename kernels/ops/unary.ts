/** Elementwise one-input ops. Gradients in gradients/unary.ts. */
import type { UnaryOp } from '../backends/backend.ts';
import { runOp } from '../run_op.ts';
import type { Tensor } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { mul } from './binary.ts';
import { toTensor } from './operand.ts';

function unaryOp(op: UnaryOp, x: Tensor, name: string = op, nonDifferentiable = false): Tensor {
  const t = toTensor(x, name);
  return runOp(name, [t], t.shape, (be, [s]) => be.unary(op, s, t.size), { nonDifferentiable });
}

/** -x. @example neg(tensor([1, -2])); // [-1, 2] */
export function neg(x: Tensor): Tensor {
  return unaryOp('neg', x);
}
/** e^x. @example exp(tensor([0])); // [1] */
export function exp(x: Tensor): Tensor {
  return unaryOp('exp', x);
}
/** Natural log. @example log(tensor([1])); // [0] */
export function log(x: Tensor): Tensor {
  return unaryOp('log', x);
}
/** @example sqrt(tensor([4])); // [2] */
export function sqrt(x: Tensor): Tensor {
  return unaryOp('sqrt', x);
}
/** |x|; its gradient is sign(x) (0 at 0, as in PyTorch). @example abs(tensor([-3])); // [3] */
export function abs(x: Tensor): Tensor {
  return unaryOp('abs', x);
}
/** -1, 0 or 1; no gradient. @example sign(tensor([-3, 0, 2])); // [-1, 0, 1] */
export function sign(x: Tensor): Tensor {
  return unaryOp('sign', x, 'sign', true);
}
/** Hyperbolic tangent (a primitive: its gradient 1 - tanh² reuses the output). @example tanh(tensor([0])); // [0] */
export function tanh(x: Tensor): Tensor {
  return unaryOp('tanh', x);
}
/**
 * The error function 2/√π ∫₀ˣ e^(−t²) dt (a primitive, as in PyTorch: a composite accurate to
 * float64 would be a piecewise rational of ~60 kernels). @example erf(tensor([0, 1])); // [0, 0.8427]
 */
export function erf(x: Tensor): Tensor {
  return unaryOp('erf', x);
}
/** A copy with its own storage, still on the graph. @example const y = x.clone(); */
export function clone(x: Tensor): Tensor {
  return unaryOp('copy', x, 'clone');
}
/** x * x. @example square(tensor([3])); // [9] */
export function square(x: Tensor): Tensor {
  return composite('square', () => {
    return mul(x, x);
  });
}
