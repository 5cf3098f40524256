/**
 * Gradebook imports for the LMS, one column for the assignment's total.
 *
 * Canvas (Grades → Import; the parser is instructure/canvas-lms app/models/gradebook_importer.rb):
 * the header must start `Student,ID` and, with SIS columns, `SIS User ID,SIS Login ID`, then
 * `Section` as the last student column; a row whose first cell matches /Points Possible/ sets the
 * points. Students are matched by the `ID` cell (Canvas user id, our Canvas student key), then
 * SIS User ID, then SIS Login ID, then name. An assignment column `Title (123)` updates Canvas
 * assignment 123; any other header is matched by exact title, and else becomes a NEW assignment.
 * Our header is `<title en> (<Gradbook id>)`, which is not a Canvas id: to fill an existing
 * Canvas assignment, rename the column to `<its title> (<its Canvas id>)` (or pass `canvasColumn`).
 *
 * Moodle (Grades → Import → CSV file; grade/import/csv): the instructor maps a column to identify
 * users ("Email address" or "ID number") and the grade column to the grade item, and may map
 * "Feedback" to that item's feedback.
 */
import type { GradeRun, StudentResult } from '../records.ts';
import { csvDocument, num, text } from './csv.ts';
import { formatNumber, sortedStudents } from './format.ts';

/** The assignment's points: the largest maxTotal in the run ('' when there are no students). */
function maxTotal(run: GradeRun): number | undefined {
  return run.students.length ? Math.max(...run.students.map((s) => s.maxTotal)) : undefined;
}

/** The Canvas assignment column header by default: `<title en> (<assignment id>)`. */
export function canvasColumnTitle(run: GradeRun): string {
  return `${run.assignment.title.en} (${run.assignment.id})`;
}

/**
 * The Student cell. Canvas takes any row whose first cell matches /Points Possible/ for the points
 * row, so such a name is left out (Canvas matches the row by ID first anyway).
 */
function canvasName(name: string | undefined): string {
  return name && /Points Possible/.test(name) ? '' : name ?? '';
}

/** canvas.csv: `Student,ID,SIS User ID,SIS Login ID,Section,<title> (<id>)`, a Points Possible row, one row per student. */
export function canvasCsv(run: GradeRun, options: { canvasColumn?: string } = {}): string {
  const header = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', options.canvasColumn ?? canvasColumnTitle(run)].map(text);
  const points = [text('Points Possible'), text(''), text(''), text(''), text(''), num(maxTotal(run))];
  const rows = sortedStudents(run).map((s) => [text(canvasName(s.name)), text(s.student), text(s.sisId), text(s.login), text(s.section), num(s.total)]);
  return csvDocument([header, points, ...rows]);
}

/** At most this many characters of Moodle feedback (it is shown in the gradebook, not a report). */
const MAX_FEEDBACK = 1000;

/**
 * Plain-text, one-line feedback: per exercise `id points/max` with its flags, then late credit
 * and the submission's flags.
 * @example 'ch4-sigmoid-grad 2/2; a1-step 0/3 [timeout]; late credit 0.8; flags: late'
 */
export function moodleFeedback(s: StudentResult): string {
  const parts = s.exercises.map((e) => `${e.id} ${formatNumber(e.points)}/${formatNumber(e.maxPoints)}${e.flags.length ? ` [${e.flags.join(', ')}]` : ''}`);
  if (s.lateCredit !== 1) parts.push(`late credit ${formatNumber(s.lateCredit)}`);
  if (s.flags.length) parts.push(`flags: ${s.flags.join(', ')}`);
  const all = parts.join('; ');
  return all.length > MAX_FEEDBACK ? `${all.slice(0, MAX_FEEDBACK - 1)}…` : all;
}

/** moodle.csv: `Email address,ID number,<title en>,Feedback`. */
export function moodleCsv(run: GradeRun): string {
  const header = ['Email address', 'ID number', run.assignment.title.en, 'Feedback'].map(text);
  const rows = sortedStudents(run).map((s) => [text(s.email), text(s.sisId), num(s.total), text(moodleFeedback(s))]);
  return csvDocument([header, ...rows]);
}
