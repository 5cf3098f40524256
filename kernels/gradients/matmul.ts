/** Gradient of matmul: dA = dY @ B^T, dB = A^T @ dY, then summed over broadcast batch dims. */
import { registerGradient } from '../autograd/registry.ts';
import { unbroadcast } from '../autograd/unbroadcast.ts';
import { matmulT } from '../ops/matmul.ts';

registerGradient('matmul', (dy, { inputs: [a, b], attrs }) => {
  const ta = attrs.transposeA as boolean, tb = attrs.transposeB as boolean;
  return [
    // Y = op(A) op(B): d op(A) = dY op(B)^T; when A was used transposed, dA = (dY op(B)^T)^T = op(B) dY^T
    () => unbroadcast(ta ? matmulT(b, dy, tb, true) : matmulT(dy, b, false, !tb), a.shape),
    // d op(B) = op(A)^T dY; when B was used transposed, dB = dY^T op(A)
    () => unbroadcast(tb ? matmulT(dy, a, true, ta) : matmulT(a, dy, !ta, false), b.shape),
  ];
});
