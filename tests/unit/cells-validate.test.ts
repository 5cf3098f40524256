import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as engine from '../../kernels/index.ts';
import { CellSession, type Engine } from '../../src/cells/session.ts';
import type { FromWorker } from '../../src/cells/protocol.ts';
import { explainMalformed, parseFromWorker } from '../../src/cells/validate.ts';
import { MAX_LABEL, MAX_TEXT, PLOT_ROWS, TRACE_NODES, TRACE_TEX, WORKER_OUTPUTS, WORKER_STDOUT } from '../../src/cells/limits.ts';

const CH = 'ch';

/** Every message a session posts while running `cells` (after a reset, so `ready` is among them). */
async function sessionMessages(cells: string[]): Promise<FromWorker[]> {
  const out: FromWorker[] = [];
  const session = new CellSession(engine as unknown as Engine, CH, (m) => out.push(m));
  await session.handle({ type: 'reset', channel: CH, runId: 0 });
  for (const [i, code] of cells.entries()) await session.handle({ type: 'run', channel: CH, runId: i + 1, cellId: `c${i}`, code });
  return out;
}

const CELLS = [
  "console.log('hi', 1.5);\nconsole.warn('careful');\nconsole.error('bad');\n'a value'",
  'tensor([[1, 2], [3, 4]])',
  'zeros([2, 3, 4])',
  'tensor([1, NaN, 3])',
  "check('ok', true, 'details');\nassertClose([1, 2], [1, 2.5]);\ncheckGradient((a) => a.mul(a).sum(), [randn([3], { requiresGrad: true })]);",
  'const a = (;',
  'undefinedThing.x',
  "control.range('lr', { min: 0.001, max: 1, value: 0.1, scale: 'log' });\ncontrol.select('act', { options: ['relu', 'tanh', 2], value: 'relu' });",
  "control.text('heads', { label: '藏头', value: '春夏秋冬', maxLength: 4 });\ncontrol.toggle('train', { label: 'Train', onLabel: 'Stop' });",
  "const bar = progress('p', { total: 10, label: 'step' });\nfor (let i = 1; i <= 10; i++) { bar.update(i); await yieldToPage(); }",
  "plot.figure({ id: 'f', marks: [plot.line([{ x: 1, y: 2 }, { x: 2, y: NaN }], { x: 'x', y: 'y', stroke: 'red' })], y: { type: 'log', label: 'L' }, color: { legend: true } });\nplot.dot([1, 2, 3])",
  [
    "const grid = surface((a, b) => a * a + 10 * b * b, { x: [-2, 2], y: [-1, 1], n: 12 });",
    "const { width, height, x1, x2, y1, y2 } = grid;",
    "plot.figure({ id: 'surface', marks: [",
    "  plot.contour(grid.values, { width, height, x1, x2, y1, y2, stroke: 'value', thresholds: 8, blur: 1, smooth: true }),",
    "  plot.contour(grid.values, { width, height, x1, x2, y1, y2, fill: 'value', thresholds: [1, 2, 4], fillOpacity: 0.3 }),",
    "  plot.line([{ x: -2, y: 1 }, { x: 0, y: 0 }], { x: 'x', y: 'y' }),",
    "] });",
  ].join('\n'),
  [
    "setBackend('cpu64');",
    "const X = randn([4, 2]).label('X');",
    "const w = randn([2, 1], { requiresGrad: true }).label('w');",
    "const z = X.matmul(w).label('z');",
    "const L = z.sigmoid().mean().label('L');",
    "trace(L, { title: 'tiny', equations: [{ label: 'z', tex: 'z = Xw' }, { label: 'L', tex: 'L = \\\\frac{1}{n}\\\\sum \\\\sigma(z)' }] });",
    "setBackend('auto');",
  ].join('\n'),
  'for (let i = 0; i < 5000; i++) console.log(i);',
  `for (let i = 0; i < ${WORKER_OUTPUTS + 20}; i++) check('c' + i, true);`,
];

