/**
 * 2-D convolution and pooling over NCHW tensors, as torch.nn.functional: conv2d, maxPool2d,
 * avgPool2d, and the sliding-window primitives under them, unfold (im2col) and fold (col2im).
 *
 * conv2d is unfold + matmul: the input's kH×kW patches become columns [N, C·kH·kW, oH·oW] and
 * one product with the weight [C_out, C·kH·kW] gives every output position, on every backend
 * with its own matmul (packed / WebAssembly gemm on the CPU). Its gradients come from the pieces:
 * the weight's is dY·colsᵀ summed over the batch (matmul's), the input's is Wᵀ·dY folded back
 * onto the image (unfold's gradient is fold, and fold's is unfold).
 * Pooling unfolds each channel on its own and reduces over the window.
 */
import type { Window2d } from '../backends/backend.ts';
import { runOp } from '../run_op.ts';
import { composite } from '../autograd/recorder.ts';
import { fmt } from '../shape.ts';
import type { Tensor } from '../tensor.ts';
import { add, div } from './binary.ts';
import { eq } from './compare.ts';
import { arange, fromFlat } from './creation.ts';
import { matmul } from './matmul.ts';
import { argmax, mean, sum } from './reduce.ts';
import { reshape } from './shape_ops.ts';
import { where } from './where.ts';

export type { Window2d };

/** A size per spatial dim: one number for both, or [height, width] (PyTorch's int or tuple). */
export type Size2 = number | readonly [number, number];

export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: Size2;
  /**
   * Zeros added on every side (default 0); 'valid' is 0, 'same' keeps H×W (stride 1 only; an
   * even dilated kernel puts the extra row/column at the bottom/right, as PyTorch).
   */
  padding?: Size2 | 'valid' | 'same';
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2;
  /** Split channels into groups convolved separately (default 1; C_in and C_out divisible by it). */
  groups?: number;
}

export interface UnfoldOptions {
  dilation?: Size2;
  padding?: Size2;
  stride?: Size2;
}

export interface MaxPool2dOptions {
  /** Step between windows; default (and null) = kernelSize, as PyTorch. */
  stride?: Size2 | null;
  /** -Infinity added on every side (default 0; at most half the kernel). */
  padding?: Size2;
  dilation?: Size2;
}

export interface AvgPool2dOptions {
  /** Step between windows; default (and null) = kernelSize. */
  stride?: Size2 | null;
  /** Zeros added on every side (default 0; at most half the kernel). */
  padding?: Size2;
  /** Divide by the whole window, padding included (default true, as PyTorch), or by the real entries only. */
  countIncludePad?: boolean;
}

/** [h, w] from a Size2, checked: integers, at least `min`. */
function pair(op: string, name: string, v: Size2, min: number): [number, number] {
  const p: readonly number[] = typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || p.some((d) => !Number.isInteger(d) || d < min)) {
    const what = min === 0 ? 'non-negative' : 'positive';
    throw new Error(`${op}: ${name} must be a ${what} integer or a pair [h, w] of them, got ${JSON.stringify(v)}`);
  }
  return [p[0], p[1]];
}

const xy = (p: readonly number[]) => `${p[0]}x${p[1]}`;

/**
 * The window of a `k` kernel over `inShape` [N, C, H, W]; padding 'same' pads (d·(k−1))/2 before,
 * the rest after. Throws when the padded input is smaller than the dilated kernel.
 */
