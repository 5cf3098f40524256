/**
 * A GPT in the shape of nanoGPT's `model.py`: a config object, one small class per idea
 * (CausalSelfAttention, MLP, Block, GPT), a forward that reads like the equations, and
 * `generate` beside it.
 *
 *   x₀ = wte[idx] + wpe[0..T)                      token + position embeddings
 *   xₗ = xₗ₋₁ + attn(ln₁(xₗ₋₁));  xₗ += mlp(ln₂(xₗ))   N pre-LN blocks with residuals
 *   logits = lnF(x_N) · wteᵀ                        final LayerNorm, head tied to wte
 *
 * The output head shares its weight with the token embedding (weight tying, as GPT-2 and
 * nanoGPT): V·d parameters once, not twice, which also halves the checkpoint.
 * @example
 * const model = new GPT({ vocabSize: 65, blockSize: 32, nLayer: 2, nHead: 4, nEmbd: 64 }, { generator: new Generator(0) });
 * const { logits, loss } = model.forward([[1, 7, 9]], [[7, 9, 2]]); // logits [1, 3, 65]
 * model.generate([1], { maxNewTokens: 24, temperature: 0.8, topK: 40 }); // [1, ...24 ids]
 *
 * `generate` keeps a key/value cache (as HF transformers' past_key_values and inference engines
 * do; nanoGPT's generate has none): each new token runs one position through the blocks, reading
 * the keys and values the earlier positions left in every layer, instead of re-running the prefix.
 */
import { Tensor, type NestedArray } from '../tensor.ts';
import { noGrad } from '../grad_mode.ts';
import { keep, tidy } from '../scope.ts';
import {
  add, mul, arange, ones, tensor, matmul, matmulT, maskedFill, triu, softmax, gelu, crossEntropy, narrow, permute, reshape, transpose,
  concat,
} from '../ops/index.ts';
import { Module, Linear, Embedding, LayerNorm, Dropout } from '../nn/index.ts';
import { constant, normal } from '../nn/init.ts';
import type { Generator } from '../random.ts';
import { sampleLogits } from '../sampling/logits.ts';

export interface GPTConfig {
  /** Tokens in the vocabulary (V). */
  vocabSize: number;
  /** Longest context the model sees (T_max); position embeddings have this many rows. */
  blockSize: number;
  nLayer: number;
  nHead: number;
  /** Width of the residual stream (d); a multiple of nHead. */
  nEmbd: number;
  /** Dropout after embeddings, attention weights and each residual branch (default 0). */
  dropout?: number;
}

/**
 * Trainable parameters of a GPT, in closed form (head tied to wte, so V·d appears once):
 * V·d + T·d (embeddings) + N·(12d² + 13d) (per block: qkv 3d²+3d, proj d²+d, fc 4d²+4d,
 * fc proj 4d²+d, two LayerNorms 4d) + 2d (final LayerNorm).
 * @example gptParameterCount({ vocabSize: 4333, blockSize: 49, nLayer: 3, nHead: 4, nEmbd: 64 }); // 430,528
 */
export function gptParameterCount(c: GPTConfig): number {
  const d = c.nEmbd;
  return c.vocabSize * d + c.blockSize * d + c.nLayer * (12 * d * d + 13 * d) + 2 * d;
}

