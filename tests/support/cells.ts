// Driving and waiting on cells in browser tests.
import type { Locator, Page } from 'playwright-core';

/** The <gb-cell> with this id. */
export const cell = (page: Page, id: string) => page.locator(`gb-cell[data-id="${id}"]`);

/** Waits until a cell's run has ended (done or error); returns its state. */
export async function settled(target: Locator, timeout = 30_000): Promise<string> {
  const handle = await target.elementHandle();
  await target.page().waitForFunction(
    (el) => !!el && !el.hasAttribute('data-running') && ['done', 'error'].includes((el as HTMLElement).dataset.state ?? ''),
    handle,
    { timeout },
  );
  return (await target.getAttribute('data-state')) ?? '';
}

/** Opens the editor of a cell and replaces its code by typing. */
export async function typeCode(target: Locator, code: string): Promise<void> {
  await target.locator('[data-action="edit"]').click();
  const content = target.locator('.cm-content');
  await content.waitFor();
  await content.click();
  await target.page().keyboard.press('ControlOrMeta+a');
  await target.page().keyboard.press('Delete');
  await target.page().keyboard.insertText(code);
}

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