function makeWindow(op: string, inShape: readonly number[], k: [number, number], stride: [number, number],
  padding: [number, number] | 'same', dilation: [number, number]): Window2d {
  const [H, W] = inShape.slice(2);
  const eff = [dilation[0] * (k[0] - 1) + 1, dilation[1] * (k[1] - 1) + 1];
  if (padding === 'same') {
    return { kH: k[0], kW: k[1], sH: 1, sW: 1, dH: dilation[0], dW: dilation[1],
      pH: Math.floor((eff[0] - 1) / 2), pW: Math.floor((eff[1] - 1) / 2), oH: H, oW: W };
  }
  const padded = [H + 2 * padding[0], W + 2 * padding[1]];
  if (padded[0] < eff[0] || padded[1] < eff[1]) {
    throw new Error(`${op}: input ${fmt(inShape)} padded to ${xy(padded)} is smaller than the kernel ${xy(eff)}` +
      ` (kernel ${xy(k)}, padding ${fmt(padding)}, dilation ${fmt(dilation)})`);
  }
  return {
    kH: k[0], kW: k[1], sH: stride[0], sW: stride[1], pH: padding[0], pW: padding[1], dH: dilation[0], dW: dilation[1],
    oH: Math.floor((padded[0] - eff[0]) / stride[0]) + 1, oW: Math.floor((padded[1] - eff[1]) / stride[1]) + 1,
  };
}

/**
 * The unfold primitive on a window already worked out: x [N, C, H, W] -> [N, C·kH·kW, oH·oW],
 * `padValue` outside x (its gradient ignores it: padding receives no gradient).
 * @example im2col(x, win, 0); // conv2d's columns
 */
export function im2col(x: Tensor, win: Window2d, padValue = 0): Tensor {
  const [N, C] = x.shape;
  const out = [N, C * win.kH * win.kW, win.oH * win.oW];
  return runOp('unfold', [x], out, (be, [s]) => be.unfold(s, x.shape, win, padValue), { attrs: { window: win, padValue } });
}

/**
 * The fold primitive, im2col's adjoint: cols [N, C·kH·kW, oH·oW] -> outShape [N, C, H, W], each
 * entry added where im2col read it.
 */
export function col2im(cols: Tensor, outShape: readonly number[], win: Window2d): Tensor {
  const out = [...outShape];
  return runOp('fold', [cols], out, (be, [s]) => be.fold(s, out, win), { attrs: { window: win } });
}

/** x as [N, C, H, W] plus a function putting the batch dim back off (unbatched [C, H, W] input). */
function batched(op: string, x: Tensor, what: string): [Tensor, (y: Tensor) => Tensor] {
  if (x.rank === 4) return [x, (y) => y];
  if (x.rank === 3) return [reshape(x, [1, ...x.shape]), (y) => reshape(y, y.shape.slice(1))];
  throw new Error(`${op}: input must be ${what} (or unbatched ${what.replace('N, ', '')}), got shape ${fmt(x.shape)}`);
}

/**
 * torch.nn.functional.unfold: the kH×kW patches of x [N, C, H, W] as columns,
 * [N, C·kH·kW, L] with L = oH·oW windows (row (c·kH + i)·kW + j is tap (i, j) of channel c).
 * @example unfold(arange(16).reshape(1, 1, 4, 4), 2, { stride: 2 }); // [1, 4, 4]
 */
export function unfold(x: Tensor, kernelSize: Size2, opts: UnfoldOptions = {}): Tensor {
  if (x.rank !== 4) throw new Error(`unfold: input must be [N, C, H, W], got shape ${fmt(x.shape)}`);
  const win = makeWindow('unfold', x.shape, pair('unfold', 'kernelSize', kernelSize, 1), pair('unfold', 'stride', opts.stride ?? 1, 1),
    pair('unfold', 'padding', opts.padding ?? 0, 0), pair('unfold', 'dilation', opts.dilation ?? 1, 1));
  return im2col(x, win);
}

/**
 * torch.nn.functional.fold, unfold's adjoint: columns [N, C·kH·kW, L] summed back into
 * [N, C, ...outputSize] (overlapping windows add up). fold(unfold(x)) = x · (windows per pixel).
 * @example fold(unfold(x, 2, { stride: 2 }), [4, 4], 2, { stride: 2 }); // x again ([1, 1, 4, 4])
 */
