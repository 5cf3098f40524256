// Draws an autorun cell's build-time outputs (prerender.ts) as HTML for the page: the page's own
// OutputView (render.ts) in a JSDOM document, so text goes in through textContent and the markup is
// the markup Run draws; charts as static SVG by Observable Plot with the page's mark building and
// labelChart (plot-render.ts buildChart), as components/PlotFigure.astro draws build-time charts.
// A note above says the output was computed when the book was built and that Run recomputes it.
import { JSDOM } from 'jsdom';
import type { FromWorker } from '../protocol.ts';
import type { CellStrings } from '../strings.ts';
import { OutputView } from '../render.ts';
import { buildChart } from '../plot-render.ts';
import { el } from '../dom.ts';

/** The widest a cell's chart is drawn on the page (plot-render.ts); the SVG scales down with CSS. */
const CHART_WIDTH = 640;

/**
 * The inner HTML of a cell's output region for `messages` (already validated by parseFromWorker).
 * Throws if Plot cannot draw a chart: on the page that is the cell's error, at build time the author's.
 */
export function prerenderedOutputHtml(messages: FromWorker[], t: CellStrings, cellId: string): string {
  const { document } = new JSDOM('').window;
  const root = document.createElement('div');
  const view = new OutputView(root, t, cellId, (holder, spec) => {
    holder.replaceChildren(buildChart(spec, document, CHART_WIDTH));
  });
  for (const message of messages) view.add(message);
  view.finish();
  root.prepend(el('p', 'gb-cell__built', t.built, document));
  return root.innerHTML;
}
