/**
 * Convolution and pooling (issue 11): conv2d, maxPool2d, avgPool2d, unfold / fold and the
 * nn layers, on every backend. Forward values are hand-computed or come from a plain float64
 * loop reference (`refConv2d`, the definition written out); gradients are checked against
 * float64 central differences (`checkOp`, `checkGradient`); output shapes are the ones PyTorch
 * documents; a 2-layer CNN's training steps lower its loss.
 */
import { describe, expect, it } from 'vitest';
import {
  F, nn, optim, tensor, randn, zeros, ones, conv2d, maxPool2d, avgPool2d, unfold, fold,
  checkGradient, setBackend, tidy, Generator, fromFlat, type Tensor, type Conv2dOptions,
} from '../../kernels/index.ts';
import { BACKENDS, checkOp, expectClose, flat, tolerance } from './helpers.ts';
import { nest } from './transformer-helpers.ts';

const gen = (seed = 5) => ({ generator: new Generator(seed) });
const pairOf = (v: number | readonly [number, number] | undefined, d: number) =>
  (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/**
 * The definition of conv2d as plain float64 loops (no im2col, no matmul):
 * y[n, o, i, j] = b[o] + Σ_{c in o's group, p, q} x[n, c, i·s − pad + p·d, j·s − pad + q·d] · w[o, c', p, q].
 */
function refConv2d(x: number[], xs: number[], w: number[], ws: number[], b: number[] | null,
  opts: { stride?: number | [number, number]; padding?: number | [number, number]; dilation?: number | [number, number]; groups?: number } = {}) {
  const [N, C, H, W] = xs, [O, Cg, kH, kW] = ws;
  const [sH, sW] = pairOf(opts.stride, 1), [pH, pW] = pairOf(opts.padding, 0), [dH, dW] = pairOf(opts.dilation, 1);
  const G = opts.groups ?? 1, Og = O / G;
  const oH = Math.floor((H + 2 * pH - dH * (kH - 1) - 1) / sH) + 1, oW = Math.floor((W + 2 * pW - dW * (kW - 1) - 1) / sW) + 1;
  const out: number[] = [];
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < oH; i++) for (let j = 0; j < oW; j++) {
    let s = b ? b[o] : 0;
    const g = Math.floor(o / Og);
    for (let c = 0; c < Cg; c++) for (let p = 0; p < kH; p++) for (let q = 0; q < kW; q++) {
      const h = i * sH - pH + p * dH, v = j * sW - pW + q * dW;
      if (h < 0 || h >= H || v < 0 || v >= W) continue;
      s += x[((n * C + g * Cg + c) * H + h) * W + v] * w[((o * Cg + c) * kH + p) * kW + q];
    }
    out.push(s);
  }
  return { values: out, shape: [N, O, oH, oW] };
}

/** Seeded values in [-1, 1) of `shape`, as nested arrays and flat. */
function sample(shape: number[], seed: number) {
  const t = randn(shape, gen(seed));
  const v = Array.from(t.dataSync());
  return { nested: nest(v, shape), flat: v };
}

/** conv2d of seeded inputs against refConv2d, with gradients, through checkOp. */
function checkConv(b: string, xs: number[], ws: number[], opts: Conv2dOptions & { bias?: boolean }, seed = 11) {
  const x = sample(xs, seed), w = sample(ws, seed + 1), bias = opts.bias ? sample([ws[0]], seed + 2) : null;
  // 'same' with an odd (dilated) kernel is the symmetric padding d·(k − 1)/2
  const [dH, dW] = pairOf(opts.dilation as number | [number, number] | undefined, 1);
  const padding = opts.padding === 'same' ? [dH * (ws[2] - 1) / 2, dW * (ws[3] - 1) / 2] : opts.padding;
  const o = { stride: opts.stride, padding, dilation: opts.dilation, groups: opts.groups };
  const ref = refConv2d(x.flat, xs, w.flat, ws, bias?.flat ?? null, o as Parameters<typeof refConv2d>[5]);
  const inputs = bias ? [x.nested, w.nested, bias.nested] : [x.nested, w.nested];
  checkOp(b, (a, k, c) => conv2d(a, k, c ?? null, opts), inputs, nest(ref.values, ref.shape), { atol: 1e-4 });
}

