/**
 * The page <-> cell worker protocol: discriminated unions on `type`. Every message carries the
 * channel id of the notebook that owns the worker; replies also carry the runId of the run that
 * produced them, so the page drops foreign messages and late output from a superseded run.
 * Cell code runs in the worker and can post anything itself, so the page checks every message
 * against these types before drawing it (validate.ts).
 */

/** Which engine backend to use: a registered name or 'auto'. */
export type BackendName = string;

import type { TraceData } from './trace-data.ts';
import type { PackedCell } from './compiled.ts';

/**
 * The backend cells start on, in the browser and in the Node cell runner alike: 'auto', which runs
 * large ops on WebGL2 (gpu.js, float32) where the GPU is real and everything else on the float32
 * CPU backend (an emulated GPU such as SwiftShader is never faster). The toolbar switches to
 * 'webgl', 'cpu' or the float64 reference 'cpu64'. The test runner runs every cell on this default
 * and again on 'cpu64', so a check that only holds in one precision fails the build.
 */
export const DEFAULT_BACKEND: BackendName = 'auto';

// ---- page -> worker ----

export interface RunRequest {
  type: 'run';
  channel: string;
  runId: number;
  cellId: string;
  code: string;
  /**
   * The build's compiled form of `code`, sent only when `code` is the authored code the build
   * compiled (the reader has not edited it); without it the worker loads the compiler.
   */
  compiled?: PackedCell;
  /** Current values of the cell's controls (sliders, selects), by control id. */
  controls?: Record<string, ControlValue>;
}
export interface ResetRequest {
  type: 'reset';
  channel: string;
  runId: number;
}
export interface SetBackendRequest {
  type: 'setBackend';
  channel: string;
  runId: number;
  backend: BackendName;
}
/**
 * A control changed while its cell runs (a toggle: Start/Stop). Handled at once, not queued behind
 * the running cell: the cell reads the new value at its next `await` (e.g. `await yieldToPage()`).
 * `runId` is the run it is meant for; the session ignores it for any other run.
 */
export interface SetControlRequest {
  type: 'setControl';
  channel: string;
  runId: number;
  id: string;
  value: ControlValue;
}
/**
 * "Compare with float64": replay `cells` (the page's cells down to the one compared, which is
 * last) from a fresh scope and seed on `backend` and on 'cpu64' ('cpu' when `backend` is 'cpu64'),
 * and answer with one DriftMessage. Sent to a worker of its own, so the reader's scope is untouched.
 */
export interface DriftRequest {
  type: 'drift';
  channel: string;
  runId: number;
  backend: BackendName;
  cells: { id: string; code: string; compiled?: PackedCell; controls?: Record<string, ControlValue> }[];
}
/**
 * A cell was edited: load the compiler now (unedited cells run from their build-time compiled form,
 * so the worker has not needed it yet), not when the reader presses Run. Handled at once; no answer.
 */
export interface PrepareCompilerRequest {
  type: 'prepareCompiler';
  channel: string;
  runId: number;
}
export type ToWorker = RunRequest | ResetRequest | SetBackendRequest | SetControlRequest | DriftRequest | PrepareCompilerRequest;

// ---- worker -> page ----

interface Tagged {
  channel: string;
  runId: number;
}

/** console.log / warn / error from a cell. */
export interface StdoutMessage extends Tagged {
  type: 'stdout';
  stream: 'log' | 'warn' | 'error';
  text: string;
}
/** The value of a cell's last expression (not a tensor), as text. */
export interface ValueMessage extends Tagged {
  type: 'value';
  repr: string;
}
/** A tensor to show as a matrix. Large axes are cut to their ends; `null` marks the cut ("…"). */
export interface TensorMessage extends Tagged {
  type: 'tensor';
  shape: number[];
  dtype: string;
  /** Rank <= 2: rows of formatted entries (a vector is one row); rank > 2: null (see `text`). */
  data: (string | null)[][] | null;
  /** Printed form (always present; used for rank > 2 and as the accessible text). */
  text: string;
  /** True when entries were left out. */
  summarised: boolean;
  /** How many entries are NaN (the page warns when > 0). */
  nanCount: number;
}
/** A serialisable Observable Plot figure; a later message with the same figureId replaces it. */
export interface PlotMessage extends Tagged {
  type: 'plot';
  figureId: string;
  spec: FigureSpec;
}
/** For the step-through viewer: a serialised autograd tape (from `trace(loss, {...})`). */
export interface TraceMessage extends Tagged {
  type: 'trace';
  tape: TraceData;
}
/** A check's outcome (check, assertClose, checkGradient). */
export interface CheckMessage extends Tagged {
  type: 'check';
  label: string;
  ok: boolean;
  details?: CheckDetails;
}
export interface ErrorMessage extends Tagged {
  type: 'error';
  kind: 'syntax' | 'runtime' | 'timeout';
  message: string;
  /** 1-based line within the cell, when known. */
  line?: number;
  /** 1-based column within the cell, when known. */
  column?: number;
  cellId?: string;
}
/** Sent once per run, after all its output. */
export interface DoneMessage extends Tagged {
  type: 'done';
  ms: number;
  /** The backend selected when the run ended ('cpu64', 'cpu', 'webgl', 'auto'). */
  backend: BackendName;
  /** GPU kernels compiled so far in this worker (absent when WebGL is not in use). */
  kernelCompiles?: number;
}
/** A control (slider or select) the cell asked for; the page draws it and re-runs on change. */
export interface ControlMessage extends Tagged {
  type: 'control';
  spec: ControlSpec;
}
/**
 * A progress bar (`progress(id, { total })` and its `update(value)`): steps done of `total`, the
 * rate in steps per second and the seconds left at that rate (absent until there is a rate). A
 * later message with the same id updates the bar in place.
 */
