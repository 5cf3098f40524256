/**
 * `runOp`: the one place an op becomes a kernel call. It picks the backend, moves inputs that
 * live elsewhere, runs the kernel, checks numerics when asked, and records the graph node that
 * backward and the tape viewer read.
 */
import type { Backend, Storage } from './backends/backend.ts';
import { resolveBackend } from './backends/index.ts';
import { checkNumericsMode, isGradEnabled } from './grad_mode.ts';
import { copyTo, makeRef, release, retain, type DataRef } from './storage.ts';
import { Tensor, type GraphNode } from './tensor.ts';
import { fmt, sizeOf } from './shape.ts';
import { notifyRecorders, isRecording, currentGroup } from './autograd/recorder.ts';

export type Kernel = (backend: Backend, storages: Storage[]) => Storage;

export interface OpOptions {
  /** Attributes recorded for backward and the viewer (axis, perm, ...). */
  attrs?: Record<string, unknown>;
  /** Comparisons, argmax...: output never requires grad. */
  nonDifferentiable?: boolean;
}

/** Move a tensor's storage to `backend` (no-op when already there). */
export function ensureOn(t: Tensor, backend: Backend, op: string): DataRef {
  const ref = t.ref(op);
  if (ref.backend === backend) return ref;
  const moved = copyTo(ref, backend);
  release(ref);
  t._ref = moved;
  return moved;
}

/**
 * Run `kernel` for `op` on `inputs`, producing a tensor of `outShape`.
 * A kernel may return one of its inputs' storages unchanged (reshape): the storage is shared.
 */
export function runOp(op: string, inputs: readonly Tensor[], outShape: readonly number[], kernel: Kernel,
  options: OpOptions = {}): Tensor {
  const size = sizeOf(outShape);
  const backend = resolveBackend(op, size);
  // plain loops: this runs for every op, and most ops have one or two inputs
  const refs: DataRef[] = new Array(inputs.length);
  const storages: Storage[] = new Array(inputs.length);
  let anyGrad = false;
  for (let i = 0; i < inputs.length; i++) {
    refs[i] = ensureOn(inputs[i], backend, op);
    storages[i] = refs[i].storage;
    anyGrad ||= inputs[i].requiresGrad;
  }
  const out = kernel(backend, storages);
  const shared = storages.indexOf(out);
  const ref = shared >= 0 ? retain(refs[shared]) : makeRef(backend, out, size);
  const mode = checkNumericsMode();
  if (mode) checkFinite(op, backend.read(out), outShape, mode);
  const requiresGrad = anyGrad && !options.nonDifferentiable && isGradEnabled();
  const node: GraphNode | null =
    requiresGrad || isRecording() ? { op, inputs: [...inputs], attrs: options.attrs ?? {}, group: currentGroup() } : null;
  const t = new Tensor(ref, outShape, requiresGrad, node);
  if (node) notifyRecorders(t);
  return t;
}

/** Throw (or warn) naming `op` when `data` holds NaN or Inf. */
export function checkFinite(op: string, data: ArrayLike<number>, shape: readonly number[],
  mode: 'throw' | 'warn'): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isFinite(v)) continue;
    const what = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
    const msg = `${op}: produced ${what} at flat index ${i} (output shape ${fmt(shape)})`;
    if (mode === 'throw') throw new Error(msg);
    console.warn(msg);
    return;
  }
}
