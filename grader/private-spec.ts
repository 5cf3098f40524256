/**
 * An assignment's private grading material: `assignments/<private>/grading.yaml`, next to the
 * public spec but in a folder the site build never reads. Per exercise, the reference solution
 * and the tests. A test is an expression evaluated after the student's code (`sigmoidGrad(
 * tensor([1, 2]))`); the sandbox returns only its value, and the judge compares it with the
 * value the reference solution gives for the same expression (capture, then judge).
 *
 *   exercises:
 *     ch4-sigmoid-grad:
 *       solution: chapter            # the chapter's solution cell, or the code itself
 *       tests:
 *         - { name: σ′ at five points, code: 'sigmoidGrad(tensor([-3, 0, 2]))', points: 1 }
 *         - { name: large |z|, code: 'sigmoidGrad(tensor([-40, 40]))', points: 1, visibility: hidden, atol: 1e-7 }
 */
import { z } from 'zod';
import { parseYamlWith } from '../src/assignments/yaml.ts';

const test = z.object({
  /** Shown in feedback (for a hidden test, only this name and pass/fail are shown). */
  name: z.string().min(1),
  /** A TypeScript expression evaluated in the student's scope; its value is what gets judged. */
  code: z.string().min(1),
  points: z.number().positive(),
  /** `visible`: feedback shows the expression, the expected and the actual value. `hidden`: name and pass/fail only. */
  visibility: z.enum(['visible', 'hidden']).default('visible'),
  /** |actual − expected| ≤ atol + rtol·|expected|, entry by entry (numpy.allclose). */
  atol: z.number().nonnegative().default(1e-6),
  rtol: z.number().nonnegative().default(1e-5),
}).strict();

const exercise = z.object({
  /** `chapter`: the chapter's solution cell; otherwise the reference solution's code. */
  solution: z.string().min(1),
  tests: z.array(test).min(1),
}).strict();

export const gradingSchema = z.object({
  exercises: z.record(z.string(), exercise),
}).strict();

export type Grading = z.output<typeof gradingSchema>;
export type GradingExercise = Grading['exercises'][string];
export type GradingTest = GradingExercise['tests'][number];

export function parseGrading(text: string, where = 'grading.yaml'): Grading {
  return parseYamlWith(gradingSchema, text, where, 'grading file');
}
