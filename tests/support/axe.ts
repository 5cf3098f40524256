// Accessibility checks with axe-core, shared by the browser tests: the violations a reader would
// hit (serious and critical), and a way to run axe's costliest rule on a sample of the page.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * axe for one page, set up for the book's pages, which have no frames: one `axe.run` in the page
 * (legacy mode; the default runs axe per frame, then sends every result to a blank page to
 * finish), and full node lists for violations only (passes list every element checked: tens of
 * thousands on a chapter). Same rules, same violations; on /en/math/ 7.2 s instead of 19.8 s.
 * Rules are chosen after this (withRules, disableRules), which keeps these options.
 */
export function axeFor(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] });
}

/** Serious and critical axe violations, one line each (Starlight's search hint excepted). */
export async function seriousViolations(axe: AxeBuilder): Promise<string[]> {
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isStarlightSearchHint(v.id, n.target)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target}`);
}

// Starlight's search button shows a "Ctrl K" hint beside its label; the hint is exposed through
// aria-keyshortcuts, so the label-in-name check's complaint about that one button is not a barrier.
function isStarlightSearchHint(rule: string, target: unknown): boolean {
  return rule === 'label-content-name-mismatch' && String(target) === 'button[data-open-modal=""]';
}

/**
 * Marks with `data-contrast-sample` a small set of the elements matching `selector` whose text
 * shows every distinct look (colour, background, weight, style, size, opacity) those elements
 * have on the page (greedy set cover), and returns how many it marked. Colour contrast depends on
 * nothing else, so axe's contrast rule on the samples judges every element of the kind.
 */
export function markContrastSamples(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const looks = (root: Element): Set<string> => {
      const keys = new Set<string>();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || !node.parentElement) continue;
        const el = node.parentElement;
        const s = getComputedStyle(el);
        let bg = 'transparent';
        for (let e: Element | null = el; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
        }
        keys.add([s.color, bg, s.fontWeight, s.fontStyle, s.fontSize, s.opacity].join('|'));
      }
      return keys;
    };
    const blocks = [...document.querySelectorAll(sel)].map((el) => ({ el, keys: looks(el) }));
    const uncovered = new Set(blocks.flatMap((b) => [...b.keys]));
    let marked = 0;
    while (uncovered.size) {
      let best = blocks[0];
      let gain = -1;
      for (const b of blocks) {
        const g = [...b.keys].filter((k) => uncovered.has(k)).length;
        if (g > gain) { best = b; gain = g; }
      }
      if (gain <= 0) break;
      best.el.setAttribute('data-contrast-sample', '');
      marked++;
      for (const k of best.keys) uncovered.delete(k);
    }
    return marked;
  }, selector);
}
