/**
 * The op suite, run on every available backend: each case is one line through `checkOp`
 * (forward vs hand-computed values, gradient vs float64 central differences).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import {
  where, gt, maximum, minimum, concat, stack, matmul, F, tensor, logsumexp, getBackendInstance,
} from '../../kernels/index.ts';
import { useWasmSgemm, wasmSgemm } from '../../kernels/backends/cpu/wasm_sgemm.ts';
import { runKernelChecks, seeded } from '../engine-browser/cases.ts';
import { BACKENDS, WEBGL_SKIP_REASON, checkOp } from './helpers.ts';

if (WEBGL_SKIP_REASON) console.info(`[engine ops] webgl backend skipped: ${WEBGL_SKIP_REASON}`);

const E = Math.E;

describe.each(BACKENDS)('ops on %s', (b) => {
  describe('arithmetic with broadcasting', () => {
    it('add broadcasts a row over a matrix', () => checkOp(b, (x, y) => x.add(y), [[[1, 2, 3], [4, 5, 6]], [10, 20, 30]], [[11, 22, 33], [14, 25, 36]]));
    it('add broadcasts a column against a row', () => checkOp(b, (x, y) => x.add(y), [[[1], [2]], [10, 20]], [[11, 21], [12, 22]]));
    it('sub broadcasts both operands', () => checkOp(b, (x, y) => x.sub(y), [[5, 7], [[1], [2]]], [[4, 6], [3, 5]]));
    it('mul broadcasts a row', () => checkOp(b, (x, y) => x.mul(y), [[[1, 2], [3, 4]], [2, -1]], [[2, -2], [6, -4]]));
    it('mul by a scalar number', () => checkOp(b, (x) => x.mul(2), [[1, -3]], [2, -6]));
    it('div elementwise', () => checkOp(b, (x, y) => x.div(y), [[1, 2, 3], [2, 4, 8]], [0.5, 0.5, 0.375]));
    it('div broadcasts a scalar tensor', () => checkOp(b, (x, y) => x.div(y), [[[2, 4], [6, 8]], 2], [[1, 2], [3, 4]]));
    it('pow with tensor exponents', () => checkOp(b, (x, y) => x.pow(y), [[1, 2, 3], [2, 0.5, 3]], [1, Math.SQRT2, 27]));
    it('pow by a constant of a negative base', () => checkOp(b, (x) => x.pow(2), [[1.5, -2]], [2.25, 4]));
    it('neg', () => checkOp(b, (x) => x.neg(), [[1, -2]], [-1, 2]));
    it('maximum picks the larger entry', () => checkOp(b, (x, y) => maximum(x, y), [[1, 5, 3], [2, 4, 6]], [2, 5, 6]));
    it('minimum picks the smaller entry', () => checkOp(b, (x, y) => minimum(x, y), [[1, 5, 3], [2, 4, 6]], [1, 4, 3]));
  });

  describe('unary', () => {
    it('exp', () => checkOp(b, (x) => x.exp(), [[0, 1, -1]], [1, E, 1 / E]));
    it('log', () => checkOp(b, (x) => x.log(), [[1, E, 0.5]], [0, 1, Math.log(0.5)]));
    it('sqrt', () => checkOp(b, (x) => x.sqrt(), [[4, 9, 2]], [2, 3, Math.SQRT2]));
    it('abs away from 0', () => checkOp(b, (x) => x.abs(), [[-3, 2]], [3, 2]));
    it('tanh', () => checkOp(b, (x) => x.tanh(), [[0, 0.5, -1]], [0, 0.46211715726000974, -0.7615941559557649]));
    it('clamp to [0, 1]', () => checkOp(b, (x) => x.clamp(0, 1), [[-2, 0.5, 3]], [0, 0.5, 1]));
  });

  describe('activations (composites)', () => {
    it('sigmoid is stable at large |x|', () => checkOp(b, (x) => x.sigmoid(), [[0, 2, -3, 40, -800]], [0.5, 0.8807970779778823, 0.04742587317756678, 1, 0]));
    it('relu', () => checkOp(b, (x) => x.relu(), [[-1, 2, -0.5, 3]], [0, 2, 0, 3]));
    it('softmax along the last axis', () => checkOp(b, (x) => x.softmax(1), [[[1, 2, 3], [1, 1, 1]]], [[0.09003057317038046, 0.24472847105479764, 0.6652409557748219], [1 / 3, 1 / 3, 1 / 3]]));
    it('softmax along axis 0', () => checkOp(b, (x) => x.softmax(0), [[[0, 1], [0, 1]]], [[0.5, 0.5], [0.5, 0.5]]));
    it('softmax does not overflow at 1000', () => checkOp(b, (x) => x.softmax(), [[[1000, 1000], [-1000, 0]]], [[0.5, 0.5], [0, 1]]));
    it('logSoftmax', () => checkOp(b, (x) => x.logSoftmax(), [[[1, 2, 3]]], [[-2.4076059644443806, -1.4076059644443806, -0.4076059644443806]]));
    it('logsumexp is stable', () => checkOp(b, (x) => logsumexp(x, 0), [[1000, 1000]], 1000 + Math.LN2));
  });

  describe('selection', () => {
    it('where routes gradients to the picked side', () => checkOp(b, (x, y) => where(gt(x, 0), x, y), [[1, -1, 2], [5, 6, 7]], [1, 6, 2]));
    it('where broadcasts a scalar branch', () => checkOp(b, (x) => where(gt(x, 0), x, 0.5), [[[1, -1], [-2, 3]]], [[1, 0.5], [0.5, 3]]));
    it('comparisons return 0/1', () => checkOp(b, (x) => x.lt(2).add(x.ge(3).mul(10)), [[1, 2, 3]], [1, 0, 10], { grad: false }));
    it('eq and ne', () => checkOp(b, (x) => x.eq(2).sub(x.ne(1)), [[1, 2, 3]], [0, 0, -1], { grad: false }));
  });

  describe('matmul', () => {
    it('matmul of 2-D matrices', () => checkOp(b, (x, y) => x.matmul(y), [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], [[19, 22], [43, 50]]));
    it('matmul of [2,3] and [3,1]', () => checkOp(b, (x, y) => x.matmul(y), [[[1, 2, 3], [4, 5, 6]], [[1], [0], [-1]]], [[-2], [-2]]));
    it('matmul broadcasts a matrix over a batch', () => checkOp(b, (x, y) => x.matmul(y), [[[[1, 0], [0, 1]], [[2, 0], [0, 2]]], [[1, 2], [3, 4]]], [[[1, 2], [3, 4]], [[2, 4], [6, 8]]]));
    it('matmul undoes a broadcast of batch dims in its gradient', () => checkOp(b, (x, y) => x.matmul(y), [[[[[1, 2]]], [[[3, 4]]]], [[[1], [0]], [[0], [1]], [[1], [1]]]], [[[[1]], [[2]], [[3]]], [[[3]], [[4]], [[7]]]]));
    it('vector @ matrix', () => checkOp(b, (x, y) => matmul(x, y), [[1, 2], [[1, 2], [3, 4]]], [7, 10]));
    it('matrix @ vector', () => checkOp(b, (x, y) => matmul(x, y), [[[1, 2], [3, 4]], [1, 1]], [3, 7]));
    it('vector @ vector', () => checkOp(b, (x, y) => matmul(x, y), [[1, 2, 3], [4, 5, 6]], 32));
  });

  describe('movement', () => {
    it('transpose', () => checkOp(b, (x) => x.transpose(), [[[1, 2, 3], [4, 5, 6]]], [[1, 4], [2, 5], [3, 6]]));
    it('permute of 3 dims', () => checkOp(b, (x) => x.permute(2, 0, 1), [[[[1, 2, 3]], [[4, 5, 6]]]], [[[1], [4]], [[2], [5]], [[3], [6]]]));
    it('reshape with an inferred dim', () => checkOp(b, (x) => x.reshape(2, -1), [[1, 2, 3, 4, 5, 6]], [[1, 2, 3], [4, 5, 6]]));
    it('flatten', () => checkOp(b, (x) => x.flatten(), [[[1, 2], [3, 4]]], [1, 2, 3, 4]));
    it('squeeze and unsqueeze', () => checkOp(b, (x) => x.squeeze().unsqueeze(0), [[[1], [2]]], [[1, 2]]));
    it('broadcastTo', () => checkOp(b, (x) => x.broadcastTo([2, 2]), [[1, 2]], [[1, 2], [1, 2]]));
    it('slice along axis 0', () => checkOp(b, (x) => x.slice(1, 3), [[[1, 2], [3, 4], [5, 6]]], [[3, 4], [5, 6]]));
    it('slice with a negative start', () => checkOp(b, (x) => x.slice(-1), [[1, 2, 3]], [3]));
    it('narrow along axis 1', () => checkOp(b, (x) => x.narrow(1, 1, 1), [[[1, 2], [3, 4], [5, 6]]], [[2], [4], [6]]));
    it('indexSelect accumulates repeated rows in its gradient', () => checkOp(b, (x) => x.indexSelect(0, [2, 0, 2]), [[[1, 2], [3, 4], [5, 6]]], [[5, 6], [1, 2], [5, 6]]));
    it('indexSelect along axis 1', () => checkOp(b, (x) => x.indexSelect(1, [1]), [[[1, 2], [3, 4]]], [[2], [4]]));
    it('gather picks one entry per row', () => checkOp(b, (x) => x.gather(1, tensor([[1], [0], [1]])), [[[1, 2], [3, 4], [5, 6]]], [[2], [3], [6]]));
    it('concat along axis 1', () => checkOp(b, (x, y) => concat([x, y], 1), [[[1], [2]], [[3, 4], [5, 6]]], [[1, 3, 4], [2, 5, 6]]));
    it('stack along a new axis', () => checkOp(b, (x, y) => stack([x, y], 1), [[1, 2], [3, 4]], [[1, 3], [2, 4]]));
  });

  describe('reductions', () => {
    it('sum of everything', () => checkOp(b, (x) => x.sum(), [[[1, 2], [3, 4]]], 10));
    it('sum over axis 0', () => checkOp(b, (x) => x.sum(0), [[[1, 2], [3, 4]]], [4, 6]));
    it('sum over axis 1 with keepDims', () => checkOp(b, (x) => x.sum(1, true), [[[1, 2], [3, 4]]], [[3], [7]]));
    it('sum over two axes', () => checkOp(b, (x) => x.sum([0, 2]), [[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]], [14, 22]));
    it('mean over axis -1', () => checkOp(b, (x) => x.mean(-1), [[[1, 2], [3, 5]]], [1.5, 4]));
    it('max over axis 1', () => checkOp(b, (x) => x.max(1), [[[1, 5, 2], [7, 3, 4]]], [5, 7]));
    it('max of everything with keepDims', () => checkOp(b, (x) => x.max(undefined, true), [[[1, 5], [2, 3]]], [[5]]));
    it('min over axis 0', () => checkOp(b, (x) => x.min(0), [[[1, 5], [2, 3]]], [1, 3]));
    it('var is unbiased', () => checkOp(b, (x) => x.var(), [[1, 2, 3, 4]], 5 / 3));
    it('argmax along axis 1', () => checkOp(b, (x) => x.argmax(1), [[[1, 5, 2], [7, 3, 4]]], [1, 0], { grad: false }));
    it('argmin of everything', () => checkOp(b, (x) => x.argmin(), [[[3, 1], [0, 4]]], 2, { grad: false }));
  });

  describe('losses', () => {
    it('mseLoss', () => checkOp(b, (x, y) => F.mseLoss(x, y), [[1, 2], [1, 4]], 2));
    it('mseLoss with sum reduction', () => checkOp(b, (x, y) => F.mseLoss(x, y, { reduction: 'sum' }), [[1, 2], [1, 4]], 4));
    it('binaryCrossEntropy', () => checkOp(b, (p, y) => F.binaryCrossEntropy(p, y), [[0.5, 0.9], [1, 0]], (Math.LN2 + Math.log(10)) / 2));
    it('binaryCrossEntropyWithLogits', () => checkOp(b, (x, y) => F.binaryCrossEntropyWithLogits(x, y), [[0, 2], [1, 0]], (Math.LN2 + Math.log(1 + Math.exp(2))) / 2));
    it('binaryCrossEntropyWithLogits is finite at large logits', () => checkOp(b, (x) => F.binaryCrossEntropyWithLogits(x, tensor([0, 1]), { reduction: 'none' }), [[100, -100]], [100, 100]));
    it('crossEntropy from logits and class indices', () => checkOp(b, (x) => F.crossEntropy(x, tensor([0, 1])), [[[2, 0], [0, 2]]], Math.log(1 + Math.exp(-2))));
    it('crossEntropy without reduction', () => checkOp(b, (x) => F.crossEntropy(x, tensor([2, 0]), { reduction: 'none' }), [[[0, 0, 0], [1, 0, 0]]], [Math.log(3), Math.log(1 + 2 / E)]));
  });
});

/**
 * The cpu backend's WebAssembly matmul split across helper threads (worker_threads here; nested
 * workers on a cross-origin isolated page), forced on for every product the kernel takes: the
 * same op checks, gradients included (dA = dC·Bᵀ and dB = Aᵀ·dC take the other operand layouts),
 * and every kernel check (odd shapes, transposes, batches, conv) against cpu64.
 */