export interface ProgressMessage extends Tagged {
  type: 'progress';
  id: string;
  label: string;
  value: number;
  total: number;
  rate?: number;
  remaining?: number;
}
/** Sent when the worker starts and after setBackend: what the engine offers. */
export interface ReadyMessage extends Tagged {
  type: 'ready';
  backends: BackendName[];
  backend: BackendName;
}
/**
 * Sent before `done` (or the error) of a run whose output went over the caps in limits.ts: the
 * console lines left out between the first and the last ones, and the other outputs not sent.
 */
export interface OmittedMessage extends Tagged {
  type: 'omitted';
  lines: number;
  outputs: number;
}
/**
 * The answer to a DriftRequest: per value the compared cell produced, how far the two runs differ.
 * `error` when a replay failed (then `rows` is empty).
 */
export interface DriftMessage extends Tagged {
  type: 'drift';
  /** The backend compared and the float64 reference (or, on cpu64, 'cpu' and 'cpu64'). */
  backend: BackendName;
  reference: BackendName;
  rows: DriftRow[];
  error?: string;
}
/**
 * What the size of a difference suggests: 'equal'; 'rounding' (normwise relative ≤ 1e-6: a few
 * float32 roundings); 'accumulated' (≤ 1e-3: many operations' rounding); 'large' (digits were lost:
 * cancellation or an ill-conditioned step); 'overflow' (finite in float64, ±∞ here); 'nan' (NaN
 * here only); 'nonfinite' (not finite in either, differently); 'mismatch' (shapes or presence differ).
 */
export type DriftNote = 'equal' | 'rounding' | 'accumulated' | 'large' | 'overflow' | 'nan' | 'nonfinite' | 'mismatch';
export interface DriftRow {
  name: string;
  shape: number[];
  /** Largest |a − b| over the finite pairs; null on a mismatch. */
  maxAbs: number | null;
  /** Normwise relative difference ‖a − b‖∞ / ‖b‖∞ (b: the reference run); null on a mismatch. */
  relative: number | null;
  note: DriftNote;
  /** The reference's and this backend's entry where they differ most (the first non-finite one first). */
  reference: number | null;
  value: number | null;
}
export type FromWorker =
  | StdoutMessage | ValueMessage | TensorMessage | PlotMessage | TraceMessage
  | CheckMessage | ErrorMessage | DoneMessage | ReadyMessage | ControlMessage | OmittedMessage | ProgressMessage
  | DriftMessage;

// ---- payloads ----

export type ControlValue = number | string | boolean;
/**
 * `control.range`, `control.select`, `control.text` or `control.toggle`, with the value the cell
 * ran with. A select's options are numbers or strings; a text's value is at most `maxLength`
 * characters; a toggle is a button whose `onLabel` shows while it is on.
 */
export type ControlSpec =
  | { kind: 'range'; id: string; label: string; min: number; max: number; step?: number; scale: 'linear' | 'log'; value: number }
  | { kind: 'select'; id: string; label: string; options: (number | string)[]; value: number | string }
  | { kind: 'text'; id: string; label: string; maxLength: number; placeholder?: string; value: string }
  | { kind: 'toggle'; id: string; label: string; onLabel: string; value: boolean };

export interface CheckDetails {
  /** Free text (from check()'s third argument). */
  text?: string;
  maxAbsError?: number;
  maxRelError?: number;
  /** Worst entries, largest error first (shown as a table when the check fails). */
  worst?: { where: string; actual: number; expected: number; absError: number }[];
}

/** One Observable Plot mark: Plot[mark](data, options). */
export interface MarkSpec {
  mark: string;
  data: unknown[] | null;
  options: Record<string, unknown>;
}
/** Plot.plot options with marks as MarkSpecs; only data (no functions). */
export interface FigureSpec {
  marks: MarkSpec[];
  [option: string]: unknown;
}
