// Writes the sample class of a1-gradients: a Canvas-style bulk download (sample-submissions/
// lms-download/), a roster, the LMS's submission times, and the totals the grader must give.
// Run by hand after the published assignment changes (its hash is in every submission):
//
//   node assignments/a1-gradients/make-samples.ts
//
// The students: a correct one, a partly correct one, a late one, one who typed a friend's course
// id and copied the friend's numbers, a hostile one (infinite loop, patched Math and helpers, file
// and network access, a memory bomb), one who submitted twice, one with a truncated file and a
// stray note, and one on the roster who never submitted.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAssignment } from '../../grader/load-assignment.ts';
import { buildSubmission } from '../../src/assignments/submission.ts';

const here = new URL('.', import.meta.url).pathname;
const out = join(here, 'sample-submissions');
const a = await loadAssignment('a1-gradients');
const solution = Object.fromEntries(a.exercises.map((e) => [e.published.id, e.solution]));
const starter = Object.fromEntries(a.exercises.map((e) => [e.published.id, e.published.starter.en]));

const file = (courseId: string, sources: Record<string, string>, savedAt = '2026-12-10T12:00:00.000Z') => buildSubmission({
  assignment: { id: a.spec.id, version: a.spec.version, hash: a.hash },
  book: { build: 'sample', engine: '0.1.0' },
  courseId, language: 'en', sources, savedAt,
}).then((s) => `${JSON.stringify(s, null, 2)}\n`);

const wrong = {
  // σ′ computed as σ itself
  'ch4-sigmoid-grad': 'function sigmoidGrad(z: Tensor): Tensor {\n  return z.sigmoid();\n}\n',
  // the naive softmax overflows for logits of order 1000 (passes the visible test, fails the hidden one)
  'a1-stable-ce-grad': [
    'function ceGrad(Z: Tensor, t: number[]): Tensor {',
    '  const e = Z.exp();',
    '  const p = e.div(e.sum(1, true));',
    '  const Y = tensor(t.map((c) => Array.from({ length: Z.shape[1] }, (_, j) => (j === c ? 1 : 0))));',
    '  return p.sub(Y).div(Z.shape[0]);',
    '}',
  ].join('\n'),
};

const hostile = {
  'ch4-sigmoid-grad': 'function sigmoidGrad(z: Tensor): Tensor {\n  while (true) {}\n}\n',
  'ch4-linreg-grad': [
    '// patch everything a naive grader would trust',
    'Math.abs = () => 0;',
    'check = () => true; assertClose = () => true;',
    "Object.prototype.ok = true; JSON.stringify = () => '{\"ok\":true}';",
    'function linregGrad(X: Tensor, y: Tensor, w: Tensor, b: Tensor): Tensor[] { return [w.mul(0), b.mul(0)]; }',
  ].join('\n'),
  'ch5-critical-lr': [
    "const fs = await import('node:fs');",
    "console.log(fs.readFileSync('assignments/a1-gradients/private/grading.yaml', 'utf8'));",
    'function criticalLr(xs: number[]): number { return 0; }',
  ].join('\n'),
  'ch5-standardize': [
    "await fetch('http://127.0.0.1:9/steal').catch(() => {});",
    'const hoard = []; while (true) hoard.push(new Float64Array(1 << 24).fill(1));',
  ].join('\n'),
  'a1-two-steps': 'for (let i = 0; i < 1e6; i++) console.log("spam", i);\nconst answer = { w: 0, b: 0, loss: 0 };',
  'a1-stable-ce-grad': 'throw { toString() { throw new Error("gotcha"); } };',
};

rmSync(out, { recursive: true, force: true });
const lms = join(out, 'lms-download');
mkdirSync(lms, { recursive: true });
const put = async (name: string, content: string | Promise<string>) => writeFileSync(join(lms, name), await content);

