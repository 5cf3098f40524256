// @vitest-environment jsdom
// The notebook's quiet runs (src/cells/notebook.ts): a cell above that still shows its build-time
// output runs without redrawing it when a cell below needs it, and shows its run if that fails.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Notebook, type NotebookCell } from '../../src/cells/notebook.ts';
import type { FromWorker, ToWorker } from '../../src/cells/protocol.ts';

/** A worker message without its envelope (distributed over the union, so each kind keeps its fields). */
type Body = FromWorker extends infer M ? (M extends FromWorker ? Omit<M, 'channel' | 'runId'> : never) : never;

/** The cell worker, answering each run with the outputs the test gave for that cell. */
class FakeWorker {
  static answers = new Map<string, Body[]>();
  static runs: string[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: unknown = null;
  postMessage(message: ToWorker): void {
    if (message.type !== 'run') return;
    FakeWorker.runs.push(message.cellId);
    const { channel, runId } = message;
    const outputs: Body[] = [...(FakeWorker.answers.get(message.cellId) ?? []), { type: 'done', ms: 1, backend: 'cpu' }];
    queueMicrotask(() => { for (const m of outputs) this.onmessage?.({ data: { ...m, channel, runId } }); });
  }
  terminate(): void {}
}

/** A cell that records what it was shown; `built`: it shows its build-time output. */
function fakeCell(id: string, built = false) {
  const shown: string[] = [];
  let isBuilt = built;
  const cell = Object.assign(document.createElement('div'), {
    cellId: id, timeoutS: 20, onDemand: false, shown,
    code: () => id,
    controls: () => ({}),
    begin: (_runId: number, quiet?: boolean) => {
      if (quiet) return;
      isBuilt = false;
      shown.length = 0;
    },
    receive: (m: FromWorker) => { shown.push(m.type === 'stdout' ? m.text : m.type); },
    malformed: () => {},
    abort: () => {},
    setRunning: () => {},
    setBackends: () => {},
    showsBuiltOutput: () => isBuilt,
  });
  document.body.append(cell);
  return cell as typeof cell & NotebookCell;
}

beforeEach(() => {
  vi.stubGlobal('Worker', FakeWorker);
  FakeWorker.answers.clear();
  FakeWorker.runs = [];
  document.body.replaceChildren();
});
afterEach(() => vi.unstubAllGlobals());

describe('quiet runs of cells showing built output', () => {
  it('a cell below runs the built cell first without redrawing it; Run on the built cell itself redraws it', async () => {
    const notebook = new Notebook();
    const data = fakeCell('data', true);
    const next = fakeCell('next');
    for (const c of [data, next]) notebook.add(c);
    FakeWorker.answers.set('data', [{ type: 'stdout', stream: 'log', text: 'the data' }]);
    FakeWorker.answers.set('next', [{ type: 'stdout', stream: 'log', text: 'the next' }]);
    await notebook.run(next);
    expect(FakeWorker.runs).toEqual(['data', 'next']);
    expect(data.shown).toEqual(['done']); // its done only: the built output stays
    expect(next.shown).toEqual(['the next', 'done']);
    await notebook.run(data);
    expect(data.shown).toEqual(['the data', 'done']);
  });

  it('Run all shows every cell', async () => {
    const notebook = new Notebook();
    const data = fakeCell('data', true);
    notebook.add(data);
    notebook.add(fakeCell('next'));
    FakeWorker.answers.set('data', [{ type: 'stdout', stream: 'log', text: 'the data' }]);
    await notebook.runAll();
    expect(data.shown).toEqual(['the data', 'done']);
  });

  it('a quiet run that fails a check or throws shows everything it output', async () => {
    for (const failure of [
      { type: 'check', label: 'still right', ok: false },
      { type: 'error', kind: 'runtime', message: 'boom' },
    ] as const) {
      const notebook = new Notebook();
      const data = fakeCell('data', true);
      const next = fakeCell('next');
      for (const c of [data, next]) notebook.add(c);
      FakeWorker.answers.set('data', [{ type: 'stdout', stream: 'log', text: 'before' }, failure, { type: 'stdout', stream: 'log', text: 'after' }]);
      await notebook.run(next);
      expect(data.shown).toEqual(['before', failure.type, 'after', 'done']);
      expect(data.showsBuiltOutput()).toBe(false);
    }
  });
});
