// "Compare with float64": the session replays a page's cells on a backend and on cpu64 and reports,
// per value the last cell produced, how far they differ — on every backend Node has.
import { describe, expect, it } from 'vitest';
import * as engine from '../../kernels/index.ts';
import { CellSession, type Engine } from '../../src/cells/session.ts';
import type { DriftMessage, FromWorker } from '../../src/cells/protocol.ts';
import { parseFromWorker } from '../../src/cells/validate.ts';
import { compareRuns } from '../../src/cells/drift.ts';
import { BACKENDS } from '../engine/helpers.ts';

async function drift(backend: string, cells: string[]): Promise<DriftMessage> {
  const out: FromWorker[] = [];
  const session = new CellSession(engine as unknown as Engine, 'ch', (m) => out.push(m));
  engine.setBackend('auto');
  await session.handle({ type: 'drift', channel: 'ch', runId: 1, backend, cells: cells.map((code, i) => ({ id: `c${i}`, code })) });
  expect(out).toHaveLength(1);
  // the page accepts the answer as it is (validate.ts)
  const message = parseFromWorker(out[0], 'ch');
  expect(message?.type).toBe('drift');
  // the replays leave the reader's backend selected
  expect(engine.getBackend()).toBe('auto');
  return message as DriftMessage;
}
const row = (m: DriftMessage, name: string) => m.rows.find((r) => r.name === name);

const CANCELLATION = [
  'const big = 1e4;',
  [
    "const a = tensor([big + 0.01, big + 0.02]);",
    'const d = a.sub(big);            // 0.01 and 0.02 survive only in float64',
    'const huge = tensor([1e20]).mul(1e20);  // 1e40: past float32 range',
    'const same = tensor([0.5, 0.25]).mul(2);',
    "console.log('sum', a.sum().item());",
    "check('d[0] ≈ 0.01', Math.abs(d.dataSync()[0] - 0.01) < 1e-3, d.dataSync()[0]);",
    'd',
  ].join('\n'),
];

describe('compare with float64', () => {
  for (const backend of [...BACKENDS.filter((b) => b !== 'cpu64'), 'auto']) {
    it(`names the lost digits, the overflow and the exact values on ${backend}`, async () => {
      const m = await drift(backend, CANCELLATION);
      expect(m).toMatchObject({ backend, reference: 'cpu64' });
      expect(m.error).toBeUndefined();
      // only what the compared (last) cell produced, not `big` from the cell above
      expect(row(m, 'big')).toBeUndefined();
      // 1e4 + 0.01 in float32 is 10000.009765625: the difference keeps two digits
      expect(row(m, 'd')).toMatchObject({ shape: [2], note: 'large' });
      expect(row(m, 'd')!.relative!).toBeGreaterThan(1e-3);
      expect(row(m, 'value')).toMatchObject({ note: 'large' });
      expect(row(m, 'huge')).toMatchObject({ note: 'overflow', reference: 1e40, value: Infinity });
      expect(row(m, 'same')).toMatchObject({ note: 'equal', maxAbs: 0, relative: 0 });
      expect(row(m, 'log #1 "sum"')!.note).toMatch(/rounding|accumulated|large/);
      expect(row(m, 'check #1 "d[0] ≈ 0.01"')).toMatchObject({ shape: [], note: 'large' });
    });
  }

  it('on cpu64 compares float32 (cpu) against it', async () => {
    const m = await drift('cpu64', CANCELLATION);
    expect(m).toMatchObject({ backend: 'cpu', reference: 'cpu64' });
    expect(row(m, 'd')!.note).toBe('large');
  });

  it('replays from the same seed on both backends, so random draws line up', async () => {
    const m = await drift('cpu', ['const w = randn([50, 50]);', 'const y = w.matmul(w);']);
    expect(row(m, 'y')!.note).toMatch(/rounding|accumulated/);
    expect(row(m, 'y')!.relative!).toBeLessThan(1e-5);
  });

  it('says which cell failed on which backend', async () => {
    const m = await drift('cpu', ['const a = 1;', 'missing.call();']);
    expect(m.rows).toEqual([]);
    expect(m.error).toMatch(/cell c1 failed on cpu: .*missing/);
  });

  it('marks values present or shaped differently as a mismatch', () => {
    const run = (shape: number[], data: number[]) => new Map([['x', { shape, data: Float64Array.from(data) }]]);
    expect(compareRuns(run([2], [1, 2]), run([1, 2], [1, 2]))[0].note).toBe('mismatch');
    expect(compareRuns(new Map(), run([1], [1]))[0].note).toBe('mismatch');
    expect(compareRuns(run([1], [NaN]), run([1], [3]))[0]).toMatchObject({ note: 'nan', reference: 3 });
  });

  it('the page refuses a forged drift answer field by field', () => {
    const good = { type: 'drift', channel: 'ch', runId: 1, backend: 'cpu', reference: 'cpu64', rows: [{ name: 'x', shape: [1], maxAbs: 0, relative: 0, note: 'equal', reference: 1, value: 1 }] };
    expect(parseFromWorker(good, 'ch')).toBeDefined();
    expect(parseFromWorker({ ...good, rows: [{ ...good.rows[0], note: '<img src=x onerror=alert(1)>' }] }, 'ch')).toBeUndefined();
    expect(parseFromWorker({ ...good, rows: Array.from({ length: 201 }, () => good.rows[0]) }, 'ch')).toBeUndefined();
    expect(parseFromWorker({ ...good, rows: [{ ...good.rows[0], name: 'x'.repeat(2000) }] }, 'ch')).toBeUndefined();
  });
});
