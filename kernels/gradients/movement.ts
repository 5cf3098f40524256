/** Gradients of reshape, permute, broadcastTo, slice, pad, indexSelect, scatterAdd, concat. */
import { registerGradient } from '../autograd/registry.ts';
import { unbroadcast } from '../autograd/unbroadcast.ts';
import { narrow, pad, indexSelect, scatterAdd } from '../ops/slicing.ts';
import { permute, reshape } from '../ops/shape_ops.ts';

registerGradient('reshape', (dy, { inputs: [x] }) => [() => reshape(dy, x.shape)]);

// undo the permutation: inverse[perm[i]] = i
registerGradient('permute', (dy, { attrs }) => {
  const perm = attrs.perm as number[];
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return [() => permute(dy, inverse)];
});

registerGradient('broadcastTo', (dy, { inputs: [x] }) => [() => unbroadcast(dy, x.shape)]);

// a slice's gradient is dy padded back with zeros
registerGradient('slice', (dy, { inputs: [x], attrs }) => {
  const begin = attrs.begin as number[], size = attrs.size as number[];
  const after = x.shape.map((d, i) => d - begin[i] - size[i]);
  return [() => pad(dy, begin, after)];
});

registerGradient('pad', (dy, { inputs: [x], attrs }) => {
  const before = attrs.before as number[];
  let g = dy;
  return [() => {
    x.shape.forEach((d, i) => { g = narrow(g, i, before[i], d); });
    return g;
  }];
});

// rows picked several times add up
registerGradient('indexSelect', (dy, { inputs: [x, index], attrs }) => {
  const axis = attrs.axis as number;
  return [() => scatterAdd(dy, axis, index, x.shape[axis]), null];
});

registerGradient('scatterAdd', (dy, { inputs: [, index], attrs }) => [
  () => indexSelect(dy, attrs.axis as number, index),
  null,
]);

registerGradient('concat', (dy, { inputs, attrs }) => {
  const axis = attrs.axis as number;
  let at = 0;
  return inputs.map((x) => {
    const start = at;
    at += x.shape[axis];
    return () => narrow(dy, axis, start, x.shape[axis]);
  });
});
