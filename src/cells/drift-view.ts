/**
 * The page's half of "compare with float64": draws a validated DriftMessage (or why there is
 * none) as a table under the cell. Text only (textContent), never HTML: the rows come from the
 * worker, which cell code controls. Loaded on the first comparison, not with the page.
 */
import type { DriftMessage, DriftRow } from './protocol.ts';
import type { CellStrings } from './strings.ts';

/** A number as a reader reads it: 4 significant digits, ∞ and NaN spelled out. */
function show(x: number | null): string {
  if (x === null) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(3).replace('e+', 'e') : String(Number(x.toPrecision(4)));
}

function cell(tag: 'td' | 'th', text: string, className?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  if (tag === 'th') el.setAttribute('scope', 'col');
  return el;
}

/** Replaces `root`'s content with the comparison (or the reason it failed). */
export function showDrift(root: HTMLElement, answer: DriftMessage | { error: string }, t: CellStrings): void {
  root.hidden = false;
  const d = t.drift;
  if (!('rows' in answer) || answer.error) {
    const p = document.createElement('p');
    p.className = 'gb-cell__drift-error';
    p.textContent = d.failed(answer.error ?? '');
    root.replaceChildren(p);
    return;
  }
  if (answer.rows.length === 0) {
    const p = document.createElement('p');
    p.textContent = d.nothing;
    root.replaceChildren(p);
    return;
  }
  const table = document.createElement('table');
  const caption = table.createCaption();
  caption.textContent = d.caption(answer.backend, answer.reference);
  table.createTHead().insertRow().append(...[d.name, d.note, t.shape, d.maxAbs, d.relative, answer.reference, answer.backend].map((h) => cell('th', h)));
  const body = table.createTBody();
  for (const row of answer.rows) body.append(rowElement(row, d));
  const wrap = document.createElement('div');
  wrap.className = 'gb-cell__drift-table';
  wrap.tabIndex = 0; // a wide table scrolls; the keyboard must reach it
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', caption.textContent);
  wrap.append(table);
  // one sentence per kind of note that appears, worst first
  const kinds = [...new Set(answer.rows.map((r) => r.note))].sort((a, b) => NOTE_ORDER.indexOf(a) - NOTE_ORDER.indexOf(b));
  const notes = document.createElement('ul');
  notes.className = 'gb-cell__drift-notes';
  for (const k of kinds) notes.append(Object.assign(document.createElement('li'), { textContent: d.explain[k] }));
  root.replaceChildren(wrap, notes);
}

const NOTE_ORDER: DriftRow['note'][] = ['overflow', 'nan', 'nonfinite', 'mismatch', 'large', 'accumulated', 'rounding', 'equal'];

function rowElement(row: DriftRow, d: CellStrings['drift']): HTMLElement {
  const tr = document.createElement('tr');
  tr.dataset.note = row.note;
  // the note second: on a phone the table scrolls sideways, and the verdict must not be off screen
  tr.append(
    cell('td', row.name),
    cell('td', d.short[row.note], `gb-cell__drift-note gb-cell__drift-note--${row.note}`),
    cell('td', row.shape.length ? `[${row.shape.join(', ')}]` : '—'),
    cell('td', show(row.maxAbs)),
    cell('td', show(row.relative)),
    cell('td', show(row.reference)),
    cell('td', show(row.value)),
  );
  return tr;
}
