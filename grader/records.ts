/**
 * Results as data first: one record per student × exercise × test, in the shape of Gradescope's
 * results.json tests (score, max_score, status, output, visibility). Every CSV, HTML and JSON
 * report in grader/reports/ is a view of these records.
 */

export interface TestResult {
  /** Stable test id: `<exercise>/<index>`. */
  id: string;
  name: string;
  score: number;
  maxScore: number;
  status: 'passed' | 'failed';
  visibility: 'visible' | 'hidden';
  /** Feedback text. For a hidden test it never includes the test's code, inputs or expected value. */
  output: string;
}

export interface ExerciseResult {
  id: string;
  title: string;
  maxPoints: number;
  /** Sum of the passed tests' points, before late credit. */
  points: number;
  /**
   * Why points were lost beyond wrong values: `missing`, `timeout`, `memory`, `output-limit`,
   * `crashed`, `no-result`, `syntax-error`, `runtime-error`, `empty`.
   */
  flags: string[];
  tests: TestResult[];
}

export interface StudentResult {
  /** The LMS's key for the student (from the file name or folder), the row key of every report. */
  student: string;
  /** From the roster when given. */
  name?: string;
  sisId?: string;
  login?: string;
  section?: string;
  email?: string;
  /** The identity the variants were drawn for (roster column, else `student`). */
  identity: string;
  /** The file graded (relative to the LMS download). */
  file?: string;
  /** The LMS's submission time, when known (ISO 8601). */
  submittedAt?: string;
  /** 1, or the late policy's credit. */
  lateCredit: number;
  /**
   * Submission-level flags: `no-submission`, `not-utf8`, `not-json`, `too-large`, `bad-format`,
   * `wrong-assignment`, `older-version`, `source-hash-mismatch:<id>`, `extra-exercise:<id>`,
   * `duplicate-submission` (an earlier file of the same student was ignored), `late`,
   * `course-id-differs` (typed id ≠ roster identity), `time-unknown`.
   */
  flags: string[];
  exercises: ExerciseResult[];
  /** Sum of exercise points before late credit. */
  rawTotal: number;
  /** rawTotal × lateCredit, rounded to 2 decimals. */
  total: number;
  maxTotal: number;
}

export interface GradeRun {
  assignment: { id: string; version: number; hash: string; title: { zh: string; en: string } };
  /** Versions, so the same inputs give byte-identical outputs and a rerun can be compared. */
  grader: { version: string; engine: string; node: string };
  students: StudentResult[];
}
