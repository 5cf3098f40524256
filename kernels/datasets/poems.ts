/**
 * `poems`: the five-character Tang poem dataset (五言绝句 and 五言律诗, simplified characters) that
 * `data-prep/tang-poems/prepare.ts` writes to `public/data/tang5/`, for the character-level GPT.
 *
 * Files (all listed with bytes and sha256 in manifest.json):
 * - `train.u16.bin`, `val.u16.bin`: token ids, uint16 little-endian, poems concatenated; every poem is
 *   `<bos>` + 4 or 8 lines of (5 characters + ，or 。) + `<eos>`, so it is 26 or 50 tokens long.
 * - `vocab.json`: `{ tokens, counts, ... }`: id → token, and each token's count in the train split.
 * - `manifest.json`: source, converter, counts, baselines, and the files' sha256.
 *
 * This module runs in the browser and in Node: `parsePoemDataset` takes the files' contents, checks
 * every sha256 (crypto.subtle) and the poems' form, and builds the dataset. `loadPoemDataset` fetches
 * them; Node reads them from disk with `loadPoemDatasetFromDisk` (./poems_node.ts, kept apart so the
 * browser bundle never imports node:fs).
 * @example
 * const ds = await loadPoemDataset('/data/tang5/');
 * ds.decode(ds.train[0]); // '秦川雄帝宅，函谷壮皇居。…\n'
 * const { x, y } = ds.batch('train', 32, 64, new Generator(0));
 */

export const POEM_FILES = {
  manifest: 'manifest.json',
  vocab: 'vocab.json',
  train: 'train.u16.bin',
  val: 'val.u16.bin',
} as const;

/** Fixed ids of the special tokens and the two punctuation marks. */
export const POEM_SPECIALS = { pad: 0, bos: 1, eos: 2, unk: 3, comma: 4, period: 5 } as const;
export const POEM_SPECIAL_TOKENS = ['<pad>', '<bos>', '<eos>', '<unk>', '，', '。'] as const;
/** Target value for positions that carry no loss (padding), as in PyTorch's cross_entropy. */
export const IGNORE_INDEX = -100;
/** What `decode` prints for `<unk>` (the same box the source texts use for a missing character). */
export const UNK_GLYPH = '□';

export type PoemSplit = 'train' | 'val';

export interface PoemBaseline {
  /** Mean cross-entropy on the validation split, nats per predicted token. */
  nats: number;
  /** exp(nats). */
  perplexity: number;
}

export interface PoemBaselines {
  /** What is predicted: every token after `<bos>` (characters, ，。 and `<eos>`) of every val poem. */
  tokens: number;
  /** Number of token types that can be predicted (V minus `<pad>` and `<bos>`). */
  types: number;
  /** Unigram with add-one (Laplace) smoothing, counts from train. */
  unigram: PoemBaseline;
  /** Bigram with add-one smoothing. */
  bigramAddOne: PoemBaseline;
  /** Interpolated Kneser–Ney bigram (absolute discount `discount`, add-one continuation unigram). */
  bigramKneserNey: PoemBaseline & { discount: number };
}

export interface PoemManifest {
  format: string;
  source: { package: string; version: string; licence: string; integrity?: string; files: string[]; [k: string]: unknown };
  converter: { package: string; version: string; config: Record<string, unknown>; licence?: string };
  created: string;
  seed: number;
  encoding: { dtype: 'uint16le'; layout: string; specials: Record<string, number>; minCount: number };
  counts: {
    vocabSize: number;
    train: number;
    val: number;
    trainTokens: number;
    valTokens: number;
    unkRate: { train: number; val: number };
    [k: string]: unknown;
  };
  baselines: PoemBaselines;
  files: Record<string, { bytes: number; sha256: string }>;
  [k: string]: unknown;
}

export interface PoemVocabFile {
  tokens: string[];
  counts: number[];
  [k: string]: unknown;
}

/** The four files' contents, however they were obtained (fetch, fs, a test's fixture). */
export interface PoemDatasetFiles {
  manifest: string;
  vocab: string;
  train: Uint8Array;
  val: Uint8Array;
}