function checkConfig(c: GPTConfig): void {
  for (const k of ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`GPT: invalid config.${k}: ${c[k]}`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new Error(`GPT: nEmbd ${c.nEmbd} is not a multiple of nHead ${c.nHead}`);
  const p = c.dropout ?? 0;
  if (!(p >= 0 && p < 1)) throw new Error(`GPT: invalid config.dropout: ${p}`);
}

/** GPT-2 init, as nanoGPT's _init_weights: N(0, 0.02) weights, zero biases. */
function gpt2Init(layer: Linear, g: Generator | undefined, std = 0.02): Linear {
  normal(layer.weight, 0, std, { generator: g });
  if (layer.bias) constant(layer.bias, 0);
  return layer;
}

/** One layer's keys and values of the positions computed so far, each [B, H, Tpast, hd]. */
export interface LayerKV {
  k: Tensor;
  v: Tensor;
}

/** Multi-head causal self-attention; keeps its last weights when asked (for heat maps). */
export class CausalSelfAttention extends Module {
  readonly nHead: number;
  qkv: Linear;
  proj: Linear;
  attnDropout: Dropout;
  residDropout: Dropout;
  /**
   * Set by GPT.recordAttention; `lastWeights` is batch 0's [nHead, T, T] from the last `forward`
   * (`forwardCached`, generate's cached steps, does not record: it sees a few query rows only).
   */
  record = false;
  lastWeights: { data: Float32Array; shape: [number, number, number] } | null = null;
  private masks = new Map<number, Tensor>();

  constructor(c: GPTConfig, g?: Generator) {
    super();
    this.nHead = c.nHead;
    this.qkv = gpt2Init(new Linear(c.nEmbd, 3 * c.nEmbd), g);
    // NOTE: residual projections get std 0.02/√(2N) (GPT-2): 2N branches add into the stream
    this.proj = gpt2Init(new Linear(c.nEmbd, c.nEmbd), g, 0.02 / Math.sqrt(2 * c.nLayer));
    this.attnDropout = new Dropout(c.dropout ?? 0, { generator: g });
    this.residDropout = new Dropout(c.dropout ?? 0, { generator: g });
  }

  /** 1 above the diagonal (the future), made once per length and kept. */
  private future(T: number): Tensor {
    let m = this.masks.get(T);
    if (!m) this.masks.set(T, (m = keep(triu(ones([T, T]), 1))));
    return m;
  }

  /** q, k, v of x [B, T, C]: one projection, split into heads, each [B, H, T, hd]. */
  private heads(x: Tensor): Tensor[] {
    const [B, T, C] = x.shape, H = this.nHead, hd = C / H;
    // [B, T, 3, H, hd] -> [3, B, H, T, hd]
    const heads = permute(reshape(this.qkv.call(x), [B, T, 3, H, hd]), [2, 0, 3, 1, 4]);
    return [0, 1, 2].map((i) => reshape(narrow(heads, 0, i, 1), [B, H, T, hd]));
  }

  forward(x: Tensor): Tensor {
    const [B, T, C] = x.shape, H = this.nHead, hd = C / H;
    const [q, k, v] = this.heads(x);
    // att = softmax(q kᵀ / √hd) over the past only
    const scores = mul(matmulT(q, k, false, true), 1 / Math.sqrt(hd));
    const att = softmax(maskedFill(scores, this.future(T), -Infinity), -1);
    if (this.record) this.lastWeights = { data: Float32Array.from(att.dataSync().subarray(0, H * T * T)), shape: [H, T, T] };
    const y = matmul(this.attnDropout.call(att), v); // [B, H, T, hd]
    return this.residDropout.call(this.proj.call(reshape(transpose(y, 1, 2), [B, T, C])));
  }

  /**
   * The same attention for Tn new positions x [B, Tn, C] that follow `past` (the keys and values
   * of the Tp earlier positions; null: none): their outputs [B, Tn, C], and the keys and values
   * of all Tp + Tn positions for the next call. The earlier positions' k and v do not depend on
   * later tokens (causality), so they are reused, not recomputed. A separate method, so the
   * training forward pays nothing for it; it does not record attention weights.
   */
  forwardCached(x: Tensor, past: LayerKV | null): { y: Tensor; kv: LayerKV } {
    const [B, Tn, C] = x.shape, hd = C / this.nHead;
    const [q, kNew, vNew] = this.heads(x);
    const Tp = past ? past.k.shape[2] : 0;
    const k = past ? concat([past.k, kNew], 2) : kNew, v = past ? concat([past.v, vNew], 2) : vNew; // [B, H, Tp + Tn, hd]
    let scores = mul(matmulT(q, k, false, true), 1 / Math.sqrt(hd)); // [B, H, Tn, Tp + Tn]
    // new position i is position Tp + i: it reads keys 0..Tp+i, so one new position reads them all
    if (Tn > 1) scores = maskedFill(scores, Tp === 0 ? this.future(Tn) : triu(ones([Tn, Tp + Tn]), Tp + 1), -Infinity);
    const y = matmul(this.attnDropout.call(softmax(scores, -1)), v); // [B, H, Tn, hd]
    return { y: this.residDropout.call(this.proj.call(reshape(transpose(y, 1, 2), [B, Tn, C]))), kv: { k, v } };
  }

  /** Free the cached causal masks (they are not parameters, so Module.dispose misses them). */
  releaseMasks(): void {
    for (const m of this.masks.values()) m.dispose();
    this.masks.clear();
  }
}

/** Position-wise feed-forward: d -> 4d -> GELU -> d. */
export class MLP extends Module {
  fc: Linear;
  proj: Linear;
  dropout: Dropout;

  constructor(c: GPTConfig, g?: Generator) {
    super();
    this.fc = gpt2Init(new Linear(c.nEmbd, 4 * c.nEmbd), g);
    this.proj = gpt2Init(new Linear(4 * c.nEmbd, c.nEmbd), g, 0.02 / Math.sqrt(2 * c.nLayer));
    this.dropout = new Dropout(c.dropout ?? 0, { generator: g });
  }

  forward(x: Tensor): Tensor {
    return this.dropout.call(this.proj.call(gelu(this.fc.call(x))));
  }
}

/** A pre-LN transformer block: x + attn(ln1(x)), then + mlp(ln2(x)). */
export class Block extends Module {
  ln1: LayerNorm;
  attn: CausalSelfAttention;
  ln2: LayerNorm;
  mlp: MLP;

  constructor(c: GPTConfig, g?: Generator) {
    super();
    this.ln1 = new LayerNorm(c.nEmbd);
    this.attn = new CausalSelfAttention(c, g);
    this.ln2 = new LayerNorm(c.nEmbd);
    this.mlp = new MLP(c, g);
  }

  forward(x: Tensor): Tensor {
    const h = add(x, this.attn.call(this.ln1.call(x)));
    return add(h, this.mlp.call(this.ln2.call(h)));
  }

  /** forward for new positions after cached ones (CausalSelfAttention.forwardCached); also returns this layer's k, v. */
  forwardCached(x: Tensor, past: LayerKV | null): { x: Tensor; kv: LayerKV } {
    const { y, kv } = this.attn.forwardCached(this.ln1.call(x), past);
    const h = add(x, y);
    return { x: add(h, this.mlp.call(this.ln2.call(h))), kv };
  }
}

export interface GenerateOptions {
  /** Tokens to add (stops earlier at `stop`). */
  maxNewTokens: number;
  /** 1 leaves the logits, < 1 sharpens, 0 is argmax. Default 1. */
  temperature?: number;
  topK?: number;
  topP?: number;
  generator?: Generator;
  /** Allowed ids for the token at `position` (its index in the whole sequence), given the sequence so far; null = any. */
  mask?: (position: number, sofar: readonly number[]) => ReadonlySet<number> | null;
  /** Stop after emitting this id (e.g. `<eos>`). */
  stop?: number;
  /**
   * Keep every layer's keys and values so each token runs one new position (default true);
   * false re-runs the whole window for every token (the same tokens, for comparing speed).
   */
  cache?: boolean;
}

export interface GPTOptions {
  /** Source of the initial weights (and of dropout masks). */
  generator?: Generator;
}

/** One head's attention weights: weights[i][j] = how much position i reads position j (0 for j > i). */
export interface AttentionMap {
  layer: number;
  head: number;
  weights: number[][];
}

const ids = (x: number[][] | Tensor): Tensor => (x instanceof Tensor ? x : tensor(x as NestedArray));

export class GPT extends Module {
  readonly config: GPTConfig;
  wte: Embedding;
  wpe: Embedding;
  drop: Dropout;
  blocks: Block[];
  lnF: LayerNorm;

  constructor(config: GPTConfig, opts: GPTOptions = {}) {
    super();
    checkConfig(config);
    this.config = { ...config };
    const g = opts.generator, d = config.nEmbd;
    this.wte = new Embedding(config.vocabSize, d, { std: 0.02, generator: g });
    this.wpe = new Embedding(config.blockSize, d, { std: 0.02, generator: g });
    this.drop = new Dropout(config.dropout ?? 0, { generator: g });
    this.blocks = Array.from({ length: config.nLayer }, () => new Block(config, g));
    this.lnF = new LayerNorm(d);
  }

  /** The final hidden states lnF(x_N): [B, T, d]. */
  hidden(idx: number[][] | Tensor): Tensor {
    const tokens = ids(idx);
    if (tokens.rank !== 2) throw new Error(`GPT: expected ids of shape [B, T], got rank ${tokens.rank}`);
    const T = tokens.shape[1];
    if (T > this.config.blockSize) throw new Error(`GPT: sequence of ${T} tokens exceeds blockSize ${this.config.blockSize}`);
    let x = this.drop.call(add(this.wte.call(tokens), this.wpe.call(arange(T))));
    for (const block of this.blocks) x = block.call(x);
    return this.lnF.call(x);
  }

  /**
   * lnF(x_N) [B, Tn, d] of new ids [B, Tn] that follow the positions cached in `past` (one
   * LayerKV per layer, null: none), and the cache extended by them. Position embeddings start
   * at the number of cached positions Tp, so the result equals hidden's last Tn positions of
   * the whole sequence. For inference (generate); training uses hidden.
   */
  hiddenCached(idx: number[][] | Tensor, past: readonly LayerKV[] | null): { h: Tensor; cache: LayerKV[] } {
    const tokens = ids(idx);
    if (tokens.rank !== 2) throw new Error(`GPT: expected ids of shape [B, T], got rank ${tokens.rank}`);
    if (past && past.length !== this.blocks.length) throw new Error(`GPT: the cache has ${past.length} layers, the model ${this.blocks.length}`);
    const Tp = past ? past[0].k.shape[2] : 0, Tn = tokens.shape[1];
    if (Tp + Tn > this.config.blockSize) {
      throw new Error(`GPT: ${Tp} cached and ${Tn} new positions exceed blockSize ${this.config.blockSize}`);
    }
    let x = this.drop.call(add(this.wte.call(tokens), this.wpe.call(arange(Tp, Tp + Tn))));
    const cache = this.blocks.map((block, l) => {
      const out = block.forwardCached(x, past ? past[l] : null);
      x = out.x;
      return out.kv;
    });
    return { h: this.lnF.call(x), cache };
  }

  /** Logits through the tied head: h · wteᵀ, with h of any shape [..., d]. */
  head(h: Tensor): Tensor {
    const d = this.config.nEmbd, lead = h.shape.slice(0, -1);
    // one [N, d] x [V, d]ᵀ product (not one per batch row, which would re-pack wte B times)
    const logits = matmulT(reshape(h, [h.size / d, d]), this.wte.weight, false, true);
    return reshape(logits, [...lead, this.config.vocabSize]);
  }

  /**
   * logits [B, T, V] for ids [B, T]; with targets [B, T] also the mean cross-entropy over the
   * targets that are not -100 (padding).
   * @example const { loss } = model.forward(batch.x, batch.y); loss!.backward();
   */
  // @ts-expect-error Module types forward as Tensor -> Tensor; like nanoGPT's, this one returns (logits, loss)
  forward(idx: number[][] | Tensor, targets?: number[][] | Tensor): { logits: Tensor; loss?: Tensor } {
    const logits = this.head(this.hidden(idx));
    return targets === undefined ? { logits } : { logits, loss: crossEntropy(logits, ids(targets)) };
  }

  /** Module.call for Sequential-style use: logits only. */
  call(idx: Tensor): Tensor {
    return this.forward(idx).logits;
  }

  /** With `record`, each forward keeps every layer's attention weights of batch row 0. */
  recordAttention(record: boolean): void {
    for (const b of this.blocks) {
      b.attn.record = record;
      if (!record) b.attn.lastWeights = null;
    }
  }

  /** Batch row 0's attention weights of the last forward, one [T, T] map per layer and head (null: not recorded). */
  attentionMaps(): AttentionMap[] | null {
    const out: AttentionMap[] = [];
    for (const [layer, b] of this.blocks.entries()) {
      const w = b.attn.lastWeights;
      if (!w) return null;
      const [H, T] = w.shape;
      for (let head = 0; head < H; head++) {
        const weights = Array.from({ length: T }, (_, i) => Array.from(w.data.subarray((head * T + i) * T, (head * T + i + 1) * T)));
        out.push({ layer, head, weights });
      }
    }
    return out;
  }

  /**
   * Extend `prompt` one sampled token at a time (mask → temperature → top-k → top-p), seeing only
   * the last blockSize tokens. Returns the whole sequence, prompt included (as nanoGPT).
   * With the cache (default), the prompt runs once and each later token one position; the
   * cached steps do not record attention (recordAttention: run forward on the result).
   * @example model.generate([bos], { maxNewTokens: 25, temperature: 0.8, mask: tangPoemMask(vocab), stop: eos });
   */
  generate(prompt: number[], opts: GenerateOptions): number[] {
    if (prompt.length === 0) throw new Error('GPT.generate: the prompt needs at least one token (e.g. <bos>)');
    const seq = [...prompt], T = this.config.blockSize, useCache = opts.cache ?? true;
    const wasTraining = this.training;
    // the keys and values of seq's positions so far (kept out of every tidy), or null
    let cache: LayerKV[] | null = null;
    const dropCache = () => {
      for (const { k, v } of cache ?? []) { k.dispose(); v.dispose(); }
      cache = null;
    };
    this.eval();
    try {
      noGrad(() => {
        for (let n = 0; n < opts.maxNewTokens; n++) {
          const allowed = opts.mask?.(seq.length, seq) ?? undefined;
          const row = tidy(() => {
            let h: Tensor;
            if (useCache && seq.length <= T) {
              // first step: the whole prompt (prefill); then only the token sampled last
              const out = this.hiddenCached([cache ? seq.slice(-1) : seq], cache);
              dropCache();
              cache = out.cache.map(({ k, v }) => ({ k: keep(k), v: keep(v) }));
              h = out.h;
            } else {
              // NOTE: past blockSize tokens the model sees the last blockSize at positions
              // 0..T-1, so every token's position (and with it every key and value) shifts by
              // one at each step: a cache cannot slide, and the window is recomputed, as without it
              dropCache();
              h = this.hidden([seq.slice(-T)]);
            }
            // only the last position goes through the head (nanoGPT's x[:, [-1], :])
            return Float64Array.from(this.head(narrow(h, 1, h.shape[1] - 1, 1)).dataSync());
          });
          const next = sampleLogits(row, {
            temperature: opts.temperature, topK: opts.topK, topP: opts.topP, generator: opts.generator, mask: allowed,
          });
          seq.push(next);
          if (next === opts.stop) break;
        }
      });
    } finally {
      dropCache();
      this.train(wasTraining);
    }
    return seq;
  }

  dispose(): void {
    for (const b of this.blocks) b.attn.releaseMasks();
    super.dispose();
  }
}
