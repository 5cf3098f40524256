// `npm test`: every suite, each stage's wall time printed as it ends and in a table at the end, so
// the suite's budget (12 minutes on the CI machine) is watched stage by stage.
//
// Stages run in phases. Within a phase they run side by side: the cells' type check, the build and
// the two cell runs are each one Node thread, so on a 2-core machine four of them finish in about half the
// time they take one after another. The unit tests (a vitest thread per core) and the browser tests
// (two Chromium pages at a time) each fill the machine alone, so they get a phase of their own.
// A side-by-side stage's output is held and printed whole when it ends, so logs never interleave.
// Stops after the first phase with a failing stage, like the `&&` chain it replaces.
import { spawn } from 'node:child_process';

type Stage = { name: string; script: string; args?: string[] };
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
  [{ name: 'test:e2e', script: 'test:e2e' }],
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
  const child = spawn(npm, args, { stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
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

const times: [string, number][] = [];
const start = performance.now();
let failed = false;
for (const phase of PHASES) {
  const phaseStart = performance.now();
  const results = await Promise.all(phase.map((stage) => run(stage, phase.length === 1)));
  results.forEach((r, i) => times.push([phase[i].name, r.ms]));
  if (phase.length > 1) times.push([`  (side by side: ${phase.map((s) => s.name).join(', ')})`, performance.now() - phaseStart]);
  if (results.some((r) => !r.ok)) {
    failed = true;
    break;
  }
}
const width = Math.max(...times.map(([name]) => name.length)) + 2;
console.log(['[stages]', ...times.map(([name, ms]) => `  ${name.padEnd(width)} ${fmt(ms)}`), `  ${'total (wall)'.padEnd(width)} ${fmt(performance.now() - start)}`].join('\n'));
process.exit(failed ? 1 : 0);
