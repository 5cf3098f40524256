/**
 * The page's trust boundary with the cell worker. Cell code runs in the worker and can call
 * `postMessage` itself (and learn the channel and runId from the messages it receives), so
 * whatever arrives is untrusted data: every field is checked against protocol.ts and the caps in
 * limits.ts before anything is drawn. The worker runs the same check on its own output, so a cell
 * that exceeds a cap gets an error at the call instead of a silently dropped figure.
 */
import type { CheckDetails, ControlSpec, ControlValue, DriftNote, DriftRow, FromWorker, SetControlRequest } from './protocol.ts';
import { MAX_BACKENDS, MAX_DRIFT_ROWS, MAX_LABEL, MAX_NAME, MAX_OPTIONS, MAX_RANK, MAX_TEXT, MAX_WORST } from './limits.ts';
import { bool, fail, finite, int, list, Malformed, nullable, num, oneOf, optional, record, text } from './validate-read.ts';
import { readFigure } from './validate-plot.ts';
import { readPreview, readTrace } from './validate-trace.ts';

/** A message without its envelope, as one reader returns it. */
type Body = FromWorker extends infer M ? (M extends FromWorker ? Omit<M, 'channel' | 'runId'> : never) : never;
type Fields = Record<string, unknown>;

const STREAMS = ['log', 'warn', 'error'] as const;
const ERROR_KINDS = ['syntax', 'runtime', 'timeout'] as const;
const DRIFT_NOTES: readonly DriftNote[] = ['equal', 'rounding', 'accumulated', 'large', 'overflow', 'nan', 'nonfinite', 'mismatch'];

/** One reader per message type; each builds a fresh object from the known fields only. */
const READERS: Record<FromWorker['type'], (m: Fields) => Body> = {
  stdout: (m) => ({ type: 'stdout', stream: oneOf(m.stream, STREAMS, 'stdout.stream'), text: text(m.text, MAX_TEXT, 'stdout.text') }),
  value: (m) => ({ type: 'value', repr: text(m.repr, MAX_TEXT, 'value.repr') }),
  tensor: (m) => ({
    type: 'tensor',
    shape: list(m.shape, MAX_RANK, 'tensor.shape', (x, w) => int(x, w, 0)),
    dtype: text(m.dtype, MAX_NAME, 'tensor.dtype'),
    data: nullable(m.data, (x) => readPreview(x, 'tensor.data')),
    text: text(m.text, MAX_TEXT, 'tensor.text'),
    summarised: bool(m.summarised, 'tensor.summarised'),
    nanCount: int(m.nanCount, 'tensor.nanCount', 0),
  }),
  plot: (m) => ({ type: 'plot', figureId: text(m.figureId, MAX_LABEL, 'plot.figureId'), spec: readFigure(m.spec, 'plot.spec') }),
  trace: (m) => ({ type: 'trace', tape: readTrace(m.tape, 'trace.tape') }),
  check: (m) => ({
    type: 'check',
    label: text(m.label, MAX_LABEL, 'check.label'),
    ok: bool(m.ok, 'check.ok'),
    details: optional(m.details, readDetails),
  }),
  error: (m) => ({
    type: 'error',
    kind: oneOf(m.kind, ERROR_KINDS, 'error.kind'),
    message: text(m.message, MAX_TEXT, 'error.message'),
    line: optional(m.line, (x) => int(x, 'error.line', 0)),
    column: optional(m.column, (x) => int(x, 'error.column', 0)),
    cellId: optional(m.cellId, (x) => text(x, MAX_LABEL, 'error.cellId')),
  }),
  done: (m) => {
    const ms = finite(m.ms, 'done.ms');
    if (ms < 0) fail('done.ms: negative');
    return { type: 'done', ms, backend: text(m.backend, MAX_NAME, 'done.backend'), kernelCompiles: optional(m.kernelCompiles, (x) => int(x, 'done.kernelCompiles', 0)) };
  },
  ready: (m) => ({
    type: 'ready',
    backends: list(m.backends, MAX_BACKENDS, 'ready.backends', (x, w) => text(x, MAX_NAME, w)),
    backend: text(m.backend, MAX_NAME, 'ready.backend'),
  }),
  control: (m) => ({ type: 'control', spec: readControl(m.spec) }),
  drift: (m) => ({
    type: 'drift',
    backend: text(m.backend, MAX_NAME, 'drift.backend'),
    reference: text(m.reference, MAX_NAME, 'drift.reference'),
    rows: list(m.rows, MAX_DRIFT_ROWS, 'drift.rows', readDriftRow),
    error: optional(m.error, (x) => text(x, MAX_TEXT, 'drift.error')),
  }),
  omitted: (m) => ({ type: 'omitted', lines: int(m.lines, 'omitted.lines', 0), outputs: int(m.outputs, 'omitted.outputs', 0) }),
  progress: (m) => {
    const total = finite(m.total, 'progress.total');
    const value = finite(m.value, 'progress.value');
    if (!(total > 0)) fail('progress.total: must be > 0');
    if (value < 0 || value > total) fail('progress.value: outside [0, total]');
    const nonNegative = (x: unknown, what: string) => {
      const v = finite(x, what);
      if (v < 0) fail(`${what}: negative`);
      return v;
    };
    return {
      type: 'progress',
      id: text(m.id, MAX_LABEL, 'progress.id'),
      label: text(m.label, MAX_LABEL, 'progress.label'),
      value,
      total,
      rate: optional(m.rate, (x) => nonNegative(x, 'progress.rate')),
      remaining: optional(m.remaining, (x) => nonNegative(x, 'progress.remaining')),
    };
  },
};

