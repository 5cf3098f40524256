/**
 * How much one cell run may send and show. The worker keeps to these before posting (so honest
 * output is never refused), and the page enforces them again on whatever arrives, because cell code
 * can call `postMessage` itself. The page's stdout budget is larger than what the capped worker can
 * send (head + notice + tail), so honest output is never cut twice.
 */

/** Characters in one free-text field: stdout text, a value's repr, a tensor's text, an error message, check details. */
export const MAX_TEXT = 100_000;
/** Characters in a short field: labels, ids, titles, `where`, select options. */
export const MAX_LABEL = 1_000;
/** Characters in a name: backend, dtype, op. */
export const MAX_NAME = 64;

/** A run's stdout: the first lines are shown, then only the last ones, with the count left out between. */
export interface StdoutLimits {
  headLines: number;
  headChars: number;
  tailLines: number;
  tailChars: number;
}
/** What the worker sends of one run's console output. */
export const WORKER_STDOUT: StdoutLimits = { headLines: 1_000, headChars: 100_000, tailLines: 200, tailChars: 50_000 };
/** What the page draws of one run's console output (more than the worker can send: head + notice + tail). */
export const PAGE_STDOUT: StdoutLimits = { headLines: 1_500, headChars: 200_000, tailLines: 200, tailChars: 50_000 };
/** One line kept in a tail is cut to this many characters. */
export const TAIL_LINE_CHARS = 2_000;

/** Outputs other than stdout (checks, tensors, new figures, traces, controls) the worker sends per run. */
export const WORKER_OUTPUTS = 1_000;
/** ... and the page draws per run (a little more: the run's value and error come on top). */
export const PAGE_OUTPUTS = 1_100;
/** Controls one cell may have. */
export const MAX_CONTROLS = 32;
/** Options of one select control. */
export const MAX_OPTIONS = 200;
/** Rows of one "compare with float64" answer (values the compared cell produced). */
export const MAX_DRIFT_ROWS = 200;
/** Backends a worker may offer. */
export const MAX_BACKENDS = 16;

/** Tensor outputs: rank, and rows/columns of the preview (the worker cuts long axes to 9). */
export const MAX_RANK = 32;
export const MAX_PREVIEW = 16;
/** Entries of `worst` in a check's details (the helpers send 8). */
export const MAX_WORST = 64;

/** Plot figures are data only: marks per figure, rows per mark, values in a whole spec, nesting. */
export const PLOT_MARKS = 64;
export const PLOT_ROWS = 100_000;
export const PLOT_VALUES = 1_000_000;
export const PLOT_DEPTH = 6;

/** Trace tapes: nodes, inputs per node, equations and the length of one equation's TeX. */
export const TRACE_NODES = 5_000;
export const TRACE_INPUTS = 64;
export const TRACE_EQUATIONS = 64;
export const TRACE_TEX = 2_000;
