/**
 * One student × one exercise: capture, then judge. The student's code runs in the sandbox on the
 * tests' expressions and returns only values; the reference solution runs the SAME job in the
 * sandbox (once per exercise and variant, cached); the judge compares the two here, in the
 * trusted process. Results are deterministic: no timings, no machine-dependent text.
 *
 * Probes are sent visible tests first: a value a hidden test passes to the student's functions
 * cannot flow into a visible test's "got …" feedback, because every visible value is already
 * serialised before the first hidden expression runs. (Console output is only kept while the
 * student's cells run, for the same reason.)
 */
import type { PublishedExercise } from '../src/assignments/published.ts';
import { variantCellCode } from '../src/assignments/variant.ts';
import type { GradingExercise, GradingTest } from './private-spec.ts';
import type { ExerciseResult, TestResult } from './records.ts';
import { judge } from './judge.ts';
import { DEFAULT_LIMITS, type SandboxJob, type SandboxLimits, type SandboxOutcome, type SandboxResult, type Serialized } from './sandbox/protocol.ts';
import type { SandboxPool } from './sandbox/pool.ts';

/** Engine seed of every grading job (the engine's own default, so cells behave as on the page). */
export const GRADING_SEED = 0;
/** Characters of the student's console output shown in feedback. */
export const FEEDBACK_STDOUT_CHARS = 2048;
/** Longest feedback text of one test. */
export const MAX_OUTPUT_CHARS = 4096;

/**
 * Reference results by exercise and variant seed, shared by all students of one grading run:
 * exercises without a variant cost one reference run in total. In-flight runs are shared too,
 * and a failure is cached as well (it is a bug in the grading material, not a passing glitch).
 */
export class ReferenceCache {
  #runs = new Map<string, Promise<SandboxResult>>();

  /** The reference run for this exercise and seed (started on first use). */
  result(exercise: PublishedExercise, referenceSolution: string, grading: GradingExercise, variantSeed: number | undefined, pool: SandboxPool, limits: SandboxLimits = REFERENCE_LIMITS): Promise<SandboxResult> {
    const key = `${exercise.id}\0${exercise.variant ? variantSeed : ''}`;
    let run = this.#runs.get(key);
    if (!run) {
      const { job, probes } = buildJob(exercise, grading, variantSeed, 'solution', referenceSolution, 'all');
      run = runReference(exercise.id, job, probes, pool, limits);
      this.#runs.set(key, run);
    }
    return run;
  }

  /** The reference solution's value for each test, in the grading file's order. */
  async outputs(exercise: PublishedExercise, referenceSolution: string, grading: GradingExercise, variantSeed: number | undefined, pool: SandboxPool, limits?: SandboxLimits): Promise<Serialized[]> {
    const r = await this.result(exercise, referenceSolution, grading, variantSeed, pool, limits);
    const { probes } = buildJob(exercise, grading, variantSeed, 'solution', referenceSolution, 'all');
    const out: Serialized[] = [];
    probes.forEach((p, k) => { out[p.index] = r.probes[k].value as Serialized; });
    return out;
  }
}

export interface GradeExerciseInput {
  exercise: PublishedExercise;
  grading: GradingExercise;
  /** The reference solution's code (the chapter's solution cell already resolved). */
  referenceSolution: string;
  /** The student's code; undefined when the submission has none for this exercise. */
  source: string | undefined;
  /** The student's variant seed (src/assignments/variant.ts); needed when the exercise has a variant. */
  variantSeed: number | undefined;
  pool: SandboxPool;
  limits?: SandboxLimits;
  references: ReferenceCache;
  /** Title language (default 'en'). */
  lang?: 'zh' | 'en';
}

interface Probe {
  test: GradingTest;
  index: number;
  id: string;
}

