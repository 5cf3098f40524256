/** `Linear(in, out)`: y = x W^T + b, with PyTorch's weight layout and default init. */
import type { Tensor } from '../tensor.ts';
import { zeros } from '../ops/creation.ts';
import { add } from '../ops/binary.ts';
import { matmul, matmulT } from '../ops/matmul.ts';
import { reshape, transpose } from '../ops/shape_ops.ts';
import type { Generator } from '../random.ts';
import { kaimingUniform, uniform } from './init.ts';
import { Module, parameter } from './module.ts';

export interface LinearOptions {
  /** Add a learnable bias (default true). */
  bias?: boolean;
  generator?: Generator;
}

/**
 * Fully connected layer. weight: [out, in], bias: [out].
 * Default init, as in PyTorch: kaimingUniform with a = √5, which is U(±1/√fan_in)
 * (gain √(2/(1+5)) = √(1/3), bound = gain·√(3/fan_in) = 1/√fan_in); bias U(±1/√fan_in).
 * @example const layer = new Linear(3, 1); layer.call(zeros([5, 3])); // shape [5, 1]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Tensor;
  bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const g = { generator: opts.generator };
    this.weight = parameter(kaimingUniform(zeros([outFeatures, inFeatures]), { a: Math.sqrt(5), ...g }), 'weight');
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = opts.bias === false ? null : parameter(uniform(zeros([outFeatures]), -bound, bound, g), 'bias');
  }

  forward(x: Tensor): Tensor {
    if (x.rank > 2) {
      // [..., in] as one [N, in] matrix: one product (and one weight gradient), not one per batch row
      const lead = x.shape.slice(0, -1);
      return reshape(this.forward(reshape(x, [x.size / this.inFeatures, this.inFeatures])), [...lead, this.outFeatures]);
    }
    // x @ W^T without materialising W^T when x is a matrix
    const y = x.rank >= 2 ? matmulT(x, this.weight, false, true) : matmul(x, transpose(this.weight));
    return this.bias ? add(y, this.bias) : y;
  }
}
