/** Learning-rate schedules: functions from the step number to a learning rate. */

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
