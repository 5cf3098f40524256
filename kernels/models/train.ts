/**
 * Training and evaluation helpers for the GPT: one optimisation step, nanoGPT's parameter
 * groups, and the validation cross-entropy over a split.
 * @example
 * const opt = new optim.AdamW(gptParamGroups(model, 0.1), { lr: 1e-3, betas: [0.9, 0.99] });
 * const lrAt = optim.lrSchedule.warmupCosine({ warmupSteps: 100, totalSteps: 5000, maxLr: 1e-3, minLr: 1e-4 });
 * for (let step = 0; step < 5000; step++) trainStep(model, opt, ds.batch('train', 16, 49, g), { step, schedule: lrAt, clip: 1 });
 * evaluate(model, ds); // { loss: 4.9, perplexity: 134, tokens: 41556 }
 */
import { tidy } from '../scope.ts';
import { noGrad } from '../grad_mode.ts';
import { crossEntropy } from '../ops/losses.ts';
import { clipGradNorm } from '../optim/clip_grad.ts';
import type { Optimizer, ParamGroup } from '../optim/optimizer.ts';
import { Generator } from '../random.ts';
import type { GPT } from './gpt.ts';

/** One batch of ids and next-token targets (-100 = no loss), [B][T] each. */
export interface TokenBatch {
  x: number[][];
  y: number[][];
}

/**
 * nanoGPT's groups: weight decay on the 2-D weights (matmuls, embeddings), none on biases and
 * LayerNorm gains, which only shift or scale and gain nothing from being pulled to 0.
 */
export function gptParamGroups(model: GPT, weightDecay: number): ParamGroup[] {
  const ps = model.parameters();
  return [
    { params: ps.filter((p) => p.rank >= 2), weightDecay },
    { params: ps.filter((p) => p.rank < 2), weightDecay: 0 },
  ];
}

export interface TrainStepOptions {
  /** Step number (0-based), passed to `schedule`. */
  step: number;
  /** Learning rate per step; default: keep the optimizer's. */
  schedule?: (step: number) => number;
  /** Max global gradient norm (clipGradNorm); default: no clipping (the norm is still measured). */
  clip?: number;
}

/**
 * zeroGrad, forward, backward, clipGradNorm, lr from the schedule, step. Intermediates are
 * freed (tidy); returns the batch loss, the gradient norm before clipping and the lr used.
 * @example const { loss, gradNorm, lr } = trainStep(model, opt, batch, { step, schedule: lrAt, clip: 1 });
 */
export function trainStep(model: GPT, opt: Optimizer, batch: TokenBatch, o: TrainStepOptions): { loss: number; gradNorm: number; lr: number } {
  model.train();
  opt.zeroGrad();
  const loss = tidy(() => {
    const l = model.forward(batch.x, batch.y).loss!;
    l.backward();
    return l.item();
  });
  const gradNorm = clipGradNorm(opt.params, o.clip ?? Infinity);
  const lr = o.schedule ? o.schedule(o.step) : opt.lr;
  opt.lr = lr;
  opt.step();
  return { loss, gradNorm, lr };
}

/** What `evaluate` needs of a dataset: poems as id arrays, and (for sampled batches) `batch`. */
export interface EvalDataset {
  train: ArrayLike<ArrayLike<number>>;
  val: ArrayLike<ArrayLike<number>>;
  batch(split: 'train' | 'val', batchSize: number, blockSize: number, generator: { int(n: number): number }): TokenBatch;
}

export interface EvaluateOptions {
  /** Default 'val'. */
  split?: 'train' | 'val';
  /** Random batches to average over (seeded); default: the whole split, every token once. */
  batches?: number;
  /** Rows per forward (default 32). */
  batchSize?: number;
  /** Seed of the sampled batches (default 0), so repeated calls see the same ones. */
  seed?: number;
}

/**
 * Every poem of `split` cut into windows of blockSize + 1 tokens (the last ones shorter,
 * padded with -100 targets), so each token after the first is predicted exactly once, with
 * the context of its window.
 */
export function* poemWindows(poems: ArrayLike<ArrayLike<number>>, blockSize: number, batchSize: number): IterableIterator<TokenBatch> {
  let x: number[][] = [], y: number[][] = [];
  for (let p = 0; p < poems.length; p++) {
    const poem = poems[p];
    for (let s = 0; s < poem.length - 1; s += blockSize) {
      const n = Math.min(blockSize, poem.length - 1 - s);
      const xs = new Array<number>(blockSize).fill(0), ys = new Array<number>(blockSize).fill(-100);
      for (let i = 0; i < n; i++) {
        xs[i] = poem[s + i];
        ys[i] = poem[s + i + 1];
      }
      x.push(xs);
      y.push(ys);
      if (x.length === batchSize) {
        yield { x, y };
        x = [];
        y = [];
      }
    }
  }
  if (x.length) yield { x, y };
}

/**
 * Mean cross-entropy in nats per predicted token (and its exp, the perplexity) under noGrad,
 * in eval mode. The whole split by default: comparable with the dataset's count baselines,
 * which predict the same tokens (every one after `<bos>`).
 * @example evaluate(model, ds, { batches: 4 }); // a quick estimate on 4 seeded batches
 */
export function evaluate(model: GPT, dataset: EvalDataset, opts: EvaluateOptions = {}): { loss: number; perplexity: number; tokens: number } {
  const split = opts.split ?? 'val', B = opts.batchSize ?? 32, T = model.config.blockSize;
  const batches: Iterable<TokenBatch> = opts.batches === undefined
    ? poemWindows(dataset[split], T, B)
    : (function* () {
      const g = new Generator(opts.seed ?? 0);
      for (let i = 0; i < opts.batches!; i++) yield dataset.batch(split, B, T, g);
    })();
  const wasTraining = model.training;
  model.eval();
  let nats = 0, tokens = 0;
  try {
    noGrad(() => {
      for (const b of batches) {
        nats += tidy(() => crossEntropy(model.forward(b.x).logits, b.y, { reduction: 'sum' }).item());
        for (const row of b.y) for (const t of row) if (t !== -100) tokens++;
      }
    });
  } finally {
    model.train(wasTraining);
  }
  const loss = nats / tokens;
  return { loss, perplexity: Math.exp(loss), tokens };
}