/** Anything with `int(n)` → an integer in [0, n), e.g. the engine's seeded `Generator`. */
export interface IntGenerator {
  int(n: number): number;
}

export interface PoemBatchOptions {
  /**
   * 'poem' (default): each row is one random poem from its `<bos>`; a poem longer than blockSize + 1
   * tokens gives a random window inside it, a shorter one is padded (x with `<pad>`, y with -100).
   * 'stream': random windows over the split's concatenated tokens (crossing poem boundaries), no padding.
   */
  mode?: 'poem' | 'stream';
}

export interface PoemBatch {
  /** [batchSize][blockSize] input ids. */
  x: number[][];
  /** [batchSize][blockSize] next-token targets; IGNORE_INDEX (-100) where x is padding. */
  y: number[][];
}

export interface PoemDataset {
  manifest: PoemManifest;
  /** id → token: 0 `<pad>`, 1 `<bos>`, 2 `<eos>`, 3 `<unk>`, 4 ，, 5 。, then characters by train count. */
  vocab: string[];
  /** Train count of each id. */
  counts: number[];
  stoi: Map<string, number>;
  specials: typeof POEM_SPECIALS;
  /** Each poem of the split as a view (`<bos>` … `<eos>`) into `tokens[split]`. */
  train: Uint16Array[];
  val: Uint16Array[];
  /** Every poem of the split, concatenated. */
  tokens: Record<PoemSplit, Uint16Array>;
  /** Characters → ids (unknown characters → `<unk>`); `<bos>`/`<eos>` around it on request. */
  encode(text: string, options?: { bos?: boolean; eos?: boolean }): number[];
  /** Ids → text: `<pad>` and `<bos>` dropped, `<eos>` as a newline, `<unk>` as □. */
  decode(ids: ArrayLike<number>): string;
  batch(split: PoemSplit, batchSize: number, blockSize: number, generator: IntGenerator, options?: PoemBatchOptions): PoemBatch;
}

// ---------------------------------------------------------------------------------------------
// sha256

/** Hex sha256 of the bytes: crypto.subtle where it exists (browsers in a secure context, Node ≥ 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
    return toHex(new Uint8Array(digest));
  }
  return sha256Fallback(bytes); // e.g. a page served over plain http from a LAN address
}

function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Plain SHA-256 (FIPS 180-4), used only where crypto.subtle is missing. */
export function sha256Fallback(bytes: Uint8Array): string {
  const n = bytes.length;
  const padded = new Uint8Array(Math.ceil((n + 9) / 64) * 64);
  padded.set(bytes);
  padded[n] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(n / 0x20000000));
  view.setUint32(padded.length - 4, (n * 8) >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, k: number) => (x >>> k) | (x << (32 - k));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + 4 * i);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return toHex(bigEndian(h));
}

function bigEndian(words: Uint32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const v = new DataView(out.buffer);
  words.forEach((x, i) => v.setUint32(4 * i, x));
  return out;
}

// ---------------------------------------------------------------------------------------------
// token files

/** Poem length in tokens for 4 and 8 lines: `<bos>` + lines × 6 + `<eos>`. */
export const POEM_LENGTHS = [26, 50] as const;

