/** Global switches read by every op: gradient recording and the NaN/Inf check. */

const mode = { grad: true, numerics: false as false | 'throw' | 'warn' };

export function isGradEnabled(): boolean {
  return mode.grad;
}

/**
 * Run `fn` without recording gradients (like `torch.no_grad()`).
 * @example const y = noGrad(() => w.mul(2)); y.requiresGrad; // false
 */
export function noGrad<T>(fn: () => T): T {
  const prev = mode.grad;
  mode.grad = false;
  try {
    return fn();
  } finally {
    mode.grad = prev;
  }
}

/** Run `fn` with gradient recording on (undoes an enclosing noGrad). */
export function enableGrad<T>(fn: () => T): T {
  const prev = mode.grad;
  mode.grad = true;
  try {
    return fn();
  } finally {
    mode.grad = prev;
  }
}

/**
 * Check every op's output (and every gradient in backward) for NaN/Inf. `true`/'throw' throws
 * an Error naming the op; 'warn' logs with console.warn; `false` turns the check off.
 * It reads every result back, so it is slow; use it to find where a NaN first appears.
 * @example setCheckNumerics(true); tensor([-1]).log(); // throws "log: produced NaN ..."
 */
export function setCheckNumerics(on: boolean | 'throw' | 'warn'): void {
  mode.numerics = on === true ? 'throw' : on;
}

export function checkNumericsMode(): false | 'throw' | 'warn' {
  return mode.numerics;
}
