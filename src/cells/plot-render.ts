/**
 * Page side of `plot`: draws a FigureSpec from the worker with Observable Plot (loaded only when a
 * cell first plots). Redraws of one figure are coalesced to one per animation frame, so a loss
 * curve sent every few epochs draws live without backing up. Specs reach here only after
 * validate-plot.ts (known marks, allow-listed options, data only); Plot writes strings as text.
 */
import * as Plot from '@observablehq/plot';
import type { FigureSpec } from './protocol.ts';
import { MARKS } from './plot-marks.ts';
import { labelChart } from '../plots/label-chart.ts';

const queued = new WeakMap<HTMLElement, FigureSpec>();

/** Draws (or redraws, in place) `spec` into `holder`. */
export function drawFigure(holder: HTMLElement, spec: FigureSpec): void {
  const waiting = queued.has(holder);
  queued.set(holder, spec);
  if (waiting) return;
  requestAnimationFrame(() => {
    const latest = queued.get(holder)!;
    queued.delete(holder);
    try {
      holder.replaceChildren(render(latest));
    } catch (e) {
      // A spec Plot cannot draw (an unknown scheme, a bad symbol) is the cell's error, not the page's.
      const message = document.createElement('p');
      message.className = 'gb-out gb-out--error';
      message.textContent = `plot: ${(e as Error).message}`;
      holder.replaceChildren(message);
    }
  });
}

function render(spec: FigureSpec): SVGSVGElement | HTMLElement {
  const width = Math.min(640, (document.querySelector('.sl-markdown-content')?.clientWidth ?? 640) - 24);
  return buildChart(spec, document, width);
}

/**
 * The chart of a (validated) spec, made in `doc` at `width` unless the spec sets one: the page's
 * drawing and the build's (src/cells/node/prerender-html.ts, a JSDOM document, as
 * components/PlotFigure.astro) share it, so a chart computed at build time is the one Run redraws.
 */
export function buildChart(spec: FigureSpec, doc: Document, width: number): SVGSVGElement | HTMLElement {
  const { marks, ...options } = spec;
  const made = marks.map(({ mark, data, options: o }) => {
    if (!(MARKS as readonly string[]).includes(mark)) throw new Error(`invalid mark: ${mark}`);
    const factory = (Plot as unknown as Record<string, (d: unknown, o: unknown) => Plot.Markish>)[mark];
    return factory(data ?? undefined, o);
  });
  const chart = Plot.plot({ width, ...options, marks: made, document: doc } as Plot.PlotOptions);
  labelChart(chart, chartLabel(spec));
  return chart;
}

/** The chart's accessible name: the cell's own ariaLabel or title, else what it draws. */
function chartLabel(spec: FigureSpec): string {
  for (const key of ['ariaLabel', 'title', 'caption'] as const) {
    if (typeof spec[key] === 'string' && spec[key]) return spec[key] as string;
  }
  return `plot: ${spec.marks.map((m) => m.mark).join(', ')}`;
}
