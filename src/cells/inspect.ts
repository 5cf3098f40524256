/**
 * Turning cell values into serialisable output: plain values to short text (`repr`), tensors to
 * a small matrix of formatted entries with the ends of long axes kept (`summariseTensor`).
 */
import type { TensorMessage } from './protocol.ts';

/** What inspect needs from an engine tensor. */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  toArray(): unknown;
  toString(): string;
}

export function isTensor(value: unknown): value is TensorLike {
  return typeof value === 'object' && value !== null && (value as { _isTensor?: unknown })._isTensor === true;
}

/** Entries kept at each end of a long axis. */
const EDGE = 4;
/** Axes longer than this are summarised. */
const MAX_AXIS = 2 * EDGE + 2;

/** A tensor message without its envelope (what `summariseTensor` computes). */
export type TensorSummary = Omit<TensorMessage, 'type' | 'channel' | 'runId'>;

/** Formats one entry the way the engine prints (4 decimals, exponent when tiny or huge). */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e15) return String(v);
  if (a !== 0 && (a >= 1e15 || a < 1e-4)) return Number(v.toPrecision(6)).toExponential(); // 3.15e+23
  return String(Number(v.toPrecision(6)));
}

function keep(n: number): (number | null)[] {
  if (n <= MAX_AXIS) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE }, (_, i) => i), null, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
}

/** Rows of numbers as rows of formatted entries, the ends of long axes kept and cuts as null. */
export function previewRows(rows: number[][]): (string | null)[][] {
  const rowIdx = keep(rows.length);
  const cols = keep(rows[0]?.length ?? 0);
  return rowIdx.map((r) => (r === null ? cols.map(() => null) : cols.map((c) => (c === null ? null : formatNumber(rows[r][c])))));
}

/** A tensor as rows of formatted entries (rank <= 2), with a NaN count over all entries. */
export function summariseTensor(t: TensorLike): TensorSummary {
  const shape = [...t.shape];
  const nested = t.toArray();
  const flat = shape.length === 0 ? [nested as number] : (nested as unknown[]).flat(Infinity) as number[];
  let nanCount = 0;
  for (const v of flat) if (Number.isNaN(v)) nanCount++;
  const summarised = shape.some((n) => n > MAX_AXIS);
  let data: (string | null)[][] | null = null;
  if (shape.length <= 2) {
    data = previewRows(shape.length === 0 ? [[nested as number]] : shape.length === 1 ? [nested as number[]] : (nested as number[][]));
  }
  return { shape, dtype: t.dtype, data, text: t.toString(), summarised, nanCount };
}

/** Short text for a value: numbers, strings, arrays, plain objects, Maps, Sets, functions, tensors. */
export function repr(value: unknown, depth = 0): string {
  if (isTensor(value)) return value.toString();
  switch (typeof value) {
    case 'number': return formatNumber(value);
    case 'string': return depth === 0 ? value : JSON.stringify(value);
    case 'bigint': return `${value}n`;
    case 'function': return `ƒ ${value.name || 'anonymous'}()`;
    case 'undefined': return 'undefined';
    case 'symbol': return value.toString();
    case 'boolean': return String(value);
    default: break;
  }
  if (value === null) return 'null';
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (depth > 2) return Array.isArray(value) ? '[…]' : '{…}';
  const items = (entries: string[], total: number) => (total > entries.length ? [...entries, `… ${total - entries.length} more`] : entries);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = Array.from(value as ArrayLike<unknown>);
    return `[${items(arr.slice(0, 50).map((v) => repr(v, depth + 1)), arr.length).join(', ')}]`;
  }
  if (value instanceof Map) {
    const entries = [...value].slice(0, 20).map(([k, v]) => `${repr(k, depth + 1)} => ${repr(v, depth + 1)}`);
    return `Map(${value.size}) {${items(entries, value.size).join(', ')}}`;
  }
  if (value instanceof Set) {
    return `Set(${value.size}) {${items([...value].slice(0, 20).map((v) => repr(v, depth + 1)), value.size).join(', ')}}`;
  }
  const keys = Object.keys(value as object);
  const name = (value as object).constructor?.name;
  const prefix = name && name !== 'Object' ? `${name} ` : '';
  const entries = keys.slice(0, 20).map((k) => `${k}: ${repr((value as Record<string, unknown>)[k], depth + 1)}`);
  return `${prefix}{${items(entries, keys.length).join(', ')}}`;
}

/** console.log-style joining: strings as they are, other values through repr. */
export function formatArgs(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : repr(a))).join(' ');
}
