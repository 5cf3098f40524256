/** `linalg.lstsq(X, y, { l2 })`: least squares (ridge with l2 > 0) in float64 on the host, differentiable in X and y. */
import type { Tensor } from '../tensor.ts';
import { registerGradient } from '../autograd/registry.ts';
import { runOp } from '../run_op.ts';
import { fmt } from '../shape.ts';
import { add, mul, sub } from '../ops/binary.ts';
import { eye } from '../ops/creation.ts';
import { matmul } from '../ops/matmul.ts';
import { reshape, transpose } from '../ops/shape_ops.ts';
import { householderLstsq, requireFinite } from './host.ts';
import { hostMatrix, requireRhs, rhsColumns } from './operands.ts';
import { solve } from './solve.ts';

export interface LstsqOptions {
  /** Ridge penalty λ ≥ 0 on ‖w‖² (default 0: ordinary least squares). */
  l2?: number;
}

/**
 * w minimising ‖X·w − y‖² + l2·‖w‖², for X [n, d] and y [n] (w [d]) or [n, k] (w [d, k]). Solved
 * in float64 on the host by Householder QR of [X; √l2·I] (accurate even when XᵀX is badly
 * conditioned, as with unscaled features), stored on the current backend. The solution satisfies
 * the normal equations (XᵀX + l2·I)·w = Xᵀy. Add a column of ones to X for an intercept (it is
 * penalised too). X with linearly dependent columns and l2 = 0 is an error.
 * @example
 * const A = concat([ones([n, 1]), X], 1);
 * const beta = linalg.lstsq(A, y);            // ordinary least squares
 * const ridge = linalg.lstsq(A, y, { l2: 1 }); // shrunk toward 0
 */
export function lstsq(X: Tensor, y: Tensor, { l2 = 0 }: LstsqOptions = {}): Tensor {
  if (X.rank !== 2) throw new Error(`linalg.lstsq: X must be [n, d], got ${fmt(X.shape)}`);
  if (!(l2 >= 0) || !Number.isFinite(l2)) throw new Error(`linalg.lstsq: l2 must be a finite number ≥ 0, got ${l2}`);
  const [n, d] = X.shape;
  requireRhs(y, n, 'linalg.lstsq', 'y', `X ${fmt(X.shape)}`);
  const k = rhsColumns(y);
  const outShape = y.rank === 1 ? [d] : [d, k];
  return runOp('linalgLstsq', [X, y], outShape, (backend, [x, b]) => {
    const hostX = hostMatrix(backend, x, n, d);
    const hostY = hostMatrix(backend, b, n, k);
    requireFinite(hostX, 'linalg.lstsq', 'X');
    requireFinite(hostY, 'linalg.lstsq', 'y');
    return backend.upload(householderLstsq(hostX, hostY, l2));
  }, { attrs: { l2 } });
}

/** A vector [n] as the column [n, 1]. */
function asColumns(t: Tensor): Tensor {
  return t.rank === 1 ? reshape(t, [t.shape[0], 1]) : t;
}

// w = M⁻¹Xᵀy with M = XᵀX + λI (symmetric). With s = M⁻¹·dw and r = y − Xw:
// dy = X·s, dX = r·sᵀ − (X·s)·wᵀ (differentiate M·w = Xᵀy; dM = dXᵀX + XᵀdX).
registerGradient('linalgLstsq', (dy, { inputs: [X, y], output: w, attrs }) => {
  let s: Tensor | undefined;
  const sOf = () => (s ??= solve(add(matmul(transpose(X), X), mul(eye(X.shape[1]), attrs.l2 as number)), asColumns(dy)));
  return [
    () => {
      const W = asColumns(w);
      const r = sub(asColumns(y), matmul(X, W));
      return sub(matmul(r, transpose(sOf())), matmul(matmul(X, sOf()), transpose(W)));
    },
    () => reshape(matmul(X, sOf()), y.shape),
  ];
});
