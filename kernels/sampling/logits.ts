/**
 * Choosing the next token from one row of logits: mask, temperature, top-k, top-p (nucleus),
 * all in float64 on plain arrays. Order as in nanoGPT / Hugging Face: mask → temperature →
 * top-k → softmax → top-p → draw.
 */
import { Tensor } from '../tensor.ts';
import { fmt } from '../shape.ts';
import { getDefaultGenerator, type Generator } from '../random.ts';
import { IdHeap } from './heap.ts';
import { multinomial } from './multinomial.ts';

/** One row of logits: plain numbers, a typed array, or a 1-D tensor. */
export type Logits = ArrayLike<number> | Tensor;

export interface SampleOptions {
  /** Divides the logits; 1 leaves them, → 0 sharpens, 0 means argmax. Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens (ties broken by smaller id), an integer ≥ 1. */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p, p in (0, 1]. */
  topP?: number;
  /** Source of the draw; defaults to the global generator (see manualSeed). */
  generator?: Generator;
  /**
   * Allowed tokens: a Set of ids, or one flag per token (true/1 allowed, false/0 not).
   * Disallowed tokens get probability 0, so generation can be held to a form.
   */
  mask?: ReadonlySet<number> | ArrayLike<boolean | number>;
}

/** The tokens that can be drawn, with their probabilities (summing to 1). */
export interface SamplingDistribution {
  ids: number[];
  probs: number[];
}

function fail(name: string, msg: string): never {
  throw new Error(`${name}: ${msg}`);
}

/** Logits as float64 with disallowed tokens set to −∞; validated. */
function prepare(name: string, logits: Logits, mask: SampleOptions['mask']): Float64Array {
  if (logits instanceof Tensor) {
    if (logits.rank !== 1) fail(name, `logits must be 1-D, got shape ${fmt(logits.shape)} (take one row first)`);
  }
  const x = Float64Array.from(logits instanceof Tensor ? logits.dataSync() : logits);
  if (x.length === 0) fail(name, 'logits are empty');
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]) || x[i] === Infinity) fail(name, `logit ${i} is ${x[i]}`);
  if (mask instanceof Set) {
    const allowed = new Uint8Array(x.length);
    for (const id of mask) {
      if (!(Number.isInteger(id) && id >= 0 && id < x.length)) fail(name, `mask id ${id} is not a token id (0..${x.length - 1})`);
      allowed[id] = 1;
    }
    for (let i = 0; i < x.length; i++) if (!allowed[i]) x[i] = -Infinity;
  } else if (mask) {
    const m = mask as ArrayLike<boolean | number>;
    if (m.length !== x.length) fail(name, `mask has ${m.length} flags for ${x.length} logits (pass allowed ids as a Set)`);
    for (let i = 0; i < x.length; i++) {
      const f = m[i];
      if (f !== true && f !== false && f !== 0 && f !== 1) fail(name, `mask flag ${i} is ${f} (need true/false or 1/0; pass ids as a Set)`);
      if (!f) x[i] = -Infinity;
    }
  }
  return x;
}

function validate(name: string, o: SampleOptions): void {
  const t = o.temperature ?? 1;
  if (!(t >= 0 && t < Infinity)) fail(name, `temperature must be ≥ 0 (0 = argmax), got ${t}`);
  if (o.topK !== undefined && !(Number.isInteger(o.topK) && o.topK >= 1)) fail(name, `topK must be an integer ≥ 1, got ${o.topK}`);
  if (o.topP !== undefined && !(o.topP > 0 && o.topP <= 1)) fail(name, `topP must be in (0, 1], got ${o.topP}`);
}

/**
 * The kept ids and unnormalized weights. `sorted` says whether ids are in descending
 * probability (true whenever top-k or top-p selected them).
 * Cost for V logits: O(V) always; with top-k, O(V + k log V) (a heap, no full sort); with top-p,
 * O(V + m log V) for a nucleus of m tokens.
 */
function keep(name: string, logits: Logits, o: SampleOptions): { ids: number[]; weights: number[]; sorted: boolean } {
  validate(name, o);
  const x = prepare(name, logits, o.mask);
  const candidates: number[] = [];
  let best = -1;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === -Infinity) continue;
    candidates.push(i);
    if (best < 0 || x[i] > x[best]) best = i; // strict: the smallest id wins ties
  }
  if (best < 0) fail(name, 'no token is allowed (the mask excludes all, or every logit is -Infinity)');
  const t = o.temperature ?? 1;
  if (t === 0) return { ids: [best], weights: [1], sorted: true };
  // NOTE: subtracting the max keeps exp() from overflowing; the best token gets weight 1
  const max = x[best];
  const w = (i: number): number => Math.exp((x[i] - max) / t);
  const n = candidates.length;
  const k = Math.min(o.topK ?? n, n);
  const p = o.topP ?? 1;
  if (k === n && p === 1) return { ids: candidates, weights: candidates.map(w), sorted: false };

  const heap = new IdHeap(candidates, x);
  let pool: number[] | null = null;
  let z = 0;
  if (k < n) {
    pool = [];
    for (let j = 0; j < k; j++) pool.push(heap.pop()!);
    for (const i of pool) z += w(i);
  } else {
    for (const i of candidates) z += w(i);
  }
  if (p === 1) return { ids: pool!, weights: pool!.map(w), sorted: true };
  const ids: number[] = [], weights: number[] = [];
  let cum = 0;
  while (ids.length < k) {
    const id = pool ? pool[ids.length] : heap.pop()!;
    const wi = w(id);
    ids.push(id);
    weights.push(wi);
    cum += wi;
    if (cum >= p * z) break; // the smallest prefix reaching p: always at least one token
  }
  return { ids, weights, sorted: true };
}

/**
 * One token id drawn from `logits` after masking, temperature, top-k and top-p (float64).
 * temperature 0 returns the argmax (smallest id on ties) and consumes no randomness.
 * Cost: see `samplingDistribution`; O(V) without top-k/top-p, V = number of logits.
 * @example
 * const g = new Generator(0);
 * sampleLogits([2, 1, 0.1], { temperature: 0.8, topK: 2, generator: g }); // 0 or 1
 * sampleLogits(row, { mask: new Set(digitIds), generator: g }); // only digits
 */
export function sampleLogits(logits: Logits, options: SampleOptions = {}): number {
  const { ids, weights } = keep('sampleLogits', logits, options);
  if (ids.length === 1) return ids[0];
  return ids[multinomial(weights, options.generator ?? getDefaultGenerator())];
}

/**
 * The distribution `sampleLogits` draws from, most likely first: which tokens survive the
 * mask, top-k and top-p, and their renormalized probabilities (for showing a reader).
 * @example samplingDistribution([Math.log(0.5), Math.log(0.3), Math.log(0.2)], { topP: 0.75 });
 * // { ids: [0, 1], probs: [0.625, 0.375] }
 */
export function samplingDistribution(logits: Logits, options: Omit<SampleOptions, 'generator'> = {}): SamplingDistribution {
  const { ids, weights, sorted } = keep('samplingDistribution', logits, options);
  let order = ids.map((_, j) => j);
  if (!sorted) order = order.sort((a, b) => weights[b] - weights[a] || ids[a] - ids[b]);
  const z = weights.reduce((s, v) => s + v, 0);
  return { ids: order.map((j) => ids[j]), probs: order.map((j) => weights[j] / z) };
}
