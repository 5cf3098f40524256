/**
 * The GPT of kernels/models and the shipped Tang-poem checkpoint: loss at initialisation,
 * causality, gradients against float64 central differences, the parameter-count formula,
 * checkpoint round trips, form-masked sampling, and the shipped model against its baselines.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkGradient, checkpoint, Generator, nn, optim, setBackend, type Tensor } from '../../kernels/index.ts';
import {
  GPT, POET_CONFIG, acrosticMask, evaluate, gptParameterCount, loadPoetCheckpoint, poemLines, poemWindows,
  tangPoemMask, trainStep, type GPTConfig, type PoetManifest,
} from '../../kernels/models/index.ts';
import { loadPoemDatasetFromDisk } from '../../kernels/datasets/poems_node.ts';
import { poemCountModel, sha256Hex } from '../../kernels/datasets/poems.ts';
import { expectClose, flat } from './helpers.ts';

const SMALL: GPTConfig = { vocabSize: 97, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 32 };
const TINY: GPTConfig = { vocabSize: 7, blockSize: 4, nLayer: 1, nHead: 2, nEmbd: 8 };

/** [B][T] ids drawn from `g`. */
function randomIds(g: Generator, B: number, T: number, V: number): number[][] {
  return Array.from({ length: B }, () => Array.from({ length: T }, () => g.int(V)));
}

/** Point the model's fields at `xs` (by dotted parameter name) while `fn` runs. */
function withParams<T>(model: GPT, names: string[], xs: Tensor[], fn: () => T): T {
  const slots = names.map((name) => {
    const path = name.split('.');
    let owner: Record<string, unknown> = model as unknown as Record<string, unknown>;
    for (const key of path.slice(0, -1)) owner = owner[key] as Record<string, unknown>;
    return { owner, key: path[path.length - 1], old: owner[path[path.length - 1]] };
  });
  slots.forEach((s, i) => { s.owner[s.key] = xs[i]; });
  try {
    return fn();
  } finally {
    slots.forEach((s) => { s.owner[s.key] = s.old; });
  }
}