/** Grades one exercise of one submission. Throws only when the grading material is broken. */
export async function gradeExercise(input: GradeExerciseInput): Promise<ExerciseResult> {
  const { exercise, grading, source } = input;
  const limits = input.limits ?? DEFAULT_LIMITS;
  const scale = pointScale(exercise, grading);
  const base = { id: exercise.id, title: exercise.title[input.lang ?? 'en'], maxPoints: round(grading.tests.reduce((s, t) => s + t.points * scale, 0)) };
  const allFailed = (flag: string, why: string): ExerciseResult => ({
    ...base, points: 0, flags: [flag],
    tests: grading.tests.map((t, i) => testResult(exercise.id, t, i, scale, false, t.visibility === 'hidden' ? `hidden test: failed (${why})` : why)),
  });
  if (source === undefined) return allFailed('missing', 'no code was submitted for this exercise');
  if (!source.trim()) return allFailed('empty', 'the submitted code is empty');

  // Visible and hidden tests run in separate processes: nothing the hidden run does (what it
  // prints, an error carrying its arguments, a loop entered only on some input) can reach the
  // feedback, which comes from the visible run alone; of the hidden run only pass/fail is kept.
  const visible = buildJob(exercise, grading, input.variantSeed, 'submission', source, 'visible');
  const hidden = buildJob(exercise, grading, input.variantSeed, 'submission', source, 'hidden');
  const reference = buildJob(exercise, grading, input.variantSeed, 'solution', input.referenceSolution, 'all');
  const [outcome, hiddenOutcome, expected] = await Promise.all([
    input.pool.run(visible.job, limits, { stdoutChars: FEEDBACK_STDOUT_CHARS * 2 }),
    hidden.probes.length ? input.pool.run(hidden.job, limits, { stdoutChars: 0 }) : undefined,
    input.references.result(exercise, input.referenceSolution, grading, input.variantSeed, input.pool),
  ]);
  if (outcome.status !== 'ok' || !outcome.result) return allFailed(outcome.status === 'ok' ? 'crashed' : outcome.status, stopped(outcome, limits));

  const result = outcome.result;
  const actualOf = new Map<number, SandboxResult['probes'][number] | undefined>();
  visible.probes.forEach((p, k) => actualOf.set(p.index, result.probes[k]));
  hidden.probes.forEach((p, k) => actualOf.set(p.index, hiddenOutcome?.status === 'ok' ? hiddenOutcome.result?.probes[k] : undefined));
  const expectedOf = new Map(reference.probes.map((p, k) => [p.index, expected.probes[k]]));
  const flags: string[] = [];
  const submission = result.cells.at(-1);
  let preamble = '';
  if (submission && !submission.ok) {
    const syntax = /^SyntaxError: /.test(submission.error ?? '');
    flags.push(syntax ? 'syntax-error' : 'runtime-error');
    preamble += `Your code ${syntax ? 'does not compile' : 'failed'}: ${submission.error ?? 'unknown error'}\n`;
  }
  if (result.stdout) {
    const shown = result.stdout.length > FEEDBACK_STDOUT_CHARS ? `${result.stdout.slice(0, FEEDBACK_STDOUT_CHARS)}\n… (more output left out)` : result.stdout;
    preamble += `Your code printed:\n${shown.replace(/\n$/, '')}\n`;
  }

  const tests = grading.tests.map((test, i) => {
    const actual = actualOf.get(i);
    const exp = expectedOf.get(i)!;
    let ok = false;
    let text: string;
    if (!actual?.ok) {
      text = test.visibility === 'hidden' ? 'hidden test: failed' : `${test.code.trim()}\n→ error: ${actual?.error ?? 'unknown error'}`;
    } else {
      const verdict = judge(exp.value as Serialized, actual.value, { atol: test.atol, rtol: test.rtol }, test.visibility);
      ok = verdict.ok;
      text = test.visibility === 'hidden' ? `hidden test: ${ok ? 'passed' : 'failed'}` : `${test.code.trim()}\n→ ${verdict.message}`;
    }
    if (i === 0 && preamble) text = `${preamble}\n${text}`;
    return testResult(exercise.id, test, i, scale, ok, text);
  });
  return { ...base, points: round(tests.reduce((s, t) => s + t.score, 0)), flags, tests };
}

/**
 * The sandbox job for some code (the student's or the reference solution) on this exercise's
 * tests: the variant cell if any, the code, then the tests' expressions, visible ones first (see
 * the header), each probe keeping its test's index for the records.
 */
