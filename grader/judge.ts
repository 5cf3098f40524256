/**
 * The trusted comparison: the reference solution's serialised value against the student's, in
 * the grader's own process (the sandbox never sees the expected value). Structural:
 *
 * - numbers: numpy.allclose, |a − e| ≤ atol + rtol·|e|; NaN matches only NaN, ±Infinity only the
 *   same infinity.
 * - tensors: same shape, then entry by entry as numbers. A plain (rectangular) nested number
 *   array is accepted where a tensor is expected and the other way round, when the shapes match
 *   (`[2, 4]` for `tensor([2, 4])`; a number for a shape-[] tensor): the test asks for values,
 *   and a student who returns `t.toArray()` computed the right thing.
 * - strings, booleans, null: exactly. Arrays: same length, element by element. Objects: the same
 *   keys (none missing, none extra), key by key.
 * - unsupported values (functions, class instances, cycles…) never match, except `undefined`
 *   against `undefined`.
 *
 * Messages: for a visible test, short, with the shapes and the worst entry (where, expected,
 * actual); for a hidden test only "wrong value" / "wrong shape" / "wrong type" / "no value",
 * never a number, a shape or a path, which could reveal the hidden inputs.
 */
import type { Serialized } from './sandbox/protocol.ts';

export interface Tolerance {
  atol: number;
  rtol: number;
}

export interface Verdict {
  ok: boolean;
  message: string;
}

/** Longest message returned. */
export const MAX_MESSAGE = 400;

interface Numeric {
  shape: number[];
  data: number[];
  tensor: boolean;
}

interface Mismatch {
  kind: 'value' | 'shape' | 'type';
  /** Visible-only detail. */
  detail: string;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function decode(x: Serialized): number | undefined {
  if (typeof x === 'number') return x;
  if (isObj(x) && '$num' in x) return x.$num === 'NaN' ? NaN : x.$num === 'Infinity' ? Infinity : -Infinity;
  return undefined;
}

/** A number, a tensor or a rectangular nested number array as shape + flat data; else undefined. */
function numeric(x: Serialized): Numeric | undefined {
  const n = decode(x);
  if (n !== undefined) return { shape: [], data: [n], tensor: false };
  if (isObj(x) && '$tensor' in x) {
    const t = x.$tensor as { shape: number[]; data: Serialized[] };
    const data = t.data.map(decode);
    return data.every((v) => v !== undefined) ? { shape: t.shape, data: data as number[], tensor: true } : undefined;
  }
  if (!Array.isArray(x)) return undefined;
  const shape: number[] = [];
  for (let level: Serialized = x; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const data: number[] = [];
  const walk = (v: Serialized, d: number): boolean => {
    if (d === shape.length) {
      const num = decode(v);
      if (num === undefined) return false;
      data.push(num);
      return true;
    }
    return Array.isArray(v) && v.length === shape[d] && v.every((c) => walk(c, d + 1));
  };
  return walk(x, 0) ? { shape, data, tensor: false } : undefined;
}

function close(a: number, e: number, tol: Tolerance): boolean {
  if (Number.isNaN(e) || Number.isNaN(a)) return Number.isNaN(e) && Number.isNaN(a);
  if (!Number.isFinite(e) || !Number.isFinite(a)) return a === e;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}

const fmt = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));
const fmtShape = (s: number[]) => `[${s.join(', ')}]`;

