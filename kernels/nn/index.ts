/** `nn`: modules, layers and `nn.init`. */
import * as init from './init.ts';

export { Module, parameter } from './module.ts';
export { Linear } from './linear.ts';
export { Sequential, ReLU, Sigmoid, Tanh, Dropout } from './layers.ts';
export { init };
