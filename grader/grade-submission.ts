/**
 * One student's submission, graded: read the file as hostile bytes, check it belongs to this
 * assignment and version, then grade every exercise in the sandbox (grade-exercise.ts) and apply
 * the late policy. A problem with the file becomes a flag and zero points, never an exception, so
 * one broken file cannot stop a class's grading.
 */
import { readSubmission } from '../src/assignments/submission.ts';
import { lateCredit } from '../src/assignments/spec.ts';
import { normalizeIdentity, variantSeed } from '../src/assignments/variant.ts';
import type { LoadedAssignment } from './load-assignment.ts';
import type { ExerciseResult, StudentResult } from './records.ts';
import { gradeExercise, type ReferenceCache } from './grade-exercise.ts';
import type { SandboxPool } from './sandbox/pool.ts';
import type { SandboxLimits } from './sandbox/protocol.ts';

/** Who the LMS says submitted, and when; the file itself is never trusted for either. */
export interface StudentInput {
  student: string;
  identity: string;
  name?: string;
  sisId?: string;
  login?: string;
  section?: string;
  email?: string;
  file?: string;
  /** Undefined: no file (on the roster only). */
  bytes?: Uint8Array;
  submittedAt?: string;
  /** Flags the collection step raised (duplicate-submission, time-unknown, too-large…). */
  flags?: string[];
}

export interface GradeContext {
  assignment: LoadedAssignment;
  pool: SandboxPool;
  references: ReferenceCache;
  limits?: SandboxLimits;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
/** Past this many, per-exercise flags of one kind are reported as a count. */
const MAX_NAMED_FLAGS = 10;

export async function gradeSubmission(input: StudentInput, ctx: GradeContext): Promise<StudentResult> {
  const { assignment } = ctx;
  const flags = [...(input.flags ?? [])];
  const base = {
    student: input.student, name: input.name, sisId: input.sisId, login: input.login, section: input.section,
    email: input.email, identity: input.identity, file: input.file, submittedAt: input.submittedAt,
  };
  const zero = (extra: string[]): StudentResult => ({
    ...base, lateCredit: 1, flags: [...new Set([...flags, ...extra])].sort(), rawTotal: 0, total: 0, maxTotal: assignment.maxTotal,
    exercises: assignment.exercises.map((e) => emptyExercise(e.published.id, e.published.title.en, e.published.points, 'not-graded')),
  });
  if (!input.bytes) return zero(flags.includes('too-large') ? [] : ['no-submission']);
  const read = await readSubmission(input.bytes);
  if (!read.ok) return zero(read.flags);
  const mismatched = read.flags.filter((f) => f.startsWith('source-hash-mismatch:'));
  flags.push(...read.flags.filter((f) => !f.startsWith('source-hash-mismatch:')),
    ...(mismatched.length <= MAX_NAMED_FLAGS ? mismatched : [`source-hash-mismatches:${mismatched.length}`]));
  const sub = read.submission;
  if (sub.assignment.id !== assignment.spec.id) return zero(['wrong-assignment']);
  if (sub.assignment.hash !== assignment.hash || sub.assignment.version !== assignment.spec.version) return zero(['older-version']);
  const extra = Object.keys(sub.exercises).filter((id) => !assignment.exercises.some((e) => e.published.id === id));
  // named when few; counted when many (thousands of made-up ids must not bloat every report)
  flags.push(...(extra.length <= MAX_NAMED_FLAGS ? extra.map((id) => `extra-exercise:${id}`) : [`extra-exercises:${extra.length}`]));
  if (normalizeIdentity(sub.student.courseId) !== normalizeIdentity(input.identity)) flags.push('course-id-differs');
  const seed = await variantSeed(assignment.spec.id, input.identity);
  const exercises: ExerciseResult[] = await Promise.all(assignment.exercises.map((e) => gradeExercise({
    exercise: e.published,
    grading: e.grading,
    referenceSolution: e.solution,
    source: Object.hasOwn(sub.exercises, e.published.id) ? sub.exercises[e.published.id].source : undefined,
    variantSeed: e.published.variant ? seed : undefined,
    pool: ctx.pool,
    limits: ctx.limits,
    references: ctx.references,
  })));
  const credit = lateCredit(assignment.spec, input.submittedAt);
  if (credit < 1) flags.push('late');
  const rawTotal = round2(exercises.reduce((s, e) => s + e.points, 0));
  return { ...base, lateCredit: credit, flags: [...new Set(flags)].sort(), exercises, rawTotal, total: round2(rawTotal * credit), maxTotal: assignment.maxTotal };
}

function emptyExercise(id: string, title: string, maxPoints: number, flag: string): ExerciseResult {
  return { id, title, maxPoints, points: 0, flags: [flag], tests: [] };
}
