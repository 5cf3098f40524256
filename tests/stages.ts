// `npm test`: every suite in order, each stage's wall time printed as it ends and in a table at the
// end, so the suite's budget (12 minutes on the CI machine) is watched stage by stage. Stops at
// the first failing stage, like the `&&` chain it replaces.
import { spawnSync } from 'node:child_process';

const STAGES = ['typecheck', 'test:types', 'test:unit', 'test:cells', 'build', 'test:e2e'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const times: [string, number][] = [];
const fmt = (ms: number) => `${Math.floor(ms / 60_000)} min ${((ms % 60_000) / 1000).toFixed(0).padStart(2, '0')} s`;

let failed: string | undefined;
for (const stage of STAGES) {
  const start = performance.now();
  const { status } = spawnSync(npm, ['run', stage], { stdio: 'inherit' });
  const ms = performance.now() - start;
  times.push([stage, ms]);
  console.log(`\n[stage] ${stage}: ${fmt(ms)}${status === 0 ? '' : ' (FAILED)'}\n`);
  if (status !== 0) {
    failed = stage;
    break;
  }
}
const total = times.reduce((s, [, ms]) => s + ms, 0);
console.log(['[stages]', ...times.map(([name, ms]) => `  ${name.padEnd(12)} ${fmt(ms)}`), `  ${'total'.padEnd(12)} ${fmt(total)}`].join('\n'));
process.exit(failed ? 1 : 0);