describe('matmul on cpu with the kernel split across helper threads (forced on)', () => {
  let threads = 1, splitsBefore = 0;
  beforeAll(async () => {
    threads = await wasmSgemm()!.startThreads();
    splitsBefore = wasmSgemm()!.splitCount();
    useWasmSgemm(true, { threads: 'always' });
  });
  afterAll(() => useWasmSgemm(true));

  it('the helper threads start here (one per core beyond the first, up to 3)', () => {
    expect(threads).toBe(Math.min(availableParallelism(), 4));
  });

  /** A seeded m × k matrix of float32-representable values, as nested rows. */
  const mat = (seed: number, rows: number, cols: number) => {
    const v = seeded(seed, rows * cols).map(Math.fround);
    return Array.from({ length: rows }, (_, i) => v.slice(i * cols, (i + 1) * cols));
  };
  const product = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, j) => row.reduce((s, x, p) => s + x * b[p][j], 0)));
  const shapes: [number, number, number][] = [[12, 20, 16], [37, 9, 41], [64, 33, 8]];
  it.each(shapes)('matmul [%i, %i] · [%i, …] forward and gradient', (m, k, n) => {
    const a = mat(m, m, k), b = mat(n + 100, k, n);
    checkOp('cpu', (x, y) => x.matmul(y), [a, b], product(a, b));
  });

  it('every kernel check matches the float64 reference, and the products were really split', () => {
    const report = runKernelChecks(getBackendInstance('cpu'), getBackendInstance('cpu64'));
    const bad = report.details.filter((d) => !d.ok).map((d) => `${d.name}: ${d.message ?? ''}`);
    expect(bad).toEqual([]);
    if (threads > 1) expect(wasmSgemm()!.splitCount() - splitsBefore).toBeGreaterThan(20);
  });
});
