/**
 * Checking a traced tape from the worker before the step-through viewer draws it: field types,
 * the caps in limits.ts, and that every step names nodes of the tape (the viewer looks them up).
 */
import type { Preview, TraceData, TraceNode, TraceStep } from './trace-data.ts';
import { MAX_LABEL, MAX_NAME, MAX_PREVIEW, MAX_RANK, TRACE_EQUATIONS, TRACE_INPUTS, TRACE_NODES, TRACE_TEX } from './limits.ts';
import { fail, int, list, nullable, oneOf, record, text } from './validate-read.ts';

const PHASES = ['forward', 'loss', 'backward'] as const;

/** Reads a tape, or throws Malformed naming the first problem. */
export function readTrace(v: unknown, what = 'tape'): TraceData {
  const t = record(v, what);
  const nodes = list(t.nodes, TRACE_NODES, `${what}.nodes`, readNode);
  const ids = new Set(nodes.map((n) => n.id));
  // A real tape has at most 3 node ids per node across its steps (forward, backward, parameters).
  const budget = { left: 4 * nodes.length + 4 };
  return {
    title: text(t.title, MAX_LABEL, `${what}.title`),
    nodes,
    steps: list(t.steps, 2 * nodes.length + 2, `${what}.steps`, (s, where) => readStep(s, where, ids, budget)),
    equations: list(t.equations, TRACE_EQUATIONS, `${what}.equations`, (e, where) => {
      const eq = record(e, where);
      return { label: text(eq.label, MAX_LABEL, `${where}.label`), tex: text(eq.tex, TRACE_TEX, `${where}.tex`) };
    }),
  };
}

function readNode(v: unknown, what: string): TraceNode {
  const n = record(v, what);
  return {
    id: int(n.id, `${what}.id`),
    op: text(n.op, MAX_NAME, `${what}.op`),
    inputs: list(n.inputs, TRACE_INPUTS, `${what}.inputs`, (x, w) => int(x, w)),
    label: nullable(n.label, (x) => text(x, MAX_LABEL, `${what}.label`)),
    shape: list(n.shape, MAX_RANK, `${what}.shape`, (x, w) => int(x, w, 0)),
    value: nullable(n.value, (x) => readPreview(x, `${what}.value`)),
    grad: nullable(n.grad, (x) => readPreview(x, `${what}.grad`)),
  };
}

function readStep(v: unknown, what: string, ids: Set<number>, budget: { left: number }): TraceStep {
  const s = record(v, what);
  const nodeIds = list(s.nodeIds, ids.size, `${what}.nodeIds`, (x, w) => {
    const id = int(x, w);
    if (!ids.has(id)) fail(`${w}: no node ${id} in the tape`);
    return id;
  });
  if (nodeIds.length === 0) fail(`${what}.nodeIds: empty`);
  budget.left -= nodeIds.length;
  if (budget.left < 0) fail(`${what}: too many node ids across the steps`);
  return {
    phase: oneOf(s.phase, PHASES, `${what}.phase`),
    nodeIds,
    title: text(s.title, MAX_LABEL, `${what}.title`),
    equation: nullable(s.equation, (x) => text(x, MAX_LABEL, `${what}.equation`)),
  };
}

/** A small matrix of formatted entries (null marks a cut). */
export function readPreview(v: unknown, what: string): Preview {
  return list(v, MAX_PREVIEW, what, (row, w) => list(row, MAX_PREVIEW, w, (x, wx) => nullable(x, (y) => text(y, MAX_NAME, wx))));
}
