/**
 * Learning-rate schedules: functions from the step number (0, 1, 2, …) to a learning rate, used
 * as `opt.lr = lrAt(step)` before each step. Each checks its options when made and its step when
 * called.
 */

export interface WarmupCosineOptions {
  /** Steps of linear warm-up (0 for none). */
  warmupSteps: number;
  /** Step at which the cosine reaches minLr; the rate stays there afterwards. */
  totalSteps: number;
  /** Rate at the end of warm-up. */
  maxLr: number;
  /** Rate at and after totalSteps (nanoGPT: about maxLr/10). */
  minLr: number;
}

/**
 * Linear warm-up then cosine decay, as Karpathy's nanoGPT / build-nanogpt `get_lr`:
 * - step < warmupSteps: maxLr·(step + 1)/warmupSteps (starts at maxLr/warmupSteps, so step 0
 *   is not wasted at lr 0, and reaches maxLr at step warmupSteps − 1);
 * - warmupSteps ≤ step ≤ totalSteps: minLr + ½(1 + cos(π·r))·(maxLr − minLr),
 *   r = (step − warmupSteps)/(totalSteps − warmupSteps);
 * - step > totalSteps: minLr.
 * @example
 * const lrAt = optim.lrSchedule.warmupCosine({ warmupSteps: 100, totalSteps: 5000, maxLr: 1e-3, minLr: 1e-4 });
 * for (let step = 0; step < 5000; step++) { opt.lr = lrAt(step); ... opt.step(); }
 */
export function warmupCosine(options: WarmupCosineOptions): (step: number) => number {
  const { warmupSteps, totalSteps, maxLr, minLr } = options;
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0) throw new Error(`warmupCosine: invalid warmupSteps ${warmupSteps}`);
  if (!Number.isInteger(totalSteps) || totalSteps < warmupSteps) {
    throw new Error(`warmupCosine: totalSteps (${totalSteps}) must be an integer ≥ warmupSteps (${warmupSteps})`);
  }
  if (!(minLr >= 0) || !(maxLr >= minLr) || !Number.isFinite(maxLr)) {
    throw new Error(`warmupCosine: need 0 ≤ minLr ≤ maxLr, got minLr ${minLr}, maxLr ${maxLr}`);
  }
  return (step: number): number => {
    if (!(step >= 0)) throw new Error(`warmupCosine: invalid step ${step}`);
    if (step < warmupSteps) return (maxLr * (step + 1)) / warmupSteps;
    if (step >= totalSteps) return minLr; // also covers totalSteps === warmupSteps (no decay phase)
    const r = (step - warmupSteps) / (totalSteps - warmupSteps);
    return minLr + 0.5 * (1 + Math.cos(Math.PI * r)) * (maxLr - minLr);
  };
}

/** Throws `${name}: invalid step ${step}` for a negative or NaN step (shared by the schedules). */
function checkStep(name: string, step: number): void {
  if (!(step >= 0)) throw new Error(`${name}: invalid step ${step}`);
}

/** A finite rate ≥ 0, or an error naming the schedule and the option. */
function checkRate(name: string, key: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`${name}: ${key} must be a finite number ≥ 0, got ${value}`);
}

/**
 * The same rate at every step (a baseline to compare schedules against).
 * @example const lrAt = optim.lrSchedule.constant(0.1); lrAt(500); // 0.1
 */
export function constant(lr: number): (step: number) => number {
  checkRate('constant', 'lr', lr);
  return (step: number): number => {
    checkStep('constant', step);
    return lr;
  };
}

export interface StepDecayOptions {
  /** Rate for the first stepSize steps. */
  lr: number;
  /** Steps between two drops (a positive integer). */
  stepSize: number;
  /** Factor of each drop, 0 < gamma ≤ 1 (e.g. 0.1). */
  gamma: number;
}

/**
 * lr·gamma^⌊step/stepSize⌋: the rate drops by gamma every stepSize steps, as torch's StepLR
 * (He et al., 2016 started ResNets at 0.1 and divided the rate by 10 at set points).
 * @example
 * const lrAt = optim.lrSchedule.stepDecay({ lr: 0.1, stepSize: 30, gamma: 0.1 });
 * [lrAt(0), lrAt(29), lrAt(30), lrAt(60)]; // [0.1, 0.1, 0.01, 0.001]
 */
