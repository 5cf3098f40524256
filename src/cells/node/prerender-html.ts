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

/**
 * The page draws a chart at min(640, column − 24) px (plot-render.ts), so its text stays 10 px on
 * a phone. The build cannot know the column, so it draws two: the desktop width, and a phone's
 * (a 390 px screen's column), one shown by a media query in cell.css; a single 640 px SVG scaled
 * down to a phone had 5 px tick labels.
 */
const CHART_WIDTHS = { wide: 640, narrow: 336 } as const;

/**
 * The inner HTML of a cell's output region for `messages` (already validated by parseFromWorker).
 * Throws if Plot cannot draw a chart: on the page that is the cell's error, at build time the author's.
 */
export function prerenderedOutputHtml(messages: FromWorker[], t: CellStrings, cellId: string): string {
  const { document } = new JSDOM('').window;
  const root = document.createElement('div');
  const view = new OutputView(root, t, cellId, (holder, spec) => {
    holder.replaceChildren(...Object.entries(CHART_WIDTHS).map(([size, width]) => {
      const box = el('div', `gb-plot__${size}`, undefined, document);
      box.append(buildChart(spec, document, width));
      return box;
    }));
  });
  for (const message of messages) view.add(message);
  view.finish();
  root.prepend(el('p', 'gb-cell__built', t.built, document));
  return root.innerHTML;
}
