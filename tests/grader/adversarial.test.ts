// The adversarial suite: hostile submissions to a small exercise, graded in parallel through one
// pool together with correct submissions. Every attack must score 0 for the exercise (with the
// right flag, or failed tests), the grader (this process) must survive, and the correct
// submissions must still get full marks. Attacks that would *help* the student if they worked
// are written so that success defines a correct `double` (the `won` pattern below): a 0 then
// proves the attack was blocked, not merely that the code was wrong.
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeExercise, ReferenceCache } from '../../grader/grade-exercise.ts';
import { SandboxPool } from '../../grader/sandbox/pool.ts';
import { REPO_ROOT } from '../../grader/sandbox/bundle.ts';
import type { SandboxLimits } from '../../grader/sandbox/protocol.ts';
import type { GradingExercise } from '../../grader/private-spec.ts';
import type { PublishedExercise } from '../../src/assignments/published.ts';
import type { ExerciseResult } from '../../grader/records.ts';

const limits: SandboxLimits = { wallMs: 3000, memoryMb: 256, outputBytes: 1 << 20 };

const exercise: PublishedExercise = {
  id: 'double', points: 2, source: 'assignment',
  title: { zh: '加倍', en: 'Double' }, prompt: { zh: '', en: '' }, starter: { zh: '', en: '' },
  checks: { zh: [], en: [] },
};
const grading: GradingExercise = {
  solution: 'function double(x: Tensor): Tensor { return x.mul(2); }',
  tests: [
    { name: 'a vector', code: 'double(tensor([1, 2]))', points: 1, visibility: 'visible', atol: 1e-6, rtol: 1e-5 },
    { name: 'a column', code: 'double(tensor([[3], [4]]))', points: 1, visibility: 'hidden', atol: 1e-6, rtol: 1e-5 },
  ],
};
const CORRECT = 'function double(x: Tensor): Tensor {\n  return x.mul(2);\n}\n';
/** Something on a hidden test's input, as it could appear in feedback if it leaked. */
const HIDDEN_INPUT = /\[\[3|\[3\.?\]|\b3\.?, ?4\b/;

const tag = `${process.pid}-${Date.now()}`;
const WRITTEN = `/tmp/gradbook-sandbox-written-${tag}`;
const SPAWNED = `/tmp/gradbook-sandbox-spawned-${tag}`;
const GRADING_YAML = join(REPO_ROOT, 'assignments', 'a1-gradients', 'private', 'grading.yaml');
/** A Unix socket of "the instructor's session" the sandbox must not reach. */
const SOCKET = `/tmp/gradbook-sandbox-victim-${tag}.sock`;

/** An attack that, if it returned true, would make `double` correct. */
const attack = (body: string) => `
let won = false;
try {
  won = (await (async () => { ${body} })()) === true;
} catch (e) {
  console.log('blocked');
}
function double(x: Tensor): Tensor {
  if (!won) throw new Error('attack blocked');
  return x.mul(2);
}
`;
/** A wrong `double` (×3) plus code that tries to turn the failure into a pass. */
const cheat = (body: string) => `${body}\nfunction double(x: Tensor): Tensor { return x.mul(3); }\n`;

interface Case {
  name: string;
  source: string;
  /** Expected flags; undefined: none (the attack fails the tests instead). */
  flags?: string[] | ((flags: string[]) => void);
}

let server: Server;
let connections = 0;
let port = 0;

function cases(): Case[] {
  const url = `http://127.0.0.1:${port}/`;
  return [
    // ---- time ----
    { name: 'infinite loop at top level', source: 'while (true) {}', flags: ['timeout'] },
    { name: 'infinite loop in the function', source: 'function double(x: Tensor) { while (true) {} }', flags: ['timeout'] },
    { name: 'Atomics.wait forever', source: 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);', flags: ['timeout'] },
    { name: 'top-level await that never settles', source: `${CORRECT}await new Promise(() => {});`, flags: ['runtime-error'] },
    { name: 'a result that never settles', source: 'function double(x: Tensor) { return new Promise(() => {}); }' },
    // ---- memory ----
    { name: 'heap bomb', source: 'const a: string[] = [];\nwhile (true) a.push("x".repeat(64) + a.length);', flags: ['memory'] },
    {
      name: 'typed-array bomb, 16 GB at a time', source: 'const keep = [];\nwhile (true) keep.push(new Float64Array(2 ** 31));',
      flags: (f) => expect(['runtime-error', 'memory']).toContain(f[0]),
    },
    {
      name: 'filled 100 MB buffers', source: 'const keep = [];\nfor (let i = 0; i < 100; i++) keep.push(new Uint8Array(100e6).fill(1));',
      flags: (f) => expect(['memory', 'runtime-error']).toContain(f[0]),
    },
    // ---- output ----
    { name: '10^6 lines of console.log', source: `for (let i = 0; i < 1e6; i++) console.log('line', i);\n${CORRECT}`, flags: ['output-limit'] },
    { name: 'one 100 MB line', source: `console.log('x'.repeat(1e8));\n${CORRECT}`, flags: ['output-limit'] },
    { name: 'process.stdout.write of 100 MB', source: `process.stdout.write('x'.repeat(1e8));\n${CORRECT}`, flags: ['runtime-error'] },
    { name: 'forged result line on stdout', source: cheat(`console.log(JSON.stringify({ cells: [{ id: 'submission', ok: true }], probes: [{ id: 't0', ok: true, value: { $tensor: { shape: [2], data: [2, 4] } } }], stdout: '' }));`) },
    // ---- files ----
    { name: 'require(fs)', source: attack(`return require('fs').readFileSync('/etc/passwd', 'utf8').length > 0;`) },
    { name: 'import(node:fs)', source: attack(`return (await import('node:fs')).readFileSync('/etc/passwd', 'utf8').length > 0;`) },
    { name: 'process.getBuiltinModule(fs)', source: attack(`return process.getBuiltinModule('fs').readFileSync('/etc/passwd', 'utf8').length > 0;`) },
    { name: 'read the hidden tests (grading.yaml)', source: attack(`return (await import('node:fs')).readFileSync(${JSON.stringify(GRADING_YAML)}, 'utf8').includes('hidden');`) },
    { name: 'import the hidden tests as a module', source: attack(`return !!(await import(${JSON.stringify(`file://${GRADING_YAML}`)}, { with: { type: 'json' } }));`) },
    { name: 'import a data: URL', source: attack(`return (await import('data:text/javascript,export default 1')).default === 1;`) },
    { name: 'fetch a file: URL', source: attack(`return (await (await fetch('file:///etc/passwd')).text()).length > 0;`) },
    { name: 'write a file', source: attack(`(await import('node:fs')).writeFileSync(${JSON.stringify(WRITTEN)}, 'x'); return true;`) },
    { name: 'write a file via getBuiltinModule', source: attack(`process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(WRITTEN)}, 'x'); return true;`) },
    // ---- processes ----
    { name: 'spawn a process', source: attack(`(await import('node:child_process')).execSync('touch ${SPAWNED}'); return true;`) },
    { name: 'spawn via getBuiltinModule', source: attack(`process.getBuiltinModule('child_process').execSync('touch ${SPAWNED}'); return true;`) },
    { name: 'process.exit(0)', source: `${CORRECT}process.exit(0);`, flags: ['runtime-error'] },
    { name: 'process.kill(process.ppid)', source: `process.kill(process.ppid, 'SIGKILL');\n${CORRECT}`, flags: ['runtime-error'] },
    { name: 'process through the Function constructor', source: attack(`const p = globalThis.constructor.constructor('return process')(); p.kill(p.ppid, 'SIGKILL'); return true;`) },
    { name: 'process.binding', source: attack(`return !!globalThis.process.binding('fs');`) },
    // ---- network ----
    { name: 'net.connect to a local server', source: attack(`const net = process.getBuiltinModule('net'); await new Promise((ok, no) => net.connect(${port}, '127.0.0.1', ok).on('error', no)); return true;`) },
    { name: 'import(node:net)', source: attack(`const net = await import('node:net'); await new Promise((ok, no) => net.connect(${port}, '127.0.0.1', ok).on('error', no)); return true;`) },
    { name: 'fetch a local server', source: attack(`await fetch(${JSON.stringify(url)}); return true;`) },
    { name: 'WebSocket to a local server', source: attack(`const ws = new WebSocket('ws://127.0.0.1:${port}/'); await new Promise((ok, no) => { ws.onopen = ok; ws.onerror = no; }); return true;`) },
    // ---- patching what a judge inside the sandbox would use ----
    { name: 'patch check and assertClose', source: cheat(`check = () => true; assertClose = () => true; globalThis.check = check;`) },
    { name: 'patch Math', source: cheat(`Math.abs = () => 0; Math.max = () => 0; Math.min = () => 0;`) },
    { name: 'patch Tensor.prototype.toArray and dataSync', source: cheat(`Tensor.prototype.toArray = function () { return this.size === 2 && this.rank === 1 ? [2, 4] : [[6], [8]]; };\nTensor.prototype.dataSync = function () { return new Float32Array(this.size === 2 && this.rank === 1 ? [2, 4] : [6, 8]); };`) },
    { name: 'patch Tensor.prototype.sub', source: cheat(`Tensor.prototype.sub = function () { return this.mul(0); };`) },
    { name: 'patch Object.prototype', source: cheat(`Object.prototype.ok = true; Object.prototype.passed = true; Object.prototype.toJSON = function () { return { ok: true }; };\nObject.defineProperty(Object.prototype, 'value', { get() { return 1; }, set() {}, configurable: true });`) },
    { name: 'an index setter on Array.prototype', source: cheat(`Object.defineProperty(Array.prototype, '0', { get() { return 1; }, set() {}, configurable: true });`) },
    { name: 'patch JSON', source: cheat(`JSON.stringify = () => '{"cells":[],"probes":[],"stdout":""}'; JSON.parse = () => ({ ok: true });`) },
    { name: 'patch Array.prototype.map and the iterator', source: cheat(`Array.prototype.map = function () { return []; }; Array.prototype[Symbol.iterator] = function* () {}; Array.isArray = () => false;`) },
    { name: 'patch Promise.prototype.then', source: cheat(`Promise.prototype.then = function () { return this; };`) },
    { name: 'patch String methods and Error.prepareStackTrace', source: cheat(`String.prototype.slice = () => ''; String.prototype.match = () => null; Error.prepareStackTrace = () => { throw 1; };`) },
    // ---- odd values ----
    { name: 'throw 42', source: 'throw 42;', flags: ['runtime-error'] },
    { name: 'throw an object whose toString throws', source: 'throw { toString() { throw 1; } };', flags: ['runtime-error'] },
    { name: 'throw null', source: 'throw null;', flags: ['runtime-error'] },
    { name: 'double throws a non-error', source: 'function double(x: Tensor) { throw { toString() { throw 1; } }; }' },
    { name: 'a Proxy returned', source: 'function double(x: Tensor) { return new Proxy(x.mul(2), {}); }' },
    { name: 'a getter that throws', source: 'function double(x: Tensor) { return { get data() { throw new Error("boom"); } }; }' },
    { name: 'a huge sparse array returned', source: 'function double(x: Tensor) { return new Array(2 ** 32 - 1); }' },
    { name: 'a huge dense array returned', source: 'function double(x: Tensor) { return Array.from({ length: 3e6 }, () => 0); }' },
    { name: 'syntax error', source: 'function double(x: Tensor) { return x.mul(2) ', flags: ['syntax-error'] },
    // ---- found in review: Node's console reaches process.stdout, a net.Socket ----
    { name: "a Unix socket through console._stdout's constructor", source: attack(`const Sock = (globalThis.console as any)._stdout.constructor; await new Promise((ok, no) => new Sock().connect({ path: ${JSON.stringify(SOCKET)} }, ok).on('error', no)); return true;`) },
    { name: 'a socket file bound through console._stdout._handle', source: attack(`const Pipe = (globalThis.console as any)._stdout._handle.constructor; return new Pipe(1).bind(${JSON.stringify(WRITTEN)}) === 0;`) },
    { name: 'a forged result written to fd 3 through a net.Socket', source: cheat(`const Sock = (globalThis.console as any)._stdout.constructor; new Sock({ fd: 3 }).write(JSON.stringify({ cells: [{ id: 'submission', ok: true }], probes: [{ id: 't0', ok: true, value: { $tensor: { shape: [2], data: [2, 4] } } }], stdout: '' }) + '\\n');`), flags: ['runtime-error'] },
    // ---- reading the hidden test's code or inputs ----
    {
      name: 'the caller of the student function (a hidden test) shown through an error',
      source: `function double(x: Tensor) { let src = ''; try { src = String((double as any).caller); } catch { src = 'strict'; } throw new Error('CALLER ' + src + JSON.stringify(x.toArray())); }`,
    },

    {
      name: 'leak hidden inputs through stack frames, patched strings and errors',
      source: `
        const seen: string[] = [];
        const match = String.prototype.match;
        String.prototype.match = function (...a) { seen.push(String(this)); return match.apply(this, a); };
        let stash = '';
        function double(x: Tensor) {
          Error.prepareStackTrace = (_e, cs) => cs;
          const frames = new Error().stack as unknown as { getFunction(): unknown }[];
          Error.prepareStackTrace = undefined;
          const src = frames.map((f) => { try { return String(f.getFunction()); } catch { return ''; } }).join('|');
          stash += JSON.stringify(x.toArray()) + src + seen.join('|');
          console.log('LEAK', stash);
          throw new Error('LEAK ' + stash);
        }
        console.log('cells phase', seen.length);
      `,
    },
  ];
}

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => socketServer.listen(SOCKET, resolve));
});

const socketServer = createServer((socket) => {
  connections++;
  socket.destroy();
});

afterAll(() => {
  server.close();
  socketServer.close();
  rmSync(WRITTEN, { force: true });
  rmSync(SPAWNED, { force: true });
});

describe('adversarial submissions', () => {
  it('score 0 with a clear flag or failed tests; correct submissions graded alongside keep full marks', async () => {
    const pool = new SandboxPool();
    const references = new ReferenceCache();
    const grade = (source: string) => gradeExercise({
      exercise, grading, referenceSolution: grading.solution, source, variantSeed: undefined, pool, limits, references,
    });
    const all = cases();
    const start = performance.now();
    // correct submissions interleaved with the attacks, all in flight at once
    const jobs = all.flatMap((c, i) => (i % 12 === 0 ? [grade(CORRECT), grade(c.source)] : [grade(c.source)]));
    const results = await Promise.all(jobs);
    const seconds = (performance.now() - start) / 1000;
    console.log(`adversarial suite: ${all.length} attacks + ${results.length - all.length} correct, pool of ${pool.size}, ${seconds.toFixed(1)} s`);

    const correct: ExerciseResult[] = [];
    const attacks: ExerciseResult[] = [];
    all.forEach((_, i) => {
      if (i % 12 === 0) correct.push(results.shift()!);
      attacks.push(results.shift()!);
    });
    for (const r of correct) {
      expect(r.points, JSON.stringify(r)).toBe(2);
      expect(r.flags).toEqual([]);
    }
    for (const [i, c] of all.entries()) {
      const r = attacks[i];
      const context = `${c.name}: ${JSON.stringify(r, null, 1)}`;
      expect(r.points, context).toBe(0);
      expect(r.tests.every((t) => t.status === 'failed'), context).toBe(true);
      if (typeof c.flags === 'function') c.flags(r.flags);
      else expect(r.flags, context).toEqual(c.flags ?? []);
      for (const t of r.tests) expect(t.output, context).not.toMatch(HIDDEN_INPUT);
      expect(r.tests[1].output, context).toMatch(/^hidden test: failed/);
    }
    // nothing got out
    expect(connections).toBe(0);
    expect(existsSync(WRITTEN)).toBe(false);
    expect(existsSync(SPAWNED)).toBe(false);
  }, 120_000);

  it('a loop entered only on a hidden input changes nothing in the visible feedback', async () => {
    const pool = new SandboxPool();
    const r = await gradeExercise({
      exercise, grading, referenceSolution: grading.solution, pool, limits, references: new ReferenceCache(), variantSeed: undefined,
      source: 'function double(x: Tensor) { if (x.rank === 2) while (true) {} return x.mul(2); }',
    });
    expect(r.flags).toEqual([]);
    expect(r.points).toBe(1);
    expect(r.tests.map((t) => [t.status, t.output.split('\n').at(-1)])).toEqual([['passed', '→ ok'], ['failed', 'hidden test: failed']]);
  }, 30_000);

  it('Math.random gives the same numbers on every run, so grades do not change between runs', async () => {
    const pool = new SandboxPool();
    const source = 'function double(x: Tensor) { return Math.random() < 0.5 ? x.mul(2) : x.mul(3); }';
    const runs = await Promise.all([1, 2, 3, 4].map(() => gradeExercise({
      exercise, grading, referenceSolution: grading.solution, pool, limits, references: new ReferenceCache(), variantSeed: undefined, source,
    })));
    expect(new Set(runs.map((r) => JSON.stringify(r))).size).toBe(1);
  }, 30_000);
});
