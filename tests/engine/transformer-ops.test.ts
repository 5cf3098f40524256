/**
 * The ops a small GPT needs, on every backend: erf / GELU, layerNorm, embedding, triu / tril,
 * maskedFill, maskedSoftmax, crossEntropy with ignoreIndex and [B, T, V] logits, batched
 * attention matmuls. Each case goes through `checkOp` (forward vs float64 values, gradient vs
 * central differences); the properties a transformer relies on are checked beside them.
 */
import { describe, expect, it } from 'vitest';
import {
  F, nn, tensor, ones, randn, linspace, triu, tril, maskedFill, maskedSoftmax, matmul,
  scaledDotProductAttention, setBackend, Generator, softmaxCrossEntropy, tapeOf, type Tensor,
} from '../../kernels/index.ts';
import { BACKENDS, checkOp, expectClose, flat, tolerance } from './helpers.ts';
import { nest, refMatmul, seq } from './transformer-helpers.ts';

const NEG = -Infinity;
const gen = () => ({ generator: new Generator(3) });

describe.each(BACKENDS)('transformer ops on %s', (b) => {
  describe('erf and GELU', () => {
    it('erf at known values', () => checkOp(b, (x) => x.erf(), [[-2, -0.5, 0, 0.3, 1, 3]],
      [-0.9953222650189527, -0.5204998778130465, 0, 0.3286267594591274, 0.8427007929497149, 0.9999779095030014]));
    it('exact gelu at known values', () => checkOp(b, (x) => F.gelu(x), [[-3, -1, -0.5, 0, 0.5, 1, 2, 3]],
      [-0.00404969409489031, -0.15865525393145707, -0.15426876936299344, 0, 0.34573123063700656,
        0.8413447460685429, 1.9544997361036416, 2.99595030590511]));
    it('tanh gelu at known values', () => checkOp(b, (x) => x.gelu({ approximate: 'tanh' }), [[-3, -1, -0.5, 0, 0.5, 1, 2, 3]],
      [-0.0036373920817729943, -0.15880800939172324, -0.15428599017485606, 0, 0.34571400982514394,
        0.8411919906082768, 1.954597694087775, 2.996362607918227]));
    it('tanh gelu is within 1e-3 of exact gelu on [-6, 6]', () => {
      setBackend(b);
      const x = linspace(-6, 6, 241);
      const d = flat(F.gelu(x).sub(F.gelu(x, { approximate: 'tanh' })).abs().max().toArray())[0];
      expect(d).toBeLessThan(1e-3);
      expect(d).toBeGreaterThan(1e-4); // they do differ: the test would notice a swap
    });
    it('nn.GELU is F.gelu', () => {
      setBackend(b);
      const x = tensor([-1, 0.5, 2]);
      expectClose(new nn.GELU({ approximate: 'tanh' }).call(x).toArray(), F.gelu(x, { approximate: 'tanh' }).toArray(), 0, 0);
      expect(() => F.gelu(x, { approximate: 'fast' as 'tanh' })).toThrow(/approximate/);
    });
  });

  describe('layerNorm', () => {
    it('normalises the last dim with the biased variance', () => checkOp(b, (x) => F.layerNorm(x, 3), [[[1, 2, 3], [2, 4, 8]]],
      [[-1.2247356859083902, 0, 1.2247356859083902], [-1.0690441085967413, -0.2672610271491854, 1.3363051357459264]]));
    it('scales by weight and shifts by bias, with their gradients', () => checkOp(b, (x, w, c) => F.layerNorm(x, [3], w, c),
      [[[1, 2, 3], [2, 4, 8]], [0.5, 1, 2], [0.1, 0, -0.1]],
      [[-0.5123678429541951, 0, 2.3494713718167803], [-0.43452205429837065, -0.2672610271491854, 2.5726102714918526]]));
    it('normalises over two trailing dims', () => checkOp(b, (x) => F.layerNorm(x, [2, 2]), [[[[1, 2], [3, 5]], [[0, 0], [1, -1]]]],
      [[[-1.1832132521355805, -0.5070913937723917], [0.1690304645907972, 1.521274181317175]], [[0, 0], [1.4141994204496, -1.4141994204496]]]));
    it('each row of nn.LayerNorm output has mean 0 and variance 1', () => {
      setBackend(b);
      const y = new nn.LayerNorm(16).call(randn([4, 16], gen()).mul(3).add(5));
      const tol = tolerance(b).atol * 100;
      expectClose(y.mean(-1).toArray(), [0, 0, 0, 0], tol, 0, 'mean');
      expectClose(y.var(-1, false, false).toArray(), [1, 1, 1, 1], 1e-3, 0, 'var');
    });
    it('nn.LayerNorm has weight 1 and bias 0, and bias: false drops the bias', () => {
      setBackend(b);
      const ln = new nn.LayerNorm(3);
      expect(ln.parameters().map((p) => p.toArray())).toEqual([[1, 1, 1], [0, 0, 0]]);
      expect(new nn.LayerNorm(3, { bias: false }).parameters().length).toBe(1);
      expect(() => F.layerNorm(tensor([[1, 2]]), 3)).toThrow(/not the trailing shape/);
    });
  });

  describe('embedding', () => {
    const W = [[1, 2], [3, 4], [5, 6]];
    it('gathers rows by [B, T] ids; repeated ids accumulate in the gradient', () => checkOp(b, (w) => F.embedding([[0, 2], [2, 2]], w),
      [W], [[[1, 2], [5, 6]], [[5, 6], [5, 6]]]));
    it('takes ids as a number[] or a scalar tensor', () => checkOp(b, (w) => F.embedding([1, 0], w).add(F.embedding(tensor(2), w)),
      [W], [[8, 10], [6, 8]]));
    it('repeated ids add their rows\' gradients into the weight', () => {
      setBackend(b);
      const emb = new nn.Embedding(3, 2, gen());
      emb.call(tensor([[2, 0, 2], [2, 1, 1]])).sum().backward();
      expectClose(emb.weight.grad!.toArray(), [[1, 1], [2, 2], [3, 3]], 0, 0, 'grad');
    });
    it('nn.Embedding: shape, PyTorch N(0, 1) init or GPT-2 N(0, 0.02), range check', () => {
      setBackend(b);
      const wte = new nn.Embedding(50, 40, gen());
      expect(wte.call(tensor([[0, 5, 7]])).shape).toEqual([1, 3, 40]);
      const std = (t: Tensor) => Math.sqrt(flat(t.var(undefined, false, false).toArray())[0]);
      expect(std(wte.weight)).toBeGreaterThan(0.9);
      expect(std(wte.weight)).toBeLessThan(1.1);
      expect(std(new nn.Embedding(50, 40, { std: 0.02, ...gen() }).weight)).toBeLessThan(0.022);
      expect(() => wte.forward([50])).toThrow(/id 50 out of range \[0, 50\)/);
    });
  });

  describe('causal masks', () => {
    const X = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    it('triu', () => checkOp(b, (x) => x.triu(), [X], [[1, 2, 3], [0, 5, 6], [0, 0, 9]]));
    it('triu above the diagonal on a batch', () => checkOp(b, (x) => triu(x, 1), [[X, X]], [[[0, 2, 3], [0, 0, 6], [0, 0, 0]], [[0, 2, 3], [0, 0, 6], [0, 0, 0]]]));
    it('tril', () => checkOp(b, (x) => x.tril(), [X], [[1, 0, 0], [4, 5, 0], [7, 8, 9]]));
    it('tril below the diagonal of a wide matrix', () => checkOp(b, (x) => tril(x, -1), [[[1, 2, 3, 4], [5, 6, 7, 8]]], [[0, 0, 0, 0], [5, 0, 0, 0]]));
    it('maskedFill with a broadcast mask; zero gradient where filled', () => checkOp(b, (x) => maskedFill(x, tensor([0, 1, 0]), 5),
      [[[1, 2, 3], [4, 5, 6]]], [[1, 5, 3], [4, 5, 6]]));
    it('maskedFill with -Infinity above the diagonal', () => checkOp(b, (x) => x.maskedFill(tril(ones([3, 3])).eq(0), NEG),
      [X], [[1, NEG, NEG], [4, 5, NEG], [7, 8, 9]], { grad: false }));
    it('maskedFill refuses a mask that does not broadcast to x', () => {
      setBackend(b);
      expect(() => maskedFill(tensor([1, 2]), tensor([[1, 0], [0, 1]]), 0)).toThrow(/does not broadcast/);
    });
  });

  describe('softmax under a mask', () => {
    const X = [[1, 2, 3], [4, 5, 6], [0, 1, -1]];
    const K = [[1, 0, 1], [0, 0, 0], [1, 1, 1]];
    it('maskedSoftmax: kept entries only, a fully masked row is zeros', () => checkOp(b, (x) => maskedSoftmax(x, tensor(K)), [X],
      [[0.11920292202211755, 0, 0.8807970779778823], [0, 0, 0], [0.24472847105479764, 0.6652409557748218, 0.09003057317038046]]));
    it('softmax after maskedFill(-Infinity) matches maskedSoftmax, gradient included', () => checkOp(b,
      (x) => x.maskedFill(tensor([[0, 1, 0]]), NEG).softmax(), [[[1, 2, 3], [0, 1, -1]]],
      [[0.11920292202211755, 0, 0.8807970779778823], [0.7310585786300049, 0, 0.2689414213699951]]));
    it('a row already all -Infinity gives zeros, no NaN, and a finite gradient', () => {
      setBackend(b);
      const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
      const filled = x.maskedFill(tensor([[0, 0], [1, 1]]), NEG);
      const p = maskedSoftmax(filled, ones([2, 2]));
      expectClose(p.toArray(), [[0.2689414213699951, 0.7310585786300049], [0, 0]], tolerance(b).atol, 1e-4);
      p.mul(tensor([[1, 2], [3, 4]])).sum().backward();
      const g = flat(x.grad!.toArray());
      expect(g.every(Number.isFinite)).toBe(true);
      expectClose(g.slice(2), [0, 0], 0, 0, 'masked row gradient');
    });
    it.skipIf(!b.startsWith('cpu'))('plain softmax of an all -Infinity row is NaN, as in PyTorch', () => {
      setBackend(b);
      expect(flat(F.softmax(tensor([[NEG, NEG]])).toArray()).every(Number.isNaN)).toBe(true);
    });
  });

  describe('crossEntropy for language models', () => {
    const L = [[1, 2, 0, -1], [0.5, 0.5, 0.5, 0.5], [2, -1, 0, 3]];
    it('ignoreIndex rows count for nothing; the mean is over kept rows', () => checkOp(b, (x) => F.crossEntropy(x, [1, -100, 3]), [L], 0.40101936882657996));
    it('sum over kept rows', () => checkOp(b, (x) => F.crossEntropy(x, tensor([1, -100, 3]), { reduction: 'sum' }), [L], 0.8020387376531599));
    const L3 = [[[1, 0, -1], [0, 2, 1]], [[0.5, 0, 0], [3, 1, 2]]];
    it('[B, T, V] logits with [B, T] targets and ignoreIndex -1', () => checkOp(b, (x) => F.crossEntropy(x, [[0, 2], [1, -1]], { ignoreIndex: -1 }), [L3], 1.0365295661021348));
    it("'none' keeps the target's shape, 0 at ignored rows", () => checkOp(b, (x) => F.crossEntropy(x, [[0, 2], [1, -1]], { ignoreIndex: -1, reduction: 'none' }), [L3],
      [[0.40760596444438035, 1.4076059644443806], [1.2943767694176431, 0]]));
    it('nllLoss skips ignored rows too', () => checkOp(b, (x) => F.nllLoss(x, [2, -100]), [[[-1, -2, -0.5], [-3, -1, -2]]], 0.5));
    it('equals the mean over the kept rows alone', () => {
      setBackend(b);
      const logits = randn([6, 5], gen()), target = [4, -100, 0, -100, 2, 1];
      const kept = [0, 2, 4, 5];
      const all = F.crossEntropy(logits, target).item();
      const only = F.crossEntropy(logits.indexSelect(0, kept), kept.map((i) => target[i])).item();
      expect(Math.abs(all - only)).toBeLessThan(tolerance(b).atol * 10);
    });
    it('every row ignored: NaN mean, as PyTorch, and a zero gradient', () => {
      setBackend(b);
      const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
      const loss = F.crossEntropy(x, [-100, -100]);
      expect(Number.isNaN(loss.item())).toBe(true);
      loss.backward();
      expectClose(x.grad!.toArray(), [[0, 0], [0, 0]], 0, 0, 'gradient');
      expect(F.crossEntropy(x, [-100, -100], { reduction: 'sum' }).item()).toBe(0);
    });
    it('a 3000-class vocabulary matches the float64 definition', () => {
      setBackend(b);
      const V = 3000, N = 8;
      const logits = randn([N, V], gen()).mul(2);
      const target = seq(N).map((i) => (i * 977) % V);
      const x = Array.from(logits.dataSync());
      let want = 0;
      for (let i = 0; i < N; i++) {
        const row = x.slice(i * V, (i + 1) * V), m = Math.max(...row);
        want += m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[target[i]];
      }
      expect(Math.abs(F.crossEntropy(logits, target).item() - want / N)).toBeLessThan(tolerance(b).atol * 100);
    });
    it('the fused softmaxCrossEntropy primitive: per-row loss, 0 and a zero gradient at ignored rows', () => checkOp(b,
      (x) => softmaxCrossEntropy(x, tensor([1, -100, 3]), -100), [L],
      [ce(L[0], 1), 0, ce(L[2], 3)]));
    it('softmaxCrossEntropy is stable for huge logits and matches logSoftmax + pick', () => {
      setBackend(b);
      const big = [[1000, 0, -1000], [-50, 60, 59]];
      expectClose(softmaxCrossEntropy(tensor(big), tensor([0, 2]), -100).toArray(), [0, ce(big[1], 2)], tolerance(b).atol, tolerance(b).rtol);
      const x = randn([5, 11], gen()).mul(3), ids = tensor([0, 10, 4, 4, 7]);
      const composed = F.logSoftmax(x).mul(-1).gather(1, ids.reshape(5, 1)).reshape(5);
      expectClose(softmaxCrossEntropy(x, ids, -100).toArray(), composed.toArray(), tolerance(b).atol * 10, tolerance(b).rtol);
    });
    it('crossEntropy runs the fused primitive (one kernel forward, one backward)', () => {
      setBackend(b);
      const x = tensor(L, { requiresGrad: true });
      const ops = tapeOf(F.crossEntropy(x, [1, -100, 3])).map((n) => n.op);
      expect(ops).toContain('softmaxCrossEntropy');
      expect(ops).not.toContain('exp');
    });
    it('rejects a class id out of range and a target of the wrong shape', () => {
      setBackend(b);
      expect(() => F.crossEntropy(tensor([[1, 2]]), [2])).toThrow(/class index 2 out of range \[0, 2\)/);
      expect(() => F.crossEntropy(tensor([[1, 2]]), [[0]])).toThrow(/expected target shape \[1\]/);
    });
  });

  describe('attention shapes', () => {
    const B = 1, H = 2, T = 3, D = 2;
    const q = seq(B * H * T * D).map((i) => Math.sin(i + 1));
    const k = seq(B * H * D * T).map((i) => Math.cos(i * 0.7));
    const shaped = nest;
    it('batched matmul [B, H, T, D] x [B, H, D, T] with gradients', () => checkOp(b, (x, y) => matmul(x, y),
      [shaped(q, [B, H, T, D]), shaped(k, [B, H, D, T])], shaped(refMatmul(q, k, B * H, T, D, T), [B, H, T, T])));
    it('q @ k.transpose(-2, -1) with gradients', () => checkOp(b, (x, y) => x.matmul(y.transpose(-2, -1)),
      [shaped(q, [B, H, T, D]), shaped(k, [B, H, T, D])], shaped(refMatmul(q, k, B * H, T, D, T, true), [B, H, T, T])));
    it('split heads with reshape + transpose, merge them back', () => checkOp(b,
      (x) => x.reshape(1, 3, 2, 2).transpose(1, 2).mul(tensor([1, 10]).reshape(1, 2, 1, 1)).transpose(1, 2).reshape(1, 3, 4),
      [[[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]]], [[[1, 2, 30, 40], [5, 6, 70, 80], [9, 10, 110, 120]]]));
    it('permute(0, 2, 1, 3) swaps tokens and heads', () => checkOp(b, (x) => x.permute(0, 2, 1, 3),
      [[[[[1, 2]], [[3, 4]]]]], [[[[1, 2], [3, 4]]]]));
    it('causal attention: position 0 attends only to itself', () => {
      setBackend(b);
      const [qq, kk, vv] = [1, 2, 3].map((s) => randn([1, 2, 4, 3], { generator: new Generator(s) }));
      const out = scaledDotProductAttention(qq, kk, vv, { causal: true });
      expectClose(out.narrow(2, 0, 1).toArray(), vv.narrow(2, 0, 1).toArray(), tolerance(b).atol, 1e-4, 'row 0');
      const w = maskedSoftmax(qq.matmul(kk.transpose(-2, -1)), tril(ones([4, 4])));
      expect(flat(w.narrow(2, 0, 1).toArray())).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
    });
    it('causal scaledDotProductAttention has the gradient of its definition', () => checkOp(b,
      (x, y, z) => scaledDotProductAttention(x, y, z, { causal: true }),
      [[[1, 0], [0, 1], [1, 1]], [[0.5, -1], [2, 0], [0, 1]], [[1, 2], [3, 4], [5, 6]]],
      [[1, 2], [3 - 2 * sig(-1 / Math.SQRT2), 4 - 2 * sig(-1 / Math.SQRT2)], weighted()]));
    it('a query whose mask keeps nothing gets a zero output and gradient, not NaN', () => checkOp(b,
      (x, y, z) => scaledDotProductAttention(x, y, z, { mask: tensor([[1, 1], [0, 0]]) }),
      [[[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 2], [3, 4]]],
      [[3 - 2 * sig(1 / Math.SQRT2), 4 - 2 * sig(1 / Math.SQRT2)], [0, 0]]));
  });

  it('a tiny GPT step (embeddings, layerNorm, causal attention, GELU, ignoreIndex) has finite gradients', () => {
    setBackend(b);
    const [V, C, T] = [7, 4, 3];
    const wte = new nn.Embedding(V, C, { std: 0.02, ...gen() }), wpe = new nn.Embedding(T, C, gen());
    const ln = new nn.LayerNorm(C), qkv = new nn.Linear(C, 3 * C, gen()), mlp = new nn.Linear(C, C, gen());
    const head = new nn.Linear(C, V, gen());
    const x = wte.call(tensor([[1, 2, 3], [4, 5, 6]])).add(wpe.forward([0, 1, 2])); // [2, 3, C]
    const [q, k, v] = [0, 1, 2].map((i) => qkv.call(ln.call(x)).narrow(-1, i * C, C).reshape(2, T, 2, 2).transpose(1, 2));
    const att = scaledDotProductAttention(q, k, v, { causal: true }).transpose(1, 2).reshape(2, T, C);
    const h = x.add(att).add(mlp.call(F.gelu(ln.call(x.add(att)))));
    const loss = F.crossEntropy(head.call(h), [[2, 3, -1], [5, 6, 0]], { ignoreIndex: -1 });
    loss.backward();
    const params = [wte, wpe, ln, qkv, mlp, head].flatMap((m) => m.parameters());
    expect(Number.isFinite(loss.item())).toBe(true);
    expect(params.every((p) => p.grad && flat(p.grad.toArray()).every(Number.isFinite))).toBe(true);
    expect(flat(wpe.weight.grad!.toArray()).some((g) => g !== 0)).toBe(true);
  });
});

/** Cross-entropy of one row of logits at class k, in float64. */
function ce(row: number[], k: number): number {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[k];
}

/** Logistic function, for the hand-computed attention weights. */
function sig(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Row 2 of the causal attention case: scores (q2·k_j)/√2 = [-0.5, 2, 1]/√2 over v rows. */
function weighted(): number[] {
  const s = [-0.5, 2, 1].map((v) => Math.exp(v / Math.SQRT2));
  const z = s[0] + s[1] + s[2];
  return [0, 1].map((c) => s.reduce((acc, w, j) => acc + (w / z) * [[1, 2], [3, 4], [5, 6]][j][c], 0));
}