export function stepDecay(options: StepDecayOptions): (step: number) => number {
  const { lr, stepSize, gamma } = options;
  checkRate('stepDecay', 'lr', lr);
  if (!Number.isInteger(stepSize) || stepSize < 1) throw new Error(`stepDecay: stepSize must be a positive integer, got ${stepSize}`);
  if (!(gamma > 0 && gamma <= 1)) throw new Error(`stepDecay: gamma must be in (0, 1], got ${gamma}`);
  return (step: number): number => {
    checkStep('stepDecay', step);
    return lr * gamma ** Math.floor(step / stepSize);
  };
}

export interface ExponentialOptions {
  /** Rate at step 0. */
  lr: number;
  /** Factor per step, 0 < gamma ≤ 1 (e.g. 0.99). */
  gamma: number;
}

/**
 * lr·gamma^step: a drop by the same factor at every step, as torch's ExponentialLR.
 * @example
 * const lrAt = optim.lrSchedule.exponential({ lr: 0.1, gamma: 0.99 });
 * lrAt(100); // 0.1·0.99¹⁰⁰ ≈ 0.0366
 */
export function exponential(options: ExponentialOptions): (step: number) => number {
  const { lr, gamma } = options;
  checkRate('exponential', 'lr', lr);
  if (!(gamma > 0 && gamma <= 1)) throw new Error(`exponential: gamma must be in (0, 1], got ${gamma}`);
  return (step: number): number => {
    checkStep('exponential', step);
    return lr * gamma ** step;
  };
}

export interface CosineOptions {
  /** Rate at step 0. */
  maxLr: number;
  /** Rate at and after totalSteps (default 0). */
  minLr?: number;
  /** Step at which the cosine reaches minLr (a positive integer). */
  totalSteps: number;
}

/**
 * minLr + ½(maxLr − minLr)(1 + cos(π·step/totalSteps)) up to totalSteps, then minLr: cosine
 * annealing without restarts (Loshchilov & Hutter, 2017; torch's CosineAnnealingLR with
 * T_max = totalSteps and eta_min = minLr, held at minLr afterwards instead of rising again).
 * @example
 * const lrAt = optim.lrSchedule.cosine({ maxLr: 0.1, totalSteps: 100 });
 * [lrAt(0), lrAt(50), lrAt(100), lrAt(150)]; // [0.1, 0.05, 0, 0]
 */
export function cosine(options: CosineOptions): (step: number) => number {
  const { maxLr, minLr = 0, totalSteps } = options;
  if (!Number.isInteger(totalSteps) || totalSteps < 1) throw new Error(`cosine: totalSteps must be a positive integer, got ${totalSteps}`);
  if (!(minLr >= 0) || !(maxLr >= minLr) || !Number.isFinite(maxLr)) {
    throw new Error(`cosine: need 0 ≤ minLr ≤ maxLr, got minLr ${minLr}, maxLr ${maxLr}`);
  }
  return (step: number): number => {
    checkStep('cosine', step);
    if (step >= totalSteps) return minLr;
    return minLr + 0.5 * (maxLr - minLr) * (1 + Math.cos((Math.PI * step) / totalSteps));
  };
}

export interface LinearWarmupOptions {
  /** Rate reached at the end of warm-up and kept afterwards. */
  lr: number;
  /** Steps of warm-up (a positive integer). */
  warmupSteps: number;
}

/**
 * lr·(step + 1)/warmupSteps for step < warmupSteps, then lr: a linear ramp that avoids large
 * steps from freshly initialised weights (Goyal et al., 2017: gradual warm-up for large-batch
 * SGD). Same convention as warmupCosine: step 0 already moves, at lr/warmupSteps.
 * @example
 * const lrAt = optim.lrSchedule.linearWarmup({ lr: 1e-3, warmupSteps: 10 });
 * [lrAt(0), lrAt(4), lrAt(9), lrAt(50)]; // [1e-4, 5e-4, 1e-3, 1e-3]
 */
export function linearWarmup(options: LinearWarmupOptions): (step: number) => number {
  const { lr, warmupSteps } = options;
  checkRate('linearWarmup', 'lr', lr);
  if (!Number.isInteger(warmupSteps) || warmupSteps < 1) throw new Error(`linearWarmup: warmupSteps must be a positive integer, got ${warmupSteps}`);
  return (step: number): number => {
    checkStep('linearWarmup', step);
    return step < warmupSteps ? (lr * (step + 1)) / warmupSteps : lr;
  };
}
