import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { buildGradescopeBundle, bundleFileList, runAutograderScript, setupScript, writeGradescopeBundle } from '../../grader/bundle/index.ts';
import { openZip } from '../../grader/collect/zip.ts';

let dir: string;
let repo: string;

const SPEC = `id: a1-test
version: 1
title: { zh: 测试, en: Test }
due: 2026-12-14T23:59:00+08:00
private: a1-test/private
exercises:
  - { id: ch4-sigmoid-grad, points: 2 }
`;

async function put(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gradbook-bundle-'));
  repo = join(dir, 'repo');
  await put(repo, {
    'package.json': '{"name":"x"}', 'package-lock.json': '{}', 'README.md': 'not bundled',
    'grader/cli.ts': "import { chapterIdFromPath } from '../src/chapter-id.mjs';\nimport type { X } from '../src/types-only.ts';\n",
    'grader/commands/grade-one.ts': "export * from '../../src/extra/helper.ts';\nawait import('../../src/lazy.ts');\n",
    'grader/.secret': 'dotfile', 'grader/node_modules/y/index.js': 'x', 'grader/debug.log': 'x',
    'src/chapter-id.mjs': 'export const chapterIdFromPath = () => 1;', 'src/types-only.ts': 'export type X = 1;',
    'src/extra/helper.ts': "import './deeper.ts';", 'src/extra/deeper.ts': '', 'src/lazy.ts': '', 'src/unrelated.ts': '',
    'src/cells/a.ts': '', 'src/assignments/spec.ts': '', 'kernels/index.ts': '', 'content/en/01-x.mdx': '# x',
    'assignments/a1-test.yaml': SPEC, 'assignments/a1-test/private/grading.yaml': 'exercises: {}',
    'assignments/other.yaml': SPEC.replace(/a1-test/g, 'other'), 'assignments/other/private/grading.yaml': 'secret of another assignment',
    'node_modules/fflate/index.js': 'x', 'dist/index.html': 'x', '.cache/node/x': 'x', '.git/HEAD': 'x',
  });
  await symlink('/etc/passwd', join(repo, 'grader/passwd.ts'));
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('bundle contents', () => {
  it('lists exactly the grading sources, the assignment and its private folder, and what they import', () => {
    expect(bundleFileList(repo, 'a1-test')).toEqual([
      'assignments/a1-test.yaml', 'assignments/a1-test/private/grading.yaml', 'content/en/01-x.mdx',
      'grader/cli.ts', 'grader/commands/grade-one.ts', 'kernels/index.ts', 'package-lock.json', 'package.json',
      'src/assignments/spec.ts', 'src/cells/a.ts', 'src/chapter-id.mjs', 'src/extra/deeper.ts', 'src/extra/helper.ts',
      'src/lazy.ts', 'src/types-only.ts',
    ]);
  });

  it('never includes node_modules, dist, .cache, dotfiles or logs', () => {
    for (const path of bundleFileList(repo, 'a1-test')) expect(path).not.toMatch(/(^|\/)(node_modules|dist|\.cache|\.git|\.[^/]+)(\/|$)|\.log$/);
  });

  it('refuses a bad assignment id or a missing spec', () => {
    expect(() => bundleFileList(repo, '../a1-test')).toThrow(/not an assignment id/);
    expect(() => bundleFileList(repo, 'nope')).toThrow(/no assignment spec/);
  });

  it('zips scripts at the root, sorted, fixed times, executable scripts, identical bytes every time', async () => {
    const [a, b] = [join(dir, 'a.zip'), join(dir, 'b.zip')];
    const entries = await writeGradescopeBundle(a, { assignmentId: 'a1-test', repoRoot: repo });
    await writeGradescopeBundle(b, { assignmentId: 'a1-test', repoRoot: repo });
    expect(await readFile(a)).toEqual(await readFile(b));
    expect(new Uint8Array(await readFile(a))).toEqual(buildGradescopeBundle({ assignmentId: 'a1-test', repoRoot: repo }));
    expect(entries).toContain('setup.sh');
    expect(entries).toContain('run_autograder');
    const zip = await openZip(a, 1000);
    try {
      expect(zip.entries.map((e) => e.name)).toEqual(entries);
      expect(new Set(zip.entries.map((e) => e.mtime))).toEqual(new Set(['1980-01-01T12:00:00.000Z']));
    } finally {
      await zip.close();
    }
    expect(modes(new Uint8Array(await readFile(a)))).toMatchObject({ 'run_autograder': 0o100755, 'setup.sh': 0o100755, 'package.json': 0o100644 });
    const files = unzipSync(new Uint8Array(await readFile(a)));
    expect(new TextDecoder().decode(files['assignments/a1-test/private/grading.yaml'])).toBe('exercises: {}');
  });
});

/** Unix modes from the central directory (external attributes >> 16). */
function modes(zip: Uint8Array): Record<string, number> {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: Record<string, number> = {};
  for (let p = 0; p + 46 <= zip.length; p++) {
    if (dv.getUint32(p, true) !== 0x02014b50) continue;
    const nameLength = dv.getUint16(p + 28, true);
    out[new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nameLength))] = dv.getUint32(p + 38, true) >>> 16;
  }
  return out;
}

