/**
 * Every op, plus `backward`. Importing this registers the gradients and gives Tensor its
 * methods (via installOps with this module's own namespace).
 */
import '../gradients/index.ts';
import * as self from './index.ts';
import { installOps } from '../tensor.ts';

export * from './creation.ts';
export * from './binary.ts';
export * from './compare.ts';
export * from './unary.ts';
export * from './where.ts';
export * from './reduce.ts';
export * from './matmul.ts';
export * from './shape_ops.ts';
export * from './slicing.ts';
export * from './activations.ts';
export * from './losses.ts';
export * from './softmax_cross_entropy.ts';
export * from './masking.ts';
export * from './normalization.ts';
export * from './embedding.ts';
export * from './attention.ts';
export * from './conv.ts';
export { toTensor } from './operand.ts';
export { backward } from '../autograd/backward.ts';

installOps(self);
