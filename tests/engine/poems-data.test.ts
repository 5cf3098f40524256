/**
 * The Tang poem dataset in public/data/tang5/ (written by data-prep/tang-poems/prepare.ts): hashes,
 * the form of every poem, the vocabulary, the split, the manifest's counts and baselines, batches.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../../kernels/random.ts';
import {
  IGNORE_INDEX,
  POEM_FILES,
  loadPoemDataset,
  POEM_SPECIALS,
  parsePoemDataset,
  poemBaselines,
  poemCountModel,
  sha256Fallback,
  sha256Hex,
  splitPoems,
  type PoemDataset,
  type PoemDatasetFiles,
} from '../../kernels/datasets/poems.ts';
import { DEFAULT_POEM_DIR, loadPoemDatasetFromDisk } from '../../kernels/datasets/poems_node.ts';

const dir = fileURLToPath(DEFAULT_POEM_DIR);
const read = (name: string) => readFileSync(`${dir}/${name}`);
const files = (): PoemDatasetFiles => ({
  manifest: read(POEM_FILES.manifest).toString('utf8'),
  vocab: read(POEM_FILES.vocab).toString('utf8'),
  train: new Uint8Array(read(POEM_FILES.train)),
  val: new Uint8Array(read(POEM_FILES.val)),
});
/** 4 or 8 lines of 5 characters, ，and 。 alternating, then the newline that <eos> decodes to. */
const FORM = /^(?:[^，。\n□]{5}，[^，。\n□]{5}。){2}(?:(?:[^，。\n□]{5}，[^，。\n□]{5}。){2})?\n$/u;
const withUnk = (s: string) => s.replace(/□/g, '字');

let ds: PoemDataset;
beforeAll(async () => {
  ds = await loadPoemDatasetFromDisk();
});

