import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { labelChart } from '../../src/plots/label-chart.ts';

// Plot labels its mark groups (<g aria-label="dot">), which ARIA prohibits; axe flagged a live cell
// plot on /en/projects/logistic-regression/ only when the plot had drawn before axe ran.
describe('labelChart', () => {
  const { document } = new JSDOM('').window;
  const data = [{ x: 1, y: 2 }, { x: 2, y: 3 }];

  it('leaves one named image and no named <g>', () => {
    const chart = Plot.plot({ document, marks: [Plot.dot(data, { x: 'x', y: 'y' }), Plot.lineY(data, { x: 'x', y: 'y' })] });
    expect(chart.querySelectorAll('g[aria-label]').length).toBeGreaterThan(0);
    labelChart(chart, 'loss by epoch');
    expect(chart.querySelectorAll('[aria-label]').length).toBe(0);
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe('loss by epoch');
  });

  it('names the svg inside a figure when the chart has a title', () => {
    const chart = Plot.plot({ document, title: 'Loss', marks: [Plot.dot(data, { x: 'x', y: 'y' })] });
    expect(chart.tagName.toLowerCase()).toBe('figure');
    labelChart(chart, 'Loss');
    const named = [...chart.querySelectorAll('[aria-label]')];
    expect(named.map((el) => el.tagName.toLowerCase())).toEqual(['svg']);
    expect(chart.querySelector('svg')!.getAttribute('role')).toBe('img');
  });
});
