/**
 * The variant cells of an assignment page: each holds the code that defines `variant` for the
 * course id the student entered (src/assignments/variant.ts). They are shown by running them in a
 * notebook of their own, with its own short-lived worker: that never runs the student's cells
 * above them, as the page's notebook would ("run the cells above first"). The page's notebook
 * still runs them in page order before the starter that reads `variant`.
 */
import { Notebook, pageNotebook } from '../../src/cells/notebook.ts';
import { variantCellCode, variantSeed } from '../../src/assignments/variant.ts';
import { missingVariantCode } from './variant-code.ts';
import type { AssignmentMessages } from './messages.ts';
import type { CellElement } from './cell-element.ts';

interface VariantCell {
  holder: HTMLElement;
  cell: CellElement;
  /** The author's function body (public, from the spec). */
  body: string;
}

export class VariantCells {
  #cells: VariantCell[];
  #assignment: string;
  #t: AssignmentMessages;
  #preview: Notebook | undefined;
  /** Bumped on every change of id: a late seed for an older id is dropped. */
  #generation = 0;

  constructor(root: HTMLElement, assignment: string, t: AssignmentMessages) {
    this.#assignment = assignment;
    this.#t = t;
    this.#cells = [...root.querySelectorAll<HTMLElement>('[data-variant-for]')].map((holder) => ({
      holder,
      cell: holder.querySelector('gb-cell') as CellElement,
      body: JSON.parse(holder.querySelector('[data-variant-body]')?.textContent ?? '""') as string,
    }));
  }

  get count(): number {
    return this.#cells.length;
  }

  /**
   * Puts in the variant code for `courseId` ('' puts back the "enter your course id" code).
   * `changed`: the id differs from the one the page's notebook may have run with, so its scope
   * is reset (the next Run rebuilds it with the new numbers). Resolves once the code is in;
   * `preview()` then shows the values.
   */
  async setCourseId(courseId: string, changed: boolean): Promise<boolean> {
    if (this.#cells.length === 0) return false;
    const generation = ++this.#generation;
    const seed = courseId ? await variantSeed(this.#assignment, courseId) : undefined;
    if (generation !== this.#generation) return false;
    if (changed) pageNotebook().stop();
    this.#preview?.stop();
    this.#preview = undefined;
    for (const { holder, cell, body } of this.#cells) {
      cell.setCode(seed === undefined ? missingVariantCode(this.#t) : variantCellCode(body, seed), false);
      holder.toggleAttribute('data-variant-missing', seed === undefined);
    }
    return seed !== undefined;
  }

  /** Runs the variant cells alone in a fresh worker of their own, then ends it. */
  async preview(): Promise<void> {
    const generation = this.#generation;
    this.#preview?.stop();
    const preview = new Notebook();
    this.#preview = preview;
    for (const { cell } of this.#cells) preview.add(cell);
    for (const { cell } of this.#cells) {
      if (generation !== this.#generation) return;
      await preview.run(cell);
    }
    if (this.#preview === preview) {
      preview.stop();
      this.#preview = undefined;
    }
  }
}
