// Autorun cells' outputs, computed when the book is built (as Jupyter Book and d2l.ai do): the
// page ships them in its HTML (prerender-html.ts draws them), so it needs neither the cell worker
// nor the chart renderer (Observable Plot, ~130 KB gzip) before the reader's first Run, and
// readers without JavaScript see them too. The cells run with the cell runner's machinery
// (run-page.ts: the site's session on the engine, in a worker thread with the cells' time limits),
// and every message goes through the page's own check of worker output (validate.ts).
import type { CellSpec } from '../extract.ts';
import type { FromWorker } from '../protocol.ts';
import { explainMalformed, parseFromWorker } from '../validate.ts';
import { NODE_CHANNEL, runPage, type CellRun } from './run-page.ts';

/**
 * Whether `cell` runs before `target` when the reader runs `target`: the page's notebook runs the
 * cells above it except on-demand ones (an exercise's checks and solution) and other exercises'
 * cells (notebook.ts, #above). An autorun cell belongs to no exercise.
 */
function isPrerequisite(cell: CellSpec): boolean {
  return !cell.options.exercise && cell.options.role !== 'check' && cell.options.role !== 'solution';
}

/** `host` is 'node' at build time and 'browser' on the page: an output that reads it would not be the page's. */
const READS_HOST = /\bhost\b/;

/** Computed outputs by cell code: zh and en pages whose cells are the same run once per build. */
const memo = new Map<string, Promise<Map<string, FromWorker[]>>>();
/**
 * Pages run one after another, not all at once: Astro compiles pages in parallel, and eight
 * worker threads each loading the engine at the same moment on a 2-core machine made each slower
 * than all of them in turn.
 */
let queue: Promise<unknown> = Promise.resolve();
/** The build's time limits: the cells' own, tripled (run-page.ts, RunOptions.timeScale). */
const BUILD_TIME_SCALE = 3;

/**
 * Runs the page's cells down to its last autorun cell (in page order, as the notebook would at
 * load) and returns each autorun cell's validated outputs by cell id, without its `done`.
 * Throws, naming the page and cell, when a cell fails, times out, reads `host`, or sends a
 * message the page would refuse: the build must not ship an output the page could not show.
 */
export function prerenderAutorun(cells: CellSpec[], where: string): Promise<Map<string, FromWorker[]>> {
  const last = cells.findLastIndex((c) => c.options.autorun);
  if (last < 0) return Promise.resolve(new Map());
  const runs: CellRun[] = cells.slice(0, last + 1).filter(isPrerequisite).map((cell) => ({ cell, probe: false }));
  const key = runs.map((r) => `${r.cell.id}\u0000${r.cell.code}`).join('\u0001');
  let result = memo.get(key);
  if (!result) {
    result = queue.then(() => compute(runs, where));
    queue = result.catch(() => undefined);
    memo.set(key, result);
    result.catch(() => memo.delete(key)); // a failed run is retried after the author's fix (dev server)
  }
  return result;
}

async function compute(runs: CellRun[], where: string): Promise<Map<string, FromWorker[]>> {
  for (const { cell } of runs) {
    if (cell.options.autorun && cell.options.exercise) throw new Error(`${where}: autorun cell ${cell.id}: an exercise's cell cannot be autorun`);
    if (cell.options.autorun && READS_HOST.test(cell.code)) {
      throw new Error(`${where}: autorun cell ${cell.id} reads \`host\`: its output is computed at build time (host 'node'), so it would differ from the page's`);
    }
  }
  const outcomes = await runPage(runs, { timeScale: BUILD_TIME_SCALE });
  const outputs = new Map<string, FromWorker[]>();
  for (const { cell, messages, timedOut } of outcomes) {
    const fail = (why: string) => new Error(`${where}: cell ${cell.id}, run at build time for the autorun cell${cell.options.autorun ? '' : ' below it'}: ${why}`);
    if (timedOut) throw fail(`no result within its time limit`);
    const error = messages.find((m) => m.type === 'error');
    if (error?.type === 'error') throw fail(`${error.kind} error${error.line ? ` at line ${error.line}` : ''}: ${error.message}`);
    const failed = messages.find((m) => m.type === 'check' && !m.ok);
    if (failed?.type === 'check' && !cell.options.erratum) throw fail(`check failed: ${failed.label}`);
    if (!cell.options.autorun) continue;
    const shown: FromWorker[] = [];
    for (const raw of messages) {
      const message = parseFromWorker(raw, NODE_CHANNEL);
      if (!message) throw fail(`the page would refuse its ${raw.type} output (${explainMalformed(raw, NODE_CHANNEL)})`);
      if (message.type !== 'done') shown.push(message);
    }
    outputs.set(cell.id, shown);
  }
  if (outcomes.length < runs.length) throw new Error(`${where}: the worker stopped after cell ${outcomes.at(-1)?.cell.id ?? '(none)'}`);
  return outputs;
}
