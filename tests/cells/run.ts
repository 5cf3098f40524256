// The cell runner: every cell of every chapter, in both languages, run in page order on the
// engine in Node, exactly as the site runs them (same extraction, transpiler and scope code).
// Fails (exit 1) on a thrown error, a failed check or a cell past its time limit; a cell marked
// `erratum` (it reproduces a source document's mistake) must instead have a failing check. An
// exercise's check cells run after its unmodified starter and must fail (a check that cannot fail
// checks nothing), then after its solution and must pass; one pass over the page (pageOrder).
//
//   node tests/cells/run.ts              all pages
//   node tests/cells/run.ts background   pages whose file name contains "background"
//   node tests/cells/run.ts --verbose    also print every cell's output
//   node tests/cells/run.ts --backend=cpu64 run on another backend (default: the site's, auto)
//   node tests/cells/run.ts --times     also print each page's 8 slowest cells (--times=20: 20 of them)
import { readFileSync, readdirSync } from 'node:fs';
import { collectCells, DEFAULT_TIMEOUT_S, type CellSpec, type MdNode } from '../../src/cells/extract.ts';
import { DEFAULT_BACKEND, type FromWorker } from '../../src/cells/protocol.ts';
import { chapterParser } from '../../src/markdown/chapter-parser.ts';
import { runPage, type CellOutcome, type CellRun } from '../../src/cells/node/run-page.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const timesArg = args.find((a) => a === '--times' || a.startsWith('--times='));
const times = timesArg !== undefined;
/** How many of a page's slowest cells --times prints. */
const SLOWEST_SHOWN = Number(timesArg?.split('=')[1] ?? 8) || 8;
const filter = args.find((a) => !a.startsWith('--'));
const backend = args.find((a) => a.startsWith('--backend='))?.slice('--backend='.length);

/** The page's cells, found by the site's own parser. */
export function pageCells(file: string): CellSpec[] {
  const tree = chapterParser().parse(readFileSync(file, 'utf8'));
  return collectCells(tree as unknown as MdNode, file).map((c) => c.spec);
}

/**
 * The page in one pass, as a reader goes through it: every cell in order, and for each exercise
 * its starter, then its checks (a probe: they must fail on the starter), then its solution, then
 * its checks again (they must pass). One worker per page, so the cells above an exercise run once,
 * not once per exercise (exercises do not depend on each other's cells, as on the page).
 */
function pageOrder(cells: CellSpec[]): CellRun[] {
  const order: CellRun[] = [];
  const has = (c: CellSpec) => order.some((o) => o.cell === c && !o.probe);
  const ofExercise = (exercise: string, role: string) => cells.filter((c) => c.options.exercise === exercise && c.options.role === role);
  for (const cell of cells) {
    const { exercise, role } = cell.options;
    if (has(cell)) continue;
    if (exercise && role === 'starter') {
      order.push({ cell, probe: false });
      for (const check of ofExercise(exercise, 'check')) order.push({ cell: check, probe: true });
      continue;
    }
    if (exercise && role === 'check') {
      for (const solution of ofExercise(exercise, 'solution')) if (!has(solution)) order.push({ cell: solution, probe: false });
    }
    order.push({ cell, probe: false });
  }
  return order;
}

/**
 * Each exercise's checks, probed right after its unmodified starter (pageOrder), must report a
 * failure; returns a problem line for every exercise whose starter passes.
 */
function startersThatPass(cells: CellSpec[], outcomes: CellOutcome[]): string[] {
  const problems: string[] = [];
  const exercises = new Set(cells.map((c) => c.options.exercise).filter((e): e is string => !!e));
  for (const exercise of exercises) {
    const starter = cells.find((c) => c.options.exercise === exercise && c.options.role === 'starter');
    const checks = cells.filter((c) => c.options.exercise === exercise && c.options.role === 'check');
    if (!starter || checks.length === 0) {
      problems.push(`  exercise ${exercise} FAILED: needs a starter and a check cell`);
      continue;
    }
    const probes = outcomes.filter((o) => o.probe && checks.includes(o.cell));
    if (probes.length === 0) continue; // the page stopped before it (reported as its own failure)
    const caught = probes.flatMap((o) => o.messages).some((m) => (m.type === 'check' && !m.ok) || m.type === 'error');
    if (!caught) problems.push(`  exercise ${exercise} FAILED: its checks pass on the unmodified starter`);
  }
  return problems;
}

