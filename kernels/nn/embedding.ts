/** `Embedding(num, dim)`: a learnable table of `num` vectors looked up by integer id. */
import type { NestedArray, Tensor } from '../tensor.ts';
import { zeros } from '../ops/creation.ts';
import { embedding } from '../ops/embedding.ts';
import type { Generator } from '../random.ts';
import { normal } from './init.ts';
import { Module, parameter } from './module.ts';

export interface EmbeddingOptions {
  /** Standard deviation of the N(0, std²) init: 1 (default) as PyTorch, 0.02 as GPT-2 / nanoGPT. */
  std?: number;
  generator?: Generator;
}

/**
 * weight: [numEmbeddings, embeddingDim], initialised N(0, 1) like torch.nn.Embedding (nanoGPT
 * re-initialises it to N(0, 0.02): pass `{ std: 0.02 }`). forward(ids [...]) -> [..., dim].
 * @example const wte = new Embedding(65, 32); wte.call(tensor([[0, 5, 7]])); // shape [1, 3, 32]
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  weight: Tensor;

  constructor(numEmbeddings: number, embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    const w = zeros([numEmbeddings, embeddingDim]);
    this.weight = parameter(normal(w, 0, opts.std ?? 1, { generator: opts.generator }), 'weight');
  }

  forward(ids: Tensor | NestedArray): Tensor {
    return embedding(ids, this.weight);
  }
}