function readDriftRow(v: unknown, where: string): DriftRow {
  const r = record(v, where);
  const nullableNumber = (x: unknown, what: string) => nullable(x, (y) => num(y, what));
  return {
    name: text(r.name, MAX_LABEL, `${where}.name`),
    shape: list(r.shape, MAX_RANK, `${where}.shape`, (x, w) => int(x, w, 0)),
    maxAbs: nullableNumber(r.maxAbs, `${where}.maxAbs`),
    relative: nullableNumber(r.relative, `${where}.relative`),
    note: oneOf(r.note, DRIFT_NOTES, `${where}.note`),
    reference: nullableNumber(r.reference, `${where}.reference`),
    value: nullableNumber(r.value, `${where}.value`),
  };
}

function readDetails(v: unknown): CheckDetails {
  const d = record(v, 'check.details');
  return {
    text: optional(d.text, (x) => text(x, MAX_TEXT, 'check.details.text')),
    maxAbsError: optional(d.maxAbsError, (x) => num(x, 'check.details.maxAbsError')),
    maxRelError: optional(d.maxRelError, (x) => num(x, 'check.details.maxRelError')),
    worst: optional(d.worst, (x) => list(x, MAX_WORST, 'check.details.worst', (e, w) => {
      const r = record(e, w);
      return { where: text(r.where, MAX_LABEL, `${w}.where`), actual: num(r.actual, `${w}.actual`), expected: num(r.expected, `${w}.expected`), absError: num(r.absError, `${w}.absError`) };
    })),
  };
}

