/**
 * grades.csv: the instructor's full table, one row per student:
 * `student,name,identity,<exercise id> (<max>)…,raw_total,late_credit,total,max_total,submitted_at,flags`.
 * `flags` joins the student's flags and each exercise's flags as `<exercise>:<flag>` with `;`
 * (an exercise's `not-graded` is left out: the submission-level flag already says why).
 */
import type { GradeRun, StudentResult } from '../records.ts';
import { csvDocument, num, text, type Cell } from './csv.ts';
import { formatNumber, sortedStudents } from './format.ts';

/** An exercise column of grades.csv. */
export interface ExerciseColumn { id: string; maxPoints: number }

/** Every exercise that appears in the run, in first-seen order (the spec's order: every result lists all of them). */
export function exerciseColumns(run: GradeRun): ExerciseColumn[] {
  const seen = new Map<string, ExerciseColumn>();
  for (const s of sortedStudents(run)) for (const e of s.exercises) if (!seen.has(e.id)) seen.set(e.id, { id: e.id, maxPoints: e.maxPoints });
  return [...seen.values()];
}

/** The flags cell of one student. */
export function flagsCell(s: StudentResult): string {
  const exerciseFlags = s.exercises.flatMap((e) => e.flags.filter((f) => f !== 'not-graded').map((f) => `${e.id}:${f}`));
  return [...s.flags, ...exerciseFlags].join(';');
}

function row(s: StudentResult, columns: ExerciseColumn[]): Cell[] {
  const points = new Map(s.exercises.map((e) => [e.id, e.points]));
  return [
    text(s.student), text(s.name), text(s.identity),
    ...columns.map((c) => num(points.get(c.id))),
    num(s.rawTotal), num(s.lateCredit), num(s.total), num(s.maxTotal),
    text(s.submittedAt), text(flagsCell(s)),
  ];
}

/** grades.csv as text. */
export function gradesCsv(run: GradeRun): string {
  const columns = exerciseColumns(run);
  const header = ['student', 'name', 'identity', ...columns.map((c) => `${c.id} (${formatNumber(c.maxPoints)})`),
    'raw_total', 'late_credit', 'total', 'max_total', 'submitted_at', 'flags'].map(text);
  return csvDocument([header, ...sortedStudents(run).map((s) => row(s, columns))]);
}
