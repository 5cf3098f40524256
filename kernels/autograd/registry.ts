/**
 * Gradient registry: op name -> gradient function (tfjs `registerGradient` style).
 * A gradient function gets the upstream gradient `dy` (shape of the output) and the recorded
 * node, and returns, per input, a thunk computing that input's gradient (same shape as the
 * input), or null where the input is not differentiable. Thunks run only for inputs that
 * require grad. They are written with public ops, so they run on every backend.
 */
import type { Tensor } from '../tensor.ts';

export interface GradContext {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: Readonly<Record<string, unknown>>;
}

export type GradFn = (dy: Tensor, ctx: GradContext) => ((() => Tensor) | null)[];

const gradients = new Map<string, GradFn>();

/**
 * @example registerGradient('exp', (dy, { output }) => [() => mul(dy, output)]);
 */
export function registerGradient(op: string, fn: GradFn): void {
  gradients.set(op, fn);
}

export function getGradient(op: string): GradFn | undefined {
  return gradients.get(op);
}