describe('GPT', () => {
  it('starts near ln V: tied N(0, 0.02) logits are almost uniform', () => {
    setBackend('cpu64');
    const model = new GPT(SMALL, { generator: new Generator(1) });
    const g = new Generator(2);
    const loss = model.forward(randomIds(g, 4, 16, 97), randomIds(g, 4, 16, 97)).loss!.item();
    // NOTE: logit = lnF(x)·wte[v], a sum of d terms of size ~1 × 0.02, so std ≈ 0.02·√d ≈ 0.11
    // and E[loss] ≈ ln V + σ²/2 ≈ ln V + 0.006: well inside 0.05
    expect(Math.abs(loss - Math.log(97))).toBeLessThan(0.05);
  });

  it('is causal: changing later tokens leaves earlier logits unchanged', () => {
    setBackend('cpu64');
    const model = new GPT(SMALL, { generator: new Generator(3) });
    const a = [[5, 9, 1, 44, 3, 70, 8, 2]], b = [[5, 9, 1, 44, 96, 0, 13, 50]];
    const [la, lb] = [a, b].map((x) => model.forward(x).logits.narrow(1, 0, 4).toArray());
    expectClose(la, lb, 0, 0, 'first 4 positions');
    expect(flat(model.forward(a).logits.narrow(1, 4, 1).toArray())).not.toEqual(flat(model.forward(b).logits.narrow(1, 4, 1).toArray()));
  });

  it('has the gradients of float64 central differences (tiny config, tied head, ignored targets)', () => {
    setBackend('cpu64');
    const g = new Generator(4);
    const model = new GPT(TINY, { generator: g });
    // larger weights than GPT-2's 0.02, so every gradient is well above the tolerance
    for (const p of model.parameters()) nn.init.normal(p, 0, 0.5, { generator: g });
    const x = [[1, 4, 6, 0], [3, 3, 2, 5]], y = [[4, 6, 0, 2], [3, 2, 5, -100]];
    const names = ['wte.weight', 'wpe.weight', 'blocks.0.ln1.weight', 'blocks.0.attn.qkv.weight', 'blocks.0.attn.proj.bias',
      'blocks.0.mlp.fc.weight', 'lnF.bias'];
    const byName = new Map(model.namedParameters());
    const report = checkGradient((...xs) => withParams(model, names, xs, () => model.forward(x, y).loss!),
      names.map((n) => byName.get(n)!), { atol: 1e-7, rtol: 1e-5 });
    const bad = report.inputs.filter((r) => !r.ok).map((r) => `${names[r.index]}: ${JSON.stringify(r.worst[0])}`);
    expect(bad, bad.join('\n')).toEqual([]);
    expect(report.maxAbsError).toBeLessThan(1e-7);
  });

  it('gptParameterCount is the sum of the parameter sizes', () => {
    setBackend('cpu');
    for (const c of [TINY, SMALL, POET_CONFIG]) {
      const model = new GPT(c, { generator: new Generator(0) });
      expect(gptParameterCount(c)).toBe(model.parameters().reduce((s, p) => s + p.size, 0));
      expect(model.stateDict()['wte.weight'].shape).toEqual([c.vocabSize, c.nEmbd]); // the head has no weight of its own
      model.dispose();
    }
    expect(gptParameterCount(POET_CONFIG)).toBe(430_528);
  });

  it('stateDict → GBCK → loadPoetCheckpoint gives identical logits (float32) and close ones (float16)', () => {
    setBackend('cpu');
    const model = new GPT(SMALL, { generator: new Generator(5) });
    const ids = randomIds(new Generator(6), 2, 16, 97);
    const want = model.forward(ids).logits.toArray();
    const f32 = loadPoetCheckpoint(checkpoint.encodeCheckpoint(model.stateDict(), { config: SMALL }));
    expect(f32.config).toEqual(SMALL);
    expectClose(f32.forward(ids).logits.toArray(), want, 0, 0, 'float32');
    const f16 = loadPoetCheckpoint(checkpoint.encodeCheckpoint(model.stateDict(), { config: SMALL, dtype: 'float16' }));
    expectClose(f16.forward(ids).logits.toArray(), want, 2e-3, 1e-2, 'float16');
  });

  it('records attention maps: causal rows that sum to 1, one per layer and head', () => {
    setBackend('cpu');
    const model = new GPT(SMALL, { generator: new Generator(7) });
    expect(model.attentionMaps()).toBeNull();
    model.recordAttention(true);
    model.forward([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
    const maps = model.attentionMaps()!;
    expect(maps.map((m) => [m.layer, m.head])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    for (const { weights } of maps) {
      expect(weights.length).toBe(5);
      weights.forEach((row, i) => {
        expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
        expect(row.slice(i + 1).every((v) => v === 0)).toBe(true);
      });
    }
    model.recordAttention(false);
    expect(model.attentionMaps()).toBeNull();
  });

  it('trainStep lowers the loss on a repeated batch; generate keeps the last blockSize tokens', () => {
    setBackend('cpu');
    const model = new GPT(SMALL, { generator: new Generator(8) });
    const opt = new optim.AdamW(model.parameters(), { lr: 1e-2 });
    const batch = { x: randomIds(new Generator(9), 4, 16, 97), y: randomIds(new Generator(10), 4, 16, 97) };
    const first = trainStep(model, opt, batch, { step: 0, clip: 1 });
    let last = first;
    for (let step = 1; step < 15; step++) last = trainStep(model, opt, batch, { step, schedule: () => 1e-2, clip: 1 });
    expect(last.loss).toBeLessThan(first.loss - 1);
    expect(first.gradNorm).toBeGreaterThan(0);
    const out = model.generate(Array.from({ length: 20 }, (_, i) => i), { maxNewTokens: 5, temperature: 0, mask: () => new Set([42, 43]) });
    expect(out.length).toBe(25);
    expect(out.slice(20).every((t) => t === 42 || t === 43)).toBe(true);
  });
});

describe('the shipped Tang-poem model', async () => {
  const ds = await loadPoemDatasetFromDisk();
  const dir = new URL('../../public/models/', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as PoetManifest;
  const bytes = new Uint8Array(readFileSync(new URL(manifest.checkpoint.file, dir)));
  setBackend('cpu');
  const model = loadPoetCheckpoint(bytes);
  const { bos, eos } = ds.specials;

  it('matches its manifest (sha256, size) and POET_CONFIG', async () => {
    expect(bytes.length).toBe(manifest.checkpoint.bytes);
    expect(await sha256Hex(bytes)).toBe(manifest.checkpoint.sha256);
    expect(checkpoint.decodeCheckpoint(bytes).config).toEqual(POET_CONFIG);
    expect(model.config).toEqual(POET_CONFIG);
    expect(manifest.parameters).toBe(gptParameterCount(POET_CONFIG));
  });

  it('writes a 五言绝句 under tangPoemMask: 4 lines of 5 characters, ，。，。', () => {
    setBackend('cpu');
    const g = new Generator(11);
    for (let i = 0; i < 2; i++) {
      const ids = model.generate([bos], { maxNewTokens: 25, temperature: 0.8, topK: 40, mask: tangPoemMask(ds.vocab), stop: eos, generator: g });
      expect(ids.length).toBe(26);
      expect(ids[25]).toBe(eos);
      const lines = poemLines(ids, ds.vocab);
      expect(lines.map((l) => l.slice(-1)).join('')).toBe('，。，。');
      for (const l of lines) expect([...l.slice(0, -1)].every((c) => /\p{Script=Han}/u.test(c) && c.length === 1)).toBe(true);
      expect(lines.map((l) => [...l].length)).toEqual([6, 6, 6, 6]);
    }
  });

  it('writes the same poems with and without its key/value cache (same seed)', () => {
    setBackend('auto');
    const poems = (cache: boolean) => {
      const g = new Generator(13);
      return Array.from({ length: 3 }, () => model.generate([bos], { maxNewTokens: 25, temperature: 0.8, topK: 40, topP: 0.95, mask: tangPoemMask(ds.vocab), stop: eos, generator: g, cache }));
    };
    const want = poems(false);
    expect(want.every((ids) => ids.length === 26)).toBe(true);
    expect(poems(true)).toEqual(want);
  });

  it('writes an acrostic (藏头诗) whose lines start with the given characters', () => {
    setBackend('cpu');
    const ids = model.generate([bos], { maxNewTokens: 25, temperature: 0.8, mask: acrosticMask(ds.vocab, '春夏秋冬'), stop: eos, generator: new Generator(12) });
    expect(poemLines(ids, ds.vocab).map((l) => l[0]).join('')).toBe('春夏秋冬');
    expect(() => acrosticMask(ds.vocab, ['春', 'A', '秋', '😀'])).toThrow(/not in the poem vocabulary: A 😀/);
    expect(() => acrosticMask(ds.vocab, '春夏秋')).toThrow(/need 4 head characters/);
  });

  it('beats the Kneser–Ney bigram on a few validation batches (both scored on the same tokens)', () => {
    setBackend('cpu');
    const opts = { batches: 2, batchSize: 16, seed: 0 };
    const { loss, tokens } = evaluate(model, ds, opts);
    // the same seeded batches evaluate() draws, scored by the bigram fitted on train
    const kn = poemCountModel(ds), g = new Generator(opts.seed);
    let nats = 0, n = 0;
    for (let i = 0; i < opts.batches; i++) {
      const { x, y } = ds.batch('val', opts.batchSize, POET_CONFIG.blockSize, g);
      x.forEach((row, b) => row.forEach((v, t) => {
        if (y[b][t] !== -100) { nats -= Math.log(kn.bigramKneserNey(v, y[b][t])); n++; }
      }));
    }
    expect(n).toBe(tokens);
    expect(loss).toBeLessThan(nats / n - 0.2);
  });

  it('evaluates every validation token after <bos> once, as the baselines do', () => {
    let n = 0;
    for (const b of poemWindows(ds.val, POET_CONFIG.blockSize, 64)) n += flat(b.y).filter((t) => t !== -100).length;
    expect(n).toBe(ds.manifest.baselines.tokens);
  });
});
