/**
 * What the assignment page needs from the cells on it (<gb-cell>, src/cells/element.ts) and
 * where to find them: each exercise's starter, by exercise id.
 */
import type { NotebookCell } from '../../src/cells/notebook.ts';

export type CellElement = HTMLElement & NotebookCell & {
  /** Replaces the code without running it; `save` keeps it as the reader's edit. */
  setCode(code: string, save?: boolean): void;
};

/** The starter cell of each exercise on the page, by exercise id. */
export function starterCells(root: HTMLElement): Map<string, CellElement> {
  const out = new Map<string, CellElement>();
  for (const wrapper of root.querySelectorAll<HTMLElement>('[data-assignment-exercise]')) {
    const cell = wrapper.querySelector('gb-cell[data-role="starter"]');
    if (cell) out.set(wrapper.dataset.assignmentExercise ?? '', cell as CellElement);
  }
  return out;
}

/** The current code of every starter: the editor's text, else the saved edit, else the starter. */
export function currentSources(cells: Map<string, CellElement>): Record<string, string> {
  return Object.fromEntries([...cells].map(([id, cell]) => [id, cell.code()]));
}
