/** embedding: rows of a weight table picked by integer ids (a composite of indexSelect). */
import { Tensor, type NestedArray } from '../tensor.ts';
import { composite } from '../autograd/recorder.ts';
import { fmt } from '../shape.ts';
import { tensor } from './creation.ts';
import { reshape } from './shape_ops.ts';
import { indexSelect } from './slicing.ts';

/**
 * Look up rows of `weight` [num, dim] by integer ids of any shape (a Tensor, number[] or
 * number[][]); the result has shape [...ids.shape, dim], as torch's F.embedding.
 * NOTE: the gradient is indexSelect's, a scatter-add into the weight rows, so an id that
 * appears several times accumulates every one of its rows' gradients.
 * @example embedding([[0, 2]], tensor([[1, 1], [2, 2], [3, 3]])); // [[[1, 1], [3, 3]]]
 */
export function embedding(ids: Tensor | NestedArray, weight: Tensor): Tensor {
  return composite('embedding', () => {
    if (weight.rank !== 2) throw new Error(`embedding: weight must be [num, dim], got shape ${fmt(weight.shape)}`);
    const idx = ids instanceof Tensor ? ids : tensor(ids);
    const n = weight.shape[0];
    for (const v of idx.dataSync()) {
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new Error(`embedding: id ${v} out of range [0, ${n}) (weight ${fmt(weight.shape)})`);
      }
    }
    const rows = indexSelect(weight, 0, reshape(idx, [idx.size]));
    return reshape(rows, [...idx.shape, weight.shape[1]]);
  });
}
