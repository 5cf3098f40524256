/**
 * GPT.generate's key/value cache (kernels/models/gpt.ts): hiddenCached's logits for new
 * positions equal a full forward's at those positions (float64 to rounding, float32 to ~1e-5),
 * and cached generation writes the same tokens as the uncached path (`cache: false`) for the
 * same seed, through prompts longer than blockSize (where the window is recomputed), every
 * sampling option, masks and stop tokens, leaving no tensor behind.
 */
import { describe, expect, it } from 'vitest';
import { Generator, memory, nn, noGrad, setBackend, tidy, keep } from '../../kernels/index.ts';
import { GPT, type GPTConfig, type GenerateOptions, type LayerKV } from '../../kernels/models/index.ts';
import { BACKENDS, expectClose } from './helpers.ts';

const SMALL: GPTConfig = { vocabSize: 97, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32 };

/** A SMALL GPT with weights well above GPT-2's 0.02, so the logits spread over several units. */
function spreadModel(seed: number): GPT {
  const g = new Generator(seed);
  const model = new GPT(SMALL, { generator: g });
  for (const p of model.parameters()) nn.init.normal(p, 0, 0.3, { generator: g });
  model.eval();
  return model;
}

/** The logits of `seq`'s positions, fed to hiddenCached in chunks of the given sizes. */
function cachedLogits(model: GPT, seq: number[], chunks: number[]): number[][] {
  const rows: number[][] = [];
  let past: LayerKV[] | null = null;
  let start = 0;
  noGrad(() => {
    for (const n of chunks) {
      const next = tidy(() => {
        const { h, cache } = model.hiddenCached([seq.slice(start, start + n)], past);
        rows.push(...(model.head(h).toArray() as number[][][])[0]);
        return cache.map(({ k, v }) => ({ k: keep(k), v: keep(v) }));
      });
      for (const { k, v } of past ?? []) { k.dispose(); v.dispose(); }
      past = next;
      start += n;
    }
  });
  for (const { k, v } of (past as LayerKV[] | null) ?? []) { k.dispose(); v.dispose(); }
  return rows;
}

describe('GPT key/value cache', () => {
  for (const backend of ['auto', ...BACKENDS]) {
    it(`gives a full forward's logits for the new positions (${backend})`, () => {
      setBackend('cpu64');
      const model = spreadModel(21);
      setBackend(backend);
      const seq = Array.from({ length: 16 }, (_, i) => (i * 31 + 7) % 97);
      const full = noGrad(() => (model.forward([seq]).logits.toArray() as number[][][])[0]);
      const tol = backend === 'cpu64' ? 1e-12 : 1e-5;
      // a prefill, single steps (generate's case) and a chunk after cached positions (the triu mask)
      const rows = cachedLogits(model, seq, [5, 1, 1, 4, 1, 3, 1]);
      expectClose(rows, full, tol, tol, `${backend}: cached vs full logits`);
      // the spread weights make logits of several units, so the tolerance is not vacuous
      expect(Math.max(...full.flat().map(Math.abs))).toBeGreaterThan(1);
      model.dispose();
    });
  }

  it('refuses more positions than blockSize and a cache of the wrong depth', () => {
    setBackend('cpu');
    const model = spreadModel(22);
    noGrad(() => tidy(() => {
      const { cache } = model.hiddenCached([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]], null);
      expect(() => model.hiddenCached([[1, 2, 3, 4, 5]], cache)).toThrow(/12 cached and 5 new positions exceed blockSize 16/);
      expect(() => model.hiddenCached([[1]], cache.slice(1))).toThrow(/cache has 1 layers, the model 2/);
      expect(() => model.hiddenCached([[1]], [])).toThrow(/cache has 0 layers, the model 2/);
    }));
    model.dispose();
  });

  const cases: [string, number[], Omit<GenerateOptions, 'generator'>][] = [
    ['greedy from one token', [3], { maxNewTokens: 15, temperature: 0 }],
    ['greedy across blockSize (cache, then recomputed windows)', [3, 9, 27], { maxNewTokens: 30, temperature: 0 }],
    ['prompt longer than blockSize', Array.from({ length: 21 }, (_, i) => (i * 13) % 97), { maxNewTokens: 8, temperature: 0.9, topK: 10 }],
    ['prompt of exactly blockSize', Array.from({ length: 16 }, (_, i) => (i * 5) % 97), { maxNewTokens: 4, temperature: 1 }],
    ['top-k', [1, 2], { maxNewTokens: 20, temperature: 1.2, topK: 5 }],
    ['top-p', [4], { maxNewTokens: 20, temperature: 0.8, topP: 0.9 }],
    ['a mask by position', [0], { maxNewTokens: 14, temperature: 1, mask: (pos) => new Set(pos % 2 ? [10, 11, 12] : [50, 60]) }],
  ];
  for (const backend of ['auto', 'cpu64']) {
    for (const [name, prompt, opts] of cases) {
      it(`writes the uncached path's tokens: ${name} (${backend})`, () => {
        setBackend(backend);
        const model = spreadModel(23);
        const run = (cache: boolean) => model.generate(prompt, { ...opts, cache, generator: new Generator(5) });
        const want = run(false);
        expect(want.length).toBe(prompt.length + opts.maxNewTokens);
        expect(run(true)).toEqual(want);
        model.dispose();
      });
    }
  }

  it('stops at the stop token on both paths', () => {
    setBackend('auto');
    const model = spreadModel(24);
    const free = model.generate([7], { maxNewTokens: 12, temperature: 1, generator: new Generator(6), cache: false });
    // the first token emitted twice, so the stop comes before maxNewTokens
    const stop = free.slice(1).find((t, i, a) => a.indexOf(t) !== i)!;
    expect(stop).toBeDefined();
    const run = (cache: boolean) => model.generate([7], { maxNewTokens: 12, temperature: 1, stop, generator: new Generator(6), cache });
    const want = run(false);
    expect(want.length).toBe(1 + free.slice(1).indexOf(stop) + 1);
    expect(want.at(-1)).toBe(stop);
    expect(run(true)).toEqual(want);
    model.dispose();
  });

  it('leaves no tensor behind, also when the mask throws mid-way; does not record attention', () => {
    setBackend('auto');
    const model = spreadModel(25);
    const opts = { maxNewTokens: 25, temperature: 0.7, generator: new Generator(7) };
    model.generate([1, 2, 3], opts); // the causal masks made once per length are kept on purpose
    const before = memory().numTensors;
    model.generate([1, 2, 3], opts);
    expect(memory().numTensors).toBe(before);
    const failing = () => model.generate([1, 2, 3], { ...opts, mask: (pos) => { if (pos === 9) throw new Error('mask failed'); return null; } });
    expect(failing).toThrow('mask failed');
    expect(memory().numTensors).toBe(before);
    // the maps of an ordinary forward survive a cached generate (its steps do not record)
    model.recordAttention(true);
    noGrad(() => tidy(() => model.forward([[4, 5, 6]])));
    const maps = model.attentionMaps()!;
    model.generate([1], { maxNewTokens: 10, temperature: 0 });
    expect(model.attentionMaps()).toEqual(maps);
    model.recordAttention(false);
    model.dispose();
  });
});