describe.each(BACKENDS)('conv2d on %s', (b) => {
  const X = [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]];
  const K = [[[[1, 0], [-1, 2]]]];

  it('a 2x2 kernel over a 3x3 image, plus bias (hand-computed), with x / weight / bias gradients', () =>
    // y[0,0] = 1·1 + 2·0 + 4·(−1) + 5·2 + 0.5 = 7.5, and so on
    checkOp(b, (x, w, c) => conv2d(x, w, c), [X, K, [0.5]], [[[[7.5, 9.5], [13.5, 15.5]]]]));
  it('stride 2 and padding 1 (hand-computed on the zero-padded 5x5)', () =>
    // windows at padded rows/cols 0 and 2: [0 0; 0 1]·K = 2, [0 0; 2 3]·K = 4, [0 4; 0 7]·K = 14, [5 6; 8 9]·K = 15
    checkOp(b, (x, w) => conv2d(x, w, null, { stride: 2, padding: 1 }), [X, K], [[[[2, 4], [14, 15]]]]));
  it('an unbatched [C, H, W] input gives [C_out, oH, oW]', () =>
    checkOp(b, (x, w) => conv2d(x, w), [X[0], K], [[[7, 9], [13, 15]]]));
  it('several input and output channels, batch 2, bias', () => checkConv(b, [2, 3, 5, 4], [4, 3, 3, 3], { bias: true }));
  it('stride [2, 1], padding [1, 2], dilation [2, 1]', () =>
    checkConv(b, [1, 2, 7, 6], [3, 2, 3, 2], { stride: [2, 1], padding: [1, 2], dilation: [2, 1], bias: true }));
  it('groups 2 (each half of the channels has its own filters)', () =>
    checkConv(b, [2, 4, 4, 4], [6, 2, 2, 3], { groups: 2, padding: 1, bias: true }));
  it("depthwise (groups = channels) with padding 'same'", () => checkConv(b, [1, 3, 5, 5], [3, 1, 3, 3], { groups: 3, padding: 'same' }));
  it("padding 'same' with an even kernel pads the extra row/column at the bottom/right", () => {
    // PyTorch: total padding d·(k−1) = 1, 0 before and 1 after; equal to padding 0 on the image with a zero row/column appended
    setBackend(b);
    const x = sample([1, 1, 4, 5], 3), w = sample([2, 1, 2, 2], 4);
    const same = conv2d(tensor(x.nested), tensor(w.nested), null, { padding: 'same' });
    expect(same.shape).toEqual([1, 2, 4, 5]);
    const padded = nest(x.flat, [4, 5]) as number[][];
    const grown = [...padded.map((r) => [...r, 0]), [0, 0, 0, 0, 0, 0]];
    const ref = refConv2d(grown.flat(), [1, 1, 5, 6], w.flat, [2, 1, 2, 2], null);
    expectClose(same.toArray(), nest(ref.values, ref.shape), tolerance(b).atol * 10, tolerance(b).rtol);
  });
  it('a 1x1 convolution is a per-pixel linear map over channels', () => checkConv(b, [2, 3, 2, 3], [2, 3, 1, 1], { bias: true }));
});