export function fold(cols: Tensor, outputSize: Size2, kernelSize: Size2, opts: UnfoldOptions = {}): Tensor {
  const [H, W] = pair('fold', 'outputSize', outputSize, 1);
  const k = pair('fold', 'kernelSize', kernelSize, 1);
  if (cols.rank !== 3 || cols.shape[1] % (k[0] * k[1]) !== 0) {
    throw new Error(`fold: input must be [N, C·kH·kW, L] with C·kH·kW divisible by ${k[0] * k[1]} (kernel ${xy(k)}), got shape ${fmt(cols.shape)}`);
  }
  const [N, CK, L] = cols.shape;
  const outShape = [N, CK / (k[0] * k[1]), H, W];
  const win = makeWindow('fold', outShape, k, pair('fold', 'stride', opts.stride ?? 1, 1),
    pair('fold', 'padding', opts.padding ?? 0, 0), pair('fold', 'dilation', opts.dilation ?? 1, 1));
  if (win.oH * win.oW !== L) {
    throw new Error(`fold: input ${fmt(cols.shape)} has ${L} windows, but a ${xy(k)} kernel over outputSize ${xy([H, W])}` +
      ` gives ${win.oH}x${win.oW} = ${win.oH * win.oW}`);
  }
  return col2im(cols, outShape, win);
}

/**
 * 2-D cross-correlation, as torch.nn.functional.conv2d: x [N, C_in, H, W] (or [C_in, H, W]),
 * weight [C_out, C_in/groups, kH, kW], bias [C_out] -> [N, C_out, oH, oW] with
 * oH = ⌊(H + 2·padding − dilation·(kH − 1) − 1) / stride⌋ + 1 (likewise oW).
 * @example conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2])); // [[[[4, 4], [4, 4]]]]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  return composite('conv2d', () => {
    const [x4, unbatch] = batched('conv2d', x, '[N, C, H, W]');
    if (weight.rank !== 4) {
      throw new Error(`conv2d: weight must be [C_out, C_in/groups, kH, kW], got shape ${fmt(weight.shape)}`);
    }
    const groups = opts.groups ?? 1;
    const [O, Cg, kH, kW] = weight.shape;
    const C = x4.shape[1];
    if (!Number.isInteger(groups) || groups < 1) throw new Error(`conv2d: groups must be a positive integer, got ${groups}`);
    if (C !== Cg * groups) {
      throw new Error(`conv2d: input ${fmt(x.shape)} has ${C} channels, weight ${fmt(weight.shape)} expects ${Cg * groups} (groups ${groups})`);
    }
    if (O % groups !== 0) {
      throw new Error(`conv2d: weight ${fmt(weight.shape)} has ${O} output channels, not divisible by groups ${groups}`);
    }
    if (bias && (bias.rank !== 1 || bias.shape[0] !== O)) {
      throw new Error(`conv2d: bias shape ${fmt(bias.shape)} must be [${O}] (one per output channel of weight ${fmt(weight.shape)})`);
    }
    const stride = pair('conv2d', 'stride', opts.stride ?? 1, 1);
    const dilation = pair('conv2d', 'dilation', opts.dilation ?? 1, 1);
    const p = opts.padding ?? 0;
    if (p === 'same' && (stride[0] !== 1 || stride[1] !== 1)) {
      throw new Error(`conv2d: padding 'same' needs stride 1, got stride ${fmt(stride)}`);
    }
    const padding = p === 'same' ? 'same' : pair('conv2d', 'padding', p === 'valid' ? 0 : p, 0);
    const win = makeWindow('conv2d', x4.shape, [kH, kW], stride, padding, dilation);
    const N = x4.shape[0], K = Cg * kH * kW, L = win.oH * win.oW;
    const cols = im2col(x4, win); // [N, C·kH·kW, L]
    // one [C_out, K] weight matrix broadcast over the batch (per group: [groups, C_out/groups, K])
    const y = groups === 1
      ? matmul(reshape(weight, [O, K]), cols)
      : matmul(reshape(weight, [groups, O / groups, K]), reshape(cols, [N, groups, K, L]));
    let out = reshape(y, [N, O, win.oH, win.oW]);
    if (bias) out = add(out, reshape(bias, [O, 1, 1]));
    return unbatch(out);
  });
}

/** Window of a pooling op; PyTorch's limit: padding at most half the kernel. */
function poolWindow(op: string, x: Tensor, kernelSize: Size2, stride: Size2 | null | undefined, padding: Size2,
  dilation: Size2): Window2d {
  const k = pair(op, 'kernelSize', kernelSize, 1);
  const pad = pair(op, 'padding', padding, 0);
  if (pad[0] > k[0] / 2 || pad[1] > k[1] / 2) {
    throw new Error(`${op}: padding ${fmt(pad)} must be at most half the kernel size ${fmt(k)}`);
  }
  return makeWindow(op, x.shape, k, pair(op, 'stride', stride ?? k, 1), pad, pair(op, 'dilation', dilation, 1));
}

