/**
 * The CPU backends' erf: piecewise polynomials fitted when the module loads (fast), against the
 * series they were fitted to (slow, the oracle), and the properties GELU relies on.
 */
import { describe, expect, it } from 'vitest';
import { erf, erfSeries } from '../../kernels/backends/cpu/erf.ts';

describe('cpu erf', () => {
  it('matches the series within 2e-15 on [-7, 7], across every piece boundary', () => {
    let worst = 0;
    for (let i = 0; i <= 140_000; i++) {
      const x = -7 + i / 10_000;
      worst = Math.max(worst, Math.abs(erf(x) - erfSeries(x)));
    }
    for (let k = 1; k <= 96; k++) { // the boundaries at k/16, from both sides
      for (const x of [k / 16, k / 16 - 1e-12, k / 16 + 1e-12]) worst = Math.max(worst, Math.abs(erf(x) - erfSeries(x)));
    }
    expect(worst).toBeLessThan(2e-15);
  });
  it('keeps its relative accuracy near 0, and is odd', () => {
    for (const x of [1e-300, 1e-10, 1e-5, 0.01, 0.06]) {
      expect(Math.abs(erf(x) / erfSeries(x) - 1)).toBeLessThan(2e-15);
      expect(erf(-x)).toBe(-erf(x));
    }
    expect(erf(0)).toBe(0);
  });
  it('never leaves [-1, 1], and is exactly ±1 from 6 on', () => {
    for (let x = 5; x < 6.5; x += 1e-4) expect(erf(x)).toBeLessThanOrEqual(1);
    expect([erf(6), erf(-40), erf(Infinity), erf(-Infinity)]).toEqual([1, -1, 1, -1]);
    expect(erf(NaN)).toBeNaN();
  });
  it('is monotone across the pieces (GELU is smooth because erf is)', () => {
    let prev = -1;
    for (let x = -6.2; x < 6.2; x += 1 / 1024) {
      const y = erf(x);
      expect(y).toBeGreaterThanOrEqual(prev);
      prev = y;
    }
  });
});
