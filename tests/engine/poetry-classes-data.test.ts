/**
 * The Li Bai / Du Fu classification set in public/data/poetry-classes/ (written by
 * data-prep/poetry-classes/prepare.ts): hashes, counts and balance, the form of the texts, that the
 * splits share no text, series or sentence, the vocabulary, the manifest's baselines, features,
 * and refusal of a changed byte. Reads the committed files only.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasets } from '../../kernels/index.ts';
import {
  POETRY_CLASSES_FILES,
  loadPoetryClasses,
  parsePoetryClasses,
  type PoetryClassesDataset,
  type PoetryClassesFiles,
  type PoetryClassesSplitName,
} from '../../kernels/datasets/poetry_classes.ts';

const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));
const DIR = `${PUBLIC}data/poetry-classes/`;
const read = (name: string) => new Uint8Array(readFileSync(DIR + name));
const files = (): PoetryClassesFiles => ({
  manifest: readFileSync(`${DIR}manifest.json`, 'utf8'),
  texts: read(POETRY_CLASSES_FILES.texts),
  vocab: read(POETRY_CLASSES_FILES.vocab),
});
const SPLITS: PoetryClassesSplitName[] = ['train', 'val', 'test'];
const PUNCT = '，。？！；：、';
const han = (t: string) => [...t].filter((c) => !PUNCT.includes(c)).length;
/** The same length buckets as the prepare script. */
const bucket = (n: number) => (n === 20 || n === 28 || n === 40 || n === 56 ? String(n) : n < 40 ? '21-39' : n < 56 ? '41-55' : n <= 80 ? '57-80' : n <= 100 ? '81-100' : '101+');
const series = (title: string) => title.replace(/^\S+[曲歌]辞\s+/u, '').replace(/\s*(其)?[一二三四五六七八九十〇]+$/u, '').replace(/\s+/gu, ' ').trim();
const sentences = (text: string) => text.split(/(?<=[。？！；])/u).map((s) => s.replace(/[，。？！；：、]/gu, '')).filter((s) => s.length >= 5);

let ds: PoetryClassesDataset;
beforeAll(async () => {
  ds = await parsePoetryClasses(files());
});

describe('poetry classes: files and hashes', () => {
  it('every file of the folder is in the manifest with its size and sha256', () => {
    const onDisk = readdirSync(DIR).filter((n) => n !== 'manifest.json').sort();
    expect(Object.keys(ds.manifest.files).sort()).toEqual(onDisk);
    for (const [name, { bytes, sha256 }] of Object.entries(ds.manifest.files)) {
      const data = read(name);
      expect(data.length, name).toBe(bytes);
      expect(createHash('sha256').update(data).digest('hex'), name).toBe(sha256);
    }
    const total = readdirSync(DIR).reduce((s, n) => s + statSync(DIR + n).size, 0);
    expect(total).toBeLessThan(400_000);
  });

  it('a changed byte in texts.json or vocab.json is refused with a clear message', async () => {
    for (const key of ['texts', 'vocab'] as const) {
      const f = files();
      f[key] = f[key].slice();
      f[key][200] ^= 1;
      await expect(parsePoetryClasses(f)).rejects.toThrow(
        new RegExp(`^poetry-classes: ${POETRY_CLASSES_FILES[key].replace('.', '\\.')} sha256 mismatch: expected [0-9a-f]{64}, got [0-9a-f]{64} \\(file corrupt or changed\\)$`),
      );
    }
    const f = files();
    await expect(parsePoetryClasses({ ...f, manifest: f.manifest.replace('"format": "gradbook-poetry-classes/1"', '"format": "other"') })).rejects.toThrow(/format "other"/);
  });

  it('loadPoetryClasses fetches the three files from a base URL, as a cell with asset.fetch does', async () => {
    const asked: string[] = [];
    const fakeFetch = (async (url: string) => {
      asked.push(url);
      try {
        return new Response(readFileSync(PUBLIC + url.slice(1)));
      } catch {
        return new Response('not found', { status: 404, statusText: 'Not Found' });
      }
    }) as typeof fetch;
    const loaded = await datasets.loadPoetryClasses('/data/poetry-classes', fakeFetch);
    expect(asked.sort()).toEqual(['/data/poetry-classes/manifest.json', '/data/poetry-classes/texts.json', '/data/poetry-classes/vocab.json']);
    expect(loaded.test.texts).toEqual(ds.test.texts);
    await expect(loadPoetryClasses('/data/missing/', fakeFetch)).rejects.toThrow(/fetching \/data\/missing\/manifest\.json failed: 404/);
  });
});

