/**
 * Formatting shared by every report, chosen so the same GradeRun always gives the same bytes:
 * code-point ordering (not the locale's, not UTF-16's), numbers to at most 2 decimals without
 * trailing zeros, JSON with sorted keys.
 */
import type { GradeRun, StudentResult } from '../records.ts';

/**
 * Code-point order (UTF-16 `<` misorders astral characters against U+E000–U+FFFF; localeCompare
 * depends on the machine's ICU data).
 */
export function compareCodePoints(a: string, b: string): number {
  const [x, y] = [a[Symbol.iterator](), b[Symbol.iterator]()];
  for (;;) {
    const [p, q] = [x.next(), y.next()];
    if (p.done || q.done) return p.done && q.done ? 0 : p.done ? -1 : 1;
    const d = p.value.codePointAt(0)! - q.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/**
 * Up to 2 decimals, no trailing zeros, no exponent, `-0` as `0`; '' for a missing or non-finite value.
 * @example formatNumber(2.5); // '2.5'
 * @example formatNumber(1 / 3); // '0.33'
 */
export function formatNumber(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  const rounded = Math.round(n * 100 + Math.sign(n) * 1e-7) / 100;
  const text = rounded.toFixed(2).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

/** Students in code-point order of their LMS key (the row order of every report). */
export function sortedStudents(run: GradeRun): StudentResult[] {
  return [...run.students].sort((a, b) => compareCodePoints(a.student, b.student));
}

function serialize(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + serialize(v === undefined ? null : v, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort(compareCodePoints);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${serialize((value as Record<string, unknown>)[k], inner)}`).join(',\n')}\n${indent}}`;
}

/** JSON with object keys in code-point order at every level, 2-space indent, final newline. */
export function stableJson(value: unknown): string {
  return `${serialize(value, '')}\n`;
}
