/** Gradients of the sliding-window primitives: unfold's is fold and fold's is unfold (adjoints). */
import { registerGradient } from '../autograd/registry.ts';
import type { Window2d } from '../backends/backend.ts';
import { col2im, im2col } from '../ops/conv.ts';

// each column entry was read from one input position (or from padding, which gets nothing)
registerGradient('unfold', (dy, { inputs: [x], attrs }) => [() => col2im(dy, x.shape, attrs.window as Window2d)]);

// each output position is a sum of column entries: each of them gets that position's gradient
registerGradient('fold', (dy, { attrs }) => [() => im2col(dy, attrs.window as Window2d, 0)]);
