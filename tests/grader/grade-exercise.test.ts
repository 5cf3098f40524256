// gradeExercise: flags, feedback for visible and hidden tests, reference caching, variants,
// broken grading material, determinism.
import { describe, expect, it } from 'vitest';
import { gradeExercise, ReferenceCache, type GradeExerciseInput } from '../../grader/grade-exercise.ts';
import { SandboxPool } from '../../grader/sandbox/pool.ts';
import type { SandboxJob, SandboxLimits, SandboxOutcome } from '../../grader/sandbox/protocol.ts';
import type { GradingExercise } from '../../grader/private-spec.ts';
import type { PublishedExercise } from '../../src/assignments/published.ts';

const limits: SandboxLimits = { wallMs: 5000, memoryMb: 256, outputBytes: 1 << 20 };

/** A pool that counts the jobs it runs. */
class CountingPool extends SandboxPool {
  jobs: SandboxJob[] = [];
  override run(job: SandboxJob, l?: SandboxLimits): Promise<SandboxOutcome> {
    this.jobs.push(job);
    return super.run(job, l);
  }
}

const published = (over: Partial<PublishedExercise> = {}): PublishedExercise => ({
  id: 'ex', points: 3, source: 'assignment', title: { zh: '题', en: 'Exercise' },
  prompt: { zh: '', en: '' }, starter: { zh: '', en: '' }, checks: { zh: [], en: [] }, ...over,
});
const t = (name: string, code: string, points: number, visibility: 'visible' | 'hidden' = 'visible') => ({ name, code, points, visibility, atol: 1e-6, rtol: 1e-5 });

const grading: GradingExercise = {
  solution: 'function sq(x: Tensor) { return x.mul(x); }',
  tests: [
    t('hidden first', 'sq(tensor([5, 6]))', 1, 'hidden'),
    t('a vector', 'sq(tensor([1, 2]))', 1),
    t('a scalar', 'sq(tensor(3)).item()', 1),
  ],
};

function input(source: string | undefined, pool: SandboxPool, references = new ReferenceCache(), over: Partial<GradeExerciseInput> = {}): GradeExerciseInput {
  return { exercise: published(), grading, referenceSolution: grading.solution, source, variantSeed: undefined, pool, limits, references, ...over };
}