describe('poetry classes: content', () => {
  it('records its source (chinese-poetry, MIT) and converter; labels 李白 = 0, 杜甫 = 1', () => {
    expect(ds.manifest.source).toMatchObject({ package: 'chinese-poetry', version: '2.0.1', licence: 'MIT', licenceFile: 'LICENSE.chinese-poetry.txt' });
    expect(new TextDecoder().decode(read('LICENSE.chinese-poetry.txt'))).toMatch(/MIT License/);
    expect(ds.manifest.converter).toMatchObject({ package: 'opencc-js', config: { from: 'hk', to: 'cn' } });
    expect(ds.labels).toEqual(['李白', '杜甫']);
  });

  it('every split is balanced by poet, and by length bucket inside each split', () => {
    const c = ds.manifest.counts;
    for (const s of SPLITS) {
      const split = ds[s];
      expect(split.texts.length).toBe(c[s]);
      const per = [0, 1].map((l) => split.labels.filter((x) => x === l).length);
      expect(per[0]).toBe(per[1]);
      expect(per).toEqual(c.perLabel[s]);
      const buckets = new Map<string, number[]>();
      split.texts.forEach((t, i) => {
        const b = buckets.get(bucket(han(t))) ?? [0, 0];
        b[split.labels[i]]++;
        buckets.set(bucket(han(t)), b);
      });
      for (const [b, [a, d]] of buckets) expect(a, `${s} ${b}`).toBe(d);
    }
    expect(c.train).toBeGreaterThanOrEqual(900);
    expect(c.val).toBeGreaterThanOrEqual(180);
    expect(c.test).toBeGreaterThanOrEqual(180);
  });

  it('texts: simplified Han characters and ，。？！；：、, min..max characters, no variant forms left', () => {
    const { minChars, maxChars } = ds.manifest.selection as { minChars: number; maxChars: number };
    const variants = (ds.manifest.converter as { variants: string }).variants.split(' ').map((p) => [...p][0]);
    const traditional = /[們這個來時說國們為無與學會對還過見長門問關開東車馬鳥魚龍風雲]/u;
    const bad: string[] = [];
    for (const s of SPLITS) {
      for (const t of ds[s].texts) {
        const n = han(t);
        if (n < minChars || n > maxChars || !PUNCT.includes(t.at(-1)!) || ![...t].every((ch) => PUNCT.includes(ch) || /\p{Script=Han}/u.test(ch))) bad.push(t);
        if (traditional.test(t) || variants.some((v) => t.includes(v))) bad.push(t);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no text, series or sentence is shared between splits, and no text repeats', () => {
    const all = SPLITS.flatMap((s) => ds[s].texts);
    expect(new Set(all).size).toBe(all.length);
    const seen = new Map<string, PoetryClassesSplitName>();
    const clashes: string[] = [];
    for (const s of SPLITS) {
      ds[s].texts.forEach((t, i) => {
        const keys = [`series:${ds[s].labels[i]}:${series(ds[s].titles[i])}`, ...sentences(t).map((x) => `sentence:${x}`)];
        for (const k of keys) {
          const where = seen.get(k);
          if (where && where !== s) clashes.push(`${k} in ${where} and ${s}`);
          seen.set(k, s);
        }
      });
    }
    expect(clashes).toEqual([]);
  });

  it('vocabulary: specials, then every train token by train count', () => {
    expect(ds.vocab.slice(0, 2)).toEqual(['<pad>', '<unk>']);
    expect(ds.vocab.length).toBe(ds.manifest.counts.vocabSize);
    const counts = new Map<string, number>();
    for (const t of ds.train.texts) for (const ch of t) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(ds.vocab.length - 2).toBe(counts.size);
    ds.vocab.slice(2).forEach((t, i) => expect(ds.counts[i + 2], t).toBe(counts.get(t)));
    expect(ds.counts.slice(2).every((c, i, a) => i === 0 || c <= a[i - 1])).toBe(true);
    const text = ds.test.texts[0];
    const ids = ds.encode(text);
    expect(ids.length).toBe([...text].length);
    expect(ds.decode(ids).length).toBe([...text].length);
    expect(ds.decode(ds.encode('月A'))).toBe('月□');
  });

  it('the manifest baselines recompute: length alone is near chance, characters are not', () => {
    const b = ds.manifest.baselines as { lengthThreshold: { test: number }; naiveBayesCharacters: { val: number; test: number } };
    // multinomial naive Bayes over Han characters, add-one, as in the prepare script
    const c = [new Map<string, number>(), new Map<string, number>()], tot = [0, 0];
    const vocab = new Set<string>();
    ds.train.texts.forEach((t, i) => {
      for (const ch of t) {
        if (PUNCT.includes(ch)) continue;
        const l = ds.train.labels[i];
        c[l].set(ch, (c[l].get(ch) ?? 0) + 1);
        tot[l]++;
        vocab.add(ch);
      }
    });
    const predict = (t: string) => {
      const s = [0, 0];
      for (const ch of t) if (vocab.has(ch)) for (const l of [0, 1]) s[l] += Math.log(((c[l].get(ch) ?? 0) + 1) / (tot[l] + vocab.size));
      return s[1] > s[0] ? 1 : 0;
    };
    const acc = (s: PoetryClassesSplitName) => ds[s].texts.filter((t, i) => predict(t) === ds[s].labels[i]).length / ds[s].texts.length;
    expect(acc('val')).toBeCloseTo(b.naiveBayesCharacters.val, 4);
    expect(acc('test')).toBeCloseTo(b.naiveBayesCharacters.test, 4);
    expect(b.naiveBayesCharacters.test).toBeGreaterThan(0.8);
    expect(b.lengthThreshold.test).toBeLessThan(0.6);
  });

  it('bagOfCharacters: X [n, k] of counts or 0/1 in vocabulary order, y [n, 1]', () => {
    const { X, y, tokens } = ds.bagOfCharacters('val', { top: 500 });
    expect(X.shape).toEqual([ds.val.texts.length, 500]);
    expect(y.shape).toEqual([ds.val.texts.length, 1]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(ds.val.labels));
    expect(tokens).toEqual(ds.vocab.slice(2).filter((t) => !PUNCT.includes(t)).slice(0, 500));
    const full = ds.bagOfCharacters('val');
    const row0 = Array.from(full.X.dataSync().slice(0, full.tokens.length));
    const known = [...ds.val.texts[0]].filter((ch) => !PUNCT.includes(ch) && ds.stoi.has(ch)).length;
    expect(row0.reduce((a, b) => a + b, 0)).toBe(known);
    const bin = ds.bagOfCharacters('val', { top: 500, binary: true });
    expect(new Set(bin.X.dataSync())).toEqual(new Set([0, 1]));
    expect(() => ds.bagOfCharacters('dev' as 'val')).toThrow(/split/);
    expect(() => ds.bagOfCharacters('val', { top: 0 })).toThrow(/top/);
  });
});
