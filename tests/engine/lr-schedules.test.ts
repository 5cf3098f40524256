/** The learning-rate schedules at chosen steps against their closed forms, and their refusals. */
import { describe, expect, it } from 'vitest';
import { optim } from '../../kernels/index.ts';

const { constant, stepDecay, exponential, cosine, linearWarmup } = optim.lrSchedule;

describe('lrSchedule', () => {
  it('constant(lr) is lr at every step', () => {
    const lrAt = constant(0.1);
    expect([0, 1, 10_000].map(lrAt)).toEqual([0.1, 0.1, 0.1]);
  });

  it('stepDecay: lr·gamma^⌊step/stepSize⌋', () => {
    const lrAt = stepDecay({ lr: 0.1, stepSize: 30, gamma: 0.1 });
    for (const step of [0, 29, 30, 59, 60, 95]) expect(lrAt(step)).toBeCloseTo(0.1 * 0.1 ** Math.floor(step / 30), 15);
    expect([lrAt(0), lrAt(29)]).toEqual([0.1, 0.1]);
    expect(lrAt(60)).toBeCloseTo(0.001, 15);
  });

  it('exponential: lr·gamma^step', () => {
    const lrAt = exponential({ lr: 0.1, gamma: 0.99 });
    for (const step of [0, 1, 7, 100]) expect(lrAt(step)).toBeCloseTo(0.1 * 0.99 ** step, 15);
    expect(lrAt(100)).toBeCloseTo(0.0366, 4);
  });

  it('cosine: minLr + ½(maxLr − minLr)(1 + cos(πt/T)), then minLr', () => {
    const lrAt = cosine({ maxLr: 1, minLr: 0.1, totalSteps: 100 });
    for (const step of [0, 10, 25, 50, 75, 99]) {
      expect(lrAt(step)).toBeCloseTo(0.1 + 0.5 * 0.9 * (1 + Math.cos((Math.PI * step) / 100)), 15);
    }
    expect(lrAt(0)).toBe(1);
    expect(lrAt(50)).toBeCloseTo(0.55, 15);
    expect([lrAt(100), lrAt(1000)]).toEqual([0.1, 0.1]);
    const zeroMin = cosine({ maxLr: 0.1, totalSteps: 100 });
    expect(zeroMin(50)).toBeCloseTo(0.05, 15);
    expect(zeroMin(100)).toBe(0);
  });

  it('linearWarmup: lr·(step + 1)/warmupSteps, then lr', () => {
    const lrAt = linearWarmup({ lr: 1e-3, warmupSteps: 10 });
    expect(lrAt(0)).toBeCloseTo(1e-4, 18);
    expect(lrAt(4)).toBeCloseTo(5e-4, 18);
    expect([lrAt(9), lrAt(10), lrAt(500)]).toEqual([1e-3, 1e-3, 1e-3]);
    // the same ramp as warmupCosine's warm-up
    const wc = optim.lrSchedule.warmupCosine({ warmupSteps: 10, totalSteps: 100, maxLr: 1e-3, minLr: 0 });
    for (let s = 0; s < 10; s++) expect(lrAt(s)).toBe(wc(s));
  });

  it('refuses bad options and negative steps with the schedule named', () => {
    expect(() => constant(-1)).toThrow(/constant: lr must be a finite number ≥ 0/);
    expect(() => stepDecay({ lr: 0.1, stepSize: 0, gamma: 0.1 })).toThrow(/stepDecay: stepSize/);
    expect(() => stepDecay({ lr: 0.1, stepSize: 10, gamma: 1.5 })).toThrow(/gamma must be in \(0, 1\]/);
    expect(() => exponential({ lr: 0.1, gamma: 0 })).toThrow(/exponential: gamma/);
    expect(() => cosine({ maxLr: 0.1, minLr: 0.2, totalSteps: 10 })).toThrow(/cosine: need 0 ≤ minLr ≤ maxLr/);
    expect(() => cosine({ maxLr: 0.1, totalSteps: 0 })).toThrow(/totalSteps/);
    expect(() => linearWarmup({ lr: 0.1, warmupSteps: 2.5 })).toThrow(/warmupSteps/);
    expect(() => exponential({ lr: 0.1, gamma: 0.9 })(-1)).toThrow(/exponential: invalid step -1/);
    expect(() => cosine({ maxLr: 0.1, totalSteps: 10 })(NaN)).toThrow(/invalid step/);
  });

  it('drives an optimizer through opt.lr', () => {
    const lrAt = stepDecay({ lr: 0.1, stepSize: 2, gamma: 0.5 });
    const opt = new optim.SGD([], { lr: lrAt(0) });
    const seen = [0, 1, 2, 3, 4].map((s) => opt.setLr(lrAt(s)).lr);
    expect(seen).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });
});