describe.each(BACKENDS)('pooling and unfold / fold on %s', (b) => {
  const X = [[[[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 7, 6], [9, 1, 3, 4]]]];

  it('maxPool2d 2x2 (hand-computed), gradient to each window\'s max', () =>
    checkOp(b, (x) => maxPool2d(x, 2), [X], [[[[5, 8], [9, 7]]]]));
  it('maxPool2d with overlapping windows (kernel 3, stride 1)', () =>
    checkOp(b, (x) => maxPool2d(x, 3, { stride: 1 }), [X], [[[[8, 8], [9, 8]]]]));
  it('maxPool2d pads with -Infinity: an all-negative input keeps negative maxima', () =>
    checkOp(b, (x) => maxPool2d(x, 2, { stride: 1, padding: 1 }), [[[[[-1, -2], [-3, -4]]]]],
      [[[[-1, -1, -2], [-1, -1, -2], [-3, -3, -4]]]]));
  it('maxPool2d with dilation 2 and a [1, 2] kernel', () =>
    checkOp(b, (x) => maxPool2d(x, [1, 2], { stride: 1, dilation: 2 }), [X], [[[[2, 5], [8, 4], [7, 6], [9, 4]]]]));
  it('maxPool2d ties: the gradient goes to the first maximum only (PyTorch on the CPU)', () => {
    setBackend(b);
    const x = tensor([[[[2, 2], [1, 2]]]], { requiresGrad: true });
    maxPool2d(x, 2).sum().backward();
    expect(x.grad!.toArray()).toEqual([[[[1, 0], [0, 0]]]]);
    // overlapping windows over columns 0-1, 1-2, 2-3: [1 3] and the tie [3 3] pick column 1, [3 1] picks column 2
    const y = tensor([[[[1, 3, 3, 1]]]], { requiresGrad: true });
    maxPool2d(y, [1, 2], { stride: 1 }).sum().backward();
    expect(y.grad!.toArray()).toEqual([[[[0, 2, 1, 0]]]]);
  });
  it('maxPool2d over two channels and a batch of 2', () => {
    const x = sample([2, 2, 4, 6], 21);
    const v = x.flat;
    const want: number[] = [];
    for (let q = 0; q < 4; q++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) {
      const at = (h: number, w: number) => v[q * 24 + h * 6 + w];
      want.push(Math.max(at(2 * i, 2 * j), at(2 * i, 2 * j + 1), at(2 * i + 1, 2 * j), at(2 * i + 1, 2 * j + 1)));
    }
    checkOp(b, (t) => maxPool2d(t, 2), [x.nested], nest(want, [2, 2, 2, 3]));
  });
  it('avgPool2d 2x2 (hand-computed)', () => checkOp(b, (x) => avgPool2d(x, 2), [X], [[[[3.25, 2.75], [3, 5]]]]));
  it('avgPool2d with padding counts the zeros, unless countIncludePad is false', () => {
    checkOp(b, (x) => avgPool2d(x, 2, { padding: 1 }), [[[[[1, 2], [3, 4]]]]], [[[[0.25, 0.5], [0.75, 1]]]]);
    checkOp(b, (x) => avgPool2d(x, 2, { padding: 1, countIncludePad: false }), [[[[[1, 2], [3, 4]]]]], [[[[1, 2], [3, 4]]]]);
  });
  it('unfold: the 2x2 patches of a 4x4 image as columns (torch.nn.functional.unfold)', () =>
    checkOp(b, (x) => unfold(x, 2, { stride: 2 }), [[[[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]]]]],
      [[[0, 2, 8, 10], [1, 3, 9, 11], [4, 6, 12, 14], [5, 7, 13, 15]]]));
  it('fold sums overlapping windows: fold(unfold(ones)) counts the windows per pixel', () => {
    setBackend(b);
    const cols = unfold(ones([1, 1, 3, 3]), 2);
    expect(fold(cols, 3, 2).toArray()).toEqual([[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]);
  });
  it('fold with stride, padding and dilation, with its gradient', () => {
    const c = sample([2, 2 * 4, 6], 31); // 2 channels, 2x2 kernel, 3x2 windows
    // the reference: fold is unfold's adjoint, so <fold(c), v> = <c, unfold(v)> for every v
    setBackend('cpu64');
    const v = randn([2, 2, 5, 4], gen(32));
    const lhs = fold(tensor(c.nested), [5, 4], 2, { stride: [2, 1], padding: [1, 0], dilation: [1, 2] }).mul(v).sum().item();
    const rhs = tensor(c.nested).mul(unfold(v, 2, { stride: [2, 1], padding: [1, 0], dilation: [1, 2] })).sum().item();
    expect(lhs).toBeCloseTo(rhs, 10);
    const want = fold(tensor(c.nested), [5, 4], 2, { stride: [2, 1], padding: [1, 0], dilation: [1, 2] }).toArray();
    checkOp(b, (t) => fold(t, [5, 4], 2, { stride: [2, 1], padding: [1, 0], dilation: [1, 2] }), [c.nested], want);
  });
});