function where(shape: number[], flat: number): string {
  if (shape.length === 0) return '';
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(', ')}]`;
}

function kindOf(x: Serialized | undefined): string {
  if (x === undefined) return 'no value';
  if (x === null) return 'null';
  if (typeof x === 'string') return 'a string';
  if (typeof x === 'boolean') return 'a boolean';
  if (decode(x) !== undefined) return 'a number';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  const o = x as Obj;
  if ('$tensor' in o) return `a tensor of shape ${fmtShape((o.$tensor as { shape: number[] }).shape)}`;
  if ('$object' in o) return 'an object';
  if ('$unsupported' in o) return `a value of type ${String(o.$unsupported)}`;
  return 'an unknown value';
}

function compareNumeric(e: Numeric, a: Numeric, tol: Tolerance, path: string): Mismatch | undefined {
  if (e.shape.length !== a.shape.length || e.shape.some((n, i) => n !== a.shape[i])) {
    return { kind: 'shape', detail: `wrong shape${path ? ` at ${path}` : ''}: expected ${fmtShape(e.shape)}, got ${fmtShape(a.shape)}` };
  }
  let worst = -1;
  let worstErr = -1;
  let bad = 0;
  for (let i = 0; i < e.data.length; i++) {
    if (close(a.data[i], e.data[i], tol)) continue;
    bad++;
    const err = Math.abs(a.data[i] - e.data[i]);
    const score = Number.isNaN(err) ? Infinity : err;
    if (score > worstErr) {
      worstErr = score;
      worst = i;
    }
  }
  if (!bad) return undefined;
  const at = `${path}${where(e.shape, worst)}`;
  const count = e.data.length > 1 ? `; ${bad} of ${e.data.length} entries differ, shape ${fmtShape(e.shape)}` : '';
  return {
    kind: 'value',
    detail: `wrong value${at ? ` at ${at}` : ''}: expected ${fmt(e.data[worst])}, got ${fmt(a.data[worst])}${count}`,
  };
}

function compare(e: Serialized, a: Serialized, tol: Tolerance, path: string): Mismatch | undefined {
  const en = numeric(e);
  const an = en ? numeric(a) : undefined;
  // numbers, tensors and numeric arrays (only when one side is a tensor or a number, or both are
  // rectangular: a ragged array is compared element by element below)
  if (en && an) return compareNumeric(en, an, tol, path);
  if (en && (en.tensor || decode(e) !== undefined)) {
    return { kind: 'type', detail: `wrong type${path ? ` at ${path}` : ''}: expected ${kindOf(e)}, got ${kindOf(a)}` };
  }
  if (e === null || typeof e === 'string' || typeof e === 'boolean') {
    if (a === e) return undefined;
    if (typeof a === typeof e && a !== null) {
      const show = (v: Serialized) => (typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v) : String(v));
      return { kind: 'value', detail: `wrong value${path ? ` at ${path}` : ''}: expected ${show(e)}, got ${show(a)}` };
    }
    return { kind: 'type', detail: `wrong type${path ? ` at ${path}` : ''}: expected ${kindOf(e)}, got ${kindOf(a)}` };
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(a)) return { kind: 'type', detail: `wrong type${path ? ` at ${path}` : ''}: expected ${kindOf(e)}, got ${kindOf(a)}` };
    if (a.length !== e.length) return { kind: 'shape', detail: `wrong length${path ? ` at ${path}` : ''}: expected ${e.length}, got ${a.length}` };
    for (let i = 0; i < e.length; i++) {
      const m = compare(e[i], a[i], tol, `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  const eObj = e as Obj;
  if ('$object' in eObj) {
    if (!isObj(a) || !('$object' in a)) return { kind: 'type', detail: `wrong type${path ? ` at ${path}` : ''}: expected an object, got ${kindOf(a)}` };
    const eo = eObj.$object as Record<string, Serialized>;
    const ao = a.$object as Record<string, Serialized>;
    const missing = Object.keys(eo).filter((k) => !Object.hasOwn(ao, k));
    const extra = Object.keys(ao).filter((k) => !Object.hasOwn(eo, k));
    if (missing.length || extra.length) {
      const list = (ks: string[]) => ks.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40))).join(', ');
      const parts = [missing.length ? `missing key ${list(missing)}` : '', extra.length ? `unexpected key ${list(extra)}` : ''].filter(Boolean);
      return { kind: 'shape', detail: `wrong keys${path ? ` at ${path}` : ''}: ${parts.join('; ')}` };
    }
    for (const k of Object.keys(eo)) {
      const m = compare(eo[k], ao[k], tol, `${path}.${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `[${JSON.stringify(k)}]`}`);
      if (m) return m;
    }
    return undefined;
  }
  if ('$unsupported' in eObj) {
    if (eObj.$unsupported === 'undefined' && isObj(a) && (a as Obj).$unsupported === 'undefined') return undefined;
    return { kind: 'type', detail: `cannot compare ${kindOf(e)}${path ? ` at ${path}` : ''} (got ${kindOf(a)})` };
  }
  return { kind: 'type', detail: `wrong type${path ? ` at ${path}` : ''}: expected ${kindOf(e)}, got ${kindOf(a)}` };
}

/**
 * Compares the student's value with the reference value. `actual` undefined means the test's
 * expression threw or did not run (the caller reports the error for a visible test).
 */
export function judge(expected: Serialized, actual: Serialized | undefined, tol: Tolerance, visibility: 'visible' | 'hidden'): Verdict {
  if (actual === undefined) return { ok: false, message: 'no value' };
  let m: Mismatch | undefined;
  try {
    m = compare(expected, actual, tol, '');
  } catch {
    m = { kind: 'type', detail: 'values could not be compared' };
  }
  if (!m) return { ok: true, message: 'ok' };
  if (visibility === 'hidden') return { ok: false, message: `wrong ${m.kind}` };
  return { ok: false, message: m.detail.length > MAX_MESSAGE ? `${m.detail.slice(0, MAX_MESSAGE - 1)}…` : m.detail };
}
