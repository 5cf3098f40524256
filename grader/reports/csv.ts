/**
 * CSV cells for files an instructor opens in a spreadsheet and uploads to an LMS: RFC 4180
 * quoting, and text cells defused against formula injection (OWASP "CSV Injection"): a text cell
 * that would start with `=`, `+`, `-`, `@` (or their full-width forms, which some CJK spreadsheet
 * locales also treat as formulas), a tab or a CR gets a leading `'`. Control and bidi-override
 * characters are removed from text first, so they cannot hide or reorder a cell. Numeric cells
 * are written by formatNumber and left alone. Lines end in `\n` (Canvas and Moodle accept it).
 */
import { formatNumber } from './format.ts';

/** A typed cell: text is cleaned and defused, numbers are formatted. */
export type Cell = { text: string } | { number: number | undefined };

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** A text cell, cleaned: controls removed, line breaks as spaces, formula starts defused. */
export function textCell(value: string | undefined): string {
  const clean = (value ?? '').replace(CONTROLS, '').replace(/\r\n|\r|\n|\t/g, ' ');
  return FORMULA_START.test(clean.trimStart()) ? `'${clean}` : clean;
}

/** RFC 4180: quote when the cell holds a comma, a quote or a line break; double the quotes. */
export function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One CSV line from typed cells (text cleaned, numbers formatted). */
export function csvLine(cells: Cell[]): string {
  return cells.map((c) => quote('text' in c ? textCell(c.text) : formatNumber(c.number))).join(',');
}

/** A whole CSV document: lines joined by `\n`, with a final newline. */
export function csvDocument(rows: Cell[][]): string {
  return rows.map(csvLine).join('\n') + '\n';
}

/** A text cell. */
export const text = (value: string | undefined): Cell => ({ text: value ?? '' });
/** A numeric cell ('' when undefined). */
export const num = (value: number | undefined): Cell => ({ number: value });