/** Uint16 little-endian ids → Uint16Array (copied, so alignment and endianness never matter). */
export function readTokenFile(bytes: Uint8Array, name = 'tokens'): Uint16Array {
  if (bytes.length % 2 !== 0) throw new Error(`poems: ${name} has an odd number of bytes (${bytes.length})`);
  const out = new Uint16Array(bytes.length / 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint16(2 * i, true);
  return out;
}

/** Uint16Array → little-endian bytes (what the prepare script writes). */
export function writeTokenFile(tokens: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(tokens.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < tokens.length; i++) view.setUint16(2 * i, tokens[i], true);
  return out;
}

/**
 * Splits a split's token stream into poems and checks each one's form: `<bos>`, then lines of 5
 * character ids (≥ `<unk>`, not punctuation) each followed by ，(odd lines) or 。(even lines), 4 or 8
 * lines, then `<eos>`. Throws with the poem's index and offset on the first bad one.
 */
export function splitPoems(tokens: Uint16Array, vocabSize: number, name = 'tokens'): Uint16Array[] {
  const { bos, eos, unk, comma, period } = POEM_SPECIALS;
  const poems: Uint16Array[] = [];
  let at = 0;
  while (at < tokens.length) {
    const bad = (why: string): never => {
      throw new Error(`poems: ${name}: poem ${poems.length} at token ${at}: ${why}`);
    };
    if (tokens[at] !== bos) bad(`expected <bos>, got id ${tokens[at]}`);
    let i = at + 1, lines = 0;
    while (i < tokens.length && tokens[i] !== eos) {
      for (let c = 0; c < 5; c++, i++) {
        if (i >= tokens.length) bad('ends inside a line');
        const id = tokens[i];
        if (id < unk || id === comma || id === period || id >= vocabSize) bad(`line ${lines + 1} character ${c + 1}: id ${id}`);
      }
      const want = lines % 2 === 0 ? comma : period;
      if (i >= tokens.length) bad('ends inside a line');
      if (tokens[i] !== want) bad(`line ${lines + 1} should end with ${lines % 2 === 0 ? '，' : '。'}, got id ${tokens[i]}`);
      i++;
      lines++;
      if (lines > 8) bad('more than 8 lines');
    }
    if (i >= tokens.length) bad('no <eos>');
    if (lines !== 4 && lines !== 8) bad(`${lines} lines (want 4 or 8)`);
    poems.push(tokens.subarray(at, i + 1));
    at = i + 1;
  }
  return poems;
}

// ---------------------------------------------------------------------------------------------
// the dataset

/** Verifies every file's sha256 and the poems' form, then builds the dataset. */
export async function parsePoemDataset(files: PoemDatasetFiles): Promise<PoemDataset> {
  let manifest: PoemManifest;
  try {
    manifest = JSON.parse(files.manifest) as PoemManifest;
  } catch (e) {
    throw new Error(`poems: ${POEM_FILES.manifest} is not JSON: ${(e as Error).message}`);
  }
  if (!manifest || typeof manifest.files !== 'object') throw new Error(`poems: ${POEM_FILES.manifest} has no "files" table`);
  const vocabBytes = new TextEncoder().encode(files.vocab);
  const contents: [string, Uint8Array][] = [
    [POEM_FILES.vocab, vocabBytes],
    [POEM_FILES.train, files.train],
    [POEM_FILES.val, files.val],
  ];
  for (const [name, bytes] of contents) {
    const entry = manifest.files[name];
    if (!entry) throw new Error(`poems: ${POEM_FILES.manifest} does not list ${name}`);
    const got = await sha256Hex(bytes);
    if (got !== entry.sha256) {
      throw new Error(`poems: ${name} sha256 mismatch: expected ${entry.sha256}, got ${got} (file corrupt or changed)`);
    }
    if (bytes.length !== entry.bytes) throw new Error(`poems: ${name} size mismatch: expected ${entry.bytes} bytes, got ${bytes.length}`);
  }

  const vocabFile = JSON.parse(files.vocab) as PoemVocabFile;
  const vocab = vocabFile.tokens;
  const counts = vocabFile.counts;
  if (!Array.isArray(vocab) || !Array.isArray(counts) || counts.length !== vocab.length) {
    throw new Error(`poems: ${POEM_FILES.vocab} must have "tokens" and "counts" of the same length`);
  }
  POEM_SPECIAL_TOKENS.forEach((t, i) => {
    if (vocab[i] !== t) throw new Error(`poems: ${POEM_FILES.vocab}: id ${i} should be ${t}, got ${vocab[i]}`);
  });
  if (vocab.length !== manifest.counts?.vocabSize) {
    throw new Error(`poems: vocab has ${vocab.length} tokens, the manifest says ${manifest.counts?.vocabSize}`);
  }
  const stoi = new Map<string, number>();
  vocab.forEach((t, i) => {
    if (stoi.has(t)) throw new Error(`poems: ${POEM_FILES.vocab}: token ${t} appears twice`);
    stoi.set(t, i);
  });

  const tokens = {
    train: readTokenFile(files.train, POEM_FILES.train),
    val: readTokenFile(files.val, POEM_FILES.val),
  };
  const train = splitPoems(tokens.train, vocab.length, POEM_FILES.train);
  const val = splitPoems(tokens.val, vocab.length, POEM_FILES.val);
  if (train.length !== manifest.counts.train || val.length !== manifest.counts.val) {
    throw new Error(`poems: ${train.length}/${val.length} train/val poems, the manifest says ${manifest.counts.train}/${manifest.counts.val}`);
  }
  return buildPoemDataset({ manifest, vocab, counts, stoi, tokens, train, val });
}

function buildPoemDataset(parts: Pick<PoemDataset, 'manifest' | 'vocab' | 'counts' | 'stoi' | 'tokens' | 'train' | 'val'>): PoemDataset {
  const { vocab, stoi, tokens } = parts;
  const { pad, bos, eos, unk } = POEM_SPECIALS;

  const encode = (text: string, options: { bos?: boolean; eos?: boolean } = {}): number[] => {
    const ids: number[] = [];
    if (options.bos) ids.push(bos);
    for (const ch of text) ids.push(stoi.get(ch) ?? unk);
    if (options.eos) ids.push(eos);
    return ids;
  };

  const decode = (ids: ArrayLike<number>): string => {
    let s = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === pad || id === bos) continue;
      if (id === eos) s += '\n';
      else if (id === unk) s += UNK_GLYPH;
      else if (id >= 0 && id < vocab.length) s += vocab[id];
      else throw new Error(`poems.decode: id ${id} out of range [0, ${vocab.length})`);
    }
    return s;
  };

  const batch = (split: PoemSplit, batchSize: number, blockSize: number, generator: IntGenerator, options: PoemBatchOptions = {}): PoemBatch => {
    const mode = options.mode ?? 'poem';
    if (split !== 'train' && split !== 'val') throw new Error(`poems.batch: split must be 'train' or 'val', got ${String(split)}`);
    for (const [name, v] of [['batchSize', batchSize], ['blockSize', blockSize]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`poems.batch: invalid ${name}: ${v}`);
    }
    const x: number[][] = [], y: number[][] = [];
    if (mode === 'stream') {
      const t = tokens[split];
      if (t.length < blockSize + 1) throw new Error(`poems.batch: blockSize ${blockSize} longer than the ${split} split`);
      for (let b = 0; b < batchSize; b++) {
        const s = generator.int(t.length - blockSize);
        x.push(Array.from(t.subarray(s, s + blockSize)));
        y.push(Array.from(t.subarray(s + 1, s + blockSize + 1)));
      }
      return { x, y };
    }
    if (mode !== 'poem') throw new Error(`poems.batch: mode must be 'poem' or 'stream', got ${String(mode)}`);
    const poems = parts[split];
    for (let b = 0; b < batchSize; b++) {
      const p = poems[generator.int(poems.length)];
      const s = p.length - 1 > blockSize ? generator.int(p.length - blockSize) : 0;
      const xs: number[] = new Array(blockSize).fill(pad);
      const ys: number[] = new Array(blockSize).fill(IGNORE_INDEX);
      const n = Math.min(blockSize, p.length - 1 - s);
      for (let i = 0; i < n; i++) {
        xs[i] = p[s + i];
        ys[i] = p[s + i + 1];
      }
      x.push(xs);
      y.push(ys);
    }
    return { x, y };
  };

  return { ...parts, specials: POEM_SPECIALS, encode, decode, batch };
}

