/**
 * `gradbook check <assignment>`: the assignment's self-test, as `otter assign` does: every
 * reference solution scores full marks on the public and hidden tests, every starter (both
 * languages) scores zero, and an exercise with variants really gives different students
 * different answers. Run it after every change to an assignment and before handing it out.
 */
import { loadAssignment, type LoadedExercise } from '../load-assignment.ts';
import { gradeExercise, ReferenceCache } from '../grade-exercise.ts';
import { SandboxPool } from '../sandbox/pool.ts';
import { variantSeed } from '../../src/assignments/variant.ts';

/** Course ids the variant checks draw for (any fixed, distinct ids will do). */
const SAMPLE_IDS = ['s0000001', 's0000002', 's0000003'];

export async function checkCommand(assignment: string, options: { jobs?: number } = {}): Promise<number> {
  const loaded = await loadAssignment(assignment);
  const pool = new SandboxPool(options.jobs);
  const references = new ReferenceCache();
  console.log(`${loaded.spec.id} v${loaded.spec.version}: ${loaded.exercises.length} exercises, ${loaded.maxTotal} points, published hash ${loaded.hash.slice(0, 12)}…`);
  // checked in parallel, printed in the spec's order
  const reports = await Promise.all(loaded.exercises.map((ex) => checkExercise(ex, loaded.spec.id, pool, references)));
  const problems = reports.flat().filter((l) => l.startsWith('✗'));
  loaded.exercises.forEach((ex, i) => console.log(`${ex.published.id} (${ex.published.points} pts)\n${reports[i].map((l) => `  ${l}`).join('\n')}`));
  console.log(problems.length ? `\n${problems.length} problem(s): the assignment is not ready` : '\nall checks passed');
  return problems.length ? 1 : 0;
}

async function checkExercise(ex: LoadedExercise, assignmentId: string, pool: SandboxPool, references: ReferenceCache): Promise<string[]> {
  const seeds = ex.published.variant ? await Promise.all(SAMPLE_IDS.map((id) => variantSeed(assignmentId, id))) : [undefined];
  const grade = (source: string, seed: number | undefined) => gradeExercise({
    exercise: ex.published, grading: ex.grading, referenceSolution: ex.solution, source, variantSeed: seed, pool, references,
  });
  const lines: string[] = [];
  for (const seed of seeds) {
    const ref = await grade(ex.solution, seed);
    const where = seed === undefined ? '' : ` (variant seed ${seed})`;
    const failed = ref.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.output}`);
    lines.push(ref.points === ex.published.points
      ? `✓ reference solution: ${ref.points}/${ex.published.points}${where}`
      : `✗ reference solution scores ${ref.points}/${ex.published.points}${where}: ${failed.join('; ')} ${ref.flags.join(' ')}`);
    for (const lang of ['zh', 'en'] as const) {
      const starter = await grade(ex.published.starter[lang], seed);
      lines.push(starter.points === 0
        ? `✓ starter (${lang}) scores 0${where}`
        : `✗ starter (${lang}) scores ${starter.points}: tests that pass on it check nothing (${starter.tests.filter((t) => t.status === 'passed').map((t) => t.name).join(', ')})`);
    }
  }
  if (ex.published.variant) {
    const outputs = await Promise.all(seeds.map((seed) => references.outputs(ex.published, ex.solution, ex.grading, seed, pool)));
    const distinct = new Set(outputs.map((o) => JSON.stringify(o))).size;
    lines.push(distinct === seeds.length
      ? `✓ variants: ${seeds.length} course ids give ${distinct} different reference answers`
      : `✗ variants: ${seeds.length} course ids give only ${distinct} different reference answers`);
  }
  return lines;
}
