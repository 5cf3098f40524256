// The sandbox process end to end (run-job.ts + child.ts), the result validator, the pool, and
// each operating-system layer on its own (so a layer that silently stops working is caught even
// when the JavaScript layer above it still blocks the attack).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInSandbox } from '../../grader/sandbox/run-job.ts';
import { sandboxBundle, stubFor } from '../../grader/sandbox/bundle.ts';
import { SandboxPool } from '../../grader/sandbox/pool.ts';
import { validateResult } from '../../grader/sandbox/validate.ts';
import { networkNamespaceTool, wrapCommand, addressSpaceLimitAvailable, jailTool } from '../../grader/sandbox/os-layers.ts';
import type { SandboxJob, SandboxLimits } from '../../grader/sandbox/protocol.ts';

const limits: SandboxLimits = { wallMs: 5000, memoryMb: 256, outputBytes: 1 << 20 };
const job = (code: string, probes: string[] = [], cells: SandboxJob['cells'] = []): SandboxJob => ({
  seed: 0,
  cells: [...cells, { id: 'submission', code }],
  probes: probes.map((p, i) => ({ id: `t${i}`, code: p })),
});

describe('runInSandbox', () => {
  it('runs the cells in one scope and returns each probe value, serialised', async () => {
    const o = await runInSandbox(job('function double(x: Tensor): Tensor { return x.mul(2); }\nconst k = variant.k;', [
      'double(tensor([1, 2]))', 'k', '({ a: [1, NaN], s: "x" })', 'await Promise.resolve(7)', 'randn([2]).shape',
    ], [{ id: 'variant', code: 'const variant = { k: 3 }' }]), limits);
    expect(o.status).toBe('ok');
    expect(o.result!.cells).toEqual([{ id: 'variant', ok: true }, { id: 'submission', ok: true }]);
    expect(o.result!.probes.map((p) => p.value)).toEqual([
      { $tensor: { shape: [2], data: [2, 4] } }, 3, { $object: { a: [1, { $num: 'NaN' }], s: 'x' } }, 7, [2],
    ]);
    expect(o.detail).toMatch(/permission-model/);
  });

  it('reports errors per cell and per probe, with cell-relative positions, and keeps going', async () => {
    const o = await runInSandbox(job('const a = 1;\nnull.x;', ['a', 'nope', '1 +', 'a + 1']), limits);
    expect(o.status).toBe('ok');
    expect(o.result!.cells[0]).toEqual({ id: 'submission', ok: false, error: "TypeError: Cannot read properties of null (reading 'x') (line 2, column 6)" });
    const probes = o.result!.probes;
    expect(probes[0]).toMatchObject({ ok: false, error: expect.stringMatching(/ReferenceError: a is not defined/) });
    expect(probes[2]).toMatchObject({ ok: false, error: expect.stringMatching(/^SyntaxError: /) });
    const ok = await runInSandbox(job('const a = 1;', ['a + 1']), limits);
    expect(ok.result!.probes[0]).toEqual({ id: 't0', ok: true, value: 2 });
  });

  it('reports syntax errors of the submission as SyntaxError with a position', async () => {
    const o = await runInSandbox(job('const = 1', ['1']), limits);
    expect(o.result!.cells[0].error).toMatch(/^SyntaxError: .*\(line 1, column \d+\)$/);
    expect(o.result!.probes[0]).toEqual({ id: 't0', ok: true, value: 1 });
  });

  it('keeps the head and tail of what the cells print, and nothing printed during probes', async () => {
    const o = await runInSandbox(job('for (let i = 0; i < 500; i++) console.log(`line ${i}`);\nfunction f() { console.log("SECRET-INPUT"); return 1; }', ['f()']), limits, { stdoutChars: 200 });
    const out = o.result!.stdout;
    expect(out.startsWith('line 0\nline 1\n')).toBe(true);
    expect(out.endsWith('line 499\n')).toBe(true);
    expect(out).toMatch(/characters left out/);
    expect(out).not.toMatch(/SECRET-INPUT/);
  });

  it('reseeds before each probe, so earlier random draws do not shift the inputs', async () => {
    const a = await runInSandbox(job('randn([5]);', ['randn([3])']), limits);
    const b = await runInSandbox(job('', ['randn([3])']), limits);
    expect(a.result!.probes[0].value).toEqual(b.result!.probes[0].value);
  });

  it('a promise that never settles fails that cell or probe only', async () => {
    const o = await runInSandbox(job('const hang = () => new Promise(() => {});', ['await hang()', '1 + 1']), limits);
    expect(o.status).toBe('ok');
    expect(o.result!.probes[0]).toMatchObject({ ok: false, error: expect.stringMatching(/never finished/) });
    expect(o.result!.probes[1]).toEqual({ id: 't1', ok: true, value: 2 });
  });

  it('stops at the wall-clock limit', async () => {
    const o = await runInSandbox(job('while (true) {}', ['1']), { ...limits, wallMs: 1500 });
    expect(o.status).toBe('timeout');
  });
});

