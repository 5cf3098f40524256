/**
 * `linalg`: dense linear systems and least squares, computed in float64 on the host (the sizes a
 * textbook solves: tens to hundreds of unknowns), differentiable like any op.
 * @example
 * linalg.solve(tensor([[2, 1], [1, 3]]), tensor([3, 5])); // [0.8, 1.4]
 * linalg.lstsq(concat([ones([n, 1]), X], 1), y);         // intercept and slopes
 */
export { solve } from './solve.ts';
export { lstsq } from './lstsq.ts';
export type { LstsqOptions } from './lstsq.ts';
