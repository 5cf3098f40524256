/**
 * Starlight's "on this page" highlighter (the `starlight-toc` element), rewritten to cost
 * O(headings) instead of O(page). Starlight's own (0.42, components-internals/TableOfContents/
 * starlight-toc.ts) observes every block of the page with an IntersectionObserver, found with a
 * `:has()` query over all of `main`: on /en/math/ (35k elements) that query alone held the page's
 * thread for 340–440 ms at the first idle moment after load, the moment a reader presses Run.
 * Here the current link is the last heading whose top has passed the same line Starlight uses
 * (below the header and the mobile summary), found by binary search on scroll, once a frame.
 *
 * Swapped in for Starlight's module by src/toc/vite-plugin.mjs; same export and element name, so
 * Starlight's MobileTableOfContents (which extends this class) works unchanged.
 */
const PAGE_TITLE_ID = '_top';

const onIdle = (cb: () => void) => ('requestIdleCallback' in window ? requestIdleCallback(cb) : setTimeout(cb, 1));

export class StarlightTOC extends HTMLElement {
  _current = this.querySelector<HTMLAnchorElement>('a[aria-current="true"]');

  set current(link: HTMLAnchorElement) {
    if (link === this._current) return;
    this._current?.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    this._current = link;
  }

  constructor() {
    super();
    onIdle(() => this.init());
  }

  init = (): void => {
    // each link with the heading it points to, in document order (the list's order)
    const pairs = [...this.querySelectorAll<HTMLAnchorElement>('a')]
      .map((link) => ({ link, heading: document.getElementById(decodeURIComponent(link.hash.slice(1))) }))
      .filter((p): p is { link: HTMLAnchorElement; heading: HTMLElement } => p.heading !== null);
    if (pairs.length === 0) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const line = this.lineY();
      // the last heading at or above the line; before the first heading, the page title's link
      let lo = 0, hi = pairs.length - 1, found = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (pairs[mid].heading.getBoundingClientRect().top <= line) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      this.current = pairs[found].link;
    };
    const schedule = () => { frame ||= requestAnimationFrame(update); };
    addEventListener('scroll', schedule, { passive: true });
    addEventListener('resize', schedule, { passive: true });
    addEventListener('hashchange', schedule);
    update();
  };

  /** Where a heading becomes current: Starlight's band, below the header and the mobile summary. */
  lineY(): number {
    const top = (document.querySelector('header')?.getBoundingClientRect().height || 0)
      + (this.querySelector('summary')?.getBoundingClientRect().height || 0) + 32;
    return top + 53;
  }
}

customElements.define('starlight-toc', StarlightTOC);
