/**
 * Reverse-mode autodiff in the micrograd shape: topological order, seed with 1, walk in
 * reverse, and ADD into `.grad`. Runs under noGrad (no higher-order graphs) inside its own
 * tidy scope, so intermediate gradients are freed; leaf gradients are kept.
 */
import type { Tensor } from '../tensor.ts';
import { fmt, shapesEqual } from '../shape.ts';
import { noGrad, checkNumericsMode } from '../grad_mode.ts';
import { keep, tidy } from '../scope.ts';
import { add } from '../ops/binary.ts';
import { onesLike } from '../ops/creation.ts';
import { checkFinite } from '../run_op.ts';
import { getGradient } from './registry.ts';
import { composite } from './recorder.ts';
import { topoSort } from './topo.ts';

/**
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * w.mul(w).sum().backward(); // w.grad = [2, 4]
 */
export function backward(root: Tensor, grad?: Tensor, options: { retainGrad?: boolean } = {}): void {
  if (!root.requiresGrad) {
    throw new Error(`backward: tensor ${root.describe()} does not require grad ` +
      `(no input on its path has requiresGrad: true, or it was made under noGrad)`);
  }
  if (grad === undefined && root.size !== 1) {
    throw new Error(`backward: can only be called on a scalar, got shape ${fmt(root.shape)} ` +
      `(reduce it, e.g. .sum(), or pass a gradient of that shape)`);
  }
  if (grad !== undefined && !shapesEqual(grad.shape, root.shape)) {
    throw new Error(`backward: gradient shape ${fmt(grad.shape)} differs from tensor shape ${fmt(root.shape)}`);
  }
  const order = topoSort(root, (t) => t.requiresGrad);
  const retained = tidy(() => noGrad(() => {
    const grads = new Map<Tensor, Tensor>();
    grads.set(root, grad ?? onesLike(root));
    const kept: Tensor[] = [];
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t);
      if (!g || !t.requiresGrad) continue;
      grads.delete(t);
      if (!t.node) {
        accumulate(t, g, true);
        continue;
      }
      if (options.retainGrad || t._retainGrad) kept.push(accumulate(t, g, false));
      propagate(t, g, grads);
    }
    return kept;
  }));
  void retained; // handed to the enclosing tidy scope, if any
}

/** Run t's gradient function and add each input's share into `grads`. */
function propagate(t: Tensor, g: Tensor, grads: Map<Tensor, Tensor>): void {
  const { op, inputs, attrs } = t.node!;
  const fn = getGradient(op);
  if (!fn) throw new Error(`backward: op '${op}' has no gradient (needed for ${t.describe()})`);
  const thunks = fn(g, { inputs, output: t, attrs });
  const mode = checkNumericsMode();
  inputs.forEach((x, j) => {
    if (!x.requiresGrad) return;
    const thunk = thunks[j];
    if (!thunk) return; // not differentiable in this input (where's cond, an index): no contribution
    let gx: Tensor;
    try {
      // inside recordTape, the gradient's ops are recorded too, grouped as 'backward:<op>#n'
      gx = composite(`backward:${op}`, thunk);
    } catch (e) {
      throw new Error(`backward of ${op}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!shapesEqual(gx.shape, x.shape)) {
      throw new Error(`backward: gradient of '${op}' for input ${j} has shape ${fmt(gx.shape)} ` +
        `but the input has shape ${fmt(x.shape)}`);
    }
    if (mode) checkFinite(`backward of ${op} (input ${j})`, gx.dataSync(), gx.shape, mode);
    const prev = grads.get(x);
    grads.set(x, prev ? add(prev, gx) : gx);
  });
}

/** t.grad += g (a fresh tensor; old one disposed). Leaf grads survive every tidy. */
function accumulate(t: Tensor, g: Tensor, isLeaf: boolean): Tensor {
  const prev = t.grad;
  const next = prev ? add(prev, g) : g.detach();
  if (prev) prev.dispose();
  t.grad = isLeaf || t._kept ? keep(next) : next;
  return next;
}
