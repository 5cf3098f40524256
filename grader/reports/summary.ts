/**
 * The run as a whole: summary.json (the entire GradeRun, students sorted, keys sorted: the record
 * a rerun is compared against) and summaryText, the few lines the CLI prints at the end.
 */
import type { GradeRun, StudentResult } from '../records.ts';
import { flagKind } from './flags.ts';
import { compareCodePoints, formatNumber, sortedStudents, stableJson } from './format.ts';

/** summary.json text. */
export function summaryJson(run: GradeRun): string {
  return stableJson({ ...run, students: sortedStudents(run) });
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);

/** Flag kinds over students and their exercises (`not-graded` left out), most frequent first. */
export function flagCounts(students: StudentResult[]): [string, number][] {
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const s of students) {
    for (const f of s.flags) add(flagKind(f));
    for (const e of s.exercises) for (const f of e.flags) if (f !== 'not-graded') add(flagKind(f));
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || compareCodePoints(a, b));
}

/** Per exercise: graded (not `not-graded`), with full marks, and mean points over the graded. */
function exerciseLines(students: StudentResult[]): string[] {
  const ids = [...new Set(students.flatMap((s) => s.exercises.map((e) => e.id)))];
  const width = Math.max(0, ...ids.map((id) => id.length));
  return ids.map((id) => {
    const graded = students.flatMap((s) => s.exercises.filter((e) => e.id === id && !e.flags.includes('not-graded')));
    const full = graded.filter((e) => e.points >= e.maxPoints).length;
    const max = graded[0]?.maxPoints ?? students.flatMap((s) => s.exercises).find((e) => e.id === id)?.maxPoints;
    const rate = graded.length ? `${Math.round((100 * full) / graded.length)}%` : '-';
    return `  ${id.padEnd(width)}  full marks ${full}/${graded.length} (${rate}), mean ${formatNumber(mean(graded.map((e) => e.points))) || '-'}/${formatNumber(max)}`;
  });
}

/** A short plain-text summary: counts, mean and median total, per-exercise full-marks rates, flag counts. */
export function summaryText(run: GradeRun): string {
  const students = sortedStudents(run);
  const submitted = students.filter((s) => !s.flags.includes('no-submission'));
  const totals = students.map((s) => s.total);
  const maxTotal = students.length ? Math.max(...students.map((s) => s.maxTotal)) : undefined;
  const flags = flagCounts(students);
  return [
    `${run.assignment.title.en} (${run.assignment.id} v${run.assignment.version}): ${students.length} students, ${submitted.length} with a submission`,
    `total: mean ${formatNumber(mean(totals)) || '-'}, median ${formatNumber(median(totals)) || '-'}, of ${formatNumber(maxTotal) || '-'}`,
    'exercises:',
    ...exerciseLines(students),
    `flags: ${flags.length ? flags.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}`,
  ].join('\n');
}
