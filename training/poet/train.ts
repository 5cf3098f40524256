/**
 * Trains the Tang-poem GPT (kernels/models, POET_CONFIG) with the engine in Node, on the cpu
 * backend, and writes what the book ships under public/models/:
 *   poet.gbck       float16 checkpoint (config in its header)
 *   manifest.json   sha256 and size of the checkpoint, config, training summary
 *   poet.log.json   every logged number (train/val loss, tokens, wall time), samples, baselines
 *   poet.log.txt    the same log as printed
 * Seeded: the same HYPER gives the same batches, weights and samples (wall times differ).
 * Run: npm run train:poet   (about 20 minutes on 2 cores; `-- --steps 200 --out /tmp/poet [--lr 1e-3]` for a quick try)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setBackend, Generator, optim, manualSeed, checkpoint } from '../../kernels/index.ts';
import { GPT, gptParameterCount } from '../../kernels/models/gpt.ts';
import { trainStep, evaluate, gptParamGroups } from '../../kernels/models/train.ts';
import { POET_CONFIG, POET_FILES, loadPoetCheckpoint, type PoetManifest } from '../../kernels/models/poet.ts';
import { tangPoemMask } from '../../kernels/models/poem-form.ts';
import { loadPoemDatasetFromDisk } from '../../kernels/datasets/poems_node.ts';
import { poemBaselines, sha256Hex } from '../../kernels/datasets/poems.ts';

/** Every hyperparameter, in one place. */
const HYPER = {
  seed: 20251129,
  model: POET_CONFIG,
  backend: 'cpu',
  /** Poems per step (each a row of blockSize tokens, 'poem' batches: from <bos>, padded). */
  batchSize: 8,
  steps: 4000,
  warmupSteps: 200,
  maxLr: 5e-3,
  minLr: 5e-4,
  betas: [0.9, 0.99] as [number, number],
  weightDecay: 0.1,
  clip: 1.0,
  logEvery: 50,
  /** Validation loss every evalEvery steps on evalBatches seeded batches of 32 poems. */
  evalEvery: 400,
  evalBatches: 8,
  sampleEvery: 800,
  sample: { temperature: 0.8, topK: 40 },
  checkpointDtype: 'float16' as const,
  /** The float16 model's validation loss must stay this close to the float32 one. */
  maxQuantisationDrift: 0.02,
  outDir: 'public/models',
};

const argv = (flag: string): string | undefined => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
const STEPS = Number(argv('--steps') ?? HYPER.steps);
if (argv('--lr')) Object.assign(HYPER, { maxLr: Number(argv('--lr')), minLr: Number(argv('--lr')) / 10 });
/** `--out DIR` writes elsewhere (a quick try must not replace the shipped model). */
const OUT_DIR = argv('--out') ?? HYPER.outDir;
const OUT = pathToFileURL(resolve(fileURLToPath(new URL('../../', import.meta.url)), OUT_DIR) + '/');

