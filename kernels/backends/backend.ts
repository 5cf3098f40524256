/**
 * The backend contract. Everything above this file (tensors, ops, autograd, nn, optim) talks to
 * compute only through this interface; nothing above it imports gpu.js.
 *
 * CONTRACT (keep stable; the cpu64, cpu and webgl backends implement it):
 * - Storage handles are OPAQUE. The engine never looks inside a `Storage`; it only passes it back
 *   to the backend that created it. A backend may keep anything in it (a typed array, a gpu.js
 *   texture plus its size, ...).
 * - Storage is IMMUTABLE once returned. Every kernel returns a NEW handle and never writes into
 *   its inputs. (In-place parameter updates are done by the engine swapping handles.)
 * - Layout is dense, row-major (C order), no views/strides. A tensor of shape [] (a scalar) has
 *   one element.
 * - `read(s)` returns a flat typed array (Float64Array for dtype 'float64', Float32Array for
 *   'float32') of exactly the tensor's size, in row-major order. It may be a fresh copy; the engine
 *   never mutates it.
 * - `dispose(s)` frees a handle. The engine reference-counts handles and calls it exactly once;
 *   a disposed handle is never passed to a kernel again.
 * - Kernels take shapes EXPLICITLY (the handle need not remember its shape). Shapes are arrays of
 *   non-negative integers; the engine has already validated them (so kernels do no user-facing
 *   error checking; they may throw on internal bugs).
 * - Broadcasting is done by the kernel: elementwise kernels receive each input's shape and the
 *   output shape, with NumPy rules (shapes right-aligned, size-1 dims stretched). Input shapes may
 *   have fewer dims than the output.
 * - Index-valued results (argReduce) and index inputs (gather, scatterAdd) are stored as ordinary
 *   numbers in the backend's float dtype (integers are exact in float32 up to 2^24).
 * - Comparison results are 1 for true and 0 for false.
 * - Registration: a backend module calls `registerBackend(name, factory)` from
 *   `kernels/backends/registry.ts`. The factory is called lazily, once, on first use; it should
 *   THROW (with a reason) when the backend cannot run here (e.g. no WebGL in Node).
 *
 * @example
 * const b = getBackendInstance('cpu64');
 * const s = b.upload([1, 2, 3]);
 * b.read(b.unary('exp', s, 3)); // Float64Array [e, e^2, e^3]
 */

/** Opaque handle to a backend's data. Only the backend that made it may look inside. */
export type Storage = object;

export type Shape = readonly number[];

export type DType = 'float32' | 'float64';

/**
 * Elementwise one-input kernels. `sign(0) = 0`. `copy` returns a new handle with equal values.
 * `erf` is the error function (float64: within 1e-15; float32 kernels: within 1e-7).
 */
export type UnaryOp = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'tanh' | 'erf' | 'copy';

/** Elementwise two-input kernels (broadcasting). Comparisons return 1/0. `pow` is Math.pow. */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Reductions over a set of axes. max/min propagate NaN. Reducing an empty axis gives 0 / -Inf / Inf. */
export type ReduceOp = 'sum' | 'max' | 'min';

/** Index of the first max/min along ONE axis. */
export type ArgReduceOp = 'argmax' | 'argmin';

/**
 * A 2-D sliding window over [N, C, H, W] (convolution, pooling, unfold/fold): a kH×kW kernel,
 * stride sH×sW, top/left padding pH×pW, dilation dH×dW, and the output grid oH×oW. The op
 * computes oH and oW (so bottom/right padding is implicit: asymmetric 'same' padding works).
 * Every field is a non-negative integer; k, s, d >= 1.
 */
export interface Window2d {
  readonly kH: number; readonly kW: number;
  readonly sH: number; readonly sW: number;
  readonly pH: number; readonly pW: number;
  readonly dH: number; readonly dW: number;
  readonly oH: number; readonly oW: number;
}

export interface Backend {
  /** Registered name, e.g. 'cpu64', 'cpu', 'webgl'. */
  readonly name: string;
  /** Precision of stored values. */
  readonly dtype: DType;
  /** Bytes one element occupies (for `memory()`). */
  readonly bytesPerElement: number;
  /**
   * Optional: true when this "GPU" backend is emulated on the CPU (SwiftShader, llvmpipe);
   * the default 'auto' policy then prefers 'cpu'. Absent means false.
   */
  readonly software?: boolean;

  // ---- storage ----
  /** Copy flat values into a new handle (size = values.length). */
  upload(values: ArrayLike<number>): Storage;
  /** A new handle of `size` elements all equal to `value`. */
  fill(size: number, value: number): Storage;
  /** Flat row-major values (see contract above). */
  read(s: Storage): Float32Array | Float64Array;
  /** Free a handle. Called exactly once per handle. */
  dispose(s: Storage): void;

