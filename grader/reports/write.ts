/**
 * All reports of a run as a map of relative path → text (pure), and writeReports, which puts them
 * on disk. Feedback files are named by safeFileNames; feedback/index.csv says whose is which.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GradeRun } from '../records.ts';
import { csvDocument, text } from './csv.ts';
import { feedbackHtml } from './feedback-html.ts';
import type { Lang } from './flags.ts';
import { compareCodePoints, sortedStudents } from './format.ts';
import { gradesCsv } from './grades-csv.ts';
import { resultsJson, type GradescopeVisibility } from './gradescope.ts';
import { canvasCsv, moodleCsv } from './lms-csv.ts';
import { safeFileNames } from './safe-name.ts';
import { summaryJson, summaryText } from './summary.ts';

/** Options of reportFiles / writeReports. */
export interface ReportOptions {
  /** Language of the feedback pages and explanations (default en). */
  lang?: Lang;
  /** Header of the Canvas grade column (default `<title en> (<assignment id>)`). */
  canvasColumn?: string;
  /** What a Gradbook `hidden` test becomes in results.json (default "hidden"). */
  hiddenVisibility?: GradescopeVisibility;
  /** Characters of one test's output in feedback (default 8000). */
  maxOutputChars?: number;
}

/**
 * Every report as relative path → content, paths in code-point order: grades.csv, canvas.csv,
 * moodle.csv, summary.json, summary.txt, feedback/index.csv, feedback/<name>.json and .html.
 */
export function reportFiles(run: GradeRun, options: ReportOptions = {}): Map<string, string> {
  const students = sortedStudents(run);
  const names = safeFileNames(students.map((s) => s.student));
  const files = new Map<string, string>([
    ['grades.csv', gradesCsv(run)],
    ['canvas.csv', canvasCsv(run, { canvasColumn: options.canvasColumn })],
    ['moodle.csv', moodleCsv(run)],
    ['summary.json', summaryJson(run)],
    ['summary.txt', `${summaryText(run)}\n`],
    ['feedback/index.csv', csvDocument([[text('student'), text('json'), text('html')],
      ...students.map((s) => [text(s.student), text(`${names.get(s.student)}.json`), text(`${names.get(s.student)}.html`)])])],
  ]);
  for (const s of students) {
    const name = names.get(s.student)!;
    files.set(`feedback/${name}.json`, resultsJson(s, { hiddenVisibility: options.hiddenVisibility, lang: options.lang, maxOutputChars: options.maxOutputChars }));
    files.set(`feedback/${name}.html`, feedbackHtml(run, s, { lang: options.lang, maxOutputChars: options.maxOutputChars }));
  }
  return new Map([...files].sort(([a], [b]) => compareCodePoints(a, b)));
}

/**
 * Writes every report under `outDir` (created if needed) and returns the relative paths written.
 * Files of an earlier run that this run does not produce are left alone.
 */
export async function writeReports(run: GradeRun, outDir: string, options: ReportOptions = {}): Promise<string[]> {
  const files = reportFiles(run, options);
  for (const [path, content] of files) {
    const target = join(outDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, 'utf8');
  }
  return [...files.keys()];
}
