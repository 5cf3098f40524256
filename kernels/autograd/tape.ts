/**
 * The tape, as the step-through viewer reads it: one record per tensor in topological order
 * (inputs first), each with a stable id, the op, its input ids, attributes, shape, label,
 * and readable value and gradient.
 */
import type { NestedArray, Tensor } from '../tensor.ts';
import { withRecorder } from './recorder.ts';
import { topoSort } from './topo.ts';

export interface TapeNode {
  /** The tensor's stable id. */
  readonly id: number;
  /** Op name ('matmul', 'add', ...), 'leaf' for tensors that require grad but were not made
   *  by a recorded op (parameters, inputs), 'constant' for other unrecorded tensors. */
  readonly op: string;
  /** Ids of the input tensors, in argument order. */
  readonly inputs: readonly number[];
  /** Op attributes (axis, perm, keepDims, ...). */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Composite ops this node ran inside, outermost first ('softmax#12'); empty when none.
   *  Consecutive nodes sharing a group make one step of the composite in the viewer. */
  readonly group: readonly string[];
  readonly shape: readonly number[];
  /** User label (`t.name = 'w'` or `t.label('w')`), if any. */
  readonly label: string | undefined;
  readonly requiresGrad: boolean;
  /** The tensor itself (live; may since have been disposed). */
  readonly tensor: Tensor;
  /** Forward value as nested arrays (null once disposed). */
  readonly value: NestedArray | null;
  /** `.grad` as nested arrays after backward (null when absent). Intermediate tensors keep
   *  a gradient only with `backward(undefined, { retainGrad: true })` or `t.retainGrad()`. */
  readonly grad: NestedArray | null;
}

function toNode(t: Tensor): TapeNode {
  return {
    id: t.id,
    op: t.node ? t.node.op : t.requiresGrad ? 'leaf' : 'constant',
    inputs: t.node ? t.node.inputs.map((x) => x.id) : [],
    attrs: t.node ? t.node.attrs : {},
    group: t.node?.group ?? [],
    shape: t.shape,
    label: t.name,
    requiresGrad: t.requiresGrad,
    tensor: t,
    get value() {
      return t.isDisposed ? null : t.toArray();
    },
    get grad() {
      return t.grad && !t.grad.isDisposed ? t.grad.toArray() : null;
    },
  };
}

/**
 * The recorded graph below `t`, topologically sorted (every node after its inputs; `t` last).
 * Graph links exist for ops that required grad, or that ran inside `recordTape`.
 * @example
 * const loss = x.matmul(w).sum(); loss.backward(undefined, { retainGrad: true });
 * tapeOf(loss).map((n) => `${n.id} ${n.op}(${n.inputs}) ${n.label ?? ''}`);
 */
export function tapeOf(t: Tensor): TapeNode[] {
  return topoSort(t, () => true).map(toNode);
}

/**
 * Run `fn`, recording every op it runs (whether or not anything requires grad). Returns fn's
 * result and the nodes: the outside tensors the ops read ('leaf'/'constant'), then each op
 * in execution order, which is a topological order.
 * @example
 * const { result: loss, nodes } = recordTape(() => F.mseLoss(x.mul(w), y));
 */
export function recordTape<T>(fn: () => T): { result: T; nodes: TapeNode[] } {
  const made: Tensor[] = [];
  const result = withRecorder((t) => made.push(t), fn);
  const seen = new Set<Tensor>(made);
  const nodes: TapeNode[] = [];
  for (const t of made) {
    for (const x of t.node!.inputs) {
      if (!seen.has(x)) {
        seen.add(x);
        nodes.push(toNode(x));
      }
    }
    nodes.push(toNode(t));
  }
  return { result, nodes };
}