describe('output shapes (the ones PyTorch documents)', () => {
  const shapeOf = (f: () => Tensor) => tidy(() => [...f().shape]);
  it('nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1)) on [1, 16, 50, 100] -> [1, 33, 26, 100]', () => {
    setBackend('cpu');
    const conv = new nn.Conv2d(16, 33, [3, 5], { stride: [2, 1], padding: [4, 2], dilation: [3, 1] });
    expect(shapeOf(() => conv.call(zeros([1, 16, 50, 100])))).toEqual([1, 33, 26, 100]);
    expect(shapeOf(() => new nn.Conv2d(16, 33, 3, { stride: 2 }).call(zeros([1, 16, 50, 100])))).toEqual([1, 33, 24, 49]);
  });
  it('nn.MaxPool2d(3, stride=2) on [2, 16, 50, 32] -> [2, 16, 24, 15]; (3, 2) kernel with stride (2, 1) -> [2, 16, 24, 31]', () => {
    setBackend('cpu');
    expect(shapeOf(() => new nn.MaxPool2d(3, { stride: 2 }).call(zeros([2, 16, 50, 32])))).toEqual([2, 16, 24, 15]);
    expect(shapeOf(() => new nn.MaxPool2d([3, 2], { stride: [2, 1] }).call(zeros([2, 16, 50, 32])))).toEqual([2, 16, 24, 31]);
    expect(shapeOf(() => new nn.AvgPool2d(3, { stride: 2 }).call(zeros([2, 16, 50, 32])))).toEqual([2, 16, 24, 15]);
  });
  it('the formula ⌊(H + 2p − d(k − 1) − 1) / s⌋ + 1 over a grid of settings', () => {
    setBackend('cpu64');
    for (const H of [5, 8, 9]) for (const k of [1, 2, 3]) for (const s of [1, 2, 3]) for (const p of [0, 1]) for (const d of [1, 2]) {
      const o = Math.floor((H + 2 * p - d * (k - 1) - 1) / s) + 1;
      if (o < 1) continue;
      expect(shapeOf(() => conv2d(zeros([1, 1, H, H + 1]), zeros([2, 1, k, k]), null, { stride: s, padding: p, dilation: d })))
        .toEqual([1, 2, o, Math.floor((H + 1 + 2 * p - d * (k - 1) - 1) / s) + 1]);
    }
  });
  it("padding 'same' keeps H x W, 'valid' is padding 0", () => {
    setBackend('cpu64');
    expect(shapeOf(() => conv2d(zeros([1, 2, 7, 6]), zeros([3, 2, 4, 3]), null, { padding: 'same', dilation: 2 }))).toEqual([1, 3, 7, 6]);
    expect(shapeOf(() => conv2d(zeros([1, 2, 7, 6]), zeros([3, 2, 4, 3]), null, { padding: 'valid' }))).toEqual([1, 3, 4, 4]);
  });
  it('the CNN of chapter 6: [64, 1, 8, 8] -> conv 8 -> pool -> conv 16 -> pool -> flatten [64, 64]', () => {
    setBackend('cpu');
    const model = new nn.Sequential(new nn.Conv2d(1, 8, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(8, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten());
    expect(shapeOf(() => model.call(zeros([64, 1, 8, 8])))).toEqual([64, 64]);
  });
});

describe('gradients against float64 central differences (cpu64, checkGradient)', () => {
  const check = (f: (...xs: Tensor[]) => Tensor, shapes: number[][]) => {
    setBackend('cpu64');
    const xs = shapes.map((s, i) => randn(s, gen(40 + i)));
    const w = randn([...tidy(() => f(...xs)).shape], gen(50));
    const r = checkGradient((...ys) => f(...ys).mul(w).sum(), xs);
    expect(r.ok, JSON.stringify(r.inputs.map((i) => [i.name, i.maxAbsError, i.worst[0]]))).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-6);
  };
  it('conv2d: x, weight and bias with stride, padding, dilation and groups', () =>
    check((x, w, c) => conv2d(x, w, c, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 }), [[2, 4, 6, 5], [4, 2, 3, 2], [4]]));
  it("conv2d with padding 'same' and an even kernel", () =>
    check((x, w) => conv2d(x, w, null, { padding: 'same' }), [[1, 2, 5, 4], [3, 2, 2, 4]]));
  it('maxPool2d with overlapping windows and -Infinity padding', () =>
    check((x) => maxPool2d(x, 3, { stride: 2, padding: 1 }), [[2, 3, 7, 6]]));
  it('avgPool2d with padding, countIncludePad false', () =>
    check((x) => avgPool2d(x, [3, 2], { stride: [1, 2], padding: 1, countIncludePad: false }), [[1, 2, 5, 6]]));
  it('conv2d -> relu -> maxPool2d -> conv2d chained', () =>
    check((x, w1, w2) => conv2d(maxPool2d(conv2d(x, w1, null, { padding: 1 }).relu(), 2), w2), [[2, 1, 6, 6], [3, 1, 3, 3], [2, 3, 2, 2]]));
});

