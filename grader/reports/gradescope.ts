/**
 * Per-student results in Gradescope's autograder format (results.json, see
 * gradescope-autograders.readthedocs.io/en/latest/specs/): top-level `score` (the total after
 * late credit, which overrides the sum of the tests), `output`, and `tests[]` with `name`,
 * `number`, `score`, `max_score`, `status` ("passed"/"failed"), `output` and `visibility`
 * ("hidden", "after_due_date", "after_published" or "visible"). `output_format: "text"` keeps
 * student output from being read as HTML or Markdown. No `execution_time` (it would change the
 * bytes) and no `leaderboard`.
 *
 * Visibility: a Gradbook `hidden` test shows only its name and pass/fail (its output was already
 * stripped by the grader); Gradescope's `hidden` never shows the test to the student at all. We
 * map `hidden` → "hidden" by default (never shows more than Gradbook would); `hiddenVisibility`
 * chooses another mapping, e.g. "visible" to show name and pass/fail as the HTML feedback does.
 */
import type { ExerciseResult, StudentResult, TestResult } from '../records.ts';
import { explainFlag, type Lang } from './flags.ts';
import { formatNumber, stableJson } from './format.ts';
import { plainText } from './html.ts';

/** Gradescope's visibility values. */
export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

/** Options of gradescopeResults / resultsJson. */
export interface GradescopeOptions {
  /** What a Gradbook `hidden` test becomes (default "hidden"). */
  hiddenVisibility?: GradescopeVisibility;
  /** Language of the explanations (default en). */
  lang?: Lang;
  /** Characters of one test's output (default 8000). */
  maxOutputChars?: number;
}

/** One entry of results.json `tests`. */
export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: 'text';
  visibility: GradescopeVisibility;
}

/** The results.json object. */
export interface GradescopeResults {
  score: number;
  output: string;
  output_format: 'text';
  tests: GradescopeTest[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function testEntry(e: ExerciseResult, t: TestResult, number: string, o: Required<GradescopeOptions>): GradescopeTest {
  return {
    name: plainText(`${e.title}: ${t.name}`, 300),
    number,
    score: round2(t.score),
    max_score: round2(t.maxScore),
    status: t.status,
    output: plainText(t.output, o.maxOutputChars),
    output_format: 'text',
    visibility: t.visibility === 'hidden' ? o.hiddenVisibility : 'visible',
  };
}

/** An exercise with no tests run (missing, not graded) still shows as one failed line with its reasons. */
function exerciseEntry(e: ExerciseResult, number: string, o: Required<GradescopeOptions>): GradescopeTest {
  return {
    name: plainText(e.title, 300), number, score: round2(e.points), max_score: round2(e.maxPoints),
    status: e.points >= e.maxPoints && e.maxPoints > 0 ? 'passed' : 'failed',
    output: e.flags.map((f) => explainFlag(f, o.lang)).join('\n'), output_format: 'text', visibility: 'visible',
  };
}

/** The top-level text: total, late credit, and the submission's flags in words. */
function summaryOutput(s: StudentResult, lang: Lang): string {
  const lines = [`${lang === 'zh' ? '总分' : 'Total'}: ${formatNumber(s.total)} / ${formatNumber(s.maxTotal)}`];
  if (s.lateCredit !== 1) lines.push(`${lang === 'zh' ? '迟交系数' : 'Late credit'}: ${formatNumber(s.lateCredit)} (${formatNumber(s.rawTotal)} → ${formatNumber(s.total)})`);
  for (const f of s.flags) lines.push(`- ${explainFlag(f, lang)}`);
  return plainText(lines.join('\n'), 4000);
}

/** The results.json object for one student. */
export function gradescopeResults(s: StudentResult, options: GradescopeOptions = {}): GradescopeResults {
  const o: Required<GradescopeOptions> = {
    hiddenVisibility: options.hiddenVisibility ?? 'hidden', lang: options.lang ?? 'en', maxOutputChars: options.maxOutputChars ?? 8000,
  };
  const tests = s.exercises.flatMap((e, i) => (e.tests.length
    ? e.tests.map((t, j) => testEntry(e, t, `${i + 1}.${j + 1}`, o))
    : [exerciseEntry(e, `${i + 1}`, o)]));
  return { score: round2(s.total), output: summaryOutput(s, o.lang), output_format: 'text', tests };
}

/** results.json text for one student (stable key order, final newline). */
export function resultsJson(s: StudentResult, options: GradescopeOptions = {}): string {
  return stableJson(gradescopeResults(s, options));
}