/** Fetches the four files from `baseUrl` (default `/data/tang5/`) and parses them. */
export async function loadPoemDataset(baseUrl = '/data/tang5/', fetchFn: typeof fetch = fetch): Promise<PoemDataset> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (name: string) => {
    const res = await fetchFn(base + name);
    if (!res.ok) throw new Error(`poems: fetching ${base + name} failed: ${res.status} ${res.statusText}`);
    return res;
  };
  const [manifest, vocab, train, val] = await Promise.all([
    get(POEM_FILES.manifest).then((r) => r.text()),
    get(POEM_FILES.vocab).then((r) => r.arrayBuffer()),
    get(POEM_FILES.train).then((r) => r.arrayBuffer()),
    get(POEM_FILES.val).then((r) => r.arrayBuffer()),
  ]);
  return parsePoemDataset({ manifest, vocab: new TextDecoder().decode(vocab), train: new Uint8Array(train), val: new Uint8Array(val) });
}

// ---------------------------------------------------------------------------------------------
// baselines

/**
 * Count-based baselines for the GPT: cross-entropy (nats per token) and perplexity on the val split
 * with counts from train. Every token after `<bos>` is predicted (characters, ，。 and `<eos>`); the
 * predictable types are V − 2 (never `<pad>` or `<bos>`).
 * - unigram, add-one: P(w) = (c(w) + 1) / (N + K)
 * - bigram, add-one: P(w | v) = (c(v, w) + 1) / (c(v) + K)
 * - bigram, interpolated Kneser–Ney with discount d: P(w | v) = max(c(v, w) − d, 0) / c(v)
 *   + d·N₁₊(v •) / c(v) · Pcont(w), Pcont(w) = (N₁₊(• w) + 1) / (N₁₊(• •) + K); Pcont alone if c(v) = 0.
 */
