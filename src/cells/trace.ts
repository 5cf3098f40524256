/**
 * `trace(loss, { title, equations })`: records the autograd tape below `loss` for the
 * step-through viewer. Runs its own backward pass (keeping every intermediate gradient) and
 * then puts each parameter's `.grad` back as it was, so tracing never changes a training run.
 */
import type { Tensor } from '../../kernels/index.ts';
import { tapeOf, type TapeNode } from '../../kernels/index.ts';
import { previewRows } from './inspect.ts';
import type { Preview, TraceData, TraceNode, TraceStep } from './trace-data.ts';

export interface TraceOptions {
  title?: string;
  /** Equations to show beside the tape; a node labelled `label` highlights its equation. */
  equations?: { label: string; tex: string }[];
}

export function traceLoss(loss: Tensor, options: TraceOptions = {}): TraceData {
  if (loss.size !== 1) throw new Error(`trace: expected a scalar loss, got shape [${loss.shape.join(',')}]`);
  const tape = tapeOf(loss);
  const grads = gradientsOf(loss, tape);
  const nodes: TraceNode[] = tape.map((n) => ({
    id: n.id,
    op: n.op,
    inputs: [...n.inputs],
    label: n.label ?? null,
    shape: [...n.shape],
    value: preview(n.value),
    grad: preview(grads.get(n.id) ?? null),
  }));
  const labels = new Set((options.equations ?? []).map((e) => e.label));
  return {
    title: options.title ?? 'trace',
    nodes,
    steps: stepsOf(tape, loss.id, labels),
    // TeX only: the page renders it (stepper.ts), so no markup made in the worker reaches the page.
    equations: (options.equations ?? []).map((e) => ({ label: String(e.label), tex: String(e.tex) })),
  };
}

/** Gradient of `loss` with respect to every node, leaving the tensors' `.grad` as they were. */
function gradientsOf(loss: Tensor, tape: TapeNode[]): Map<number, unknown> {
  const saved = tape.map((n) => [n.tensor, n.tensor.grad] as const);
  for (const [t] of saved) t.grad = null;
  try {
    loss.backward(undefined, { retainGrad: true });
    return new Map(tape.map((n) => [n.id, n.tensor.grad ? n.tensor.grad.toArray() : null]));
  } finally {
    for (const [t, grad] of saved) {
      if (t.grad && t.grad !== grad) t.grad.dispose();
      t.grad = grad;
    }
  }
}

/** Forward steps in tape order (a composite folded into one), the loss, then backward in reverse. */
function stepsOf(tape: TapeNode[], lossId: number, labels: Set<string>): TraceStep[] {
  const forward: TraceStep[] = [];
  for (const n of tape) {
    if (n.op === 'leaf' || n.op === 'constant') continue;
    const group = n.group[0];
    const last = forward[forward.length - 1];
    if (group && last && last.title === group) {
      last.nodeIds.push(n.id);
    } else {
      forward.push({ phase: 'forward', nodeIds: [n.id], title: group ?? n.op, equation: null });
    }
  }
  const byId = new Map(tape.map((n) => [n.id, n]));
  for (const step of forward) {
    step.title = step.title.replace(/#\d+$/, '');
    step.equation = matchingEquation(step.nodeIds, byId, labels);
  }
  const lossStep: TraceStep = { phase: 'loss', nodeIds: [lossId], title: 'loss', equation: matchingEquation([lossId], byId, labels) };
  const backward: TraceStep[] = [...forward]
    .reverse()
    .map((s) => ({ ...s, phase: 'backward' as const }));
  const leaves = tape.filter((n) => n.op === 'leaf');
  if (leaves.length) backward.push({ phase: 'backward', nodeIds: leaves.map((n) => n.id), title: 'parameters', equation: null });
  return [...forward, lossStep, ...backward];
}

function matchingEquation(ids: number[], byId: Map<number, TapeNode>, labels: Set<string>): string | null {
  for (const id of [...ids].reverse()) {
    const label = byId.get(id)?.label;
    if (label && labels.has(label)) return label;
  }
  return null;
}

/** A value or gradient as a small matrix, formatted and cut like a cell's tensor output. */
function preview(value: unknown): Preview | null {
  if (value === null || value === undefined) return null;
  return previewRows(toRows(value));
}

/** Scalars become [[x]], vectors one row; higher ranks are flattened into their first axis. */
function toRows(value: unknown): number[][] {
  if (typeof value === 'number') return [[value]];
  const arr = value as unknown[];
  if (arr.length === 0 || typeof arr[0] === 'number') return [arr as number[]];
  return (arr as unknown[]).map((row) => (row as unknown[]).flat(Infinity) as number[]);
}
