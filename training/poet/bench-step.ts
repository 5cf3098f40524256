/**
 * Times one GPT training step (forward + backward + clipGradNorm + AdamW) on the `cpu` backend
 * for candidate configs, to size the model so a step in the browser's worker (same JS) stays
 * around 100 ms. Prints a median over a few steps after warm-up, and a per-phase split.
 * Run: node training/poet/bench-step.ts [--d 64,96] [--layers 2,4] [--t 25,49] [--b 4,8] [--steps 6] [--only 'd64 L2']
 */
import { setBackend, Generator, optim, tidy } from '../../kernels/index.ts';
import { GPT, type GPTConfig, gptParameterCount } from '../../kernels/models/gpt.ts';
import { gptParamGroups, trainStep } from '../../kernels/models/train.ts';
import { loadPoemDatasetFromDisk } from '../../kernels/datasets/poems_node.ts';

const V = 4333;
const arg = (flag: string, fallback: string) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : fallback);
const list = (flag: string, fallback: string) => arg(flag, fallback).split(',').map(Number);
const CANDIDATES: { c: GPTConfig; B: number }[] = [];
for (const d of list('--d', '64,96,128')) for (const L of list('--layers', '2,3,4')) for (const T of list('--t', '25,49')) {
  for (const B of list('--b', '4,8,16')) CANDIDATES.push({ c: { vocabSize: V, blockSize: T, nLayer: L, nHead: 4, nEmbd: d }, B });
}
const only = arg('--only', '');
const steps = Number(arg('--steps', '6'));

setBackend('cpu');
const ds = await loadPoemDatasetFromDisk();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const { c, B } of CANDIDATES) {
  const name = `d${c.nEmbd} L${c.nLayer} T${c.blockSize} B${B}`;
  if (only && !name.includes(only)) continue;
  const g = new Generator(0);
  const model = new GPT(c, { generator: g });
  const opt = new optim.AdamW(gptParamGroups(model, 0.1), { lr: 1e-3 });
  const times: number[] = [], fwd: number[] = [];
  for (let s = 0; s < steps + 2; s++) {
    const batch = ds.batch('train', B, c.blockSize, g);
    const t0 = performance.now();
    trainStep(model, opt, batch, { step: s, clip: 1 });
    const t1 = performance.now();
    tidy(() => model.forward(batch.x, batch.y).loss!.item());
    const t2 = performance.now();
    if (s >= 2) { times.push(t1 - t0); fwd.push(t2 - t1); }
  }
  console.log(`${name.padEnd(18)} params ${gptParameterCount(c).toLocaleString('en').padStart(9)}  step ${median(times).toFixed(1).padStart(6)} ms  (forward+loss ${median(fwd).toFixed(1)} ms)  ${(B * c.blockSize / median(times) * 1000).toFixed(0)} tok/s`);
  model.dispose();
}
