/**
 * Readers' edits, per page and cell id, in localStorage. Each edit keeps the hash of the original
 * it was made against, so a later change by the author can be noticed and shown.
 */
export interface SavedEdit {
  code: string;
  /** Hash of the original when the reader edited it. */
  originalHash: string;
  savedAt: number;
}

const PREFIX = 'gradbook:cell:v1:';

function key(page: string, cellId: string): string {
  return `${PREFIX}${page}:${cellId}`;
}

export function loadEdit(page: string, cellId: string): SavedEdit | null {
  try {
    const raw = localStorage.getItem(key(page, cellId));
    const value = raw ? (JSON.parse(raw) as SavedEdit) : null;
    return value && typeof value.code === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function saveEdit(page: string, cellId: string, edit: SavedEdit): void {
  try {
    localStorage.setItem(key(page, cellId), JSON.stringify(edit));
  } catch {
    // storage full or disabled: edits last for this visit only
  }
}

export function clearEdit(page: string, cellId: string): void {
  try {
    localStorage.removeItem(key(page, cellId));
  } catch {
    // ignore
  }
}

/** Calls `fn` once `ms` after the last call (autosave). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const run = () => {
    timer = undefined;
    if (pending) fn(...pending);
    pending = undefined;
  };
  const debounced = (...args: A) => {
    pending = args;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = () => {
    clearTimeout(timer);
    run();
  };
  return debounced;
}