describe('errors name the op and the shapes', () => {
  it('channel mismatch, groups, bias, rank, too-small input, bad sizes', () => {
    setBackend('cpu64');
    expect(() => conv2d(zeros([1, 3, 8, 8]), zeros([4, 2, 3, 3])))
      .toThrow('conv2d: input [1,3,8,8] has 3 channels, weight [4,2,3,3] expects 2 (groups 1)');
    expect(() => conv2d(zeros([1, 4, 8, 8]), zeros([3, 2, 3, 3]), null, { groups: 2 })).toThrow(/3 output channels, not divisible by groups 2/);
    expect(() => conv2d(zeros([1, 2, 8, 8]), zeros([4, 2, 3, 3]), zeros([3]))).toThrow(/bias shape \[3\] must be \[4\]/);
    expect(() => conv2d(zeros([8, 8]), zeros([4, 1, 3, 3]))).toThrow(/conv2d: input must be \[N, C, H, W\].*got shape \[8,8\]/);
    expect(() => conv2d(zeros([1, 1, 8, 8]), zeros([4, 3, 3]))).toThrow(/conv2d: weight must be \[C_out, C_in\/groups, kH, kW\], got shape \[4,3,3\]/);
    expect(() => conv2d(zeros([1, 1, 2, 2]), zeros([1, 1, 3, 3]))).toThrow(/conv2d: input \[1,1,2,2\] padded to 2x2 is smaller than the kernel 3x3/);
    expect(() => conv2d(zeros([1, 1, 5, 5]), zeros([1, 1, 3, 3]), null, { stride: 0 })).toThrow(/conv2d: stride must be a positive integer/);
    expect(() => conv2d(zeros([1, 1, 5, 5]), zeros([1, 1, 3, 3]), null, { padding: 'same', stride: 2 })).toThrow(/padding 'same' needs stride 1/);
    expect(() => maxPool2d(zeros([1, 1, 5, 5]), 2, { padding: 2 })).toThrow('maxPool2d: padding [2,2] must be at most half the kernel size [2,2]');
    expect(() => avgPool2d(zeros([5, 5]), 2)).toThrow(/avgPool2d: input must be \[N, C, H, W\]/);
    expect(() => fold(zeros([1, 8, 5]), 3, 2)).toThrow(/fold: input \[1,8,5\] has 5 windows, but a 2x2 kernel over outputSize 3x3 gives 2x2 = 4/);
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow(/Conv2d: groups 2 must divide inChannels 3/);
    expect(() => new nn.Conv2d(3, 4, 3, { padding: 'same', stride: 2 })).toThrow(/Conv2d: padding 'same' needs stride 1/);
  });
});

