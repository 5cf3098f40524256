import { describe, expect, it } from 'vitest';
import * as engine from '../../kernels/index.ts';
import { CellScope, locateError } from '../../src/cells/scope.ts';
import { CellSession, type Engine } from '../../src/cells/session.ts';
import type { FromWorker } from '../../src/cells/protocol.ts';

describe('CellScope', () => {
  it('shares names between cells in order, like a notebook', async () => {
    const scope = new CellScope({}, {});
    await scope.run('a', 'const x: number = 2;\nlet y = 3;');
    expect((await scope.run('b', 'y = y * 10;\nx + y')).value).toBe(32);
    expect((await scope.run('c', 'y')).value).toBe(30);
  });

  it('lets a re-run cell redeclare its own names', async () => {
    const scope = new CellScope({}, {});
    await scope.run('a', 'const x = 1;');
    await scope.run('a', 'const x = 2;');
    expect((await scope.run('b', 'x')).value).toBe(2);
  });

  it('passes seeded helpers as parameters', async () => {
    const scope = new CellScope({}, { twice: (n: number) => 2 * n });
    expect((await scope.run('a', 'twice(21)')).value).toBe(42);
  });

  it('locates a runtime error in its cell, by cell-relative line and column', async () => {
    const scope = new CellScope({}, {});
    await scope.run('defs', 'function boom() {\n  throw new Error("no");\n}');
    const error = await scope.run('use', 'const a = 1;\nboom();').catch((e: unknown) => e);
    expect(locateError(error)).toEqual({ cellId: 'defs', line: 2, column: 9 });
    const direct = await scope.run('z', '\n\n  missing.x').catch((e: unknown) => e);
    expect(locateError(direct)).toEqual({ cellId: 'z', line: 3, column: 3 });
  });
});