  // ---- elementwise ----
  /** out[i] = op(x[i]) over `size` elements. */
  unary(op: UnaryOp, x: Storage, size: number): Storage;
  /** out = op(a, b) with a, b broadcast to outShape. */
  binary(op: BinaryOp, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape): Storage;
  /** out = cond != 0 ? a : b, all three broadcast to outShape. */
  where(
    cond: Storage, condShape: Shape, a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape,
  ): Storage;
  /** Materialise x broadcast to outShape. */
  broadcastTo(x: Storage, shape: Shape, outShape: Shape): Storage;

  // ---- reductions ----
  /** Reduce over `axes` (sorted, unique, non-empty). Output shape = shape with those axes removed. */
  reduce(op: ReduceOp, x: Storage, shape: Shape, axes: readonly number[]): Storage;
  /** Index along `axis` of the first max/min. Output shape = shape without `axis`. */
  argReduce(op: ArgReduceOp, x: Storage, shape: Shape, axis: number): Storage;

  // ---- linear algebra ----
  /**
   * Batched matrix product. a: [...batchA, m, k] (or [...batchA, k, m] when transposeA),
   * b: [...batchB, k, n] (or [...batchB, n, k] when transposeB); both have rank >= 2.
   * Batch dims broadcast to outShape = [...batch, m, n].
   */
  matmul(
    a: Storage, aShape: Shape, b: Storage, bShape: Shape, outShape: Shape,
    transposeA: boolean, transposeB: boolean,
  ): Storage;

  // ---- movement ----
  /** out = x with axes reordered: outShape[i] = shape[perm[i]]. */
  permute(x: Storage, shape: Shape, perm: readonly number[]): Storage;
  /** The block starting at `begin` with extent `size` (one entry per axis). */
  slice(x: Storage, shape: Shape, begin: readonly number[], size: readonly number[]): Storage;
  /** Zero padding: outShape[i] = before[i] + shape[i] + after[i]. */
  pad(x: Storage, shape: Shape, before: readonly number[], after: readonly number[]): Storage;
  /**
   * Select along `axis` by an index vector of `numIndices` entries (torch.index_select).
   * Output shape = shape with shape[axis] replaced by numIndices.
   */
  gather(x: Storage, shape: Shape, axis: number, indices: Storage, numIndices: number): Storage;
  /**
   * Inverse of gather: a zero tensor of `updatesShape` with dim `axis` set to `outDim`, then
   * out[..., indices[j], ...] += updates[..., j, ...] (repeated indices accumulate).
   */
  scatterAdd(
    updates: Storage, updatesShape: Shape, axis: number, indices: Storage, numIndices: number, outDim: number,
  ): Storage;
  /** Join along `axis`; all shapes equal except on `axis`. */
  concat(xs: readonly Storage[], shapes: readonly Shape[], axis: number, outShape: Shape): Storage;

  // ---- sliding windows (conv2d, pooling) ----
  /**
   * im2col (torch F.unfold): x [N, C, H, W] -> [N, C·kH·kW, oH·oW] with
   * out[n, (c·kH + i)·kW + j, oh·oW + ow] = x[n, c, oh·sH − pH + i·dH, ow·sW − pW + j·dW],
   * and `padValue` where that position lies outside the input (0 for convolution, -Infinity for
   * max pooling).
   */
  unfold(x: Storage, shape: Shape, win: Window2d, padValue: number): Storage;
  /**
   * col2im (torch F.fold), the adjoint of unfold: cols [N, C·kH·kW, oH·oW] -> outShape
   * [N, C, H, W], each column entry ADDED to the input position unfold read it from (entries
   * that came from padding are dropped).
   */
  fold(cols: Storage, outShape: Shape, win: Window2d): Storage;

  // ---- fused loss ----
  /**
   * Softmax cross-entropy per row of logits [rows, classes] with class ids `targets` [rows]:
   * out[r] = logsumexp(x[r, :]) - x[r, targets[r]] (max-shifted, so stable), and 0 where
   * targets[r] === ignoreIndex. Output [rows].
   */
  softmaxCrossEntropy(logits: Storage, targets: Storage, rows: number, classes: number, ignoreIndex: number): Storage;
  /**
   * Its gradient with respect to the logits, given the upstream gradient dy [rows]:
   * out[r, c] = dy[r]·(softmax(x[r, :])[c] − [c = targets[r]]), and 0 on ignored rows (dy never
   * read there, so an infinite dy gives 0, not NaN). Output [rows, classes].
   */
  softmaxCrossEntropyGrad(
    logits: Storage, targets: Storage, dy: Storage, rows: number, classes: number, ignoreIndex: number,
  ): Storage;

  /** Optional: release everything (called when the backend is dropped). */
  teardown?(): void;
}

/** Makes a backend; throws (with a reason) when it cannot run in this environment. */
export type BackendFactory = () => Backend;
