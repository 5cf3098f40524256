/**
 * `gradbook grade <assignment> <download> --out <dir>`: a class at once. Maps the LMS download's
 * files to students, grades every submission in sandboxes across the cores, and writes the
 * reports (grader/reports/): grades.csv, Canvas and Moodle imports, per-student feedback, the
 * whole run as JSON, and with --bundle the Gradescope autograder. Same inputs, same bytes out.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadAssignment, REPO_ROOT } from '../load-assignment.ts';
import { gradeSubmission, type StudentInput } from '../grade-submission.ts';
import { ReferenceCache } from '../grade-exercise.ts';
import { SandboxPool } from '../sandbox/pool.ts';
import { activeLayers } from '../sandbox/run-job.ts';
import type { SandboxLimits } from '../sandbox/protocol.ts';
import { collectSubmissions } from '../collect/index.ts';
import { writeReports, summaryText } from '../reports/index.ts';
import { writeGradescopeBundle } from '../bundle/index.ts';
import { progressBar } from '../progress.ts';
import { runInfo } from '../run-info.ts';
import type { GradeRun } from '../records.ts';

export interface GradeOptions {
  out: string;
  pattern?: string;
  roster?: string;
  times?: string;
  jobs?: number;
  bundle?: boolean;
  /** Per-exercise sandbox limits (default: DEFAULT_LIMITS). */
  limits?: SandboxLimits;
}

export async function gradeCommand(assignment: string, download: string, options: GradeOptions): Promise<number> {
  const loaded = await loadAssignment(assignment);
  if (!options.roster && loaded.exercises.some((e) => e.published.variant)) {
    throw new Error(`${loaded.spec.id} has per-student variants: --roster is needed to know each student's course id (the LMS's own ids would draw the wrong variants)`);
  }
  // checked before grading: a folder that cannot be written must not cost a whole class's run
  const staging = stagingDir(options.out);
  const { entries, warnings } = await collectSubmissions(download, { pattern: options.pattern, roster: options.roster, times: options.times });
  for (const w of warnings) console.error(`warning: ${w}`);
  const inputs = entries.map(toStudentInput);
  const pool = new SandboxPool(options.jobs);
  const references = new ReferenceCache();
  console.error(`${loaded.spec.id}: ${inputs.length} students, ${loaded.exercises.length} exercises, ${pool.size} sandboxes at a time`);
  console.error(`sandbox layers: ${activeLayers().join(', ')}`);
  const bar = progressBar(inputs.length, 'grading');
  const students = await Promise.all(inputs.map(async (input) => {
    const result = await gradeSubmission(input, { assignment: loaded, pool, references, limits: options.limits });
    bar.tick();
    return result;
  }));
  students.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
  const run: GradeRun = {
    assignment: { id: loaded.spec.id, version: loaded.spec.version, hash: loaded.hash, title: loaded.spec.title },
    grader: runInfo(),
    students,
  };
  await writeReports(run, staging);
  if (options.bundle) await writeGradescopeBundle(join(staging, 'gradescope-autograder.zip'), { assignmentId: loaded.spec.id, repoRoot: REPO_ROOT });
  publish(staging, options.out);
  console.log(summaryText(run));
  console.log(`reports written to ${options.out}`);
  return 0;
}

/**
 * A fresh folder beside `out` to write the reports into: nothing of an earlier run is mixed in,
 * and `out` only ever holds a complete set (see publish).
 */
function stagingDir(out: string): string {
  const parent = dirname(resolve(out));
  mkdirSync(parent, { recursive: true });
  if (existsSync(out) && !statSync(out).isDirectory()) throw new Error(`--out ${out} exists and is not a folder`);
  return mkdtempSync(join(parent, `.${basename(resolve(out))}-`));
}

/** Replaces `out` with the finished reports in one rename (the earlier run's folder is removed). */
function publish(staging: string, out: string): void {
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
}

/** The collection step's view of a student, as the grader takes it. */
function toStudentInput(entry: Awaited<ReturnType<typeof collectSubmissions>>['entries'][number]): StudentInput {
  const r = entry.roster;
  return {
    student: entry.student,
    identity: r?.identity || r?.sisId || r?.login || entry.student,
    name: r?.name, sisId: r?.sisId, login: r?.login, section: r?.section, email: r?.email,
    file: entry.file,
    bytes: entry.tooLarge ? undefined : entry.bytes,
    submittedAt: entry.submittedAt,
    // collect/ already names duplicates, oversized files, unknown times and roster mismatches
    // Canvas's LATE marker without a time: the late policy cannot pick a tier, so say so
    flags: entry.lmsLate && !entry.submittedAt ? [...entry.flags, 'lms-late'] : entry.flags,
  };
}
