/**
 * Gives an Observable Plot chart one accessible name. Plot puts aria-label on its <g> mark groups,
 * where ARIA prohibits a name (a <g> has no role that takes one), so axe reports every such group.
 * The chart becomes one labelled image instead, and the per-mark labels are dropped.
 * Used at build time (components/PlotFigure.astro) and in the page for cell plots (plot-render.ts).
 */
export function labelChart(chart: Element, label: string): void {
  const svg = chart.matches('svg') ? chart : chart.querySelector('svg');
  for (const el of chart.querySelectorAll('[aria-label], [aria-description]')) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  (svg ?? chart).setAttribute('role', 'img');
  (svg ?? chart).setAttribute('aria-label', label);
}
