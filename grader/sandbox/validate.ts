/**
 * The sandbox's result is untrusted data: a structural check, by hand (with explicit depth and
 * size limits, so a hostile result cannot exhaust the grader's stack), before anything uses it.
 * Cell and probe ids must be the job's, in the job's order.
 */
import type { SandboxJob, SandboxResult, Serialized } from './protocol.ts';

/** Deepest Serialized accepted (the child caps values at 32 levels; wrappers add one each). */
const MAX_DEPTH = 80;
const MAX_TEXT = 100_000;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function onlyKeys(o: Record<string, unknown>, allowed: string[]): boolean {
  return Object.keys(o).every((k) => allowed.includes(k));
}

/** Whether `x` is a well-formed Serialized value. */
export function isSerialized(x: unknown, depth = 0): x is Serialized {
  if (depth > MAX_DEPTH) return false;
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every((v) => isSerialized(v, depth + 1));
  if (!isObject(x)) return false;
  const k = Object.keys(x);
  if (k.length !== 1) return false;
  switch (k[0]) {
    case '$num': return x.$num === 'NaN' || x.$num === 'Infinity' || x.$num === '-Infinity';
    case '$unsupported': return typeof x.$unsupported === 'string' && x.$unsupported.length <= 100;
    case '$object': return isObject(x.$object) && Object.values(x.$object).every((v) => isSerialized(v, depth + 1));
    case '$tensor': {
      const t = x.$tensor;
      if (!isObject(t) || !onlyKeys(t, ['shape', 'data'])) return false;
      const { shape, data } = t;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) return false;
      if (!Array.isArray(data) || data.length !== shape.reduce((a: number, b: number) => a * b, 1)) return false;
      return data.every((v) => typeof v === 'number' ? Number.isFinite(v) : isObject(v) && isSerialized(v, depth + 1) && '$num' in v);
    }
    default: return false;
  }
}

const optText = (x: unknown) => x === undefined || (typeof x === 'string' && x.length <= MAX_TEXT);

/** The result if `raw` is a valid SandboxResult for `job`, else a reason string. */
export function validateResult(raw: unknown, job: SandboxJob): SandboxResult | string {
  if (!isObject(raw) || !onlyKeys(raw, ['cells', 'probes', 'stdout'])) return 'result is not an object of the expected shape';
  const { cells, probes, stdout } = raw;
  if (typeof stdout !== 'string' || stdout.length > MAX_TEXT) return 'result.stdout is not a short string';
  if (!Array.isArray(cells) || cells.length !== job.cells.length) return 'result.cells does not match the job';
  for (const [i, c] of cells.entries()) {
    if (!isObject(c) || !onlyKeys(c, ['id', 'ok', 'error']) || c.id !== job.cells[i].id || typeof c.ok !== 'boolean' || !optText(c.error)) {
      return `result.cells[${i}] is malformed`;
    }
  }
  if (!Array.isArray(probes) || probes.length !== job.probes.length) return 'result.probes does not match the job';
  for (const [i, p] of probes.entries()) {
    if (!isObject(p) || !onlyKeys(p, ['id', 'ok', 'value', 'error']) || p.id !== job.probes[i].id || typeof p.ok !== 'boolean' || !optText(p.error)) {
      return `result.probes[${i}] is malformed`;
    }
    if (p.ok ? !('value' in p) || !isSerialized(p.value) : p.value !== undefined) return `result.probes[${i}].value is malformed`;
  }
  return raw as unknown as SandboxResult;
}