describe('poems: files and hashes', () => {
  it('every file in the manifest has its size and sha256', () => {
    for (const [name, { bytes, sha256 }] of Object.entries(ds.manifest.files)) {
      const data = read(name);
      expect(data.length, name).toBe(bytes);
      expect(createHash('sha256').update(data).digest('hex'), name).toBe(sha256);
    }
    expect(Object.keys(ds.manifest.files)).toEqual(expect.arrayContaining([POEM_FILES.train, POEM_FILES.val, POEM_FILES.vocab]));
  });

  it('a flipped byte in any file is caught with a clear message', async () => {
    for (const key of ['train', 'val'] as const) {
      const f = files();
      f[key][1000] ^= 1;
      await expect(parsePoemDataset(f)).rejects.toThrow(
        new RegExp(`^poems: ${POEM_FILES[key].replace('.', '\\.')} sha256 mismatch: expected [0-9a-f]{64}, got [0-9a-f]{64} \\(file corrupt or changed\\)$`),
      );
    }
    const f = files();
    f.vocab = f.vocab.replace('"不"', '"丕"');
    await expect(parsePoemDataset(f)).rejects.toThrow(/vocab\.json sha256 mismatch/);
  });

  it('loadPoemDataset fetches the four files from a base URL (as the browser does)', async () => {
    const asked: string[] = [];
    const fakeFetch = (async (url: string) => {
      asked.push(url);
      const name = url.slice('/data/tang5/'.length);
      try {
        return new Response(read(name));
      } catch {
        return new Response('not found', { status: 404, statusText: 'Not Found' });
      }
    }) as typeof fetch;
    const fetched = await loadPoemDataset('/data/tang5', fakeFetch);
    expect(asked.sort()).toEqual(Object.values(POEM_FILES).map((n) => `/data/tang5/${n}`).sort());
    expect(fetched.train.length).toBe(ds.train.length);
    expect(fetched.decode(fetched.val[0])).toBe(ds.decode(ds.val[0]));
    await expect(loadPoemDataset('/data/tang5/missing/', fakeFetch)).rejects.toThrow(/fetching \/data\/tang5\/missing\/.* failed: 404/);
  });

  it('the plain-JS sha256 fallback agrees with crypto.subtle', async () => {
    const abc = new TextEncoder().encode('abc');
    expect(sha256Fallback(abc)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const n of [0, 1, 55, 56, 63, 64, 65, 1000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
      expect(sha256Fallback(bytes), `${n} bytes`).toBe(await sha256Hex(bytes));
    }
    expect(sha256Fallback(files().val)).toBe(ds.manifest.files[POEM_FILES.val].sha256);
  });
});

describe('poems: content', () => {
  it('has the manifest counts: poems, tokens, 五绝 and 五律, vocabulary', () => {
    const c = ds.manifest.counts;
    expect(ds.train.length).toBe(c.train);
    expect(ds.val.length).toBe(c.val);
    expect(ds.tokens.train.length).toBe(c.trainTokens);
    expect(ds.tokens.val.length).toBe(c.valTokens);
    expect(ds.vocab.length).toBe(c.vocabSize);
    const all = [...ds.train, ...ds.val];
    expect(all.filter((p) => p.length === 26).length).toBe(c.jueju);
    expect(all.filter((p) => p.length === 50).length).toBe(c.lushi);
    expect(c.train + c.val).toBe(c.kept);
    expect(ds.vocab.length).toBeGreaterThanOrEqual(3000);
    expect(ds.vocab.length).toBeLessThanOrEqual(5000);
    expect(ds.manifest.source).toMatchObject({ package: 'chinese-poetry', licence: 'MIT' });
    expect(ds.manifest.converter).toMatchObject({ package: 'opencc-js' });
  });

  it('every poem decodes to 4 or 8 lines of 5 characters with ，。 alternating', () => {
    const bad: string[] = [];
    for (const split of ['train', 'val'] as const) {
      ds[split].forEach((p, i) => {
        const text = withUnk(ds.decode(p));
        if (!FORM.test(text) || p[0] !== POEM_SPECIALS.bos || p[p.length - 1] !== POEM_SPECIALS.eos) bad.push(`${split} ${i}: ${text}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('vocabulary: specials first, ids in range, unique tokens, counts are the train counts', () => {
    expect(ds.vocab.slice(0, 6)).toEqual(['<pad>', '<bos>', '<eos>', '<unk>', '，', '。']);
    expect(new Set(ds.vocab).size).toBe(ds.vocab.length);
    for (const t of ds.vocab.slice(6)) expect([...t].length, t).toBe(1);
    const counts = new Array<number>(ds.vocab.length).fill(0);
    let outOfRange = 0;
    for (const split of ['train', 'val'] as const) {
      for (const id of ds.tokens[split]) {
        if (id >= ds.vocab.length || id === POEM_SPECIALS.pad) outOfRange++;
        else if (split === 'train') counts[id]++;
      }
    }
    expect(outOfRange).toBe(0);
    expect(counts).toEqual(ds.counts);
    // characters sorted by train count, each at least minCount
    const chars = ds.counts.slice(6);
    expect(chars.every((c, i) => i === 0 || c <= chars[i - 1])).toBe(true);
    expect(Math.min(...chars)).toBeGreaterThanOrEqual(ds.manifest.encoding.minCount);
  });

  it('the <unk> rates are the manifest ones', () => {
    for (const split of ['train', 'val'] as const) {
      let unk = 0, chars = 0;
      for (const id of ds.tokens[split]) {
        if (id === POEM_SPECIALS.unk) unk++;
        if (id >= POEM_SPECIALS.unk && id !== POEM_SPECIALS.comma && id !== POEM_SPECIALS.period) chars++;
      }
      expect(unk / chars).toBeCloseTo(ds.manifest.counts.unkRate[split], 6);
    }
  });

  it('train and val are disjoint by text and by couplet, with no duplicate inside either', () => {
    const text = (p: Uint16Array) => ds.decode(p);
    const train = new Set(ds.train.map(text));
    const val = new Set(ds.val.map(text));
    expect(train.size).toBe(ds.train.length);
    expect(val.size).toBe(ds.val.length);
    for (const t of val) expect(train.has(t)).toBe(false);
    // near-duplicates (poems sharing a couplet) were kept on one side of the split
    const couplets = (t: string) => t.trim().split('。').filter(Boolean);
    const trainCouplets = new Set([...train].flatMap(couplets));
    const shared = [...val].flatMap(couplets).filter((c) => !c.includes('□') && trainCouplets.has(c));
    expect(shared).toEqual([]);
  });

  it('the unigram and bigram baselines recompute to the manifest numbers', () => {
    const b = poemBaselines(ds);
    const m = ds.manifest.baselines;
    expect(b.tokens).toBe(m.tokens);
    expect(b.types).toBe(ds.vocab.length - 2);
    for (const k of ['unigram', 'bigramAddOne', 'bigramKneserNey'] as const) {
      expect(b[k].nats, k).toBeCloseTo(m[k].nats, 5);
      expect(b[k].perplexity, k).toBeCloseTo(m[k].perplexity, 2);
    }
    expect(b.tokens).toBe(ds.tokens.val.length - ds.val.length); // every token but <bos>
    expect(b.bigramKneserNey.nats).toBeLessThan(b.unigram.nats);
    expect(b.unigram.nats).toBeLessThan(Math.log(b.types));
  });

  it('the count models are distributions: each sums to 1 over the predictable tokens', () => {
    const model = poemCountModel(ds);
    const targets = ds.vocab.map((_, w) => w).filter((w) => w !== POEM_SPECIALS.pad && w !== POEM_SPECIALS.bos);
    const sum = (f: (w: number) => number) => targets.reduce((s, w) => s + f(w), 0);
    expect(sum(model.unigram)).toBeCloseTo(1, 10);
    for (const v of [POEM_SPECIALS.bos, POEM_SPECIALS.comma, ds.stoi.get('明')!, POEM_SPECIALS.unk, POEM_SPECIALS.eos]) {
      expect(sum((w) => model.bigramAddOne(v, w)), `add-one after ${ds.vocab[v]}`).toBeCloseTo(1, 10);
      expect(sum((w) => model.bigramKneserNey(v, w)), `Kneser–Ney after ${ds.vocab[v]}`).toBeCloseTo(1, 10);
    }
  });
});

describe('poems: encode, decode, batches', () => {
  it('encode and decode round-trip; unknown characters become <unk> and decode as □', () => {
    const text = '床前明月光，疑是地上霜。';
    expect(ds.decode(ds.encode(text))).toBe(text);
    const ids = ds.encode(text, { bos: true, eos: true });
    expect(ids[0]).toBe(POEM_SPECIALS.bos);
    expect(ids.at(-1)).toBe(POEM_SPECIALS.eos);
    expect(ds.decode(ids)).toBe(`${text}\n`);
    expect(ds.encode('A')).toEqual([POEM_SPECIALS.unk]);
    expect(ds.decode(ds.encode('月A'))).toBe('月□');
    expect(() => ds.decode([ds.vocab.length])).toThrow(/out of range/);
  });

  it('poem batches: [batch][block], next-token targets, padding targets -100', () => {
    const { x, y } = ds.batch('train', 16, 64, new Generator(0));
    expect(x.length).toBe(16);
    expect(y.length).toBe(16);
    for (let r = 0; r < 16; r++) {
      expect(x[r].length).toBe(64);
      expect(y[r].length).toBe(64);
      expect(x[r][0]).toBe(POEM_SPECIALS.bos); // every poem fits: it starts at <bos>
      const n = x[r].indexOf(POEM_SPECIALS.pad) === -1 ? 64 : x[r].indexOf(POEM_SPECIALS.pad);
      expect([25, 49]).toContain(n);
      for (let t = 0; t < n - 1; t++) expect(y[r][t]).toBe(x[r][t + 1]);
      expect(y[r][n - 1]).toBe(POEM_SPECIALS.eos);
      for (let t = n; t < 64; t++) {
        expect(x[r][t]).toBe(POEM_SPECIALS.pad);
        expect(y[r][t]).toBe(IGNORE_INDEX);
      }
    }
    expect(ds.batch('train', 16, 64, new Generator(0))).toEqual({ x, y });
    expect(ds.batch('train', 16, 64, new Generator(1)).x).not.toEqual(x);
  });

  it('short blocks are windows inside one poem; stream batches cross poem boundaries', () => {
    const poems = new Set(ds.val.map((p) => Array.from(p).join(',')));
    const { x, y } = ds.batch('val', 32, 12, new Generator(3));
    for (let r = 0; r < 32; r++) {
      expect(y[r]).not.toContain(IGNORE_INDEX);
      const window = [...x[r], y[r][11]].join(',');
      expect([...poems].some((p) => `,${p},`.includes(`,${window},`))).toBe(true);
    }
    const s = ds.batch('val', 8, 100, new Generator(4), { mode: 'stream' });
    for (let r = 0; r < 8; r++) {
      expect(s.x[r].length).toBe(100);
      for (let t = 0; t < 99; t++) expect(s.y[r][t]).toBe(s.x[r][t + 1]);
      expect(s.x[r]).toContain(POEM_SPECIALS.eos); // 100 tokens span at least two poems
    }
    expect(() => ds.batch('val', 0, 8, new Generator(0))).toThrow(/batchSize/);
    expect(() => ds.batch('test' as 'val', 1, 8, new Generator(0))).toThrow(/split/);
  });

  it('splitPoems rejects a malformed token stream', () => {
    const V = ds.vocab.length;
    const good = ds.val[0];
    expect(splitPoems(good, V)).toHaveLength(1);
    expect(() => splitPoems(good.subarray(0, good.length - 1), V)).toThrow(/no <eos>|ends inside/);
    const swapped = good.slice();
    swapped[6] = POEM_SPECIALS.period; // first line must end with ，
    expect(() => splitPoems(swapped, V)).toThrow(/line 1 should end with ，/);
    expect(() => splitPoems(Uint16Array.of(POEM_SPECIALS.bos, POEM_SPECIALS.eos), V)).toThrow(/0 lines/);
    const outOfRange = good.slice();
    outOfRange[1] = V;
    expect(() => splitPoems(outOfRange, V)).toThrow(/id/);
  });
});
