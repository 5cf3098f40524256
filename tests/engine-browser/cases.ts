/**
 * Kernel checks shared by the Node suite (gpu.js CPU mode) and the browser runner (real WebGL2):
 * every case runs one backend kernel and compares it with the float64 cpu64 reference.
 */
import type { Backend, Storage, Window2d } from '../../kernels/backends/backend.ts';

export interface CaseResult { name: string; ok: boolean; maxAbsError: number; message?: string }
export interface CheckReport { passed: number; failed: number; details: CaseResult[] }

/** Seeded uniform numbers in [lo, hi) (mulberry32). */
export function seeded(seed: number, n: number, lo = -1, hi = 1): number[] {
  let a = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push(lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296));
  }
  return out;
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

type Run = (b: Backend, up: (v: number[]) => Storage) => Storage;
interface Case { name: string; run: Run; tol?: number }

function cases(): Case[] {
  const r = (seed: number, shape: number[], lo = -1, hi = 1) => seeded(seed, size(shape), lo, hi);
  const list: Case[] = [];
  const un = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'tanh', 'erf', 'copy'] as const;
  for (const op of un) {
    const pos = op === 'log' || op === 'sqrt';
    list.push({ name: `unary ${op} on 37 values`, run: (b, up) => b.unary(op, up(r(1, [37], pos ? 0.1 : -3, 3)), 37) });
  }
  // 4,099 values: the cpu backend's WebAssembly exp and tanh (from 1,024 values; a 3-value tail)
  for (const op of ['exp', 'tanh'] as const) {
    list.push({ name: `unary ${op} on 4,099 values in [-30, 30]`, run: (b, up) => b.unary(op, up(r(19, [4099], -30, 30)), 4099) });
  }
  list.push({ name: 'tanh stays finite for large inputs', run: (b, up) => b.unary('tanh', up([-100, -20, 0, 20, 100]), 5) });
  // -Infinity as masked attention uses it (maskedFill, softmax, maskedSoftmax)
  const NEG = -Infinity;
  list.push({ name: 'exp(-Infinity - 2) is 0', run: (b, up) => b.unary('exp', b.binary('sub', up([NEG, 0, 1, NEG, 2]), [5], up([2]), [], [5]), 5) });
  list.push({ name: 'max over a row of -Infinity is -Infinity', run: (b, up) => b.reduce('max', up([NEG, NEG, NEG, 1, NEG, 0]), [2, 3], [1]) });
  list.push({ name: 'where fills -Infinity; -Infinity > -Infinity is 0', run: (b, up) => b.binary('gt', b.where(up([1, 0, 1]), [3], up([1, 2, 3]), [3], up([NEG]), [], [3]), [3], up([NEG]), [], [3]) });
  const bin = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'lt', 'le', 'gt', 'ge', 'eq', 'ne'] as const;
  for (const op of bin) {
    list.push({ name: `binary ${op} same shape [5,7]`, run: (b, up) => b.binary(op, up(r(2, [5, 7])), [5, 7], up(r(3, [5, 7])), [5, 7], [5, 7]) });
  }
  list.push({ name: 'binary pow with negative base and integer exponent', run: (b, up) => b.binary('pow', up([-2, -3, 2, 4]), [4], up([2, 3, 0.5, 2]), [4], [4]) });
  list.push({ name: 'binary pow with a scalar exponent (x.pow(2))', run: (b, up) => b.binary('pow', up([-2, -1.5, 0, 3, 0.5, 2, 1, 4, -3, 2.5, 1, 7, 5, 6, 8]), [5, 3], up([2]), [], [5, 3]) });
  list.push({ name: 'binary pow with a scalar base', run: (b, up) => b.binary('pow', up([2]), [], up([0, 1, 2, 0.5, -1, 3]), [2, 3], [2, 3]) });
  list.push({ name: 'binary pow broadcasting a row of exponents', run: (b, up) => b.binary('pow', up([1, 2, 3, 4, 5, 6]), [2, 3], up([2, 0.5, 1]), [3], [2, 3]) });
  list.push({ name: 'binary add broadcasts [3,1] with [4]', run: (b, up) => b.binary('add', up(r(4, [3, 1])), [3, 1], up(r(5, [4])), [4], [3, 4]) });
  list.push({ name: 'binary mul broadcasts [2,1,5] with [3,1]', run: (b, up) => b.binary('mul', up(r(6, [2, 1, 5])), [2, 1, 5], up(r(7, [3, 1])), [3, 1], [2, 3, 5]) });
  list.push({ name: 'binary sub by a scalar', run: (b, up) => b.binary('sub', up(r(8, [9])), [9], up([0.5]), [], [9]) });
  list.push({ name: 'binary div scalar by tensor', run: (b, up) => b.binary('div', up([2]), [], up(r(9, [6], 1, 2)), [6], [6]) });
  list.push({ name: 'where broadcasts cond [3,1]', run: (b, up) => b.where(up([1, 0, 1]), [3, 1], up(r(10, [3, 4])), [3, 4], up(r(11, [4])), [4], [3, 4]) });
  list.push({ name: 'broadcastTo [2,1,3] -> [2,4,3]', run: (b, up) => b.broadcastTo(up(r(12, [2, 1, 3])), [2, 1, 3], [2, 4, 3]) });
  for (const op of ['sum', 'max', 'min'] as const) {
    list.push({ name: `reduce ${op} over last axis of [6,8]`, run: (b, up) => b.reduce(op, up(r(13, [6, 8])), [6, 8], [1]) });
    list.push({ name: `reduce ${op} over axis 0 of [5,3]`, run: (b, up) => b.reduce(op, up(r(14, [5, 3])), [5, 3], [0]) });
    list.push({ name: `reduce ${op} over axes 0,2 of [3,4,5]`, run: (b, up) => b.reduce(op, up(r(15, [3, 4, 5])), [3, 4, 5], [0, 2]) });
  }
  list.push({ name: 'reduce sum of 10,000 values (two passes)', run: (b, up) => b.reduce('sum', up(r(16, [10000])), [10000], [0]), tol: 2e-3 });
  list.push({ name: 'argmax along axis 1 of [4,7]', run: (b, up) => b.argReduce('argmax', up(r(17, [4, 7])), [4, 7], 1) });
  list.push({ name: 'argmin along axis 0 of [4,7]', run: (b, up) => b.argReduce('argmin', up(r(18, [4, 7])), [4, 7], 0) });
  const mm = (m: number, k: number, n: number, ta: boolean, tb: boolean, batch: number[] = [], seed = 20): Case => ({
    name: `matmul ${ta ? 'Aᵀ' : 'A'}·${tb ? 'Bᵀ' : 'B'} m=${m} k=${k} n=${n}${batch.length ? ` batch [${batch}]` : ''}`,
    run: (b, up) => {
      const as = [...batch, ...(ta ? [k, m] : [m, k])];
      const bs = [...batch, ...(tb ? [n, k] : [k, n])];
      return b.matmul(up(r(seed, as)), as, up(r(seed + 1, bs)), bs, [...batch, m, n], ta, tb);
    },
    tol: 1e-4 * Math.max(1, k / 4),
  });
  list.push(mm(8, 12, 16, false, false), mm(8, 12, 16, false, true), mm(8, 12, 16, true, false), mm(8, 12, 16, true, true));
  list.push(mm(5, 3, 7, false, false), mm(5, 3, 7, true, false), mm(5, 3, 7, false, true), mm(1000, 2, 1, false, false));
  list.push(mm(32, 64, 32, false, true, [2]), mm(32, 32, 64, false, false, [2]), mm(64, 64, 64, false, false), mm(64, 64, 64, true, false));
  // >= 2^21 multiply-adds with even m, n % 4 == 0 and k % 4 == 0 take the 2×2-block path (+ relayout)
  list.push(mm(128, 128, 128, false, false), mm(128, 128, 128, false, true), mm(130, 132, 124, false, false),
    mm(130, 132, 124, false, true), mm(64, 64, 128, false, false, [2, 2]), mm(96, 64, 128, false, true, [3]),
    mm(2, 4096, 256, false, false), mm(256, 32, 256, false, true), mm(129, 128, 128, false, false),
    mm(128, 128, 128, true, false), mm(1, 2048, 1024, false, false), mm(1024, 2048, 1, false, false));
  // odd shapes for the float32 SIMD tiles (4×8, KC = 256): k not a multiple of 4, ragged m and n,
  // several k passes, transposes, a batched attention product
  list.push(mm(37, 13, 301, false, true), mm(13, 7, 9, true, true), mm(5, 1027, 33, true, false),
    mm(61, 515, 10, false, false), mm(25, 16, 25, false, true, [2, 3]), mm(9, 30, 17, true, true, [2]));
  list.push({
    name: 'matmul broadcasts batch [2,1] with [3]',
    run: (b, up) => b.matmul(up(r(30, [2, 1, 4, 8])), [2, 1, 4, 8], up(r(31, [3, 8, 4])), [3, 8, 4], [2, 3, 4, 4], false, false),
  });
  list.push({ name: 'permute [2,3,4] by [2,0,1]', run: (b, up) => b.permute(up(r(40, [2, 3, 4])), [2, 3, 4], [2, 0, 1]) });
  list.push({ name: 'slice [4,5] at [1,2] size [2,3]', run: (b, up) => b.slice(up(r(41, [4, 5])), [4, 5], [1, 2], [2, 3]) });
  list.push({ name: 'pad [2,3] by [1,0] / [0,2]', run: (b, up) => b.pad(up(r(42, [2, 3])), [2, 3], [1, 0], [0, 2]) });
  list.push({ name: 'gather rows 2,0,2 of [3,4]', run: (b, up) => b.gather(up(r(43, [3, 4])), [3, 4], 0, up([2, 0, 2]), 3) });
  list.push({ name: 'gather columns 1,1 of [3,4]', run: (b, up) => b.gather(up(r(44, [3, 4])), [3, 4], 1, up([1, 1]), 2) });
  list.push({ name: 'scatterAdd accumulates repeated indices', run: (b, up) => b.scatterAdd(up(r(45, [3, 4])), [3, 4], 0, up([2, 0, 2]), 3, 3) });
  list.push({ name: 'concat [2,3] and [2,1] on axis 1', run: (b, up) => b.concat([up(r(46, [2, 3])), up(r(47, [2, 1]))], [[2, 3], [2, 1]], 1, [2, 4]) });
  // fused softmax cross-entropy: per-row loss and its gradient, an ignored row, a vocabulary-wide row
  const sceTargets = [0, 6, -100, 3, 2];
  list.push({ name: 'softmaxCrossEntropy of [5,7] with an ignored row', run: (b, up) => b.softmaxCrossEntropy(up(r(50, [5, 7], -4, 4)), up(sceTargets), 5, 7, -100) });
  list.push({ name: 'softmaxCrossEntropyGrad of [5,7] (ignored row all 0)', run: (b, up) => b.softmaxCrossEntropyGrad(up(r(50, [5, 7], -4, 4)), up(sceTargets), up(r(51, [5])), 5, 7, -100) });
  list.push({ name: 'softmaxCrossEntropy over 4333 classes', run: (b, up) => b.softmaxCrossEntropy(up(r(52, [3, 4333], -8, 8)), up([0, 4332, 1000]), 3, 4333, -1), tol: 1e-4 });
  list.push({ name: 'softmaxCrossEntropyGrad over 4333 classes', run: (b, up) => b.softmaxCrossEntropyGrad(up(r(52, [3, 4333], -8, 8)), up([0, 4332, 1000]), up([1, 0.5, 2]), 3, 4333, -1) });
  // sliding windows (conv2d = unfold + matmul; its weight gradient is dY·colsᵀ summed over the batch,
  // its input gradient Wᵀ·dY folded back; max pooling reduces -Infinity-padded columns)
  const win = (k: number[], s: number[], p: number[], d: number[], o: number[]): Window2d =>
    ({ kH: k[0], kW: k[1], sH: s[0], sW: s[1], pH: p[0], pW: p[1], dH: d[0], dW: d[1], oH: o[0], oW: o[1] });
  const odd = win([3, 2], [2, 1], [1, 2], [2, 1], [3, 9]); // over [2,3,7,6]
  list.push({ name: 'unfold [2,3,7,6] kernel 3x2, stride [2,1], padding [1,2], dilation [2,1]', run: (b, up) => b.unfold(up(r(60, [2, 3, 7, 6])), [2, 3, 7, 6], odd, 0) });
  list.push({ name: 'unfold pads with -Infinity (max pooling)', run: (b, up) => b.unfold(up(r(61, [1, 2, 5, 5])), [1, 2, 5, 5], win([3, 3], [2, 2], [1, 1], [1, 1], [3, 3]), -Infinity) });
  list.push({ name: 'fold (col2im) [2,18,27] -> [2,3,7,6], same window', run: (b, up) => b.fold(up(r(62, [2, 18, 27])), [2, 3, 7, 6], odd) });
  list.push({ name: 'fold of overlapping 3x3 windows, stride 1, padding 1', run: (b, up) => b.fold(up(r(63, [2, 18, 64])), [2, 2, 8, 8], win([3, 3], [1, 1], [1, 1], [1, 1], [8, 8])) });
  // the chapter-6 CNN's first layer: [64,1,8,8] -> 8 filters 3x3, padding 1
  const c1 = win([3, 3], [1, 1], [1, 1], [1, 1], [8, 8]);
  const cols1 = (b: Backend, up: (v: number[]) => Storage) => b.unfold(up(r(64, [64, 1, 8, 8])), [64, 1, 8, 8], c1, 0);
  list.push({
    name: 'conv2d forward [64,1,8,8] * [8,1,3,3] + bias (unfold, matmul, add)',
    run: (b, up) => b.binary('add', b.matmul(up(r(65, [8, 9])), [8, 9], cols1(b, up), [64, 9, 64], [64, 8, 64], false, false), [64, 8, 64],
      up(r(66, [8, 1])), [8, 1], [64, 8, 64]),
  });
  list.push({
    name: 'conv2d weight gradient: Σ_batch dY·colsᵀ for [64,1,8,8] -> 8 filters',
    run: (b, up) => b.reduce('sum', b.matmul(up(r(67, [64, 8, 64])), [64, 8, 64], cols1(b, up), [64, 9, 64], [64, 8, 9], false, true), [64, 8, 9], [0]),
    tol: 1e-4,
  });
  list.push({
    name: 'conv2d input gradient: fold(Wᵀ·dY) for [64,1,8,8]',
    run: (b, up) => b.fold(b.matmul(up(r(65, [8, 9])), [8, 9], up(r(67, [64, 8, 64])), [64, 8, 64], [64, 9, 64], true, false), [64, 1, 8, 8], c1),
  });
  // max pooling 2x2 of [4,8,8,8] (as [32,1,8,8] planes): max over the window axis, and the first argmax
  const p2 = win([2, 2], [2, 2], [0, 0], [1, 1], [4, 4]);
  const pcols = (b: Backend, up: (v: number[]) => Storage) => b.unfold(up(r(68, [32, 1, 8, 8])), [32, 1, 8, 8], p2, -Infinity);
  list.push({ name: 'maxPool2d 2x2 of [4,8,8,8]: max of the unfolded windows', run: (b, up) => b.reduce('max', pcols(b, up), [32, 4, 16], [1]) });
  list.push({
    name: 'maxPool2d gradient: dy to the first max of each window, folded back',
    run: (b, up) => {
      const first = b.binary('eq', b.argReduce('argmax', pcols(b, up), [32, 4, 16], 1), [32, 1, 16], up([0, 1, 2, 3]), [4, 1], [32, 4, 16]);
      return b.fold(b.where(first, [32, 4, 16], up(r(69, [32, 1, 16])), [32, 1, 16], up([0]), [], [32, 4, 16]), [32, 1, 8, 8], p2);
    },
  });
  list.push({ name: 'fill 7 values', run: (b) => b.fill(7, 2.5) });
  list.push({ name: 'upload/read round trip of 1 value', run: (b, up) => b.unary('copy', up([3.25]), 1) });
  return list;
}

