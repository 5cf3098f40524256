/** `optim`: SGD and Adam. */
export { Optimizer } from './optimizer.ts';
export { SGD } from './sgd.ts';
export type { SGDOptions } from './sgd.ts';
export { Adam } from './adam.ts';
export type { AdamOptions } from './adam.ts';
