/**
 * Weight initialisation, in place (the tensor keeps its identity), like torch.nn.init.
 * fan_in / fan_out of a weight [out, in, ...rest] are in * prod(rest) and out * prod(rest).
 */
import type { Tensor } from '../tensor.ts';
import { noGrad } from '../grad_mode.ts';
import { fromFlat } from '../ops/creation.ts';
import { getDefaultGenerator, type Generator } from '../random.ts';
import { fmt } from '../shape.ts';

export interface InitOptions {
  generator?: Generator;
}

/** [fan_in, fan_out] of a weight with at least 2 dims. */
export function fans(t: Tensor): [number, number] {
  if (t.rank < 2) throw new Error(`init: fan in/out need at least 2 dims, got shape ${fmt(t.shape)}`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function fill(t: Tensor, sample: () => number): Tensor {
  const v = new Float64Array(t.size);
  for (let i = 0; i < v.length; i++) v[i] = sample();
  noGrad(() => {
    const src = fromFlat(v, t.shape);
    t.assign(src);
    src.dispose();
  });
  return t;
}

/** U(a, b) in place. @example uniform(w, -0.1, 0.1); */
export function uniform(t: Tensor, a = 0, b = 1, opts: InitOptions = {}): Tensor {
  const g = opts.generator ?? getDefaultGenerator();
  return fill(t, () => a + (b - a) * g.uniform());
}

/** N(mean, std²) in place. @example normal(w, 0, 0.01); */
export function normal(t: Tensor, mean = 0, std = 1, opts: InitOptions = {}): Tensor {
  const g = opts.generator ?? getDefaultGenerator();
  return fill(t, () => mean + std * g.normal());
}

/** Every entry = value. @example constant(b, 0); */
export function constant(t: Tensor, value: number): Tensor {
  return fill(t, () => value);
}

/**
 * Xavier/Glorot uniform: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)),
 * so Var = gain² * 2 / (fan_in + fan_out).
 * @example xavierUniform(zeros([4, 3])); // |w| <= sqrt(6/7)
 */
export function xavierUniform(t: Tensor, opts: InitOptions & { gain?: number } = {}): Tensor {
  const [fanIn, fanOut] = fans(t);
  const a = (opts.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, -a, a, opts);
}

/**
 * Xavier/Glorot normal: N(0, std²), std = gain * sqrt(2 / (fan_in + fan_out)).
 * @example xavierNormal(zeros([4, 3]));
 */
export function xavierNormal(t: Tensor, opts: InitOptions & { gain?: number } = {}): Tensor {
  const [fanIn, fanOut] = fans(t);
  return normal(t, 0, (opts.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), opts);
}

export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (0 = ReLU). gain = sqrt(2 / (1 + a²)). */
  a?: number;
  /** Preserve the variance of activations ('fanIn', default) or of gradients ('fanOut'). */
  mode?: 'fanIn' | 'fanOut';
}

function kaimingStd(t: Tensor, opts: KaimingOptions): number {
  const [fanIn, fanOut] = fans(t);
  const gain = Math.sqrt(2 / (1 + (opts.a ?? 0) ** 2));
  return gain / Math.sqrt(opts.mode === 'fanOut' ? fanOut : fanIn);
}

/**
 * Kaiming/He uniform: U(-b, b), b = gain * sqrt(3 / fan), gain = sqrt(2 / (1 + a²)),
 * so Var = 2 / ((1 + a²) fan) — 2 / fan_in for ReLU (a = 0).
 * @example kaimingUniform(zeros([8, 4])); // Var ≈ 2/4
 */
export function kaimingUniform(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const b = kaimingStd(t, opts) * Math.sqrt(3);
  return uniform(t, -b, b, opts);
}

/**
 * Kaiming/He normal: N(0, std²), std = gain / sqrt(fan), Var = 2 / fan_in for ReLU.
 * @example kaimingNormal(zeros([8, 4])); // std ≈ sqrt(2/4)
 */
export function kaimingNormal(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return normal(t, 0, kaimingStd(t, opts), opts);
}
