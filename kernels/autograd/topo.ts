/** Topological order of the recorded graph below a tensor (inputs before outputs). */
import type { Tensor } from '../tensor.ts';

/**
 * Iterative DFS (long training graphs would overflow recursion).
 * `follow(t)` says whether to descend into t's inputs.
 */
export function topoSort(root: Tensor, follow: (t: Tensor) => boolean): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.node && follow(t) ? t.node.inputs : [];
    if (i < inputs.length) {
      top[1]++;
      const next = inputs[i];
      if (!seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}
