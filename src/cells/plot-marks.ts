/**
 * The Observable Plot vocabulary cells may use, shared by the worker (plot-spec.ts builds specs)
 * and the page (validate-plot.ts checks what arrives, plot-render.ts draws it). Options are
 * allow-listed: Plot turns a few options into markup the page would not want a cell to control
 * (`href`/`target` make links, `className`/`style` reach the page's CSS, `document` replaces the
 * DOM Plot builds with), so only data-like options pass.
 */

export const MARKS = ['line', 'lineY', 'lineX', 'dot', 'barY', 'barX', 'areaY', 'ruleY', 'ruleX', 'text', 'cell', 'rectY', 'contour'] as const;
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

/**
 * Options only the contour mark takes, on top of MARK_OPTIONS: the grid's size (`width` × `height`
 * values, row-major), the field holding each value (`value`: plot-spec.ts sends rows `{ value }`),
 * the levels (`thresholds`) and smoothing. validate-plot.ts (readContour) checks them further,
 * because each sets how much work Plot does on the page: a grid of 10⁹ cells or 10⁶ levels would
 * hang the reader's tab. Plot's `interval` (a level every n units) is left out for that reason:
 * its count depends on the data's range (1e-12 over [0, 1] is 10¹² levels).
 */
export const CONTOUR_OPTIONS: ReadonlySet<string> = new Set(['width', 'height', 'value', 'thresholds', 'blur', 'smooth']);

const CONTOUR_WITH_MARK_OPTIONS: ReadonlySet<string> = new Set([...MARK_OPTIONS, ...CONTOUR_OPTIONS].filter((k) => k !== 'interval'));

/** Options a mark may set: MARK_OPTIONS, or for the contour mark CONTOUR_OPTIONS too but not `interval`. */
export function markOptions(mark: MarkName): ReadonlySet<string> {
  return mark === 'contour' ? CONTOUR_WITH_MARK_OPTIONS : MARK_OPTIONS;
}

/** Most contour levels one mark may ask for (a count or a list); each level is a marching-squares pass over the grid. */
export const CONTOUR_MAX_THRESHOLDS = 200;
/** Largest `blur` radius in grid cells (more only flattens the surface it is meant to show). */
export const CONTOUR_MAX_BLUR = 20;
/**
 * Named level rules allowed: 'sturges' (⌈log₂ n⌉ + 1 levels) and 'auto' (Plot caps it at 200).
 * 'scott' and 'freedman-diaconis' are left out: on a nearly flat grid their count is unbounded.
 */
export const CONTOUR_THRESHOLD_NAMES = ['auto', 'sturges'] as const;

/** Keys refused at any depth of a figure's or mark's options (links, page CSS, Plot's document, prototypes). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  'href', 'target', 'className', 'style', 'document', 'render', '__proto__', 'constructor', 'prototype',
]);