/**
 * Max over each kH×kW window, per channel, as torch.nn.functional.max_pool2d:
 * x [N, C, H, W] (or [C, H, W]) -> [N, C, oH, oW]; stride defaults to the kernel size.
 * The gradient goes to the FIRST maximum of each window (row-major), as PyTorch on the CPU;
 * padding is -Infinity, so it is never picked over a real entry.
 * NOTE: with padding > 0 the internal unfold holds those -Infinity entries, so
 * setCheckNumerics('throw') stops there (as it does on masked attention scores).
 * @example maxPool2d(tensor([[[[1, 2], [4, 3]]]]), 2); // [[[[4]]]]
 */
export function maxPool2d(x: Tensor, kernelSize: Size2, opts: MaxPool2dOptions = {}): Tensor {
  return composite('maxPool2d', () => {
    const [x4, unbatch] = batched('maxPool2d', x, '[N, C, H, W]');
    const win = poolWindow('maxPool2d', x4, kernelSize, opts.stride, opts.padding ?? 0, opts.dilation ?? 1);
    const [N, C, H, W] = x4.shape;
    const kk = win.kH * win.kW;
    const cols = im2col(reshape(x4, [N * C, 1, H, W]), win, -Infinity); // [N·C, kk, L]
    // one-hot of the first argmax per window; `where`, not a product, so -Infinity · 0 never makes NaN
    const first = eq(argmax(cols, 1, true), reshape(arange(kk), [kk, 1]));
    const y = sum(where(first, cols, 0), 1);
    return unbatch(reshape(y, [N, C, win.oH, win.oW]));
  });
}

/**
 * Mean over each kH×kW window, per channel, as torch.nn.functional.avg_pool2d (zero padding,
 * counted in the divisor unless countIncludePad is false); stride defaults to the kernel size.
 * @example avgPool2d(tensor([[[[1, 2], [4, 3]]]]), 2); // [[[[2.5]]]]
 */
export function avgPool2d(x: Tensor, kernelSize: Size2, opts: AvgPool2dOptions = {}): Tensor {
  return composite('avgPool2d', () => {
    const [x4, unbatch] = batched('avgPool2d', x, '[N, C, H, W]');
    const win = poolWindow('avgPool2d', x4, kernelSize, opts.stride, opts.padding ?? 0, 1);
    const [N, C, H, W] = x4.shape;
    const cols = im2col(reshape(x4, [N * C, 1, H, W]), win, 0); // [N·C, kk, L]
    const padded = win.pH > 0 || win.pW > 0;
    const y = opts.countIncludePad === false && padded ? div(sum(cols, 1), realCounts(win, H, W)) : mean(cols, 1);
    return unbatch(reshape(y, [N, C, win.oH, win.oW]));
  });
}

/** Entries of each window inside the H×W input: [oH·oW]. */
function realCounts(win: Window2d, H: number, W: number): Tensor {
  const inside = (o: number, s: number, p: number, k: number, n: number) => {
    let c = 0;
    for (let i = 0; i < k; i++) { const h = o * s - p + i; if (h >= 0 && h < n) c++; }
    return c;
  };
  const v = new Float64Array(win.oH * win.oW);
  for (let oh = 0; oh < win.oH; oh++) {
    for (let ow = 0; ow < win.oW; ow++) {
      v[oh * win.oW + ow] = inside(oh, win.sH, win.pH, win.kH, H) * inside(ow, win.sW, win.pW, win.kW, W);
    }
  }
  return fromFlat(v, [win.oH * win.oW]);
}
