/** Small layers: Sequential, ReLU, Sigmoid, Tanh, GELU, Dropout. */
import type { Tensor } from '../tensor.ts';
import { gelu, relu, sigmoid, type GeluOptions } from '../ops/activations.ts';
import { tanh } from '../ops/unary.ts';
import type { Generator } from '../random.ts';
import { dropout } from './dropout.ts';
import { Module } from './module.ts';

/**
 * Apply modules in order.
 * @example new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1));
 */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.call(y);
    return y;
  }
}

/** max(x, 0). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** 1 / (1 + e^-x). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/**
 * x·Φ(x); `{ approximate: 'tanh' }` for GPT-2's tanh form.
 * @example new GELU().call(tensor([1])); // [0.8413]
 */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  constructor(opts: GeluOptions = {}) {
    super();
    this.approximate = opts.approximate ?? 'none';
  }

  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
}

/**
 * Inverted dropout with probability p while training; the identity after eval().
 * @example const d = new Dropout(0.5); d.eval(); d.call(x); // x
 */
export class Dropout extends Module {
  readonly p: number;
  readonly generator: Generator | undefined;

  constructor(p = 0.5, opts: { generator?: Generator } = {}) {
    super();
    this.p = p;
    this.generator = opts.generator;
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.generator);
  }
}
