// The sample class of a1-gradients graded end to end through the CLI's commands: `check` passes,
// every student gets the total and flags in expected.json, the Canvas and Moodle files have the
// LMS's headers, and a second run gives byte-identical files.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCommand } from '../../grader/commands/check.ts';
import { gradeCommand } from '../../grader/commands/grade.ts';
import { loadAssignment } from '../../grader/load-assignment.ts';
import { DEFAULT_LIMITS } from '../../grader/sandbox/protocol.ts';
import type { GradeRun } from '../../grader/records.ts';

const samples = 'assignments/a1-gradients/sample-submissions';
// the hostile student's infinite loop waits out the wall clock: keep it short here
const limits = { ...DEFAULT_LIMITS, wallMs: 3000 };

function grade(out: string) {
  return gradeCommand('a1-gradients', `${samples}/lms-download`, {
    out, roster: `${samples}/roster.csv`, times: `${samples}/times.csv`, limits,
  });
}

function filesOf(dir: string): Map<string, Buffer> {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
  return new Map(names.filter((n) => !n.endsWith('/') && !readdirSafe(join(dir, n))).map((n) => [n, readFileSync(join(dir, n))]));
}
function readdirSafe(path: string): boolean {
  try { readdirSync(path); return true; } catch { return false; }
}

describe('the sample assignment a1-gradients', () => {
  it('passes its self-test: references full marks, starters zero, variants differ', async () => {
    expect(await checkCommand('a1-gradients')).toBe(0);
  }, 120_000);

  it('sample submissions are made against the assignment as published now', async () => {
    const { hash } = await loadAssignment('a1-gradients');
    const one = JSON.parse(readFileSync(`${samples}/lms-download/chenjing_1001_5001_a1-gradients.s2026001.gradbook.json`, 'utf8'));
    expect(one.assignment.hash, 'the published assignment changed: run `node assignments/a1-gradients/make-samples.ts`').toBe(hash);
  });

  it('grades the sample class to the expected totals and flags, with LMS-ready files, byte-identical twice', async () => {
    const first = mkdtempSync(join(tmpdir(), 'gradbook-grade-'));
    const second = mkdtempSync(join(tmpdir(), 'gradbook-grade-'));
    expect(await grade(first)).toBe(0);
    const run = JSON.parse(readFileSync(join(first, 'summary.json'), 'utf8')) as GradeRun;
    const expected = JSON.parse(readFileSync(`${samples}/expected.json`, 'utf8')) as Record<string, { total: number; flags: string[] }>;
    expect(run.students.map((s) => s.student)).toEqual(Object.keys(expected).sort());
    for (const s of run.students) {
      expect(s.total, `total of ${s.student}`).toBe(expected[s.student].total);
      for (const flag of expected[s.student].flags) expect(s.flags, `flags of ${s.student}`).toContain(flag);
    }
    // the hostile student: every exercise zero, each with the reason
    const hostile = run.students.find((s) => s.student === '1005')!;
    expect(hostile.exercises.map((e) => e.flags.join(','))).toEqual(expect.arrayContaining(['timeout', 'output-limit']));

    const canvas = readFileSync(join(first, 'canvas.csv'), 'utf8').split('\n');
    expect(canvas[0]).toBe('Student,ID,SIS User ID,SIS Login ID,Section,Assignment 1: gradients and a step of training (a1-gradients)');
    expect(canvas[1]).toBe('Points Possible,,,,,18');
    expect(readFileSync(join(first, 'moodle.csv'), 'utf8').split('\n')[0]).toBe('Email address,ID number,Assignment 1: gradients and a step of training,Feedback');
    // hidden tests never show their code in feedback
    const feedback = readFileSync(join(first, 'feedback', '1002.json'), 'utf8');
    expect(feedback).not.toContain('1000, 0, -1000');
    expect(feedback).toContain('1, 2, 0.5'); // a visible test's expression is shown

    expect(await grade(second)).toBe(0);
    const a = filesOf(first);
    const b = filesOf(second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), `${name} differs between runs`).toBe(true);
  }, 180_000);
});
