/**
 * `poetryClasses`: a Chinese text-classification task, Li Bai (李白) versus Du Fu (杜甫), written to
 * `public/data/poetry-classes/` by `data-prep/poetry-classes/prepare.ts` from the chinese-poetry
 * package (全唐诗; MIT). Simplified characters; de-duplicated; poems of one series or sharing a
 * sentence kept in one split; train / val / test balanced by author and, inside each, by length.
 *
 * Files (listed with bytes and sha256 in manifest.json):
 * - `texts.json`: `{ labels: ['李白', '杜甫'], train|val|test: { texts, labels, titles } }`.
 * - `vocab.json`: `{ tokens, counts }`: `<pad>`, `<unk>`, then every character (and punctuation
 *   mark) of the train texts by train count.
 *
 * `loadPoetryClasses` fetches and verifies them; `parsePoetryClasses` takes the files in hand.
 * @example
 * const ds = await datasets.loadPoetryClasses('/data/poetry-classes/', asset.fetch);
 * ds.train.texts[0]; ds.labels[ds.train.labels[0]]; // a poem and its author
 * const { X, y } = ds.bagOfCharacters('train', { top: 2000 }); // X [n, 2000] counts, y [n, 1]: 1 = 杜甫
 */
import { tensor } from '../ops/creation.ts';
import type { Tensor } from '../tensor.ts';
import { fetchVerified, parseManifest, utf8, verifyFiles, type VerifiedManifest } from './verified.ts';

export const POETRY_CLASSES_FORMAT = 'gradbook-poetry-classes/1';
export const POETRY_CLASSES_DIR = '/data/poetry-classes/';
export const POETRY_CLASSES_FILES = { texts: 'texts.json', vocab: 'vocab.json' } as const;
export const POETRY_CLASSES_SPECIALS = { pad: 0, unk: 1 } as const;
export const POETRY_CLASSES_SPECIAL_TOKENS = ['<pad>', '<unk>'] as const;

export type PoetryClassesSplitName = 'train' | 'val' | 'test';
const SPLITS: readonly PoetryClassesSplitName[] = ['train', 'val', 'test'];

export interface PoetryClassesManifest extends VerifiedManifest {
  labels: string[];
  counts: {
    train: number;
    val: number;
    test: number;
    /** Per split, texts of each label (index = label). */
    perLabel: Record<PoetryClassesSplitName, number[]>;
    vocabSize: number;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface PoetryClassesSplit {
  texts: string[];
  /** Label of each text: index into `labels`. */
  labels: Int32Array;
  titles: string[];
}

export interface BagOptions {
  /** Use the `top` most frequent train tokens (default: the whole vocabulary but the specials). */
  top?: number;
  /** 1 if the token occurs, instead of its count (default false). */
  binary?: boolean;
  /** Leave punctuation out of the features (default true: the words, not the layout). */
  skipPunctuation?: boolean;
}

export interface PoetryClassesDataset {
  manifest: PoetryClassesManifest;
  /** ['李白', '杜甫']: label 0 and label 1. */
  labels: string[];
  train: PoetryClassesSplit;
  val: PoetryClassesSplit;
  test: PoetryClassesSplit;
  /** id → token: 0 `<pad>`, 1 `<unk>`, then characters and punctuation by train count. */
  vocab: string[];
  /** Train count of each id. */
  counts: number[];
  stoi: Map<string, number>;
  /** Characters → ids (a character not in the train texts → `<unk>`). */
  encode(text: string): number[];
  decode(ids: ArrayLike<number>): string;
  /**
   * Bag of characters: X [n, k] (counts or 0/1 of the k chosen tokens, in vocabulary order),
   * y [n, 1] (0 = labels[0], 1 = labels[1]), and the tokens of X's columns.
   */
  bagOfCharacters(split: PoetryClassesSplitName, options?: BagOptions): { X: Tensor; y: Tensor; tokens: string[] };
}

/** The files' contents, however they were obtained. */
export interface PoetryClassesFiles {
  manifest: string;
  texts: Uint8Array;
  vocab: Uint8Array;
}

const TAG = 'poetry-classes';
const PUNCT = /^[，。？！；：、]$/u;

function bad(why: string): never {
  throw new Error(`${TAG}: ${why}`);
}

/** Verifies both files' sha256, then checks the splits against the manifest and builds the data set. */
export async function parsePoetryClasses(files: PoetryClassesFiles): Promise<PoetryClassesDataset> {
  const manifest = parseManifest<PoetryClassesManifest>(TAG, files.manifest, POETRY_CLASSES_FORMAT);
  await verifyFiles(TAG, manifest, { [POETRY_CLASSES_FILES.texts]: files.texts, [POETRY_CLASSES_FILES.vocab]: files.vocab });
  const textsFile = JSON.parse(utf8(files.texts)) as { labels: string[] } & Record<PoetryClassesSplitName, { texts: string[]; labels: number[]; titles: string[] }>;
  const vocabFile = JSON.parse(utf8(files.vocab)) as { tokens: string[]; counts: number[] };
  const labels = textsFile.labels;
  if (!Array.isArray(labels) || labels.length !== 2 || labels.join() !== manifest.labels?.join()) bad(`texts.json labels ${JSON.stringify(labels)} differ from the manifest's`);

  const splits = {} as Record<PoetryClassesSplitName, PoetryClassesSplit>;
  for (const name of SPLITS) {
    const s = textsFile[name];
    if (!s || !Array.isArray(s.texts) || !Array.isArray(s.labels) || !Array.isArray(s.titles)) bad(`texts.json has no valid "${name}" split`);
    if (s.labels.length !== s.texts.length || s.titles.length !== s.texts.length) bad(`${name}: texts, labels and titles differ in length`);
    const per = [0, 0];
    for (const l of s.labels) {
      if (l !== 0 && l !== 1) bad(`${name}: label ${l} is not 0 or 1`);
      per[l]++;
    }
    if (s.texts.length !== manifest.counts?.[name]) bad(`${name}: ${s.texts.length} texts, the manifest says ${manifest.counts?.[name]}`);
    if (per.join() !== manifest.counts.perLabel?.[name]?.join()) bad(`${name}: ${per.join('/')} per label, the manifest says ${manifest.counts.perLabel?.[name]?.join('/')}`);
    splits[name] = { texts: s.texts, labels: Int32Array.from(s.labels), titles: s.titles };
  }

  const vocab = vocabFile.tokens, counts = vocabFile.counts;
  if (!Array.isArray(vocab) || !Array.isArray(counts) || vocab.length !== counts.length) bad('vocab.json must have "tokens" and "counts" of the same length');
  POETRY_CLASSES_SPECIAL_TOKENS.forEach((t, i) => vocab[i] === t || bad(`vocab.json: id ${i} should be ${t}, got ${vocab[i]}`));
  if (vocab.length !== manifest.counts.vocabSize) bad(`vocab has ${vocab.length} tokens, the manifest says ${manifest.counts.vocabSize}`);
  const stoi = new Map<string, number>();
  vocab.forEach((t, i) => {
    if (stoi.has(t)) bad(`vocab.json: token ${t} appears twice`);
    stoi.set(t, i);
  });

  const encode = (text: string): number[] => Array.from(text, (ch) => stoi.get(ch) ?? POETRY_CLASSES_SPECIALS.unk);
  const decode = (ids: ArrayLike<number>): string => {
    let s = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === POETRY_CLASSES_SPECIALS.pad) continue;
      if (!(id >= 0 && id < vocab.length)) throw new Error(`${TAG}.decode: id ${id} out of range [0, ${vocab.length})`);
      s += id === POETRY_CLASSES_SPECIALS.unk ? '□' : vocab[id];
    }
    return s;
  };

