/** `nn`: modules, layers and `nn.init`. */
import * as init from './init.ts';

export { Module, parameter } from './module.ts';
export { Linear } from './linear.ts';
export { Sequential, ReLU, Sigmoid, Tanh, GELU, Dropout } from './layers.ts';
export { Embedding } from './embedding.ts';
export { LayerNorm } from './normalization.ts';
export { Conv2d, MaxPool2d, AvgPool2d, Flatten, type Conv2dLayerOptions } from './conv.ts';
export { BatchNorm1d } from './batchnorm.ts';
export type { BatchNorm1dOptions } from './batchnorm.ts';
export { init };
