// Hostile and broken submission files, graded one by one: each gets zero (for the whole file or
// for the exercise concerned) with a flag that says why, and the grader never throws.
import { describe, expect, it } from 'vitest';
import { loadAssignment, type LoadedAssignment } from '../../grader/load-assignment.ts';
import { gradeSubmission } from '../../grader/grade-submission.ts';
import { ReferenceCache } from '../../grader/grade-exercise.ts';
import { SandboxPool } from '../../grader/sandbox/pool.ts';
import { buildSubmission, MAX_SUBMISSION_BYTES } from '../../src/assignments/submission.ts';

const pool = new SandboxPool();
const references = new ReferenceCache();
let a: LoadedAssignment;

async function fileWith(sources: Record<string, string>, patch: (s: Record<string, unknown>) => void = () => {}): Promise<Uint8Array> {
  a ??= await loadAssignment('a1-gradients');
  const sub = await buildSubmission({
    assignment: { id: a.spec.id, version: a.spec.version, hash: a.hash }, book: { build: 'test', engine: '0.1.0' },
    courseId: 's1', language: 'en', sources,
  }) as unknown as Record<string, unknown>;
  patch(sub);
  return new TextEncoder().encode(JSON.stringify(sub));
}

async function grade(bytes: Uint8Array | undefined, identity = 's1') {
  a ??= await loadAssignment('a1-gradients');
  return gradeSubmission({ student: 'x', identity, bytes }, { assignment: a, pool, references });
}

const sigmoid = 'function sigmoidGrad(z: Tensor): Tensor {\n  const s = z.sigmoid();\n  return s.mul(s.neg().add(1));\n}';

describe('submission files the grader must survive', () => {
  it.each([
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'not-utf8'],
    ['not JSON', new TextEncoder().encode('{"format": "gradbook-submission", '), 'not-json'],
    ['empty', new Uint8Array(), 'not-json'],
    ['JSON of another shape', new TextEncoder().encode('{"hello": "world"}'), 'bad-format'],
    ['a JSON array', new TextEncoder().encode('[1, 2, 3]'), 'bad-format'],
    ['huge', new Uint8Array(MAX_SUBMISSION_BYTES + 1).fill(0x20), 'too-large'],
  ])('%s: zero points, flagged', async (_, bytes, flag) => {
    const r = await grade(bytes);
    expect(r.total).toBe(0);
    expect(r.flags).toContain(flag);
  });

  it('a file for another assignment scores zero', async () => {
    const r = await grade(await fileWith({ 'ch4-sigmoid-grad': sigmoid }, (s) => { (s.assignment as { id: string }).id = 'a9-other'; }));
    expect([r.total, r.flags]).toEqual([0, ['wrong-assignment']]);
  });

  it('a file made on an older version of the page scores zero', async () => {
    const r = await grade(await fileWith({ 'ch4-sigmoid-grad': sigmoid }, (s) => { (s.assignment as { hash: string }).hash = '0'.repeat(64); }));
    expect([r.total, r.flags]).toEqual([0, ['older-version']]);
  });

  it('missing exercises score zero each, extra ones are flagged and ignored, hand edits are flagged', async () => {
    const r = await grade(await fileWith({ 'ch4-sigmoid-grad': sigmoid, 'a9-extra': 'while (true) {}' }, (s) => {
      (s.exercises as Record<string, { source: string }>)['ch4-sigmoid-grad'].source += '\n// edited by hand';
    }));
    expect(r.total).toBe(2);
    expect(r.flags).toEqual(expect.arrayContaining(['extra-exercise:a9-extra', 'source-hash-mismatch:ch4-sigmoid-grad']));
    expect(r.exercises.filter((e) => e.flags.includes('missing')).map((e) => e.id)).toHaveLength(5);
  }, 60_000);

  it('an id typed on the page that differs from the LMS identity is flagged', async () => {
    const r = await grade(await fileWith({ 'ch4-sigmoid-grad': sigmoid }), 's2');
    expect(r.flags).toContain('course-id-differs');
    expect(r.total).toBe(2);
  }, 60_000);

  it('no file at all', async () => {
    const r = await grade(undefined);
    expect([r.total, r.flags]).toEqual([0, ['no-submission']]);
  });
});