describe('the sandbox bundle', () => {
  // every sandbox process parses the whole bundle: the WebGL backend (gpu.js, gl, a second acorn:
  // 780 KB) can never run in Node and once slipped in through a relative import
  it('leaves out the WebGL backend however it is imported, and KaTeX', async () => {
    expect(stubFor('./index.ts', join('kernels', 'backends', 'webgl'))).toBe(0);
    expect(stubFor('./webgl/index.ts', join('kernels', 'backends'))).toBe(0);
    expect(stubFor('katex', 'src/cells')).toBe(1);
    expect(stubFor('./index.ts', join('kernels', 'ops'))).toBe(-1);
    const code = readFileSync(await sandboxBundle(), 'utf8');
    expect(code).not.toContain('OES_texture_float'); // gpu.js and gl ask for it; our probe does not
    expect(code.length).toBeLessThan(800_000);
  });
});

describe('validateResult', () => {
  const j = job('', ['1']);
  it('accepts a well-formed result and rejects malformed ones', () => {
    const good = { cells: [{ id: 'submission', ok: true }], probes: [{ id: 't0', ok: true, value: { $tensor: { shape: [1], data: [{ $num: 'NaN' }] } } }], stdout: '' };
    expect(validateResult(good, j)).toEqual(good);
    expect(validateResult({ ...good, extra: 1 }, j)).toMatch(/shape/);
    expect(validateResult({ ...good, probes: [{ id: 't9', ok: true, value: 1 }] }, j)).toMatch(/probes\[0\]/);
    expect(validateResult({ ...good, probes: [{ id: 't0', ok: true, value: { $tensor: { shape: [2], data: [1] } } }] }, j)).toMatch(/value/);
    expect(validateResult({ ...good, probes: [{ id: 't0', ok: true, value: { $evil: 1 } }] }, j)).toMatch(/value/);
    expect(validateResult({ ...good, probes: [{ id: 't0', ok: true }] }, j)).toMatch(/value/);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(validateResult({ ...good, probes: [{ id: 't0', ok: true, value: deep }] }, j)).toMatch(/value/);
  });
});

describe('SandboxPool', () => {
  it('runs at most `size` jobs at once', async () => {
    const pool = new SandboxPool(1);
    const start = performance.now();
    const outcomes = await Promise.all([1, 2, 3].map(() => pool.run(job('await new Promise((r) => setTimeout(r, 400))', ['1']), limits)));
    expect(outcomes.every((o) => o.status === 'ok')).toBe(true);
    expect(performance.now() - start).toBeGreaterThanOrEqual(1200);
  });
});

