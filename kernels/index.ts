/**
 * Gradbook's tensor engine: the public entry.
 * @example
 * import { tensor, F, nn, optim } from './kernels/index.ts';
 * const w = tensor([[0.1], [0.2]], { requiresGrad: true });
 */
import * as nn from './nn/index.ts';
import * as optim from './optim/index.ts';
// Registers 'webgl' lazily: gpu.js loads only on `await loadBackend('webgl')` (or 'auto' on a
// hardware GPU). Safe in Node: the probe finds no WebGL2 there, so isBackendAvailable('webgl')
// is false and 'auto' stays on 'cpu'. registerLazyBackend is the only coupling.
import './backends/webgl/register.ts';

export { Tensor } from './tensor.ts';
export type { Operand, NestedArray, GraphNode } from './tensor.ts';
export * from './ops/index.ts';
export type { TensorOptions, RandomOptions } from './ops/creation.ts';
export type { Reduction, LossOptions } from './ops/losses.ts';
export { F } from './functional.ts';
export { dropout } from './nn/dropout.ts';
export { nn, optim };
export * as datasets from './datasets/index.ts';
export * as metrics from './metrics/index.ts';
export * as sampling from './sampling/index.ts';
export * as checkpoint from './checkpoint/index.ts';
export * as models from './models/index.ts';
export * as linalg from './linalg/index.ts';

export { Generator, manualSeed, randperm, getDefaultGenerator } from './random.ts';
export { noGrad, enableGrad, isGradEnabled, setCheckNumerics } from './grad_mode.ts';
export { tidy, keep } from './scope.ts';
export { memory } from './storage.ts';
export { tapeOf, recordTape } from './autograd/tape.ts';
export type { TapeNode } from './autograd/tape.ts';
export { registerGradient } from './autograd/registry.ts';
export { zeroGrad } from './autograd/zero_grad.ts';
export type { GradFn, GradContext } from './autograd/registry.ts';
export { unbroadcast } from './autograd/unbroadcast.ts';
export { runOp } from './run_op.ts';
export type { Kernel, OpOptions } from './run_op.ts';
export { checkGradient, withBackend } from './grad_check.ts';
export type { CheckGradientOptions, GradientReport, InputReport, GradEntry } from './grad_check.ts';
export {
  registerBackend, registerLazyBackend, loadBackend, setBackend, getBackend, getBackendInstance,
  isBackendAvailable, registeredBackends, backendFailure, setAutoPolicy, createCpuBackend,
} from './backends/index.ts';
export type { Backend, BackendFactory, Storage, DType, AutoPolicy, LazyBackend, BackendProbe } from './backends/index.ts';
export { sizeOf, broadcastShapes } from './shape.ts';