await put('chenjing_1001_5001_a1-gradients.s2026001.gradbook.json', file('s2026001', solution));
await put('lihua_1002_5002_a1-gradients.s2026002.gradbook.json', file('s2026002', { ...solution, ...wrong, 'ch5-standardize': starter['ch5-standardize'] }));
await put('wangfang_LATE_1003_5003_a1-gradients.s2026003.gradbook.json', file('s2026003', solution));
// typed a friend's id (s2026001) on the page and hard-coded the numbers that variant gave
await put('liuyang_1004_5004_a1-gradients.s2026001.gradbook.json', file('s2026001', { ...solution, 'a1-two-steps': await frozenAnswer('s2026001') }));
await put('zhaolei_1005_5005_a1-gradients.s2026005.gradbook.json', file('s2026005', hostile));
// submitted twice: the first file (earlier, all starters) must lose to the second
await put('sunmei_1006_5006_a1-gradients.s2026006.gradbook.json', file('s2026006', starter, '2026-12-11T09:00:00.000Z'));
await put('sunmei_1006_5007_a1-gradients-1.s2026006.gradbook.json', file('s2026006', solution, '2026-12-12T09:00:00.000Z'));
await put('zhouqiang_1007_5008_a1-gradients.s2026007.gradbook.json', file('s2026007', solution).then((t) => t.slice(0, 200)));
await put('zhouqiang_1007_5009_notes.txt', 'I could not finish, sorry\n');

writeFileSync(join(out, 'roster.csv'), [
  'student,name,sis_id,login,section,email,identity',
  ...[
    ['1001', '陈静 Chen Jing', 's2026001'], ['1002', '李华 Li Hua', 's2026002'], ['1003', '王芳 Wang Fang', 's2026003'],
    ['1004', '刘洋 Liu Yang', 's2026004'], ['1005', '赵磊 Zhao Lei', 's2026005'], ['1006', '孙梅 Sun Mei', 's2026006'],
    ['1007', '周强 Zhou Qiang', 's2026007'], ['1008', '吴敏 Wu Min', 's2026008'],
  ].map(([id, name, sis]) => `${id},${name},${sis},${sis},L01,${sis}@example.edu,${sis}`),
].join('\n') + '\n');

writeFileSync(join(out, 'times.csv'), [
  'student,submitted_at',
  '1001,2026-12-13T20:15:00+08:00', '1002,2026-12-14T23:40:00+08:00', '1003,2026-12-15T10:00:00+08:00',
  '1004,2026-12-14T08:00:00+08:00', '1005,2026-12-14T22:00:00+08:00', '1006,2026-12-12T17:00:00+08:00',
  '1007,2026-12-14T21:00:00+08:00',
].join('\n') + '\n');

// What the grader must give each student (checked by tests/grader/samples.test.ts).
writeFileSync(join(out, 'expected.json'), `${JSON.stringify({
  '1001': { total: 18, flags: [] },
  '1002': { total: 11, flags: [] },
  '1003': { total: 14.4, flags: ['late'] },
  '1004': { total: 14, flags: ['course-id-differs'] },
  '1005': { total: 0, flags: [] },
  '1006': { total: 18, flags: ['duplicate-submission'] },
  '1007': { total: 0, flags: ['not-json'] },
  '1008': { total: 0, flags: ['no-submission'] },
}, null, 2)}\n`);
console.log(`wrote ${out} (published hash ${a.hash.slice(0, 12)}…)`);

/** The a1-two-steps answer a student would hard-code after running the reference on `courseId`'s variant. */
async function frozenAnswer(courseId: string): Promise<string> {
  const { variantSeed, variantCellCode } = await import('../../src/assignments/variant.ts');
  const engine = await import('../../kernels/index.ts');
  const { CellScope } = await import('../../src/cells/scope.ts');
  engine.setBackend('cpu');
  const ex = a.exercises.find((e) => e.published.id === 'a1-two-steps')!;
  const scope = new CellScope(engine, { ...engine });
  await scope.run('variant', variantCellCode(ex.published.variant!, await variantSeed(a.spec.id, courseId)));
  await scope.run('solution', ex.solution);
  const { w, b, loss } = scope.values.answer as { w: number; b: number; loss: number };
  return `// my numbers\nconst answer = { w: ${w}, b: ${b}, loss: ${loss} };\n`;
}
