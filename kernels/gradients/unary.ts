/** Gradients of exp, log, sqrt, abs, tanh, erf, clone. */
import { registerGradient } from '../autograd/registry.ts';
import { div, mul, sub } from '../ops/binary.ts';
import { exp, neg, sign } from '../ops/unary.ts';

// d e^x = e^x: reuse the output
registerGradient('exp', (dy, { output }) => [() => mul(dy, output)]);

registerGradient('log', (dy, { inputs: [x] }) => [() => div(dy, x)]);

// d sqrt(x) = 1 / (2 sqrt(x))
registerGradient('sqrt', (dy, { output }) => [() => div(dy, mul(output, 2))]);

// sign(0) = 0, PyTorch's subgradient choice
registerGradient('abs', (dy, { inputs: [x] }) => [() => mul(dy, sign(x))]);

// d tanh(x) = 1 - tanh(x)^2
registerGradient('tanh', (dy, { output }) => [() => mul(dy, sub(1, mul(output, output)))]);

// d erf(x) = 2/√π e^(−x²)
registerGradient('erf', (dy, { inputs: [x] }) => [() => mul(dy, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI)))]);

registerGradient('clone', (dy) => [() => dy]);
