// Waiting on cells in browser tests.
import type { Page } from 'playwright-core';

/**
 * Waits until every cell of the page flow has finished (done or error) and none is running.
 * An exercise's check and solution cells are not part of the flow: they run only when asked.
 */
export async function pageFlowSettled(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    () => [...document.querySelectorAll<HTMLElement>('gb-cell:not([data-role="check"]):not([data-role="solution"])')]
      .every((c) => ['done', 'error'].includes(c.dataset.state ?? '') && !c.hasAttribute('data-running')),
    null,
    { timeout, polling: 500 },
  );
}