/** Runs every case on `backend` against `reference` (cpu64). */
export function runKernelChecks(backend: Backend, reference: Backend): CheckReport {
  const details: CaseResult[] = [];
  for (const c of cases()) {
    try {
      const mine: Storage[] = [];
      const theirs: Storage[] = [];
      const got = backend.read(c.run(backend, (v) => { const s = backend.upload(v); mine.push(s); return s; }));
      const want = reference.read(c.run(reference, (v) => { const s = reference.upload(v); theirs.push(s); return s; }));
      for (const s of mine) backend.dispose(s);
      let err = got.length === want.length ? 0 : Infinity;
      const tol = c.tol ?? 1e-5;
      let ok = err === 0;
      for (let i = 0; ok && i < want.length; i++) {
        const w = want[i], g = got[i];
        if (Number.isNaN(w) && Number.isNaN(g)) continue;
        if (w === g) continue;
        const e = Math.abs(g - w);
        err = Math.max(err, e);
        if (!(e <= tol * (1 + Math.abs(w)))) ok = false;
      }
      details.push({ name: c.name, ok, maxAbsError: err,
        message: ok ? undefined : `got [${Array.from(got.slice(0, 8)).map((x) => x.toPrecision(5))}] want [${Array.from(want.slice(0, 8)).map((x) => x.toPrecision(5))}]` });
    } catch (e) {
      details.push({ name: c.name, ok: false, maxAbsError: Infinity, message: e instanceof Error ? e.message : String(e) });
    }
  }
  const passed = details.filter((d) => d.ok).length;
  return { passed, failed: details.length - passed, details };
}