/** Runs a plain script (not the sandbox bundle) through the same command wrapper and flags. */
function runLayered(script: string, { permission = true, wallMs = 60_000, jail = true } = {}): Promise<{ code: number | null; signal: string | null; out: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gradbook-layer-'));
  const file = join(dir, 'probe.mjs');
  writeFileSync(file, script.replaceAll('$DIR', dir));
  const nodeArgs = (path: string) => [...(permission ? ['--permission', `--allow-fs-read=${path}`] : []), path];
  const cmd = wrapCommand({ node: process.execPath, bundle: file, nodeArgs, memoryMb: 256, wallMs, jail });
  return new Promise((resolve) => {
    const child = spawn(cmd.file, cmd.args, { env: {}, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code, signal) => {
      const written = existsSync(join(dir, 'out.txt')) ? statSync(join(dir, 'out.txt')).size : -1;
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, out: written >= 0 ? `${out}size=${written}` : out, dir });
    });
  });
}

describe('operating-system layers, each on its own', () => {
  it('the permission model refuses file reads, writes and child processes even with the modules at hand', async () => {
    const r = await runLayered(`
      import fs from 'node:fs'; import cp from 'node:child_process';
      const t = (f) => { try { f(); return 'ALLOWED'; } catch (e) { return e.code; } };
      console.log(t(() => fs.readFileSync('/etc/passwd')), t(() => fs.writeFileSync('/tmp/gradbook-layer-x', '1')), t(() => cp.execSync('true')));
    `);
    expect(r.out.trim()).toBe('ERR_ACCESS_DENIED ERR_ACCESS_DENIED ERR_ACCESS_DENIED');
  });

  it.runIf(networkNamespaceTool() !== null)('the network namespace makes even 127.0.0.1 unreachable', async () => {
    let connections = 0;
    const server = createServer((s) => { connections++; s.destroy(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await runLayered(`
        import net from 'node:net';
        const s = net.connect(${port}, '127.0.0.1');
        s.on('connect', () => { console.log('CONNECTED'); s.destroy(); });
        s.on('error', (e) => console.log(e.code));
      `);
      expect(r.out.trim()).toMatch(/^E[A-Z]+$/);
      expect(r.out).not.toMatch(/CONNECTED/);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it.runIf(jailTool() !== null)('the jail holds no socket file of the machine, and no /tmp, /run, /home or /proc', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradbook-sock-'));
    const path = join(dir, 'victim.sock');
    let connections = 0;
    const server = createServer((s) => { connections++; s.destroy(); });
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const r = await runLayered(`
        import net from 'node:net'; import fs from 'node:fs';
        const s = net.connect({ path: ${JSON.stringify(path)} });
        s.on('connect', () => { console.log('CONNECTED'); s.destroy(); });
        s.on('error', (e) => console.log(e.code, ['/tmp', '/run', '/home', '/proc', '/etc/passwd'].filter((p) => fs.existsSync(p)).join(',') || 'none'));
      `, { permission: false });
      expect(r.out.trim()).toBe('ENOENT none');
      expect(connections).toBe(0);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(addressSpaceLimitAvailable())('the address-space limit stops a typed-array bomb', async () => {
    const r = await runLayered(`
      const keep = [];
      try { for (let i = 0; i < 64; i++) keep.push(new Uint8Array(1 << 30)); console.log('ALLOCATED', keep.length); }
      catch (e) { console.log(e.constructor.name, keep.length); }
    `);
    expect(r.out.trim()).toMatch(/^RangeError \d+$/);
  });

  it.runIf(addressSpaceLimitAvailable())('the file-size limit stops file writes even without the permission model', async () => {
    const r = await runLayered(`
      import fs from 'node:fs';
      try { fs.writeFileSync('$DIR/out.txt', 'x'.repeat(10000)); console.log('WROTE'); } catch (e) { console.log(e.code); }
    `, { permission: false, jail: false });
    expect(r.out).not.toMatch(/WROTE/);
    expect(r.out).toMatch(/size=0$/);
  });

  it.runIf(addressSpaceLimitAvailable())('the CPU-time limit ends a runaway process on its own', async () => {
    const start = performance.now();
    const r = await runLayered('while (true) {}', { wallMs: 0 });
    // a signal, or (inside bubblewrap, which reports its child's death as 128 + signal) 152 or 137
    expect(r.signal ?? String(r.code)).toMatch(/SIGXCPU|SIGKILL|^152$|^137$/);
    expect(performance.now() - start).toBeLessThan(20_000);
  });
});
