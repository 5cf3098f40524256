/**
 * `tidy(fn)`: dispose every tensor created inside `fn` except those it returns (and those kept
 * with `keep`). Scopes nest; returned tensors move to the enclosing scope.
 */
import type { Tensor } from './tensor.ts';

const scopes: Set<Tensor>[] = [];

/** Called by the Tensor constructor: the newest scope owns the tensor. */
export function track(t: Tensor): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(t);
}

/**
 * Exempt a tensor from every enclosing (and future) tidy; returns it. Parameters, gradients of
 * leaves and optimizer state are kept automatically.
 * @example const w = tidy(() => keep(randn([3, 3])));
 */
export function keep<T extends Tensor>(t: T): T {
  t._kept = true;
  for (const s of scopes) s.delete(t);
  return t;
}

/** Tensors in a returned value: a Tensor, or arrays / plain objects holding them. */
function collect(value: unknown, out: Set<Tensor>, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isTensor(value)) {
    out.add(value);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collect(v, out, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collect(v, out, seen);
  }
}

function isTensor(v: object): v is Tensor {
  return (v as { _isTensor?: boolean })._isTensor === true;
}

/**
 * Run `fn`, then dispose the tensors it created that it does not return.
 * @example
 * const y = tidy(() => x.mul(2).add(1)); // the x.mul(2) intermediate is freed
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) if (!t._kept) t.dispose();
    throw e;
  }
  scopes.pop();
  const out = new Set<Tensor>();
  collect(result, out, new Set());
  for (const t of scope) if (!out.has(t) && !t._kept) t.dispose();
  const parent = scopes[scopes.length - 1];
  if (parent) for (const t of out) if (scope.has(t)) parent.add(t);
  return result;
}