describe('scripts', () => {
  it('are valid bash', () => {
    for (const script of [setupScript(), setupScript({ nodeVersion: 'v24.4.1' }), runAutograderScript({ assignmentId: 'a1-test' })]) {
      const r = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(setupScript({ nodeVersion: '24.4.1' })).toContain('https://nodejs.org/dist/v24.4.1');
    expect(setupScript()).toContain('latest-v24.x');
    expect(() => setupScript({ nodeVersion: '22.1.0' })).toThrow(/24/);
  });

  describe('run_autograder, tried in a fake /autograder', () => {
    async function attempt(name: string, submission: Record<string, string>, metadata: unknown, cli = FAKE_CLI): Promise<{ results: Record<string, unknown>; stderr: string }> {
      const root = join(dir, name);
      await put(root, { 'source/grader/cli.ts': cli, 'submission_metadata.json': JSON.stringify(metadata) });
      await mkdir(join(root, 'submission'), { recursive: true });
      await put(join(root, 'submission'), submission);
      const script = join(root, 'run_autograder');
      await writeFile(script, runAutograderScript({ assignmentId: 'a1-test' }));
      await chmod(script, 0o755);
      const r = spawnSync('bash', [script], { env: { ...process.env, AUTOGRADER_ROOT: root }, encoding: 'utf8' });
      expect(r.status).toBe(0);
      return { results: JSON.parse(await readFile(join(root, 'results/results.json'), 'utf8')), stderr: r.stderr };
    }

    const FAKE_CLI = `import { writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const results = args.find((a) => a.startsWith('--results='))!.slice('--results='.length);
writeFileSync(results, JSON.stringify({ args, cwd: process.cwd() }));
`;

    it('grades the assignment file with the Student ID, else the email', async () => {
      const { results, stderr } = await attempt('run1', { 'notes.gradbook.json': '{}', 'a1-test.s2.gradbook.json': '{}', 'a1-test.s 1.gradbook.json': '{}' }, { users: [{ email: 'e@x.org', sid: '12345', id: 7 }] });
      const args = results.args as string[];
      expect(args.slice(0, 2)).toEqual(['grade-one', '--assignment=a1-test']);
      expect(args[2]).toMatch(/^--submission=.*\/a1-test\.s 1\.gradbook\.json$/);
      expect(args.slice(3)).toEqual([`--results=${join(dir, 'run1/results/results.json')}`, '--identity=12345']);
      expect(results.cwd).toBe(join(dir, 'run1/source'));
      expect(stderr).toContain('2 candidate files');
      const byEmail = await attempt('run2', { '-rf.gradbook.json': '{}' }, { users: [{ email: 'e@x.org', sid: null }] });
      expect((byEmail.results.args as string[]).slice(2)).toEqual([expect.stringMatching(/\/-rf\.gradbook\.json$/), expect.any(String), '--identity=e@x.org']);
    });

    it('writes a zero-score results.json when there is no file or the grader fails', async () => {
      const none = await attempt('run3', { 'essay.pdf': 'x' }, {});
      expect(none.results).toMatchObject({ score: 0, tests: [] });
      expect(none.results.output).toMatch(/No submission file found/);
      const broken = await attempt('run4', { 'x.gradbook.json': '{}' }, { users: [{ sid: '1' }] }, 'process.exit(3);\n');
      expect(broken.results).toMatchObject({ score: 0 });
      expect(broken.results.output).toMatch(/could not grade/);
      // no identity from Gradescope: refuse, rather than let the file choose its own variant
      const anonymous = await attempt('run5', { 'x.gradbook.json': '{}' }, { users: [] });
      expect(anonymous.results).toMatchObject({ score: 0 });
      expect(anonymous.results.output).toMatch(/no Student ID or email/);
    });
  });
});
