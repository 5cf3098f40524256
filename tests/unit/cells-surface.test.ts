/**
 * `surface` (the cell helper that samples f(x, y) for a contour plot) and the contour mark it feeds:
 * the grid layout, the refusals, and that Plot draws a level where f takes that value (which holds
 * only if surface samples where Plot puts grid values: at cell centres).
 */
import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { createPlot, surface } from '../../src/cells/plot-spec.ts';
import { readFigure } from '../../src/cells/validate-plot.ts';

describe('surface', () => {
  it('is row-major: values[j * width + i] = f(x_i, y_j), at cell centres', () => {
    const g = surface((x, y) => 10 * x + y, { x: [0, 4], y: [0, 2], n: 4 });
    expect(g).toMatchObject({ width: 4, height: 4, x1: 0, x2: 4, y1: 0, y2: 2 });
    // x_i = 0.5, 1.5, 2.5, 3.5; y_j = 0.25, 0.75, 1.25, 1.75
    expect(g.values.slice(0, 4)).toEqual([5.25, 15.25, 25.25, 35.25]);
    expect(g.values[2 * 4 + 1]).toBe(15 + 1.25);
    expect(g.values).toHaveLength(16);
  });

  it('defaults to n = 60', () => {
    const g = surface(() => 0, { x: [-1, 1], y: [-1, 1] });
    expect([g.width, g.height, g.values.length]).toEqual([60, 60, 3600]);
  });

  it.each([
    ['an infinite bound', { x: [0, Infinity], y: [0, 1] }, /x must be \[x0, x1\] with finite x0 < x1, got \[0, Infinity\]/],
    ['a NaN bound', { x: [0, 1], y: [NaN, 1] }, /y must be \[y0, y1\] with finite y0 < y1/],
    ['reversed bounds', { x: [1, 0], y: [0, 1] }, /x must be .* x0 < x1/],
    ['a missing range', { x: [0, 1] }, /y must be/],
    ['n = 1', { x: [0, 1], y: [0, 1], n: 1 }, /n must be an integer from 2 to 200, got 1/],
    ['n = 201', { x: [0, 1], y: [0, 1], n: 201 }, /n must be an integer from 2 to 200, got 201/],
    ['a fractional n', { x: [0, 1], y: [0, 1], n: 10.5 }, /n must be an integer/],
  ])('refuses %s', (_, options, message) => {
    expect(() => surface(() => 0, options as never)).toThrow(message);
  });

  it('refuses an f that does not return a number', () => {
    expect(() => surface((() => '1') as never, { x: [0, 1], y: [0, 1], n: 2 })).toThrow(/f must return a number, got string/);
  });

  it('keeps non-finite values as they are (Plot picks levels from the finite ones)', () => {
    const g = surface((x) => (x < 0.5 ? NaN : x), { x: [0, 1], y: [0, 1], n: 2 });
    expect(g.values.map(Number.isNaN)).toEqual([true, false, true, false]);
  });
});

describe('the contour mark on a surface', () => {
  const { document } = new JSDOM('').window;
  /** What a cell's plot.contour(...) sends, checked as the page checks it, then drawn as plot-render.ts draws it. */
  function draw(values: number[], options: Record<string, unknown>) {
    const mark = createPlot(() => {}).contour(values, options);
    const { marks: [spec] } = readFigure({ marks: [{ mark: mark.mark, data: mark.data, options: mark.options }] });
    return Plot.plot({ document, marks: [Plot.contour(spec.data!, spec.options)] });
  }
  /** x coordinates of the points of the contour mark's paths. */
  function pathXs(chart: Element): number[] {
    const ds = [...chart.querySelectorAll('g[aria-label="contour"] path')].map((p) => p.getAttribute('d') ?? '');
    return ds.flatMap((d) => [...d.matchAll(/[ML]([-\d.]+),/g)].map((m) => Number(m[1])));
  }

  it.each(['fill', 'stroke'])('draws the level f = 1 at x = 1 with %s: \'value\'', (channel) => {
    const g = surface((x) => x, { x: [-1, 3], y: [0, 1], n: 40 });
    const { width, height, x1, x2, y1, y2 } = g;
    const chart = draw(g.values, { width, height, x1, x2, y1, y2, thresholds: [1], [channel]: 'value' });
    const xs = pathXs(chart);
    const x = chart.scale('x')!;
    // the region f ≥ 1 is x ∈ [1, 3]: its left edge is where the x scale puts 1
    expect(Math.min(...xs)).toBeCloseTo(x.apply(1) as number, 1);
    expect(Math.max(...xs)).toBeCloseTo(x.apply(3) as number, 1);
  });

  it('draws a grid with NaN and Infinity in it', () => {
    const g = surface((x, y) => (x < 0 ? NaN : y > 0.5 ? Infinity : x + y), { x: [-1, 1], y: [0, 1], n: 20 });
    const { width, height, x1, x2, y1, y2 } = g;
    expect(pathXs(draw(g.values, { width, height, x1, x2, y1, y2, thresholds: 4, stroke: 'value' })).length).toBeGreaterThan(0);
  });

  it('colours each level by its value', () => {
    const g = surface((x, y) => x * x + y * y, { x: [-2, 2], y: [-2, 2], n: 30 });
    const { width, height, x1, x2, y1, y2 } = g;
    const chart = draw(g.values, { width, height, x1, x2, y1, y2, thresholds: [1, 2, 3], stroke: 'value' });
    const strokes = [...chart.querySelectorAll('g[aria-label="contour"] path')].map((p) => p.getAttribute('stroke'));
    expect(strokes).toHaveLength(3);
    expect(new Set(strokes).size).toBe(3);
  });
});