function buildJob(exercise: PublishedExercise, grading: GradingExercise, seed: number | undefined, cellId: string, code: string, which: 'all' | 'visible' | 'hidden'): { job: SandboxJob; probes: Probe[] } {
  const probes: Probe[] = grading.tests
    .map((test, index) => ({ test, index, id: `t${index}` }))
    .filter((p) => which === 'all' || p.test.visibility === which)
    .sort((a, b) => Number(a.test.visibility === 'hidden') - Number(b.test.visibility === 'hidden') || a.index - b.index);
  const cells: SandboxJob['cells'] = [];
  if (exercise.variant) {
    if (seed === undefined) throw new Error(`${exercise.id}: the exercise has a variant but no variant seed was given`);
    cells.push({ id: 'variant', code: variantCellCode(exercise.variant, seed) });
  }
  cells.push({ id: cellId, code });
  // each test's seed follows its place in grading.yaml, so it is the same in every job it runs in
  return { job: { seed: GRADING_SEED, cells, probes: probes.map((p) => ({ id: p.id, code: p.test.code, seed: GRADING_SEED + p.index + 1 })) }, probes };
}

/**
 * The reference solution's limits: far above a student's, so a loaded machine (the reference
 * shares the pool with the class) never fails the grading material, which would stop the run.
 */
export const REFERENCE_LIMITS: SandboxLimits = { ...DEFAULT_LIMITS, wallMs: 60_000, memoryMb: 1024 };

/** Runs the reference job (a second time if the process failed); any failure is a bug in the grading material, reported clearly. */
async function runReference(id: string, job: SandboxJob, probes: Probe[], pool: SandboxPool, limits: SandboxLimits): Promise<SandboxResult> {
  let outcome = await pool.run(job, limits);
  if (outcome.status !== 'ok') outcome = await pool.run(job, limits);
  if (outcome.status !== 'ok' || !outcome.result) throw new Error(`${id}: the reference solution did not finish in the sandbox (${outcome.status}: ${outcome.detail})`);
  const r = outcome.result;
  const badCell = r.cells.find((c) => !c.ok);
  if (badCell) throw new Error(`${id}: the ${badCell.id === 'variant' ? 'variant cell' : 'reference solution'} fails: ${badCell.error}`);
  for (const [k, p] of r.probes.entries()) {
    const name = probes[k].test.name;
    if (!p.ok) throw new Error(`${id}: test "${name}" fails on the reference solution: ${p.error}`);
    const odd = unsupported(p.value!);
    if (odd) throw new Error(`${id}: test "${name}" gives a value the grader cannot compare (${odd}); return numbers, tensors, strings, arrays or plain objects`);
  }
  return r;
}

/** The first unsupported leaf other than `undefined`, if any. */
function unsupported(v: Serialized): string | undefined {
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = unsupported(x);
      if (u) return u;
    }
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  if ('$unsupported' in v) return v.$unsupported === 'undefined' ? undefined : String(v.$unsupported);
  if ('$object' in v) return unsupported(Object.values(v.$object as Record<string, Serialized>));
  return undefined;
}

/** Why a run was stopped, for feedback: deterministic (limits only, no timings or addresses). */
function stopped(outcome: SandboxOutcome, limits: SandboxLimits): string {
  switch (outcome.status) {
    case 'timeout': return `your code was stopped after ${limits.wallMs / 1000} s (an infinite loop, or waiting for something that never happens?)`;
    case 'memory': return `your code was stopped: it used more than ${limits.memoryMb} MB of memory`;
    case 'output-limit': return /^returned/.test(outcome.detail)
      ? 'your code was stopped: the values it returned were too large'
      : `your code was stopped: it printed more than ${Math.round(limits.outputBytes / 1024)} KB`;
    case 'no-result': return 'your code ended the sandbox before the tests could run';
    default: return 'the sandbox process crashed while running your code';
  }
}

/** Points per test point: 1 when the tests' points add up to the exercise's, else the ratio. */
function pointScale(exercise: PublishedExercise, grading: GradingExercise): number {
  const sum = grading.tests.reduce((s, t) => s + t.points, 0);
  return sum > 0 && Math.abs(sum - exercise.points) > 1e-9 ? exercise.points / sum : 1;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

function testResult(exerciseId: string, test: GradingTest, index: number, scale: number, ok: boolean, output: string): TestResult {
  const maxScore = round(test.points * scale);
  const text = output.length > MAX_OUTPUT_CHARS ? `${output.slice(0, MAX_OUTPUT_CHARS - 1)}…` : output;
  return { id: `${exerciseId}/${index}`, name: test.name, score: ok ? maxScore : 0, maxScore, status: ok ? 'passed' : 'failed', visibility: test.visibility, output: text };
}
