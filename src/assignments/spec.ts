/**
 * An assignment's public spec: `assignments/<id>.yaml`. The site builds its hand-out pages from
 * it and the grader grades against it; its private grading material (hidden tests, reference
 * solutions) lives in the folder named by `private`, which only the grader reads
 * (grader/private-spec.ts).
 *
 *   id: a1-gradients
 *   version: 1
 *   title: { zh: 作业一, en: Assignment 1 }
 *   due: 2026-12-14T23:59:00+08:00
 *   late: [{ date: 2026-12-16T23:59:00+08:00, credit: 0.8 }]
 *   private: a1-gradients/private
 *   exercises:
 *     - { id: ch4-sigmoid-grad, points: 2 }          # from a chapter, by its stable id
 *     - id: a1-step                                    # assignment-only: everything inline
 *       points: 3
 *       title: { zh: ..., en: ... }
 *       prompt: { zh: ..., en: ... }                   # Markdown with $math$
 *       starter: { zh: ..., en: ... }                  # TypeScript, or one string for both
 *       variant: 'return { lr: rng.pick([0.1, 0.2]) }' # optional: per-student numbers
 */
import { z } from 'zod';
import { parseYamlWith } from './yaml.ts';

const ID = /^[a-z][a-z0-9-]*$/;

/** A text in both languages; one string stands for both. */
const bilingual = z.union([
  z.string().min(1).transform((s) => ({ zh: s, en: s })),
  z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
]);
export type Bilingual = { zh: string; en: string };

/** ISO 8601 with an explicit offset (a due date without a time zone is ambiguous). */
const instant = z.union([z.string(), z.date().transform((d) => d.toISOString())])
  .refine((s) => /(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)), 'a date-time with a time zone, e.g. 2026-12-14T23:59:00+08:00')
  .transform((s) => new Date(s).toISOString());

const exercise = z.object({
  /** Stable exercise id: a chapter exercise's id (`ch4-sigmoid-grad`) or a new one. */
  id: z.string().regex(ID),
  /** Points this exercise is worth; its tests split them (grader/private-spec.ts). */
  points: z.number().positive(),
  /** Assignment-only exercises: the heading. Chapter exercises take theirs from the chapter. */
  title: bilingual.optional(),
  /** Assignment-only: the task, Markdown with `$…$` math. */
  prompt: bilingual.optional(),
  /** Assignment-only: the code the student starts from. */
  starter: bilingual.optional(),
  /** Optional public self-check cell shown on the page (information only; the grader ignores it). */
  check: z.string().optional(),
  /**
   * Optional per-student numbers: a function body given `rng` (a generator seeded from the
   * assignment id and the student's course id) that returns plain data. Cells see it as `variant`.
   */
  variant: z.string().optional(),
}).strict().superRefine((e, ctx) => {
  const inline = [e.title, e.prompt, e.starter].filter(Boolean).length;
  if (inline !== 0 && inline !== 3) ctx.addIssue({ code: 'custom', message: `exercise ${e.id}: an assignment-only exercise needs title, prompt and starter` });
});

export const assignmentSpecSchema = z.object({
  /** Stable id; the page lives at /assignments/<id>/. */
  id: z.string().regex(ID),
  /** Bump when the published exercises change; submissions record it. */
  version: z.number().int().positive(),
  title: bilingual,
  /** Shown at the top of the page. */
  summary: bilingual.optional(),
  /** Full credit when submitted by this instant. */
  due: instant,
  /** After `due`: submitted by `date`, the points are multiplied by `credit`; later than all: 0. */
  late: z.array(z.object({ date: instant, credit: z.number().min(0).max(1) }).strict()).default([]),
  /** Folder of the private grading material, relative to assignments/. Never read by the site. */
  private: z.string().regex(/^[\w./-]+$/).refine((p) => !p.split('/').includes('..'), 'stays inside assignments/'),
  exercises: z.array(exercise).min(1),
}).strict().superRefine((s, ctx) => {
  const ids = s.exercises.map((e) => e.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) ctx.addIssue({ code: 'custom', message: `exercise ${dup} is listed twice` });
  const dates = [s.due, ...s.late.map((l) => l.date)];
  if (dates.some((d, i) => i > 0 && d <= dates[i - 1])) ctx.addIssue({ code: 'custom', message: 'late dates must come after due, in order' });
});

export type AssignmentSpec = z.output<typeof assignmentSpecSchema>;
export type AssignmentExerciseSpec = AssignmentSpec['exercises'][number];

/** Parses and validates a spec's YAML text; errors name the file and the field. */
export function parseAssignmentSpec(text: string, where = 'assignment'): AssignmentSpec {
  return parseYamlWith(assignmentSpecSchema, text, where, 'assignment spec');
}

/** Fraction of the points a submission made at `submittedAt` keeps (1 by the due date). */
export function lateCredit(spec: Pick<AssignmentSpec, 'due' | 'late'>, submittedAt: string | undefined): number {
  if (!submittedAt) return 1;
  const t = Date.parse(submittedAt);
  if (t <= Date.parse(spec.due)) return 1;
  return spec.late.find((l) => t <= Date.parse(l.date))?.credit ?? 0;
}
