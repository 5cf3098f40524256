/**
 * What the step-through viewer shows: the tape of one forward + backward pass, serialised in the
 * worker (src/cells/trace.ts) and drawn on the page (components/stepper/stepper.ts).
 */

/** A matrix preview: rows of formatted entries; null marks a cut ("…"). Scalars are [[x]]. */
export type Preview = (string | null)[][];

export interface TraceNode {
  id: number;
  /** Op name, or 'leaf' (a tensor that requires grad) / 'constant' (data). */
  op: string;
  inputs: number[];
  label: string | null;
  shape: number[];
  value: Preview | null;
  /** d loss / d this tensor, after the backward pass. */
  grad: Preview | null;
}

export interface TraceStep {
  phase: 'forward' | 'loss' | 'backward';
  /** The node(s) this step shows; a composite op (sigmoid, softmax, a loss) folds several. */
  nodeIds: number[];
  /** Short name of the step: the op, or the composite's name. */
  title: string;
  /** Label of the equation to highlight, if one matches. */
  equation: string | null;
}

export interface TraceEquation {
  label: string;
  /** TeX source; the viewer renders it with KaTeX on the page (never markup from the worker). */
  tex: string;
}

export interface TraceData {
  title: string;
  nodes: TraceNode[];
  steps: TraceStep[];
  equations: TraceEquation[];
}