function describe(m: FromWorker): string {
  switch (m.type) {
    case 'stdout': return `  [${m.stream}] ${m.text}`;
    case 'value': return `  = ${m.repr}`;
    case 'tensor': return `  = ${m.text}`;
    case 'check': return `  ${m.ok ? '✓' : '✗'} ${m.label}${m.details?.text ? ` (${m.details.text})` : ''}${m.details?.maxAbsError !== undefined ? ` max abs err ${m.details.maxAbsError}` : ''}`;
    case 'error': return `  ✗ ${m.kind} error${m.line ? ` at ${m.cellId ?? ''} ${m.line}:${m.column}` : ''}: ${m.message}`;
    case 'plot': return `  [plot ${m.figureId}: ${m.spec.marks.map((k) => k.mark).join(', ')}]`;
    case 'omitted': return `  [… ${m.lines} lines, ${m.outputs} outputs omitted]`;
    default: return '';
  }
}

/** The page's slowest cell runs (a probe is its own run) and the worker's CPU time, for --times. */
function slowestCells(outcomes: CellOutcome[]): string {
  const s = (ms: number | undefined) => (ms === undefined ? '     ?' : (ms / 1000).toFixed(2).padStart(6));
  const cpu = outcomes.reduce((sum, o) => sum + (o.cpuMs ?? 0), 0);
  return [`  slowest cells: wall s, worker CPU s (all cells: ${s(cpu).trim()} s CPU)`,
    ...[...outcomes].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_SHOWN)
      .map((o) => `  ${s(o.ms)} ${s(o.cpuMs)}  ${o.cell.id} (#${o.cell.index + 1})${o.probe ? ' [probe]' : ''}`)].join('\n');
}

const files = (['zh', 'en'] as const).flatMap((locale) =>
  readdirSync(`content/${locale}`, { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.mdx')).sort().map((n) => `content/${locale}/${n}`),
).filter((f) => !filter || f.includes(filter));

let failures = 0;
let totalCells = 0;
let totalChecks = 0;
for (const file of files) {
  let cells: CellSpec[];
  try {
    cells = pageCells(file);
  } catch (e) {
    console.log(`${file}: FAILED to read cells: ${(e as Error).message}`);
    failures++;
    continue;
  }
  if (cells.length === 0) continue;
  const start = performance.now();
  const outcomes = await runPage(pageOrder(cells), { backend });
  let checks = 0;
  const problems: string[] = [];
  for (const { cell, messages, timedOut, probe } of outcomes) {
    if (probe && !timedOut) continue; // judged by startersThatPass
    const failedChecks = messages.filter((m) => m.type === 'check' && !m.ok);
    const errors = messages.filter((m) => m.type === 'error');
    // an erratum cell shows a source's mistake: it must have a failing check (and no error)
    const bad = cell.options.erratum
      ? [...errors, ...(failedChecks.length ? [] : [{ type: 'error', kind: 'runtime', message: 'erratum cell: expected a failing check, but every check passed', channel: '', runId: 0 } as FromWorker])]
      : [...errors, ...failedChecks];
    checks += messages.filter((m) => m.type === 'check').length;
    if (timedOut) bad.push({ type: 'error', kind: 'timeout', message: `no result within ${cell.options.timeout ?? DEFAULT_TIMEOUT_S} s`, channel: '', runId: 0 });
    if (bad.length || verbose) {
      const lines = (bad.length && !verbose ? bad : messages).map(describe).filter(Boolean);
      problems.push(`  cell ${cell.id} (#${cell.index + 1})${cell.options.erratum ? ' [erratum]' : ''}${bad.length ? ' FAILED' : ''}\n${lines.map((l) => `  ${l}`).join('\n')}`);
    }
    if (bad.length) failures++;
  }
  for (const problem of startersThatPass(cells, outcomes)) {
    problems.push(problem);
    failures++;
  }
  const ran = new Set(outcomes.map((o) => o.cell)).size;
  const skipped = cells.length - ran;
  totalCells += ran;
  totalChecks += checks;
  const ms = (performance.now() - start).toFixed(0);
  console.log(`${file}: ${ran} cells, ${checks} checks${skipped ? `, ${skipped} not run` : ''} (${ms} ms)`);
  if (problems.length) console.log(problems.join('\n'));
  if (times) console.log(slowestCells(outcomes));
}
console.log(`\n${totalCells} cells and ${totalChecks} checks in ${files.length} files on ${backend ?? DEFAULT_BACKEND}; ${failures ? `${failures} cell(s) FAILED` : 'all passed'}`);
process.exit(failures ? 1 : 0);