  const bagOfCharacters = (split: PoetryClassesSplitName, options: BagOptions = {}) => {
    if (!SPLITS.includes(split)) throw new Error(`${TAG}.bagOfCharacters: split must be 'train', 'val' or 'test', got ${String(split)}`);
    const { binary = false, skipPunctuation = true } = options;
    const candidates: number[] = [];
    for (let id = POETRY_CLASSES_SPECIAL_TOKENS.length; id < vocab.length; id++) if (!(skipPunctuation && PUNCT.test(vocab[id]))) candidates.push(id);
    const top = options.top ?? candidates.length;
    if (!Number.isInteger(top) || top <= 0) throw new Error(`${TAG}.bagOfCharacters: invalid top: ${top}`);
    const chosen = candidates.slice(0, top); // the vocabulary is sorted by train count
    const column = new Map(chosen.map((id, j) => [id, j]));
    const s = splits[split];
    const k = chosen.length;
    const X = new Float64Array(s.texts.length * k);
    s.texts.forEach((text, i) => {
      for (const ch of text) {
        const j = column.get(stoi.get(ch) ?? -1);
        if (j !== undefined) X[i * k + j] = binary ? 1 : X[i * k + j] + 1;
      }
    });
    return {
      X: tensor(X, { shape: [s.texts.length, k] }),
      y: tensor(Float64Array.from(s.labels), { shape: [s.texts.length, 1] }),
      tokens: chosen.map((id) => vocab[id]),
    };
  };

  return { manifest, labels, ...splits, vocab, counts, stoi, encode, decode, bagOfCharacters };
}

/** Fetches manifest.json, texts.json and vocab.json from `baseUrl`, verifies and parses them. */
export async function loadPoetryClasses(baseUrl = POETRY_CLASSES_DIR, fetchFn: typeof fetch = fetch): Promise<PoetryClassesDataset> {
  const { manifestText, files } = await fetchVerified(TAG, baseUrl, Object.values(POETRY_CLASSES_FILES), fetchFn, POETRY_CLASSES_FORMAT);
  return parsePoetryClasses({ manifest: manifestText, texts: files[POETRY_CLASSES_FILES.texts], vocab: files[POETRY_CLASSES_FILES.vocab] });
}
