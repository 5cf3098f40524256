// Rewrites one generated section of BENCHMARKS.md (between its start and end markers), or appends
// it; the other sections, written by other benchmarks, stay as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeBenchmarkSection(section: string, start: string, end: string, file = 'BENCHMARKS.md'): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const at = text.indexOf(start);
  writeFileSync(file, at >= 0 ? text.slice(0, at) + section + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${section}\n`);
}
