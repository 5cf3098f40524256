/**
 * The Observable Plot vocabulary cells may use, shared by the worker (plot-spec.ts builds specs)
 * and the page (validate-plot.ts checks what arrives, plot-render.ts draws it). Options are
 * allow-listed: Plot turns a few options into markup the page would not want a cell to control
 * (`href`/`target` make links, `className`/`style` reach the page's CSS, `document` replaces the
 * DOM Plot builds with), so only data-like options pass.
 */

export const MARKS = ['line', 'lineY', 'lineX', 'dot', 'barY', 'barX', 'areaY', 'ruleY', 'ruleX', 'text', 'cell', 'rectY'] as const;
export type MarkName = (typeof MARKS)[number];

/** Plot.plot options a figure may set (besides `marks`). Scale options (x, y, color…) are data objects. */
export const FIGURE_OPTIONS: ReadonlySet<string> = new Set([
  'width', 'height', 'aspectRatio', 'margin', 'marginTop', 'marginRight', 'marginBottom', 'marginLeft',
  'inset', 'insetTop', 'insetRight', 'insetBottom', 'insetLeft', 'grid', 'label', 'nice', 'round', 'clamp',
  'align', 'padding', 'title', 'subtitle', 'caption', 'ariaLabel', 'ariaDescription', 'clip', 'axis',
  'x', 'y', 'fx', 'fy', 'color', 'opacity', 'r', 'symbol', 'length', 'facet', 'projection',
]);

/** Mark options (channels and constants) a mark may set. */
export const MARK_OPTIONS: ReadonlySet<string> = new Set([
  'x', 'y', 'x1', 'x2', 'y1', 'y2', 'z', 'fx', 'fy', 'facet', 'fill', 'fillOpacity', 'stroke', 'strokeWidth',
  'strokeOpacity', 'strokeDasharray', 'strokeDashoffset', 'strokeLinecap', 'strokeLinejoin', 'strokeMiterlimit',
  'opacity', 'mixBlendMode', 'paintOrder', 'shapeRendering', 'r', 'rotate', 'symbol', 'text', 'title', 'tip',
  'fontFamily', 'fontSize', 'fontStyle', 'fontVariant', 'fontWeight', 'textAnchor', 'lineAnchor', 'lineHeight',
  'lineWidth', 'textOverflow', 'monospace', 'frameAnchor', 'dx', 'dy', 'inset', 'insetTop', 'insetRight',
  'insetBottom', 'insetLeft', 'rx', 'ry', 'curve', 'tension', 'marker', 'markerStart', 'markerMid', 'markerEnd',
  'sort', 'reverse', 'interval', 'clip', 'ariaLabel', 'ariaDescription', 'ariaHidden', 'pointerEvents', 'basis',
]);

/** Keys refused at any depth of a figure's or mark's options (links, page CSS, Plot's document, prototypes). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  'href', 'target', 'className', 'style', 'document', 'render', '__proto__', 'constructor', 'prototype',
]);
