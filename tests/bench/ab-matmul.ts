/**
 * Interleaved A/B microbenchmark of the float32 cpu matmul path (kernels/backends/cpu/matmul.ts)
 * in Node: two checkouts' kernels loaded side by side in one process and timed in alternating
 * rounds, so load from other processes on a shared machine hits both alike. Prints per size and
 * transpose case the median ms per call of each, GFLOP/s and the ratio (this ÷ base).
 *   node tests/bench/ab-matmul.ts --base=/work/main [--sizes=64,128,256,512] [--cases=nn,nt,tn] [--rounds=9]
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Matmul = (alloc: (n: number) => Float32Array, a: Float32Array, as: number[], b: Float32Array, bs: number[], os: number[], ta: boolean, tb: boolean) => Float32Array;

const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const here = resolve(import.meta.dirname, '../..');
const baseRoot = arg('base', '');
if (!baseRoot) throw new Error('usage: node tests/bench/ab-matmul.ts --base=<other checkout> [--sizes=64,128] [--cases=nn,nt,tn] [--rounds=9]');
const load = async (root: string) => (await import(pathToFileURL(join(root, 'kernels/backends/cpu/matmul.ts')).href)).matmul as Matmul;
const impls: [string, Matmul][] = [['base', await load(resolve(baseRoot))], ['this', await load(here)]];
const sizes = arg('sizes', '64,128,256,512').split(',').map(Number);
const cases = arg('cases', 'nn,nt,tn').split(',');
const rounds = Number(arg('rounds', '9'));
const alloc = (n: number) => new Float32Array(n);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];

for (const n of sizes) {
  const A = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)), B = Float32Array.from({ length: n * n }, (_, i) => Math.cos(i));
  // calls per timed batch: about 20 ms of work at 20 GFLOP/s
  const calls = Math.max(1, Math.round(20e-3 * 20e9 / (2 * n ** 3)));
  for (const c of cases) {
    const ta = c[0] === 't', tb = c[1] === 't';
    const run = (f: Matmul) => f(alloc, A, [n, n], B, [n, n], [n, n], ta, tb);
    const times: number[][] = impls.map(() => []);
    for (const [, f] of impls) for (let w = 0; w < 3; w++) run(f); // warm-up: compile, grow memory
    for (let r = 0; r < rounds; r++) {
      // alternate which goes first, so neither always follows the other's cache state
      const order = r % 2 ? [1, 0] : [0, 1];
      for (const i of order) {
        const t0 = performance.now();
        for (let q = 0; q < calls; q++) run(impls[i][1]);
        times[i].push((performance.now() - t0) / calls);
      }
    }
    // the median is the typical call; the minimum is the least disturbed by other processes
    const [base, mine] = times.map(median), [baseMin, mineMin] = times.map((t) => Math.min(...t));
    const gf = (ms: number) => (2 * n ** 3 / ms / 1e6).toFixed(1);
    console.log(`n = ${n} ${c}: median base ${base.toFixed(3)} ms (${gf(base)} GFLOP/s), this ${mine.toFixed(3)} ms (${gf(mine)} GFLOP/s), ` +
      `this ÷ base ${(mine / base).toFixed(2)}; minimum ÷ minimum ${(mineMin / baseMin).toFixed(2)} (${gf(baseMin)} → ${gf(mineMin)} GFLOP/s)`);
  }
}
