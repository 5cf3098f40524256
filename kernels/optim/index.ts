/** `optim`: SGD, Adam, AdamW, AdaGrad, RMSprop, gradient clipping and learning-rate schedules. */
export { Optimizer } from './optimizer.ts';
export type { ParamGroup, Params } from './optimizer.ts';
export { SGD } from './sgd.ts';
export type { SGDOptions } from './sgd.ts';
export { Adam } from './adam.ts';
export type { AdamOptions } from './adam.ts';
export { AdamW } from './adamw.ts';
export { AdaGrad, Adagrad } from './adagrad.ts';
export type { AdaGradOptions } from './adagrad.ts';
export { RMSprop } from './rmsprop.ts';
export type { RMSpropOptions } from './rmsprop.ts';
export { clipGradNorm } from './clip_grad.ts';
export * as lrSchedule from './lr_schedule.ts';
export type {
  WarmupCosineOptions, StepDecayOptions, ExponentialOptions, CosineOptions, LinearWarmupOptions,
} from './lr_schedule.ts';
