// `npm test`: every suite, each stage's wall time printed as it ends and in a table at the end, so
// the suite's budget (12 minutes on the CI machine) is watched stage by stage.
//
// Stages run in phases. Within a phase they run side by side: the cells' type check, the build and
// the two cell runs are each one Node thread, so on a 2-core machine four of them finish in about half the
// time they take one after another. The unit tests (four files at a time, vitest.config.ts) fill the machine
// alone; the browser tests run as two streams (below). Each phase's line in the table says how busy
// it kept the machine.
// A side-by-side stage's output is held and printed whole when it ends, so logs never interleave.
// Stops after the first phase with a failing stage, like the `&&` chain it replaces.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { CHAPTER_FILES, TIMING_FILES } from './e2e/streams.ts';

type Stage = { name: string; script: string; args?: string[]; env?: Record<string, string> };
const PHASES: Stage[][] = [
  // alone: `astro sync` writes .astro/, which the build also rewrites while tsc would read it
  [{ name: 'typecheck', script: 'typecheck' }],
  [
    { name: 'test:types', script: 'test:types' },
    { name: 'build', script: 'build' },
    { name: 'test:cells', script: 'test:cells:run' },
    { name: 'test:cells cpu64', script: 'test:cells:run', args: ['--backend=cpu64'] },
  ],
  [{ name: 'test:unit', script: 'test:unit' }],
  // The browser tests in two streams side by side, each with its own Chromium and preview server:
  // every chapter page (loaded, checked with axe and Run all, two pages at a time) and the rest,
  // one file at a time, whose single page would leave a core idle. The files
  // that measure the page's responsiveness (a key's latency while a model trains, the longest
  // main-thread task, a runaway cell stopped in time) run last, alone, as a reader's machine would.
  [
    { name: 'test:e2e chapters', script: 'test:e2e', args: [...CHAPTER_FILES], env: { GRADBOOK_TEST_PORT: '4327' } },
    { name: 'test:e2e rest', script: 'test:e2e', args: [...CHAPTER_FILES, ...TIMING_FILES].flatMap((file) => ['--exclude', file]), env: { GRADBOOK_TEST_PORT: '4328' } },
  ],
  [{ name: 'test:e2e timing', script: 'test:e2e', args: [...TIMING_FILES] }],
];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** m min ss s, rounded to the second first (119.6 s is 2 min 00 s, not 1 min 60 s). */
const fmt = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
};

/** Runs one stage; alone it streams its output, beside others it prints it whole at the end. */
function run(stage: Stage, alone: boolean): Promise<{ ok: boolean; ms: number }> {
  const start = performance.now();
  const args = ['run', '--silent', stage.script, ...(stage.args?.length ? ['--', ...stage.args] : [])];
  const child = spawn(npm, args, { stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...stage.env } });
  const held: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => held.push(b));
  child.stderr?.on('data', (b: Buffer) => held.push(b));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (!alone) process.stdout.write(`\n----- ${stage.name} -----\n${Buffer.concat(held).toString()}`);
      console.log(`\n[stage] ${stage.name}: ${fmt(ms)}${code === 0 ? '' : ' (FAILED)'}\n`);
      resolve({ ok: code === 0, ms });
    });
  });
}

/**
 * The machine's busy and total CPU time so far, in clock ticks (Linux: the first line of
 * /proc/stat; busy is everything but idle and iowait), or undefined elsewhere. Beside the wall
 * time it shows how full a phase keeps the machine (CI runs nothing else): time a phase leaves
 * idle is time another stage could use. Chromium's processes are counted too, which a child's
 * own CPU time would miss.
 */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const ticks = fields.map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    return { busy: total - ticks[3] - ticks[4], total };
  } catch {
    return undefined;
  }
}
/** "   machine busy 87 % of 2 cores" for a phase, or nothing where it cannot be measured. */
const busyNote = (before: ReturnType<typeof machineTicks>) => {
  const after = machineTicks();
  if (!before || !after || after.total === before.total) return '';
  return `   machine busy ${Math.round((100 * (after.busy - before.busy)) / (after.total - before.total))} % of ${availableParallelism()} cores`;
};

const times: [string, number, string][] = [];
const start = performance.now();
let failed = false;
for (const phase of PHASES) {
  const phaseStart = performance.now();
  const ticks0 = machineTicks();
  const results = await Promise.all(phase.map((stage) => run(stage, phase.length === 1)));
  const phaseMs = performance.now() - phaseStart;
  const cpu = busyNote(ticks0);
  results.forEach((r, i) => times.push([phase[i].name, r.ms, phase.length === 1 ? cpu : '']));
  if (phase.length > 1) times.push([`  (side by side: ${phase.map((s) => s.name).join(', ')})`, phaseMs, cpu]);
  if (results.some((r) => !r.ok)) {
    failed = true;
    break;
  }
}
const width = Math.max(...times.map(([name]) => name.length)) + 2;
console.log(['[stages]', ...times.map(([name, ms, cpu]) => `  ${name.padEnd(width)} ${fmt(ms)}${cpu}`), `  ${'total (wall)'.padEnd(width)} ${fmt(performance.now() - start)}`].join('\n'));
process.exit(failed ? 1 : 0);