describe('gradeExercise', () => {
  it('gives full marks to a correct submission and runs the reference once for all students', async () => {
    const pool = new CountingPool(2);
    const references = new ReferenceCache();
    const results = await Promise.all([
      gradeExercise(input('function sq(x: Tensor) { return x.pow(2); }', pool, references)),
      gradeExercise(input('const sq = (x: Tensor) => x.mul(x);', pool, references)),
      gradeExercise(input('function sq(x: Tensor) { return x.add(x); }', pool, references)),
    ]);
    // per student a visible and a hidden run; one reference run for all three
    expect(pool.jobs.length).toBe(7);
    expect(results[0]).toMatchObject({ id: 'ex', title: 'Exercise', maxPoints: 3, points: 3, flags: [] });
    expect(results[1].points).toBe(3);
    // x + x equals x·x only at 2
    expect(results[2].points).toBe(0);
    expect(results[2].tests.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(results[2].tests[0]).toMatchObject({ id: 'ex/0', visibility: 'hidden', output: 'hidden test: failed', maxScore: 1 });
    expect(results[2].tests[1].output).toBe('sq(tensor([1, 2]))\n→ wrong value at [0]: expected 1, got 2; 1 of 2 entries differ, shape [2]');
    expect(results[2].tests[2].output).toBe('sq(tensor(3)).item()\n→ wrong value: expected 9, got 6');
  });

  it('runs visible and hidden tests in separate sandboxes, and reports them in the spec order', async () => {
    const pool = new CountingPool(1);
    const references = new ReferenceCache();
    const r = await gradeExercise(input('function sq(x: Tensor) { return x.mul(x); }', pool, references));
    expect(await references.outputs(published(), grading.solution, grading, undefined, pool)).toEqual([
      { $tensor: { shape: [2], data: [25, 36] } }, { $tensor: { shape: [2], data: [1, 4] } }, 9,
    ]);
    const codes = pool.jobs.map((j) => j.probes.map((p) => p.code).join(' | ')).sort();
    expect(codes).toEqual(['sq(tensor([1, 2])) | sq(tensor(3)).item()', 'sq(tensor([1, 2])) | sq(tensor(3)).item() | sq(tensor([5, 6]))', 'sq(tensor([5, 6]))']);
    expect(r.tests.map((x) => x.name)).toEqual(['hidden first', 'a vector', 'a scalar']);
    expect(r.tests[0].output).toBe('hidden test: passed');
  });

  it('flags missing and empty code without running anything', async () => {
    const pool = new CountingPool(1);
    const missing = await gradeExercise(input(undefined, pool));
    const empty = await gradeExercise(input('  \n', pool));
    expect(pool.jobs.length).toBe(0);
    expect(missing).toMatchObject({ points: 0, flags: ['missing'] });
    expect(empty).toMatchObject({ points: 0, flags: ['empty'] });
    expect(missing.tests[0].output).toMatch(/^hidden test: failed/);
  });

  it('flags syntax and runtime errors, shows them and what the code printed, and still judges the tests', async () => {
    const pool = new SandboxPool(2);
    const syntax = await gradeExercise(input('function sq(x: Tensor) { return x.mul(x) ', pool));
    expect(syntax.flags).toEqual(['syntax-error']);
    expect(syntax.tests[0].output).toMatch(/^Your code does not compile: SyntaxError: .*\(line 1, column \d+\)/);
    const runtime = await gradeExercise(input('console.log("hello");\nfunction sq(x: Tensor) { return x.mul(x); }\nundefinedThing();', pool));
    expect(runtime.flags).toEqual(['runtime-error']);
    expect(runtime.tests[0].output).toMatch(/^Your code failed: ReferenceError: undefinedThing is not defined \(line 3, column 1\)\nYour code printed:\nhello\n/);
    expect(runtime.points).toBe(0);
  });

  it('draws variants per seed and caches the reference per seed', async () => {
    const pool = new CountingPool(2);
    const references = new ReferenceCache();
    const exercise = published({ id: 'v', variant: 'return { k: rng.int(2, 9) };' });
    const g: GradingExercise = { solution: 'const answer = variant.k * 10;', tests: [t('k × 10', 'answer', 3)] };
    const run = (source: string, seed: number) => gradeExercise({ ...input(source, pool, references), exercise, grading: g, referenceSolution: g.solution, variantSeed: seed });
    const [a, b, c] = await Promise.all([run('const answer = variant.k * 10;', 1), run('const answer = variant.k * 10;', 2), run('const answer = variant.k * 10;', 1)]);
    expect([a.points, b.points, c.points]).toEqual([3, 3, 3]);
    expect(pool.jobs.filter((j) => j.cells.at(-1)!.id === 'solution').length).toBe(2);
    // the reference values per seed (what `gradbook check` compares), from the same cached runs
    const [o1, o2] = await Promise.all([1, 2].map((seed) => references.outputs(exercise, g.solution, g, seed, pool)));
    expect(pool.jobs.filter((j) => j.cells.at(-1)!.id === 'solution').length).toBe(2);
    expect(typeof o1[0]).toBe('number');
    expect([o1[0], o2[0]].every((v) => Number.isInteger(v as number) && (v as number) % 10 === 0)).toBe(true);
    // someone else's numbers do not pass
    const seeds = [1, 2, 3, 4, 5].map((s) => run('const answer = 20;', s));
    expect((await Promise.all(seeds)).some((r) => r.points === 0)).toBe(true);
  });

  it('throws a clear error when the grading material is broken', async () => {
    const pool = new SandboxPool(1);
    const broken = { ...grading, tests: [t('typo', 'sqq(tensor([1]))', 1)] };
    await expect(gradeExercise({ ...input('x', pool), grading: broken })).rejects.toThrow(/ex: test "typo" fails on the reference solution: ReferenceError: sqq is not defined/);
    await expect(gradeExercise({ ...input('x', pool), referenceSolution: 'throw new Error("oops")' })).rejects.toThrow(/ex: the reference solution fails: Error: oops/);
    const fn = { ...grading, tests: [t('a function', 'sq', 1)] };
    await expect(gradeExercise({ ...input('x', pool), grading: fn })).rejects.toThrow(/cannot compare \(function\)/);
  });

  it('scales test points to the exercise points when they differ', async () => {
    const pool = new SandboxPool(1);
    const r = await gradeExercise({ ...input('function sq(x: Tensor) { return x.mul(x); }', pool), exercise: published({ points: 6 }) });
    expect(r.maxPoints).toBe(6);
    expect(r.tests.map((x) => x.maxScore)).toEqual([2, 2, 2]);
    expect(r.points).toBe(6);
  });

  it('is deterministic: the same inputs give the same record', async () => {
    const pool = new SandboxPool(2);
    const src = 'console.log("hi");\nfunction sq(x: Tensor) { return x.mul(x).add(randn([2]).mul(0)); }';
    const [a, b] = await Promise.all([gradeExercise(input(src, pool)), gradeExercise(input(src, pool))]);
    expect(a).toEqual(b);
  });
});
