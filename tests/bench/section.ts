// Rewrites one generated section of BENCHMARKS.md (between its start and end markers), or appends
// it; the other sections, written by other benchmarks, stay as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeBenchmarkSection(section: string, start: string, end: string, file = 'BENCHMARKS.md'): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const at = text.indexOf(start);
  const to = text.indexOf(end, at);
  // a start marker without its end would make the slice below keep the old section's tail
  if (at >= 0 && to < 0) throw new Error(`${file}: ${start} has no ${end} after it; fix the file by hand`);
  writeFileSync(file, at >= 0 ? text.slice(0, at) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`);
}

/**
 * `text` with the generated sections (`<!-- name:start -->` ... `<!-- name:end -->`) of the file it
 * replaces appended, when `text` lacks them: `npm run bench` writes the whole file, and must not
 * drop what bench:cells and bench:grader wrote.
 */
export function withOtherSections(text: string, file = 'BENCHMARKS.md'): string {
  if (!existsSync(file)) return text;
  let out = text;
  for (const m of readFileSync(file, 'utf8').matchAll(/<!-- ([\w-]+):start -->[\s\S]*?<!-- \1:end -->/g)) {
    if (!out.includes(`<!-- ${m[1]}:start -->`)) out = `${out.trimEnd()}\n\n${m[0]}\n`;
  }
  return out;
}