function readControl(v: unknown): ControlSpec {
  const s = record(v, 'control.spec');
  const kind = oneOf(s.kind, ['range', 'select', 'text', 'toggle'] as const, 'control.spec.kind');
  const id = controlId(s.id, 'control.spec.id');
  const label = text(s.label, MAX_LABEL, 'control.spec.label');
  if (kind === 'toggle') {
    return { kind, id, label, onLabel: text(s.onLabel, MAX_LABEL, 'control.spec.onLabel'), value: bool(s.value, 'control.spec.value') };
  }
  if (kind === 'text') {
    const maxLength = int(s.maxLength, 'control.spec.maxLength', 1);
    if (maxLength > MAX_LABEL) fail(`control.spec.maxLength: more than ${MAX_LABEL}`);
    const placeholder = optional(s.placeholder, (x) => text(x, MAX_LABEL, 'control.spec.placeholder'));
    return { kind, id, label, maxLength, placeholder, value: text(s.value, maxLength, 'control.spec.value') };
  }
  if (kind === 'select') {
    const options = list(s.options, MAX_OPTIONS, 'control.spec.options', readOption);
    const value = readOption(s.value, 'control.spec.value');
    if (!options.some((o) => String(o) === String(value))) fail('control.spec.value: not one of the options');
    return { kind, id, label, options, value };
  }
  const min = finite(s.min, 'control.spec.min');
  const max = finite(s.max, 'control.spec.max');
  const scale = oneOf(s.scale, ['linear', 'log'] as const, 'control.spec.scale');
  const step = optional(s.step, (x) => finite(x, 'control.spec.step'));
  const value = finite(s.value, 'control.spec.value');
  if (!(min < max) || (scale === 'log' && min <= 0)) fail('control.spec: needs min < max (and min > 0 on a log scale)');
  if (step !== undefined && !(step > 0)) fail('control.spec.step: must be > 0');
  if (value < min || value > max) fail('control.spec.value: outside [min, max]');
  return { kind, id, label, min, max, step, scale, value };
}

function readOption(v: unknown, what: string): number | string {
  return typeof v === 'number' ? finite(v, what) : text(v, MAX_LABEL, what);
}

function controlId(v: unknown, what: string): string {
  const id = text(v, MAX_LABEL, what);
  if (id === '__proto__') fail(`${what}: reserved name`);
  return id;
}

/**
 * A control value from the page, for the session (`run` controls and `setControl`): a number, a
 * string of at most MAX_LABEL characters, or a boolean. The page is trusted, but the session
 * checks what it is handed anyway, as every other message is checked.
 */
export function readControlValue(v: unknown, what = 'control value'): ControlValue {
  return typeof v === 'boolean' ? v : readOption(v, what);
}

/** A `setControl` request as the session accepts it, or undefined when malformed. */
export function parseSetControl(data: unknown, channel: string): SetControlRequest | undefined {
  try {
    const m = record(data, 'setControl');
    if (m.type !== 'setControl' || m.channel !== channel) fail('setControl: wrong type or channel');
    return { type: 'setControl', channel, runId: int(m.runId, 'setControl.runId', 0), id: controlId(m.id, 'setControl.id'), value: readControlValue(m.value, 'setControl.value') };
  } catch {
    return undefined;
  }
}

function readMessage(data: unknown, channel: string): FromWorker {
  const m = record(data, 'message');
  if (m.channel !== channel) fail('message: another channel');
  const runId = int(m.runId, 'message.runId', 0);
  const type = m.type;
  if (typeof type !== 'string' || !Object.hasOwn(READERS, type)) fail('message.type: unknown');
  return { ...READERS[type as FromWorker['type']](m), channel, runId } as FromWorker;
}

/** True when `data` claims to come from this notebook's worker (whether or not it is well formed). */
export function fromChannel(data: unknown, channel: string): boolean {
  return typeof data === 'object' && data !== null && (data as Fields).channel === channel;
}

/**
 * The message as a well-typed FromWorker (a fresh object holding only the protocol's fields), or
 * undefined when it is foreign, unknown or malformed in any field.
 */
export function parseFromWorker(data: unknown, channel: string): FromWorker | undefined {
  try {
    return readMessage(data, channel);
  } catch {
    return undefined;
  }
}

/** Why `data` is not a valid message on `channel` (the first problem found), or undefined when it is. */
export function explainMalformed(data: unknown, channel: string): string | undefined {
  try {
    readMessage(data, channel);
    return undefined;
  } catch (e) {
    return e instanceof Malformed ? e.message : String(e);
  }
}