const started = performance.now();
const lines: string[] = [];
const log = (s: string) => {
  console.log(s);
  lines.push(s);
};
const clock = () => {
  const s = Math.round((performance.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

setBackend(HYPER.backend);
manualSeed(HYPER.seed);
const ds = await loadPoemDatasetFromDisk();
const baselines = ds.manifest.baselines;
const recomputed = poemBaselines(ds);
const g = new Generator(HYPER.seed);
const model = new GPT(HYPER.model, { generator: g });
const opt = new optim.AdamW(gptParamGroups(model, HYPER.weightDecay), { lr: HYPER.maxLr, betas: HYPER.betas });
const schedule = optim.lrSchedule.warmupCosine({ warmupSteps: Math.min(HYPER.warmupSteps, STEPS), totalSteps: STEPS, maxLr: HYPER.maxLr, minLr: HYPER.minLr });
const { bos, eos } = ds.specials;
const mask = tangPoemMask(ds.vocab);
const sampleGen = new Generator(HYPER.seed + 1);

log(`Tang-poem GPT: ${JSON.stringify(HYPER.model)}, ${gptParameterCount(HYPER.model).toLocaleString('en')} parameters (head tied to wte)`);
log(`train ${ds.train.length} poems, val ${ds.val.length}; ${STEPS} steps of ${HYPER.batchSize} × ${HYPER.model.blockSize} on '${HYPER.backend}'`);
log(`baselines on val (nats/token): unigram ${baselines.unigram.nats.toFixed(4)}, bigram add-one ${baselines.bigramAddOne.nats.toFixed(4)}, ` +
  `bigram Kneser–Ney ${baselines.bigramKneserNey.nats.toFixed(4)} (recomputed: ${recomputed.bigramKneserNey.nats.toFixed(4)})`);

interface Sample { step: number; poem: string }
const trainLog: { step: number; tokens: number; seconds: number; loss: number; lr: number; gradNorm: number }[] = [];
const valLog: { step: number; tokens: number; seconds: number; loss: number; perplexity: number }[] = [];
const samples: Sample[] = [];
let tokens = 0, window = 0, windowLoss = 0, windowTokens = 0, windowStart = performance.now();

const poem = (): string => ds.decode(model.generate([bos], { maxNewTokens: 25, ...HYPER.sample, mask, stop: eos, generator: sampleGen })).trim();
const trainStart = performance.now();
for (let step = 0; step < STEPS; step++) {
  const batch = ds.batch('train', HYPER.batchSize, HYPER.model.blockSize, g);
  const r = trainStep(model, opt, batch, { step, schedule, clip: HYPER.clip });
  const n = batch.y.flat().filter((t) => t !== -100).length;
  tokens += n;
  window++;
  windowLoss += r.loss * n;
  windowTokens += n;
  const seconds = (performance.now() - trainStart) / 1000;
  if ((step + 1) % HYPER.logEvery === 0 || step === 0) {
    const loss = windowLoss / windowTokens;
    const rate = windowTokens / ((performance.now() - windowStart) / 1000);
    trainLog.push({ step: step + 1, tokens, seconds, loss, lr: r.lr, gradNorm: r.gradNorm });
    log(`step ${String(step + 1).padStart(5)} | train ${loss.toFixed(4)} | lr ${r.lr.toExponential(2)} | ` +
      `|g| ${r.gradNorm.toFixed(2)} | ${(window ? (performance.now() - windowStart) / window : 0).toFixed(0)} ms/step, ${rate.toFixed(0)} tok/s | ${clock()}`);
    window = windowLoss = windowTokens = 0;
    windowStart = performance.now();
  }
  if ((step + 1) % HYPER.evalEvery === 0 || step + 1 === STEPS) {
    const v = evaluate(model, ds, { batches: HYPER.evalBatches, batchSize: 32, seed: HYPER.seed });
    valLog.push({ step: step + 1, tokens, seconds, loss: v.loss, perplexity: v.perplexity });
    log(`step ${String(step + 1).padStart(5)} | val ${v.loss.toFixed(4)} (ppl ${v.perplexity.toFixed(1)}, ${v.tokens} tokens) | KN bigram ${baselines.bigramKneserNey.nats.toFixed(4)}`);
    windowStart = performance.now();
  }
  if ((step + 1) % HYPER.sampleEvery === 0 || step + 1 === STEPS) {
    const p = poem();
    samples.push({ step: step + 1, poem: p });
    log(`step ${String(step + 1).padStart(5)} | sample ${p}`);
    windowStart = performance.now();
  }
}
const trainSeconds = (performance.now() - trainStart) / 1000;

// final numbers: the whole val split (every token after <bos>, as the baselines), float32 and float16
log(`training done in ${trainSeconds.toFixed(0)} s; evaluating the whole validation split…`);
const val32 = evaluate(model, ds);
const train32 = evaluate(model, ds, { split: 'train', batches: 30, batchSize: 32, seed: HYPER.seed });
const config = { ...HYPER.model };
const bytes = checkpoint.encodeCheckpoint(model.stateDict(), { dtype: HYPER.checkpointDtype, config });
const quantised = loadPoetCheckpoint(bytes);
const val16 = evaluate(quantised, ds);
const drift = val16.loss - val32.loss;
const bytes32 = checkpoint.encodeCheckpoint(model.stateDict(), { dtype: 'float32', config }).length;
log(`val (whole split, ${val32.tokens} tokens): float32 ${val32.loss.toFixed(4)} nats/token (ppl ${val32.perplexity.toFixed(1)}), ` +
  `${HYPER.checkpointDtype} ${val16.loss.toFixed(4)} (ppl ${val16.perplexity.toFixed(1)}), drift ${drift.toFixed(5)}`);
log(`train (30 seeded batches, ${train32.tokens} tokens): ${train32.loss.toFixed(4)} (ppl ${train32.perplexity.toFixed(1)})`);
log(`checkpoint ${bytes.length.toLocaleString('en')} bytes (${HYPER.checkpointDtype}; float32 would be ${bytes32.toLocaleString('en')})`);
if (Math.abs(drift) > HYPER.maxQuantisationDrift) throw new Error(`float16 changes the val loss by ${drift} > ${HYPER.maxQuantisationDrift}`);
for (let i = 0; i < 3; i++) log(`final sample ${i + 1}: ${ds.decode(quantised.generate([bos], { maxNewTokens: 25, ...HYPER.sample, mask, stop: eos, generator: sampleGen })).trim()}`);

const fmt = (x: { nats: number; perplexity: number }) => ({ nats: x.nats, perplexity: x.perplexity });
const results = {
  val: { loss: val16.loss, perplexity: val16.perplexity, tokens: val16.tokens, dtype: HYPER.checkpointDtype },
  valFloat32: { loss: val32.loss, perplexity: val32.perplexity, tokens: val32.tokens },
  train: { loss: train32.loss, perplexity: train32.perplexity, tokens: train32.tokens, note: '30 seeded batches of 32 train poems' },
  baselines: {
    note: 'count models fitted on train, scored on the same val tokens (every token after <bos>); from the dataset manifest',
    unigram: fmt(baselines.unigram), bigramAddOne: fmt(baselines.bigramAddOne), bigramKneserNey: fmt(baselines.bigramKneserNey),
  },
};
const training = {
  script: 'training/poet/train.ts', hyper: { ...HYPER, steps: STEPS }, steps: STEPS, tokens,
  trainSeconds: Math.round(trainSeconds), wallSeconds: Math.round((performance.now() - started) / 1000),
  node: process.version, date: new Date().toISOString().slice(0, 10),
};
const manifest: PoetManifest = {
  format: 'gradbook-poet/1',
  checkpoint: { file: POET_FILES.checkpoint, bytes: bytes.length, sha256: await sha256Hex(bytes), dtype: HYPER.checkpointDtype },
  config,
  parameters: gptParameterCount(config),
  tiedHead: true,
  dataset: { format: ds.manifest.format, vocabSha256: ds.manifest.files['vocab.json'].sha256 },
  training,
  results,
  log: POET_FILES.log,
};
await mkdir(OUT, { recursive: true });
await writeFile(new URL(POET_FILES.checkpoint, OUT), bytes);
await writeFile(new URL(POET_FILES.manifest, OUT), JSON.stringify(manifest, null, 2) + '\n');
log(`wrote ${OUT_DIR}/${POET_FILES.checkpoint}, ${POET_FILES.manifest}, ${POET_FILES.log}, poet.log.txt (${clock()})`);
await writeFile(new URL(POET_FILES.log, OUT), JSON.stringify({ training, results, train: trainLog, val: valLog, samples }, null, 1) + '\n');
await writeFile(new URL('poet.log.txt', OUT), lines.join('\n') + '\n');
