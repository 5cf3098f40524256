/** Filling in and checking optimizer hyper-parameters (shared by AdaGrad and RMSprop). */

/**
 * `defaults` with `options` on top; `undefined` entries are ignored, so `{ eps: undefined }`
 * keeps the default (a cell passing a variable that is not set gets the documented value).
 * @example withDefaults({ lr: 0.01, eps: 1e-10 }, { lr: 0.1 }); // { lr: 0.1, eps: 1e-10 }
 */
export function withDefaults<T extends object>(defaults: T, options: Partial<T>): T {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Throws `${name}: ${key} must be ${rule}, got ${value}` unless `ok`: a bad hyper-parameter is
 * reported at construction, not as NaN weights a few steps later.
 * @example requireOption(lr >= 0, 'RMSprop', 'lr', lr, '≥ 0');
 */
export function requireOption(ok: boolean, name: string, key: string, value: unknown, rule: string): void {
  if (!ok) throw new Error(`${name}: ${key} must be ${rule}, got ${String(value)}`);
}

/** A finite number ≥ 0 (learning rates, decays, eps). */
export function isNonNegative(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
