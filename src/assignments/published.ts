/**
 * The assignment as published: what the hand-out page shows and a submission is made against,
 * built from the public spec and the chapters' exercises, never from the private folder. Its
 * SHA-256 (over canonical JSON) goes into every submission; the grader rebuilds it from the
 * repository and flags a submission made against another version.
 */
import type { AssignmentSpec, Bilingual } from './spec.ts';
import type { ChapterExercise, Lang } from './chapter-exercises.ts';
import { canonicalJson, sha256Hex } from './hash.ts';

export interface PublishedExercise {
  id: string;
  points: number;
  /** `chapter`: from a chapter (its page is linked); `assignment`: only in this assignment. */
  source: 'chapter' | 'assignment';
  /** For chapter exercises: the page it comes from, per language. */
  page?: Bilingual;
  title: Bilingual;
  /** Markdown with math. */
  prompt: Bilingual;
  starter: Bilingual;
  /** Public self-check cells the page may run (information only). */
  checks: { zh: string[]; en: string[] };
  /** Function body drawing the per-student numbers (src/assignments/variant.ts). */
  variant?: string;
}

export interface PublishedAssignment {
  id: string;
  version: number;
  title: Bilingual;
  summary?: Bilingual;
  due: string;
  late: { date: string; credit: number }[];
  exercises: PublishedExercise[];
}

/** Joins the spec with the chapters' exercises (both languages); throws on an unknown id. */
export function publishAssignment(spec: AssignmentSpec, chapters: Record<Lang, Map<string, ChapterExercise>>): PublishedAssignment {
  const exercises = spec.exercises.map((e): PublishedExercise => {
    if (e.starter && e.title && e.prompt) {
      const checks = e.check ? [e.check] : [];
      return { id: e.id, points: e.points, source: 'assignment', title: e.title, prompt: e.prompt, starter: e.starter, checks: { zh: checks, en: checks }, variant: e.variant };
    }
    const zh = chapters.zh.get(e.id);
    const en = chapters.en.get(e.id);
    if (!zh || !en) throw new Error(`${spec.id}: exercise ${e.id} is not in the chapters (zh: ${!!zh}, en: ${!!en}) and has no starter of its own`);
    return {
      id: e.id, points: e.points, source: 'chapter',
      page: { zh: zh.page, en: en.page },
      title: { zh: zh.title, en: en.title },
      prompt: { zh: zh.prompt, en: en.prompt },
      starter: { zh: zh.starter, en: en.starter },
      checks: { zh: zh.checks, en: en.checks },
      variant: e.variant,
    };
  });
  return { id: spec.id, version: spec.version, title: spec.title, summary: spec.summary, due: spec.due, late: spec.late, exercises };
}

/**
 * SHA-256 of the published assignment: the `assignment.hash` of every submission made against it.
 * It covers what the student works on (id, version, every exercise's points, text, starter, checks
 * and variant), not the dates: an instructor who extends the deadline or changes the late policy
 * must not turn every submission already made into an "older version".
 */
export function publishedHash(published: PublishedAssignment): Promise<string> {
  const { id, version, exercises } = published;
  return sha256Hex(canonicalJson({ id, version, exercises }));
}
