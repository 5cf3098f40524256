/** Gradients of sum, max, min: broadcast dy back over the reduced axes. */
import { registerGradient, type GradContext } from '../autograd/registry.ts';
import { div, mul } from '../ops/binary.ts';
import { eq } from '../ops/compare.ts';
import { sum } from '../ops/reduce.ts';
import { broadcastTo, reshape } from '../ops/shape_ops.ts';
import type { Tensor } from '../tensor.ts';

/** dy (or the output) reshaped with size-1 dims on the reduced axes, so it broadcasts over x. */
function keepDimsShape(t: Tensor, ctx: GradContext): Tensor {
  const axes = ctx.attrs.axes as number[];
  const x = ctx.inputs[0];
  return reshape(t, x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

registerGradient('sum', (dy, ctx) => [() => broadcastTo(keepDimsShape(dy, ctx), ctx.inputs[0].shape)]);

// the gradient goes to the extreme entries, shared evenly among ties (like torch.amax)
function extremeGrad(dy: Tensor, ctx: GradContext): Tensor {
  const x = ctx.inputs[0];
  const axes = ctx.attrs.axes as number[];
  const mask = eq(x, keepDimsShape(ctx.output, ctx));
  const count = axes.length ? sum(mask, axes, true) : mask;
  return mul(div(mask, count), keepDimsShape(dy, ctx));
}

registerGradient('max', (dy, ctx) => [() => extremeGrad(dy, ctx)]);
registerGradient('min', (dy, ctx) => [() => extremeGrad(dy, ctx)]);
