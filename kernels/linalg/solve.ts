/** `linalg.solve(A, B)`: X with A X = B, computed in float64 on the host, differentiable in A and B. */
import type { Tensor } from '../tensor.ts';
import { registerGradient } from '../autograd/registry.ts';
import { runOp } from '../run_op.ts';
import { fmt } from '../shape.ts';
import { neg } from '../ops/unary.ts';
import { matmul } from '../ops/matmul.ts';
import { reshape, transpose } from '../ops/shape_ops.ts';
import { gaussSolve, requireFinite } from './host.ts';
import { hostMatrix, requireRhs, rhsColumns } from './operands.ts';

/**
 * X with A·X = B, for A [n, n] and B [n] (X [n]) or [n, k] (X [n, k], one solve per column), by
 * Gaussian elimination with partial pivoting in float64 on the host (the result is stored on the
 * current backend). A singular A (to working precision) is an error that says so. Gradients:
 * dB = A⁻ᵀ·dX, dA = −dB·Xᵀ (both a solve with Aᵀ, so no inverse is formed).
 * @example
 * linalg.solve(tensor([[2, 1], [1, 3]]), tensor([3, 5])); // [0.8, 1.4]
 * // normal equations of least squares: (AᵀA) β = Aᵀy
 * const beta = linalg.solve(A.transpose().matmul(A), A.transpose().matmul(y));
 */
export function solve(A: Tensor, B: Tensor): Tensor {
  if (A.rank !== 2 || A.shape[0] !== A.shape[1]) throw new Error(`linalg.solve: A must be square [n, n], got ${fmt(A.shape)}`);
  const n = A.shape[0];
  requireRhs(B, n, 'linalg.solve', 'B', `A ${fmt(A.shape)}`);
  const k = rhsColumns(B);
  return runOp('linalgSolve', [A, B], B.shape, (backend, [a, b]) => {
    const hostA = hostMatrix(backend, a, n, n);
    const hostB = hostMatrix(backend, b, n, k);
    requireFinite(hostA, 'linalg.solve', 'A');
    requireFinite(hostB, 'linalg.solve', 'B');
    return backend.upload(gaussSolve(hostA, hostB));
  });
}

/** B as a matrix: a vector [n] becomes the column [n, 1]. */
function asColumns(t: Tensor): Tensor {
  return t.rank === 1 ? reshape(t, [t.shape[0], 1]) : t;
}

registerGradient('linalgSolve', (dy, { inputs: [A, B], output: X }) => {
  // one solve with Aᵀ serves both inputs; thunks run only for inputs that need a gradient
  let dB: Tensor | undefined;
  const gradB = () => (dB ??= solve(transpose(A), dy));
  return [
    () => neg(matmul(asColumns(gradB()), transpose(asColumns(X)))),
    () => reshape(gradB(), B.shape),
  ];
});