describe('CellSession on the engine', () => {
  async function run(cells: string[]): Promise<FromWorker[][]> {
    const out: FromWorker[] = [];
    const session = new CellSession(engine as unknown as Engine, 'ch', (m) => out.push(m));
    const results: FromWorker[][] = [];
    for (const [i, code] of cells.entries()) {
      const start = out.length;
      await session.handle({ type: 'run', channel: 'ch', runId: i + 1, cellId: `c${i}`, code });
      results.push(out.slice(start));
    }
    return results;
  }

  it('shows tensors with their shape, and warns of NaN', async () => {
    const [[t], [n]] = await run([
      "import { tensor } from 'gradbook';\ntensor([[1, 2], [3, 4]]).mul(2)",
      'tensor([1, NaN, 3])',
    ]);
    expect(t).toMatchObject({ type: 'tensor', shape: [2, 2], data: [['2', '4'], ['6', '8']], nanCount: 0 });
    expect(n).toMatchObject({ type: 'tensor', nanCount: 1 });
  });

  it('summarises large tensors with an ellipsis', async () => {
    const [[t]] = await run(['zeros([50, 50])']);
    expect(t).toMatchObject({ type: 'tensor', shape: [50, 50], summarised: true });
    const data = (t as { data: (string | null)[][] }).data;
    expect(data).toHaveLength(9);
    expect(data[4].every((v) => v === null)).toBe(true);
  });

  it('reports console output, checks and the value, tagged with channel and runId', async () => {
    const [msgs] = await run(["console.log('hi', 1.5);\ncheck('ok', true);\ncheck('bad', 1 > 2, 'details');\nassertClose([1, 2], [1, 2.1], { atol: 0.01 });\n'v'"]);
    expect(msgs.map((m) => m.type)).toEqual(['stdout', 'check', 'check', 'check', 'value', 'done']);
    expect(msgs.every((m) => m.channel === 'ch' && m.runId === 1)).toBe(true);
    expect(msgs[0]).toMatchObject({ stream: 'log', text: 'hi 1.5' });
    expect(msgs[2]).toMatchObject({ ok: false, details: { text: 'details' } });
    expect(msgs[3]).toMatchObject({ ok: false, details: { maxAbsError: expect.closeTo(0.1, 6) } });
  });

  it("shows checkGradient's report as a check", async () => {
    const [msgs] = await run(['const x = randn([3], { requiresGrad: true });\ncheckGradient((a) => a.mul(a).sum(), [x]);']);
    expect(msgs.find((m) => m.type === 'check')).toMatchObject({ label: 'checkGradient', ok: true });
  });

  it('reports syntax and runtime errors with the cell line', async () => {
    const [[syntax], [runtime]] = await run(['const a = 1;\nconst b = ;', "const t = tensor([[1, 2]]);\n\nt.matmul(tensor([[1, 2]]))"]);
    expect(syntax).toMatchObject({ type: 'error', kind: 'syntax', line: 2, cellId: 'c0' });
    expect(runtime).toMatchObject({ type: 'error', kind: 'runtime', line: 3, cellId: 'c1' });
    expect((runtime as { message: string }).message).toMatch(/matmul/);
  });

  it('sends plots as data, with the same figure id on every update', async () => {
    const [msgs] = await run(["for (let i = 0; i < 3; i++) plot.figure({ id: 'loss', marks: [plot.line([{ e: i, l: 1 / (i + 1) }], { x: 'e', y: 'l' })] });"]);
    const plots = msgs.filter((m) => m.type === 'plot');
    expect(plots.length).toBeGreaterThanOrEqual(1);
    expect(plots.every((p) => p.type === 'plot' && p.figureId === 'loss')).toBe(true);
    expect(plots.at(-1)).toMatchObject({ spec: { marks: [{ mark: 'line', data: [{ e: 2 }] }] } });
  });

  it('gives controls their default, or the value the page sends, and describes them', async () => {
    const out: FromWorker[] = [];
    const session = new CellSession(engine as unknown as Engine, 'ch', (m) => out.push(m));
    const code = "const lr = control.range('lr', { min: 0.001, max: 2, value: 0.1, scale: 'log' });\n"
      + "const n = control.select('n', { options: [20, 50], value: 50 });\n[lr, n]";
    await session.handle({ type: 'run', channel: 'ch', runId: 1, cellId: 'c', code });
    expect(out.find((m) => m.type === 'value')).toMatchObject({ repr: '[0.1, 50]' });
    expect(out.find((m) => m.type === 'control')).toMatchObject({ spec: { kind: 'range', id: 'lr', scale: 'log', value: 0.1 } });
    out.length = 0;
    await session.handle({ type: 'run', channel: 'ch', runId: 2, cellId: 'c', code, controls: { lr: 5, n: '20' } });
    expect(out.find((m) => m.type === 'value')).toMatchObject({ repr: '[2, 20]' });
  });

  it('sends a traced graph as data for the step-through viewer', async () => {
    const [msgs] = await run(["const w = tensor([[0.5], [-1]], { requiresGrad: true });\n"
      + "const loss = tensor([[1, 2]]).matmul(w).sum();\nloss.backward();\ntrace(loss, { title: 't' });"]);
    const t = msgs.find((m) => m.type === 'trace');
    expect(t).toMatchObject({ tape: { title: 't' } });
    const nodes = (t as { tape: { nodes: { op: string; grad: unknown }[] } }).tape.nodes;
    expect(nodes.map((n) => n.op)).toContain('matmul');
    expect(nodes.find((n) => n.op === 'leaf')?.grad).toEqual([['1'], ['2']]);
    expect(() => structuredClone(t)).not.toThrow();
  });

  it('draws text inputs and toggles; a toggle reads a setControl sent while its cell runs', async () => {
    const out: FromWorker[] = [];
    const session = new CellSession(engine as unknown as Engine, 'ch', (m) => out.push(m));
    const text = "control.text('heads', { label: 'heads', value: 'abcd', maxLength: 4 })";
    await session.handle({ type: 'run', channel: 'ch', runId: 1, cellId: 't', code: text });
    expect(out.find((m) => m.type === 'control')).toMatchObject({ spec: { kind: 'text', id: 'heads', maxLength: 4, value: 'abcd' } });
    expect(out.find((m) => m.type === 'value')).toMatchObject({ repr: 'abcd' });
    out.length = 0;
    await session.handle({ type: 'run', channel: 'ch', runId: 2, cellId: 't', code: text, controls: { heads: '春夏秋冬天' } });
    expect(out.find((m) => m.type === 'value')).toMatchObject({ repr: '春夏秋冬' });

    // a loop that runs while the toggle is on, yielding between steps
    const loop = "const run = control.toggle('go', { label: 'Go', onLabel: 'Stop' });\n"
      + 'let n = 0;\nwhile (run.on && n < 10_000) { n++; await yieldToPage(); }\nn';
    out.length = 0;
    await session.handle({ type: 'run', channel: 'ch', runId: 3, cellId: 'l', code: loop });
    expect(out.find((m) => m.type === 'value')).toMatchObject({ repr: '0' }); // off by default: no loop
    out.length = 0;
    const running = session.handle({ type: 'run', channel: 'ch', runId: 4, cellId: 'l', code: loop, controls: { go: true } });
    await new Promise((r) => setTimeout(r, 30));
    // for another run, a malformed one, or another channel: ignored
    void session.handle({ type: 'setControl', channel: 'ch', runId: 3, id: 'go', value: false });
    void session.handle({ type: 'setControl', channel: 'other', runId: 4, id: 'go', value: false });
    void session.handle({ type: 'setControl', channel: 'ch', runId: 4, id: '__proto__', value: false } as never);
    await new Promise((r) => setTimeout(r, 30));
    void session.handle({ type: 'setControl', channel: 'ch', runId: 4, id: 'go', value: false });
    await running;
    const n = Number((out.find((m) => m.type === 'value') as { repr: string }).repr);
    expect(n).toBeGreaterThan(2);
    expect(n).toBeLessThan(10_000);
    expect(out.find((m) => m.type === 'control')).toMatchObject({ spec: { kind: 'toggle', id: 'go', label: 'Go', onLabel: 'Stop', value: true } });
  });

  it('throttles a progress bar and always sends its last value', async () => {
    const [msgs] = await run(["const bar = progress('p', { total: 1000, label: 'step' });\nfor (let i = 1; i <= 1000; i++) bar.update(i);"]);
    const bars = msgs.filter((m) => m.type === 'progress');
    expect(bars.length).toBeLessThan(20);
    expect(bars.at(-1)).toMatchObject({ id: 'p', label: 'step', value: 1000, total: 1000 });
    expect(msgs.at(-1)?.type).toBe('done');
  });

  it("loads a public/ file with asset(), and refuses paths outside it", async () => {
    const out: FromWorker[] = [];
    const files: Record<string, string> = { '/data/x.txt': 'hello' };
    const host = { name: 'node' as const, loadAsset: async (p: string) => new TextEncoder().encode(files[p]) };
    const session = new CellSession(engine as unknown as Engine, 'ch', (m) => out.push(m), host);
    await session.handle({ type: 'run', channel: 'ch', runId: 1, cellId: 'a', code: "[(await asset('/data/x.txt')).length, await asset.text('/data/x.txt'), await (await asset.fetch('/data/x.txt')).text(), host]" });
    expect(out.find((m) => m.type === 'value')).toMatchObject({ repr: '[5, "hello", "hello", "node"]' });
    for (const bad of ['data/x.txt', '/../secret', '/a/../../b', 'https://evil/x', '/a?b=1', '//evil/x']) {
      out.length = 0;
      await session.handle({ type: 'run', channel: 'ch', runId: 2, cellId: 'a', code: `await asset(${JSON.stringify(bad)})` });
      expect(out.find((m) => m.type === 'error'), bad).toMatchObject({ message: expect.stringMatching(/asset/) });
    }
  });
});
