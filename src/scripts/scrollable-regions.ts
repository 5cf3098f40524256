// A display equation or a code block wider than the column scrolls sideways; keyboard users must
// be able to reach it to scroll it. Only regions that overflow become tab stops (checked again when
// a region's size changes: a web font arriving late widens KaTeX after the first check, which axe
// caught on a fresh load; and on resize and when a tab panel opens), so narrow ones add no stops.

const REGIONS = '.sl-markdown-content .katex-display, .sl-markdown-content pre';

export function makeWideRegionsFocusable(labels: { math: string; code: string }): void {
  const update = () => {
    for (const el of document.querySelectorAll<HTMLElement>(REGIONS)) {
      if (el.closest('gb-cell')) continue; // cells have their own editor and toolbar
      const wide = el.scrollWidth > el.clientWidth + 1;
      const ours = el.dataset.wideRegion === '';
      if (wide && !el.hasAttribute('tabindex')) {
        el.tabIndex = 0;
        el.dataset.wideRegion = '';
        el.setAttribute('role', 'group');
        el.setAttribute('aria-label', el.matches('pre') ? labels.code : labels.math);
      } else if (!wide && ours) {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
        delete el.dataset.wideRegion;
      }
    }
  };
  update();
  let frame = 0;
  const later = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(update);
  };
  window.addEventListener('resize', later);
  document.addEventListener('click', later); // a tab switch shows panels whose width was unknown
  document.fonts?.ready.then(later);
  if ('ResizeObserver' in window) {
    const observer = new ResizeObserver(later);
    for (const el of document.querySelectorAll<HTMLElement>(REGIONS)) observer.observe(el.firstElementChild ?? el);
  }
}
