// The sample assignment as Node sees it, for the assignment tests (and the grader's, if useful):
// the published assignment and its hash computed from the repository, and a student's variant
// evaluated with the engine's own Generator, exactly as the page's variant cell computes it.
import { readFileSync } from 'node:fs';
import { Generator } from '../../kernels/index.ts';
import { parseAssignmentSpec, type AssignmentSpec } from '../../src/assignments/spec.ts';
import { publishAssignment, publishedHash, type PublishedAssignment } from '../../src/assignments/published.ts';
import { chapterExercises, type ChapterExercise, type Lang } from '../../src/assignments/chapter-exercises.ts';
import { variantCellCode, variantSeed } from '../../src/assignments/variant.ts';

export const SAMPLE_ID = 'a1-gradients';
/** Where the browser test leaves the submission files it downloads (the grader's tests read them). */
export const SUBMISSION_DIR = 'test-results/assignment';

/** `test-results/assignment/<assignment>.<course id>.gradbook.json` */
export function submissionPath(assignmentId: string, courseId: string): string {
  return `${SUBMISSION_DIR}/${assignmentId}.${courseId}.gradbook.json`;
}

let chapters: Record<Lang, Map<string, ChapterExercise>> | undefined;

/** The book's exercises in both languages (read once). */
export function bookExercises(): Record<Lang, Map<string, ChapterExercise>> {
  chapters ??= { zh: chapterExercises('content', 'zh'), en: chapterExercises('content', 'en') };
  return chapters;
}

/** The public spec of an assignment, `assignments/<id>.yaml`. */
export function loadSpec(id = SAMPLE_ID): AssignmentSpec {
  return parseAssignmentSpec(readFileSync(`assignments/${id}.yaml`, 'utf8'), `assignments/${id}.yaml`);
}

/** The assignment as the site publishes it, and the hash a submission must carry. */
export async function publishedSample(id = SAMPLE_ID): Promise<{ published: PublishedAssignment; hash: string }> {
  const published = publishAssignment(loadSpec(id), bookExercises());
  return { published, hash: await publishedHash(published) };
}

/** A student's `variant` for one exercise: the page's variant cell code, run in Node. */
export async function variantFor(assignmentId: string, courseId: string, body: string): Promise<unknown> {
  const code = variantCellCode(body, await variantSeed(assignmentId, courseId));
  // The cell's last line is the expression `variant`; as a function body it must be returned.
  const run = new Function('Generator', code.replace(/\nvariant$/, '\nreturn variant;'));
  return run(Generator);
}