export function poemBaselines(dataset: PoemCountInput, discount = 0.75): PoemBaselines {
  const model = poemCountModel(dataset, discount);
  let nUni = 0, nAdd = 0, nKn = 0, T = 0;
  for (let p = 0; p < dataset.val.length; p++) {
    const poem = dataset.val[p];
    for (let i = 1; i < poem.length; i++) {
      const v = poem[i - 1], w = poem[i];
      nUni -= Math.log(model.unigram(w));
      nAdd -= Math.log(model.bigramAddOne(v, w));
      nKn -= Math.log(model.bigramKneserNey(v, w));
      T++;
    }
  }
  const baseline = (nats: number): PoemBaseline => ({ nats: nats / T, perplexity: Math.exp(nats / T) });
  return {
    tokens: T,
    types: model.types,
    unigram: baseline(nUni),
    bigramAddOne: baseline(nAdd),
    bigramKneserNey: { ...baseline(nKn), discount },
  };
}

/** What the count models need: the vocabulary size and the train poems (and val, for the baselines). */
export interface PoemCountInput {
  vocab: ArrayLike<unknown>;
  train: ArrayLike<ArrayLike<number>>;
  val: ArrayLike<ArrayLike<number>>;
}

export interface PoemCountModel {
  /** Predictable token types: V − 2. */
  types: number;
  unigram(w: number): number;
  bigramAddOne(v: number, w: number): number;
  bigramKneserNey(v: number, w: number): number;
}

/** The three count models of `poemBaselines`, fitted on the train split: P(w) and P(w | v). */
export function poemCountModel(dataset: Pick<PoemCountInput, 'vocab' | 'train'>, discount = 0.75): PoemCountModel {
  const V = dataset.vocab.length;
  const K = V - 2;
  const uni = new Float64Array(V); // c(w) as a target
  const ctx = new Float64Array(V); // c(v) as a context
  const follow = new Float64Array(V); // N1+(v •)
  const precede = new Float64Array(V); // N1+(• w)
  const pairs = new Map<number, number>();
  let N = 0;
  for (let p = 0; p < dataset.train.length; p++) {
    const poem = dataset.train[p];
    for (let i = 1; i < poem.length; i++) {
      const v = poem[i - 1], w = poem[i];
      uni[w]++;
      ctx[v]++;
      N++;
      const key = v * V + w;
      const c = pairs.get(key);
      if (c === undefined) {
        pairs.set(key, 1);
        follow[v]++;
        precede[w]++;
      } else pairs.set(key, c + 1);
    }
  }
  const bigramTypes = pairs.size;
  return {
    types: K,
    unigram: (w) => (uni[w] + 1) / (N + K),
    bigramAddOne: (v, w) => ((pairs.get(v * V + w) ?? 0) + 1) / (ctx[v] + K),
    bigramKneserNey: (v, w) => {
      const cont = (precede[w] + 1) / (bigramTypes + K);
      if (ctx[v] === 0) return cont;
      const c = pairs.get(v * V + w) ?? 0;
      return Math.max(c - discount, 0) / ctx[v] + ((discount * follow[v]) / ctx[v]) * cont;
    },
  };
}