describe('nn layers', () => {
  it('nn.Conv2d: weight [out, in/groups, kH, kW] and bias U(±1/√fan_in) (kaiming-uniform, a = √5)', () => {
    setBackend('cpu64');
    const conv = new nn.Conv2d(4, 6, [3, 2], { groups: 2, ...gen(1) });
    expect(conv.weight.shape).toEqual([6, 2, 3, 2]);
    expect(conv.bias!.shape).toEqual([6]);
    expect(conv.namedParameters().map(([n]) => n)).toEqual(['weight', 'bias']);
    const bound = 1 / Math.sqrt(2 * 3 * 2);
    const w = flat(conv.weight.toArray()), c = flat(conv.bias!.toArray());
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(bound * 0.7); // spread over the whole range
    expect(Math.max(...c.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(new nn.Conv2d(1, 2, 3, { bias: false }).parameters().length).toBe(1);
    // the same generator seed gives the same layer
    expect(new nn.Conv2d(4, 6, [3, 2], { groups: 2, ...gen(1) }).weight.toArray()).toEqual(conv.weight.toArray());
  });
  it('nn.Conv2d forward is F.conv2d with its settings', () => {
    setBackend('cpu64');
    const conv = new nn.Conv2d(2, 3, 3, { stride: 2, padding: 1, ...gen(2) });
    const x = randn([2, 2, 5, 5], gen(3));
    expectClose(conv.call(x).toArray(), F.conv2d(x, conv.weight, conv.bias, { stride: 2, padding: 1 }).toArray(), 0, 0);
  });
  it('nn.Flatten keeps the batch dim; startDim / endDim as torch', () => {
    setBackend('cpu64');
    expect(new nn.Flatten().call(zeros([4, 2, 3, 3])).shape).toEqual([4, 18]);
    expect(new nn.Flatten(0).call(zeros([4, 2, 3])).shape).toEqual([24]);
    expect(new nn.Flatten(1, 2).call(zeros([4, 2, 3, 5])).shape).toEqual([4, 6, 5]);
  });
});

/** 8x8 images of one bar: class 0 horizontal, class 1 vertical, at a random row/column, plus noise. */
function bars(n: number, seed: number): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const v = new Float64Array(n * 64), labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const cls = k % 2, at = 1 + g.int(6);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) {
      const on = cls === 0 ? i === at : j === at;
      v[k * 64 + i * 8 + j] = (on ? 1 : 0) + 0.1 * g.normal();
    }
    labels.push(cls);
  }
  return { x: fromFlat(v, [n, 1, 8, 8]), y: tensor(labels) };
}

describe.each(BACKENDS)('a 2-layer CNN trains on %s', (b) => {
  it('conv -> relu -> pool -> conv -> relu -> pool -> linear: Adam steps lower the loss', () => {
    setBackend(b);
    const steps = b.startsWith('webgl') ? 8 : 15;
    const { x, y } = bars(32, 7);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1, ...gen(8) }), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(4, 8, 3, { padding: 1, ...gen(9) }), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Flatten(), new nn.Linear(8 * 2 * 2, 2, gen(10)));
    const opt = new optim.Adam(model.parameters(), { lr: 0.02 });
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      losses.push(tidy(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.call(x), y);
        loss.backward();
        opt.step();
        return loss.item();
      }));
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 2);
    // every parameter received a gradient
    for (const p of model.parameters()) expect(p.grad, p.name).toBeTruthy();
  });
});

describe('conv2d agrees across backends (forward and every gradient vs cpu64)', () => {
  const others = BACKENDS.filter((b) => b !== 'cpu64');
  it.each(others)('%s', (b) => {
    const run = (name: string) => {
      setBackend(name);
      const x = randn([3, 4, 7, 6], { ...gen(60), requiresGrad: true });
      const w = randn([6, 2, 3, 3], { ...gen(61), requiresGrad: true });
      const c = randn([6], { ...gen(62), requiresGrad: true });
      const y = maxPool2d(conv2d(x, w, c, { stride: [1, 2], padding: 1, dilation: [2, 1], groups: 2 }).relu(), 2, { stride: 1 });
      const g = randn([...y.shape], gen(63));
      y.mul(g).sum().backward();
      return [y, x.grad!, w.grad!, c.grad!].map((t) => t.toArray());
    };
    const want = run('cpu64');
    const got = run(b);
    const names = ['forward', 'x.grad', 'weight.grad', 'bias.grad'];
    // float32: relative to the size of the sums (up to 18 products each, batch sums in the weight gradient)
    got.forEach((v, i) => expectClose(v, want[i], 2e-4, 2e-4, `${b} ${names[i]}`));
  });
});
