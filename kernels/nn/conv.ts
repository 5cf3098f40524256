/** The layers of a small CNN: Conv2d, MaxPool2d, AvgPool2d, and Flatten (to reach a Linear). */
import type { Tensor } from '../tensor.ts';
import { zeros } from '../ops/creation.ts';
import {
  avgPool2d, conv2d, maxPool2d, type AvgPool2dOptions, type Conv2dOptions, type MaxPool2dOptions, type Size2,
} from '../ops/conv.ts';
import { flatten } from '../ops/shape_ops.ts';
import type { Generator } from '../random.ts';
import { kaimingUniform, uniform } from './init.ts';
import { Module, parameter } from './module.ts';

export interface Conv2dLayerOptions extends Conv2dOptions {
  /** Add a learnable bias (default true). */
  bias?: boolean;
  generator?: Generator;
}

const asPair = (v: Size2): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/**
 * 2-D convolution layer, as torch.nn.Conv2d: weight [outChannels, inChannels/groups, kH, kW],
 * bias [outChannels]; forward(x [N, inChannels, H, W]) -> [N, outChannels, oH, oW] (see conv2d).
 * Default init, as PyTorch: kaimingUniform with a = √5, i.e. U(±1/√fan_in) with
 * fan_in = inChannels/groups · kH · kW; bias U(±1/√fan_in).
 * @example const conv = new Conv2d(1, 8, 3, { padding: 1 }); conv.call(zeros([64, 1, 8, 8])); // [64, 8, 8, 8]
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'valid' | 'same';
  readonly dilation: [number, number];
  readonly groups: number;
  weight: Tensor;
  bias: Tensor | null;

  constructor(inChannels: number, outChannels: number, kernelSize: Size2, opts: Conv2dLayerOptions = {}) {
    super();
    const groups = opts.groups ?? 1;
    if (!Number.isInteger(groups) || groups < 1 || inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new Error(`Conv2d: groups ${groups} must divide inChannels ${inChannels} and outChannels ${outChannels}`);
    }
    const k = asPair(kernelSize);
    if (k.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new Error(`Conv2d: kernelSize must be a positive integer or a pair [h, w] of them, got ${JSON.stringify(kernelSize)}`);
    }
    if (opts.padding === 'same' && asPair(opts.stride ?? 1).some((d) => d !== 1)) {
      throw new Error(`Conv2d: padding 'same' needs stride 1, got stride ${JSON.stringify(opts.stride)}`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = k;
    this.stride = asPair(opts.stride ?? 1);
    const p = opts.padding ?? 0;
    this.padding = typeof p === 'string' ? p : asPair(p);
    this.dilation = asPair(opts.dilation ?? 1);
    this.groups = groups;
    const g = { generator: opts.generator };
    const w = zeros([outChannels, inChannels / groups, k[0], k[1]]);
    this.weight = parameter(kaimingUniform(w, { a: Math.sqrt(5), ...g }), 'weight');
    const bound = 1 / Math.sqrt((inChannels / groups) * k[0] * k[1]);
    this.bias = opts.bias === false ? null : parameter(uniform(zeros([outChannels]), -bound, bound, g), 'bias');
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, {
      stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups,
    });
  }
}

/**
 * Max over kernelSize windows, as torch.nn.MaxPool2d (stride defaults to kernelSize).
 * @example new MaxPool2d(2).call(zeros([1, 8, 8, 8])); // [1, 8, 4, 4]
 */
export class MaxPool2d extends Module {
  readonly kernelSize: Size2;
  readonly opts: MaxPool2dOptions;

  constructor(kernelSize: Size2, opts: MaxPool2dOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.opts = { ...opts };
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, this.opts);
  }
}

/**
 * Mean over kernelSize windows, as torch.nn.AvgPool2d (stride defaults to kernelSize).
 * @example new AvgPool2d(2).call(zeros([1, 8, 8, 8])); // [1, 8, 4, 4]
 */
export class AvgPool2d extends Module {
  readonly kernelSize: Size2;
  readonly opts: AvgPool2dOptions;

  constructor(kernelSize: Size2, opts: AvgPool2dOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.opts = { ...opts };
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, this.opts);
  }
}

/**
 * Merge dims startDim..endDim (default 1..-1: everything but the batch), as torch.nn.Flatten.
 * @example new Flatten().call(zeros([64, 16, 2, 2])); // [64, 64]
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
}
