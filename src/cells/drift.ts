/**
 * "Compare with float64" (drift on demand), the worker's half: what a cell's run yields as numbers,
 * and how two runs of it compare. The session replays the page's cells twice from a fresh scope and
 * the same seed, once on the reader's backend and once on the float64 reference `cpu64`, capturing
 * from the chosen cell only (`captureNumbers`) its logged and displayed values, its check details,
 * its value, and the names it declares; `compareRuns` lines the two captures up by name.
 *
 * Tensors compare entry by entry. The relative figure is normwise, ‖a − b‖∞ / ‖b‖∞ (b the float64
 * run): one entry near zero does not make a well-computed tensor look wrong, which an entrywise
 * ratio would. JavaScript numbers are float64 on every backend, so only values that passed through
 * the engine can differ.
 */
import type { DriftNote, DriftRow } from './protocol.ts';
import { MAX_DRIFT_ROWS } from './limits.ts';

/** One captured value: its shape ([] for a number) and its entries in float64. */
export interface Captured {
  shape: number[];
  data: Float64Array;
}
export type Capture = Map<string, Captured>;

/** Entries compared at most (a 1,000 × 1,000 tensor is 10^6). */
const MAX_ENTRIES = 4_000_000;
/** Object fields and array items looked into per level, and levels. */
const MAX_FIELDS = 32;
const MAX_DEPTH = 3;

interface TensorLike { shape: number[]; dataSync(): ArrayLike<number> }
const isTensor = (v: unknown): v is TensorLike =>
  typeof v === 'object' && v !== null && Array.isArray((v as TensorLike).shape) && typeof (v as TensorLike).dataSync === 'function';
const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Records the numbers in `value` under `name` (tensors, numbers, arrays and plain objects of them). */
export function captureNumbers(value: unknown, name: string, into: Capture, depth = 0): void {
  if (into.size >= MAX_DRIFT_ROWS || into.has(name)) return;
  if (typeof value === 'number') {
    into.set(name, { shape: [], data: Float64Array.of(value) });
  } else if (isTensor(value)) {
    let data: ArrayLike<number>;
    try {
      data = value.dataSync();
    } catch {
      return; // a disposed tensor has nothing left to compare
    }
    if (entries(into) + data.length <= MAX_ENTRIES) into.set(name, { shape: [...value.shape], data: Float64Array.from(data) });
  } else if (Array.isArray(value)) {
    if (value.length > 0 && value.every((x) => typeof x === 'number')) {
      into.set(name, { shape: [value.length], data: Float64Array.from(value as number[]) });
    } else if (depth < MAX_DEPTH) {
      value.slice(0, MAX_FIELDS).forEach((item, i) => captureNumbers(item, `${name}[${i}]`, into, depth + 1));
    }
  } else if (isPlain(value) && depth < MAX_DEPTH) {
    for (const key of Object.keys(value).slice(0, MAX_FIELDS)) captureNumbers(value[key], `${name}.${key}`, into, depth + 1);
  }
}

function entries(capture: Capture): number {
  let n = 0;
  for (const c of capture.values()) n += c.data.length;
  return n;
}

/** Normwise relative differences below this are float32 rounding of a few operations (2^-24 ≈ 6e-8 each). */
const ROUNDING = 1e-6;
/** ... below this, rounding accumulated over many operations (long sums, many steps); above, digits were lost. */
const ACCUMULATED = 1e-3;

/** One row per name the float64 run captured, in capture order; `other` is the reader's backend's run. */
export function compareRuns(other: Capture, reference: Capture): DriftRow[] {
  const rows: DriftRow[] = [];
  for (const [name, ref] of reference) {
    const cur = other.get(name);
    if (!cur || cur.data.length !== ref.data.length || cur.shape.join() !== ref.shape.join()) {
      rows.push({ name, shape: ref.shape, maxAbs: null, relative: null, note: 'mismatch', reference: null, value: null });
      continue;
    }
    rows.push(compareOne(name, cur, ref));
    if (rows.length >= MAX_DRIFT_ROWS) break;
  }
  return rows;
}

function compareOne(name: string, cur: Captured, ref: Captured): DriftRow {
  let maxAbs = 0, norm = 0, worst = -1;
  let note: DriftNote | undefined;
  for (let i = 0; i < ref.data.length; i++) {
    const a = cur.data[i], b = ref.data[i];
    if (Number.isFinite(b)) norm = Math.max(norm, Math.abs(b));
    if (Object.is(a, b) || a === b) continue;
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      // a value finite in float64 but not on the reader's backend is the drift worth telling first
      if (Number.isFinite(b) && worst < 0) worst = i;
      note ??= Number.isNaN(a) && !Number.isNaN(b) ? 'nan' : Number.isFinite(b) ? 'overflow' : 'nonfinite';
      continue;
    }
    const d = Math.abs(a - b);
    if (d > maxAbs) {
      maxAbs = d;
      if (!note) worst = i;
    }
  }
  const at = worst < 0 ? 0 : worst;
  const relative = norm > 0 ? maxAbs / norm : maxAbs > 0 ? Infinity : 0;
  note ??= maxAbs === 0 ? 'equal' : relative <= ROUNDING ? 'rounding' : relative <= ACCUMULATED ? 'accumulated' : 'large';
  return { name, shape: ref.shape, maxAbs, relative, note, reference: ref.data[at] ?? null, value: cur.data[at] ?? null };
}
