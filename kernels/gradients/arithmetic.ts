/** Gradients of add, sub, mul, div, pow, neg; each undoes broadcasting with `unbroadcast`. */
import { registerGradient } from '../autograd/registry.ts';
import { unbroadcast } from '../autograd/unbroadcast.ts';
import { div, mul, pow, sub } from '../ops/binary.ts';
import { gt } from '../ops/compare.ts';
import { log, neg } from '../ops/unary.ts';
import { where } from '../ops/where.ts';

registerGradient('add', (dy, { inputs: [a, b] }) => [
  () => unbroadcast(dy, a.shape),
  () => unbroadcast(dy, b.shape),
]);

registerGradient('sub', (dy, { inputs: [a, b] }) => [
  () => unbroadcast(dy, a.shape),
  () => unbroadcast(neg(dy), b.shape),
]);

registerGradient('mul', (dy, { inputs: [a, b] }) => [
  () => unbroadcast(mul(dy, b), a.shape),
  () => unbroadcast(mul(dy, a), b.shape),
]);

// d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
registerGradient('div', (dy, { inputs: [a, b] }) => [
  () => unbroadcast(div(dy, b), a.shape),
  () => unbroadcast(neg(div(mul(dy, a), mul(b, b))), b.shape),
]);

// d(a^b)/da = b a^(b-1); d(a^b)/db = a^b log a, taken as 0 where a <= 0 (as PyTorch does at a = 0)
registerGradient('pow', (dy, { inputs: [a, b], output }) => [
  () => unbroadcast(mul(dy, mul(b, pow(a, sub(b, 1)))), a.shape),
  () => unbroadcast(mul(dy, where(gt(a, 0), mul(output, log(a)), 0)), b.shape),
]);

registerGradient('neg', (dy) => [() => neg(dy)]);
