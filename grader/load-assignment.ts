/**
 * Everything the grader knows about one assignment, loaded from the repository: the public spec,
 * the assignment as published (and its hash, which submissions must carry), the private grading
 * material, and each exercise's reference solution. Inconsistent material is an error here, so
 * `gradbook check` and `gradbook grade` refuse it before touching any submission.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAssignmentSpec, type AssignmentSpec } from '../src/assignments/spec.ts';
import { chapterExercises } from '../src/assignments/chapter-exercises.ts';
import { publishAssignment, publishedHash, type PublishedAssignment, type PublishedExercise } from '../src/assignments/published.ts';
import { parseGrading, type GradingExercise } from './private-spec.ts';

/** The repository root (this file is grader/load-assignment.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface LoadedExercise {
  published: PublishedExercise;
  grading: GradingExercise;
  /** The reference solution's code (from the chapter or the private folder). */
  solution: string;
}

export interface LoadedAssignment {
  spec: AssignmentSpec;
  published: PublishedAssignment;
  hash: string;
  exercises: LoadedExercise[];
  maxTotal: number;
  /** The private folder (absolute). */
  privateDir: string;
}

/** Resolves `a1-gradients` or a path to its YAML. */
export function specPath(assignment: string, root = REPO_ROOT): string {
  if (assignment.endsWith('.yaml') || assignment.endsWith('.yml')) return resolve(assignment);
  return join(root, 'assignments', `${assignment}.yaml`);
}

export async function loadAssignment(assignment: string, root = REPO_ROOT): Promise<LoadedAssignment> {
  const path = specPath(assignment, root);
  if (!existsSync(path)) throw new Error(`no assignment spec at ${path}`);
  const spec = parseAssignmentSpec(readFileSync(path, 'utf8'), path);
  const chapters = { zh: chapterExercises(join(root, 'content'), 'zh'), en: chapterExercises(join(root, 'content'), 'en') };
  const published = publishAssignment(spec, chapters);
  const privateDir = join(dirname(path), spec.private);
  const gradingPath = join(privateDir, 'grading.yaml');
  if (!existsSync(gradingPath)) throw new Error(`${spec.id}: no private grading material at ${gradingPath}`);
  const grading = parseGrading(readFileSync(gradingPath, 'utf8'), gradingPath);
  const problems: string[] = [];
  const exercises = published.exercises.map((ex): LoadedExercise | undefined => {
    const g = grading.exercises[ex.id];
    if (!g) return void problems.push(`${ex.id}: no tests in grading.yaml`);
    const testPoints = g.tests.reduce((s, t) => s + t.points, 0);
    if (Math.abs(testPoints - ex.points) > 1e-9) problems.push(`${ex.id}: tests add up to ${testPoints} points, the spec gives ${ex.points}`);
    let solution = g.solution;
    if (g.solution === 'chapter') {
      const fromChapter = ex.source === 'chapter' ? chapters.en.get(ex.id)?.solution : undefined;
      if (!fromChapter) return void problems.push(`${ex.id}: 'solution: chapter' but the chapter has no solution cell`);
      solution = fromChapter;
    }
    return { published: ex, grading: g, solution };
  });
  for (const id of Object.keys(grading.exercises)) {
    if (!published.exercises.some((e) => e.id === id)) problems.push(`${id}: in grading.yaml but not in the assignment`);
  }
  if (problems.length) throw new Error(`${spec.id}: grading material does not match the assignment\n  ${problems.join('\n  ')}`);
  return {
    spec, published, hash: await publishedHash(published),
    exercises: exercises as LoadedExercise[],
    maxTotal: published.exercises.reduce((s, e) => s + e.points, 0),
    privateDir,
  };
}
