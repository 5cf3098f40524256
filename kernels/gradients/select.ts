/** Gradients that route dy to one side: where, maximum, minimum (ties split evenly). */
import { registerGradient } from '../autograd/registry.ts';
import { unbroadcast } from '../autograd/unbroadcast.ts';
import { add, mul } from '../ops/binary.ts';
import { eq, gt, lt } from '../ops/compare.ts';
import { where } from '../ops/where.ts';
import type { Tensor } from '../tensor.ts';

// cond gets no gradient; a and b get dy where they were picked
registerGradient('where', (dy, { inputs: [c, a, b] }) => [
  null,
  () => unbroadcast(where(c, dy, 0), a.shape),
  () => unbroadcast(where(c, 0, dy), b.shape),
]);

/** 1 where `a` won, 1/2 on ties, 0 where it lost. */
function share(win: (x: Tensor, y: Tensor) => Tensor, a: Tensor, b: Tensor): Tensor {
  return add(win(a, b), mul(eq(a, b), 0.5));
}

registerGradient('maximum', (g, { inputs: [a, b] }) => [
  () => unbroadcast(mul(g, share(gt, a, b)), a.shape),
  () => unbroadcast(mul(g, share(gt, b, a)), b.shape),
]);

registerGradient('minimum', (g, { inputs: [a, b] }) => [
  () => unbroadcast(mul(g, share(lt, a, b)), a.shape),
  () => unbroadcast(mul(g, share(lt, b, a)), b.shape),
]);