describe('parseFromWorker on what a session sends', async () => {
  const messages = await sessionMessages(CELLS);
  const types = new Set(messages.map((m) => m.type));

  it('covers every message type', () => {
    expect([...types].sort()).toEqual(['check', 'control', 'done', 'error', 'omitted', 'plot', 'progress', 'ready', 'stdout', 'tensor', 'trace', 'value']);
  });

  it('accepts every message the session produced, unchanged', () => {
    for (const m of messages) {
      expect(explainMalformed(m, CH)).toBeUndefined();
      expect(parseFromWorker(m, CH)).toEqual(m);
    }
  });

  it('accepts them after a structured clone (what the page receives)', () => {
    for (const m of messages) expect(parseFromWorker(structuredClone(m), CH)).toEqual(m);
  });

  it('keeps only protocol fields', () => {
    const parsed = parseFromWorker({ type: 'value', repr: 'x', channel: CH, runId: 1, extra: '<img>' }, CH);
    expect(parsed).toEqual({ type: 'value', repr: 'x', channel: CH, runId: 1 });
    expect(parsed).not.toHaveProperty('extra');
  });

  it('refuses a message for another channel', () => {
    expect(parseFromWorker({ ...messages[0], channel: 'other' }, CH)).toBeUndefined();
  });

  it('caps a run of 5000 console lines: the head, an omitted count, the tail', async () => {
    const run = (await sessionMessages(['for (let i = 0; i < 5000; i++) console.log(i);'])).filter((m) => m.type !== 'ready');
    const lines = run.filter((m) => m.type === 'stdout').flatMap((m) => (m as { text: string }).text.split('\n'));
    expect(lines).toHaveLength(WORKER_STDOUT.headLines + WORKER_STDOUT.tailLines);
    expect(lines.slice(0, 2)).toEqual(['0', '1']);
    expect(lines.at(-1)).toBe('4999');
    expect(run.find((m) => m.type === 'omitted')).toMatchObject({ lines: 5000 - WORKER_STDOUT.headLines - WORKER_STDOUT.tailLines, outputs: 0 });
    expect(run.at(-1)?.type).toBe('done');
  });

  it('caps other outputs per run and says how many were left out', async () => {
    const run = await sessionMessages([`for (let i = 0; i < ${WORKER_OUTPUTS + 20}; i++) check('c' + i, true);`]);
    expect(run.filter((m) => m.type === 'check')).toHaveLength(WORKER_OUTPUTS);
    expect(run.find((m) => m.type === 'omitted')).toMatchObject({ lines: 0, outputs: 20 });
  });

  it('cuts a huge console line or error message to what the page accepts', async () => {
    const run = await sessionMessages([`console.log('x'.repeat(${MAX_TEXT * 2}));\nthrow new Error('y'.repeat(${MAX_TEXT * 2}));`]);
    for (const m of run) expect(explainMalformed(m, CH)).toBeUndefined();
    expect(run.find((m) => m.type === 'error')).toMatchObject({ kind: 'runtime' });
  });

  it('throws at the call when a cell draws a plot the page would refuse', async () => {
    const run = await sessionMessages([
      `plot.figure({ marks: [plot.dot(Array.from({ length: ${PLOT_ROWS + 1} }, (_, i) => i))] })`,
      "plot.figure({ marks: [plot.text([1], { href: 'javascript:alert(1)' })] })",
    ]);
    const errors = run.filter((m) => m.type === 'error').map((m) => (m as { message: string }).message);
    expect(errors[0]).toMatch(/plot: .*rows \(max/);
    expect(errors[1]).toMatch(/option href is not allowed/);
  });

  it('throws at the call when a contour is malformed', async () => {
    const run = await sessionMessages([
      'plot.contour([1, 2, 3, 4], { width: 2, height: 3 }).plot()',
      'plot.contour([1, 2, 3, 4], { width: 2, height: 2, thresholds: 1e6 }).plot()',
      "plot.line([1, 2], { width: 2 }).plot()",
    ]);
    const errors = run.filter((m) => m.type === 'error').map((m) => (m as { message: string }).message);
    expect(errors[0]).toMatch(/4 values for a 2 × 3 grid/);
    expect(errors[1]).toMatch(/1000000 levels \(max 200\)/);
    expect(errors[2]).toMatch(/option width is not allowed/);
  });

  /** A valid message of each type, to break one field at a time. */
  const sample = (type: FromWorker['type'], where?: (m: FromWorker) => boolean) =>
    structuredClone(messages.find((m) => m.type === type && (where?.(m) ?? true))!) as unknown as Record<string, any>;
  const long = (n: number) => 'x'.repeat(n + 1);
  /** The figure with two contours (stroke, fill) and a path, from the surface cell. */
  const contour = () => sample('plot', (m) => m.type === 'plot' && m.spec.marks[0]?.mark === 'contour');

  const BROKEN: [string, () => unknown][] = [
    ['null', () => null],
    ['a string', () => '<img src=x onerror=alert(1)>'],
    ['an array', () => [sample('value')]],
    ['no channel', () => ({ ...sample('value'), channel: undefined })],
    ['runId as a string', () => ({ ...sample('value'), runId: '1' })],
    ['negative runId', () => ({ ...sample('value'), runId: -1 })],
    ['fractional runId', () => ({ ...sample('value'), runId: 1.5 })],
    ['unknown type', () => ({ ...sample('value'), type: 'html' })],
    ['a prototype name as type', () => ({ ...sample('value'), type: 'constructor' })],
    ['stdout with an unknown stream', () => ({ ...sample('stdout'), stream: 'info' })],
    ['stdout text as a number', () => ({ ...sample('stdout'), text: 5 })],
    ['stdout text too long', () => ({ ...sample('stdout'), text: long(MAX_TEXT) })],
    ['value without repr', () => ({ ...sample('value'), repr: undefined })],
    ['value repr as an object', () => ({ ...sample('value'), repr: { toString: 'x' } })],
    ['tensor shape negative', () => ({ ...sample('tensor'), shape: [-1] })],
    ['tensor shape too long', () => ({ ...sample('tensor'), shape: Array(33).fill(1) })],
    ['tensor dtype too long', () => ({ ...sample('tensor'), dtype: long(64) })],
    ['tensor data with numbers', () => ({ ...sample('tensor', (m) => m.type === 'tensor' && m.data !== null), data: [[1, 2]] })],
    ['tensor data too many rows', () => ({ ...sample('tensor'), data: Array(17).fill(['1']) })],
    ['tensor summarised as a string', () => ({ ...sample('tensor'), summarised: 'yes' })],
    ['tensor nanCount fractional', () => ({ ...sample('tensor'), nanCount: 0.5 })],
    ['plot without marks', () => ({ ...sample('plot'), spec: { grid: true } })],
    ['plot with an unknown mark', () => { const m = sample('plot'); m.spec.marks[0].mark = 'image'; return m; }],
    ['plot with too many marks', () => { const m = sample('plot'); m.spec.marks = Array(65).fill(m.spec.marks[0]); return m; }],
    ['plot mark option href', () => { const m = sample('plot'); m.spec.marks[0].options.href = 'javascript:alert(1)'; return m; }],
    ['plot mark option className', () => { const m = sample('plot'); m.spec.marks[0].options.className = 'pwned'; return m; }],
    ['plot figure option document', () => { const m = sample('plot'); m.spec.document = {}; return m; }],
    ['plot figure option style', () => { const m = sample('plot'); m.spec.style = 'position:fixed'; return m; }],
    ['plot style nested in a scale', () => { const m = sample('plot'); m.spec.y = { style: 'background:url(x)' }; return m; }],
    ['plot data with a function', () => { const m = sample('plot'); m.spec.marks[0].data = [() => 1]; return m; }],
    ['plot data with a Map', () => { const m = sample('plot'); m.spec.marks[0].data = [new Map()]; return m; }],
    ['plot data too long', () => { const m = sample('plot'); m.spec.marks[0].data = new Array(PLOT_ROWS + 1).fill(0); return m; }],
    ['plot data nested too deep', () => { const m = sample('plot'); let d: unknown = 1; for (let i = 0; i < 10; i++) d = [d]; m.spec.marks[0].data = [d]; return m; }],
    ['plot data string too long', () => { const m = sample('plot'); m.spec.marks[0].data = [{ x: long(MAX_LABEL) }]; return m; }],
    ['plot figureId as a number', () => ({ ...sample('plot'), figureId: 7 })],
    ['contour without width', () => { const m = contour(); delete m.spec.marks[0].options.width; return m; }],
    ['contour width fractional', () => { const m = contour(); m.spec.marks[0].options.width = 11.5; return m; }],
    ['contour height 1', () => { const m = contour(); m.spec.marks[0].options.height = 1; m.spec.marks[0].data = m.spec.marks[0].data.slice(0, 12); return m; }],
    ['contour grid size not its data length', () => { const m = contour(); m.spec.marks[0].options.height = 11; return m; }],
    ['contour without data', () => { const m = contour(); m.spec.marks[0].data = null; return m; }],
    ['contour value as a function name object', () => { const m = contour(); m.spec.marks[0].options.value = { transform: 'x' }; return m; }],
    ['contour bound Infinity', () => { const m = contour(); m.spec.marks[0].options.x2 = Infinity; return m; }],
    ['contour bound as a field name', () => { const m = contour(); m.spec.marks[0].options.y1 = 'y'; return m; }],
    ['contour x1 = x2', () => { const m = contour(); m.spec.marks[0].options.x2 = m.spec.marks[0].options.x1; return m; }],
    ['contour a million levels', () => { const m = contour(); m.spec.marks[0].options.thresholds = 1e6; return m; }],
    ['contour 0 levels', () => { const m = contour(); m.spec.marks[0].options.thresholds = 0; return m; }],
    ['contour level list too long', () => { const m = contour(); m.spec.marks[0].options.thresholds = Array.from({ length: 201 }, (_, i) => i); return m; }],
    ['contour level NaN', () => { const m = contour(); m.spec.marks[0].options.thresholds = [1, NaN]; return m; }],
    ['contour levels by an unbounded rule', () => { const m = contour(); m.spec.marks[0].options.thresholds = 'scott'; return m; }],
    ['contour interval', () => { const m = contour(); m.spec.marks[0].options.interval = 1e-12; return m; }],
    ['contour blur 1000', () => { const m = contour(); m.spec.marks[0].options.blur = 1000; return m; }],
    ['contour smooth as a string', () => { const m = contour(); m.spec.marks[0].options.smooth = 'yes'; return m; }],
    ['contour option on a line mark', () => { const m = contour(); m.spec.marks[2].options.thresholds = 8; return m; }],
    ['trace with too many nodes', () => { const m = sample('trace'); m.tape.nodes = Array(TRACE_NODES + 1).fill(m.tape.nodes[0]); return m; }],
    ['trace step naming a missing node', () => { const m = sample('trace'); m.tape.steps[0].nodeIds = [-12345]; return m; }],
    ['trace step with no nodes', () => { const m = sample('trace'); m.tape.steps[0].nodeIds = []; return m; }],
    ['trace step with an unknown phase', () => { const m = sample('trace'); m.tape.steps[0].phase = 'sideways'; return m; }],
    ['trace equation tex too long', () => { const m = sample('trace'); m.tape.equations[0].tex = long(TRACE_TEX); return m; }],
    ['trace equation as html', () => { const m = sample('trace'); m.tape.equations[0] = { label: 'z', html: '<img>' }; return m; }],
    ['trace preview too big', () => { const m = sample('trace'); m.tape.nodes[0].value = Array(17).fill(['1']); return m; }],
    ['trace node shape negative', () => { const m = sample('trace'); m.tape.nodes[0].shape = [-2]; return m; }],
    ['trace title as a number', () => { const m = sample('trace'); m.tape.title = 1; return m; }],
    ['check ok as a string', () => ({ ...sample('check'), ok: 'true' })],
    ['check label too long', () => ({ ...sample('check'), label: long(MAX_LABEL) })],
    ['check worst where as a number', () => { const m = sample('check', (c) => c.type === 'check' && !!c.details?.worst?.length); m.details.worst[0].where = 1; return m; }],
    ['check worst too many', () => { const m = sample('check', (c) => c.type === 'check' && !!c.details?.worst?.length); m.details.worst = Array(65).fill(m.details.worst[0]); return m; }],
    ['check details text as an object', () => ({ ...sample('check'), details: { text: {} } })],
    ['error with an unknown kind', () => ({ ...sample('error'), kind: 'fatal' })],
    ['error without a message', () => ({ ...sample('error'), message: undefined })],
    ['error line negative', () => ({ ...sample('error'), line: -1 })],
    ['error cellId as a number', () => ({ ...sample('error'), cellId: 5 })],
    ['done ms NaN', () => ({ ...sample('done'), ms: NaN })],
    ['done ms negative', () => ({ ...sample('done'), ms: -1 })],
    ['done backend too long', () => ({ ...sample('done'), backend: long(64) })],
    ['done kernelCompiles fractional', () => ({ ...sample('done'), kernelCompiles: 0.5 })],
    ['ready backends as a string', () => ({ ...sample('ready'), backends: 'cpu' })],
    ['ready with too many backends', () => ({ ...sample('ready'), backends: Array(17).fill('cpu') })],
    ['control with min = max', () => ({ ...sample('control'), spec: { kind: 'range', id: 'a', label: 'a', min: 1, max: 1, scale: 'linear', value: 1 } })],
    ['control log scale from 0', () => ({ ...sample('control'), spec: { kind: 'range', id: 'a', label: 'a', min: 0, max: 1, scale: 'log', value: 0.5 } })],
    ['control value outside', () => ({ ...sample('control'), spec: { kind: 'range', id: 'a', label: 'a', min: 0, max: 1, scale: 'linear', value: 2 } })],
    ['control step 0', () => ({ ...sample('control'), spec: { kind: 'range', id: 'a', label: 'a', min: 0, max: 1, step: 0, scale: 'linear', value: 0 } })],
    ['control min Infinity', () => ({ ...sample('control'), spec: { kind: 'range', id: 'a', label: 'a', min: -Infinity, max: 1, scale: 'linear', value: 0 } })],
    ['select value not an option', () => ({ ...sample('control'), spec: { kind: 'select', id: 'a', label: 'a', options: ['x'], value: 'y' } })],
    ['select with too many options', () => ({ ...sample('control'), spec: { kind: 'select', id: 'a', label: 'a', options: Array.from({ length: 201 }, (_, i) => i), value: 0 } })],
    ['select option NaN', () => ({ ...sample('control'), spec: { kind: 'select', id: 'a', label: 'a', options: [NaN], value: NaN } })],
    ['control id __proto__', () => { const m = sample('control'); m.spec.id = '__proto__'; return m; }],
    ['control of an unknown kind', () => { const m = sample('control'); m.spec.kind = 'checkbox'; return m; }],
    ['text control longer than its maxLength', () => ({ ...sample('control'), spec: { kind: 'text', id: 'a', label: 'a', maxLength: 2, value: 'abc' } })],
    ['text control maxLength over the cap', () => ({ ...sample('control'), spec: { kind: 'text', id: 'a', label: 'a', maxLength: MAX_LABEL + 1, value: '' } })],
    ['text control maxLength 0', () => ({ ...sample('control'), spec: { kind: 'text', id: 'a', label: 'a', maxLength: 0, value: '' } })],
    ['text control value as a number', () => ({ ...sample('control'), spec: { kind: 'text', id: 'a', label: 'a', maxLength: 4, value: 4 } })],
    ['text control placeholder too long', () => ({ ...sample('control'), spec: { kind: 'text', id: 'a', label: 'a', maxLength: 4, value: '', placeholder: long(MAX_LABEL) } })],
    ['toggle value as a string', () => ({ ...sample('control'), spec: { kind: 'toggle', id: 'a', label: 'a', onLabel: 'b', value: 'true' } })],
    ['toggle without onLabel', () => ({ ...sample('control'), spec: { kind: 'toggle', id: 'a', label: 'a', value: true } })],
    ['toggle onLabel too long', () => ({ ...sample('control'), spec: { kind: 'toggle', id: 'a', label: 'a', onLabel: long(MAX_LABEL), value: false } })],
    ['progress total 0', () => ({ ...sample('progress'), total: 0, value: 0 })],
    ['progress value over total', () => ({ ...sample('progress'), value: 11, total: 10 })],
    ['progress value negative', () => ({ ...sample('progress'), value: -1 })],
    ['progress value NaN', () => ({ ...sample('progress'), value: NaN })],
    ['progress rate negative', () => ({ ...sample('progress'), rate: -1 })],
    ['progress rate Infinity', () => ({ ...sample('progress'), rate: Infinity })],
    ['progress remaining as a string', () => ({ ...sample('progress'), remaining: '1:00' })],
    ['progress id as a number', () => ({ ...sample('progress'), id: 1 })],
    ['progress label too long', () => ({ ...sample('progress'), label: long(MAX_LABEL) })],
    ['omitted lines negative', () => ({ ...sample('omitted'), lines: -1 })],
    ['omitted outputs as a string', () => ({ ...sample('omitted'), outputs: '2' })],
  ];

  for (const [name, make] of BROKEN) {
    it(`refuses ${name}`, () => {
      expect(parseFromWorker(make(), CH)).toBeUndefined();
      expect(explainMalformed(make(), CH)).toBeTypeOf('string');
    });
  }

  it('never throws, whatever arrives', () => {
    fc.assert(fc.property(fc.anything(), fc.constantFrom(...types), (junk, type) => {
      parseFromWorker(junk, CH);
      parseFromWorker({ ...(typeof junk === 'object' && junk ? junk : {}), channel: CH, runId: 1, type }, CH);
    }), { numRuns: 300 });
  });
});
