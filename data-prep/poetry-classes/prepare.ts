/**
 * Builds public/data/poetry-classes/: Li Bai (李白) versus Du Fu (杜甫), a Chinese text-classification
 * task from the 全唐诗 of the chinese-poetry package, in simplified characters. Run by hand, never by
 * CI or `npm ci`:
 *
 *   node data-prep/poetry-classes/prepare.ts         (or: npm run prepare:poetry-classes)
 *
 * Like data-prep/tang-poems, it runs `npm pack chinese-poetry@2.0.1` into a temporary folder (85 MB),
 * checks the pinned integrity, extracts it and removes it at the end. Options:
 *   --tarball PATH       use an already downloaded chinese-poetry-<version>.tgz
 *   --keep               keep the temporary folder
 *   --out DIR            output folder (default public/data/poetry-classes)
 *   --seed N             split and sampling seed (default 20240611)
 *   --min-chars N        fewest Han characters in a poem (default 20: a four-line 五言绝句)
 *   --max-chars N        most Han characters in a poem (default 120; longer ballads make the files big)
 *   --created YYYY-MM-DD date written to the manifest (default today)
 *
 * Why Li Bai versus Du Fu and not Tang shi versus Song ci: the two come from separate transcriptions
 * (the Tang poems in traditional characters with old variant forms such as 疎 劒 鴈 that OpenCC
 * leaves alone, the Song ci already simplified, with 、 as a pause mark ~19,000 times against 8), so
 * a classifier would learn the editors' conventions, not the genres. Both poets here come from the
 * same 全唐诗 transcription, converted the same way, with the variant forms normalised (VARIANTS).
 *
 * Steps: take every poem of 李白 and 杜甫; strip editors' notes （…） and quote marks; reject a poem
 * with anything but Han characters and ，。？！；：、 (□ lost characters, [x] supplied ones, …) or
 * titled 句 (fragments); keep min-chars..max-chars Han characters; convert with opencc-js hk → cn and
 * VARIANTS; de-duplicate by text (a text under both names is dropped); group poems of one series
 * (same title once 其N / the number is removed) and poems sharing a sentence, so a group never
 * straddles the split (a group with both poets is dropped: a disputed attribution); split each poet's
 * groups 70/15/15 with a seeded shuffle; then, inside each split and each length bucket, sample the
 * larger side down to the smaller, so every split is balanced by poet and length says nothing.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import OpenCC from 'opencc-js';
import { Generator } from '../../kernels/random.ts';
import { sha256Hex } from '../../kernels/datasets/poems.ts';
import {
  POETRY_CLASSES_FILES,
  POETRY_CLASSES_FORMAT,
  POETRY_CLASSES_SPECIAL_TOKENS,
  parsePoetryClasses,
  type PoetryClassesManifest,
  type PoetryClassesSplitName,
} from '../../kernels/datasets/poetry_classes.ts';
import { CONVERTER_CONFIG, SOURCE, SOURCE_OPTIONS, licenceOutput, packageTarball, sourceRecord, stripNotes, tempDir, unpack, verifyIntegrity } from '../shared/chinese-poetry.ts';

const started = performance.now();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Label 0 and label 1, as the source spells them (the same in both scripts). */
const POETS = ['李白', '杜甫'] as const;

/**
 * Old variant forms (异体字) that OpenCC's hk → cn leaves alone → the standard simplified form.
 * Only unambiguous pairs; every target is checked to be a GB2312 character. Found by listing the
 * characters outside GB2312 in the two poets' converted texts (the script prints what is left).
 */
const VARIANTS: Record<string, string> = Object.fromEntries(
  [
    '劒剑 疎疏 猨猿 飜翻 媿愧 鬬斗 慙惭 櫂棹 嬾懒 蘂蕊 覩睹 簷檐 暎映 鴈雁 邨村 鼇鳌 緜绵 徧遍 竝并 顦憔',
    '褭袅 臯皋 顇悴 桮杯 荅答 筯箸 檝楫 呌叫 隣邻 妬妒 牕窗 窻窗 懽欢 羇羁 麤粗 斾旆 犂犁 煖暖 棃梨 蹔暂',
    '胷胸 牓榜 盌碗 椀碗 壻婿 椶棕 堦阶 嚬颦 缾瓶 隄堤 勗勖 牋笺 逈迥 穉稚 姪侄 稉粳 賸剩 蔕蒂 輭软 鸎莺',
    '毬球 怳恍 効效 歛敛 搆构 鏁锁 偪逼 怱匆 悤匆 鵶鸦 虵蛇 燄焰 墖塔 輙辄 遰递 厓崖 栢柏 僊仙 飡餐 嗁啼',
    '諠喧 羗羌 袴裤 鼃蛙 潄漱 氊毡 鼈鳖 鷰燕 蕚萼 裌夹 碁棋 帬裙 蠭蜂 醆盏 慽戚 欵款 埿泥 齩咬 糢模 餧喂',
  ]
    .join(' ')
    .split(' ')
    .map((pair) => [...pair] as [string, string]),
);

const { values: args } = parseArgs({
  options: {
    ...SOURCE_OPTIONS,
    out: { type: 'string', default: join(ROOT, 'public/data/poetry-classes') },
    seed: { type: 'string', default: '20240611' },
    'min-chars': { type: 'string', default: '20' },
    'max-chars': { type: 'string', default: '120' },
    created: { type: 'string' },
  },
});
const seed = Number(args.seed);
const minChars = Number(args['min-chars']);
const maxChars = Number(args['max-chars']);
const created = args.created ?? new Date().toISOString().slice(0, 10);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${args.seed}`);
if (!Number.isInteger(minChars) || !Number.isInteger(maxChars) || minChars < 10 || maxChars < minChars) {
  throw new Error(`--min-chars and --max-chars must be integers with 10 ≤ min ≤ max, got ${args['min-chars']} and ${args['max-chars']}`);
}
const log = (...parts: unknown[]) => console.log(...parts);
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;

// ---------------------------------------------------------------------------------------------
// 1. the source package (data-prep/shared/chinese-poetry.ts), always the pinned version

const tmp = tempDir('poetry-classes-', args.keep);
const tarball = packageTarball(args.tarball, SOURCE.version, tmp, log);
const { bytes: tgzBytes, integrity } = verifyIntegrity(tarball, SOURCE.version);
log(`  ${basename(tarball)}: ${(tgzBytes / 1e6).toFixed(1)} MB, matches the pinned integrity`);
const pkg = unpack(tarball, tmp, SOURCE.version);

const tangDir = join(pkg.dir, 'dist/quantangshi');
const num = (p: string) => Number(/(\d+)\.json$/.exec(p)![1]);
const tangFiles = readdirSync(tangDir).filter((n) => /^poet\.tang\.\d+\.json$/.test(n)).sort((a, b) => num(a) - num(b));
if (tangFiles.length === 0) throw new Error(`no dist/quantangshi/poet.tang.*.json in ${pkg.name}@${pkg.version}`);

interface RawPoem {
  author: string;
  title: string;
  paragraphs: string[];
  id: string;
}
const raw: RawPoem[] = [];
let poemsRead = 0;
for (const f of tangFiles) {
  for (const p of JSON.parse(readFileSync(join(tangDir, f), 'utf8')) as RawPoem[]) {
    poemsRead++;
    if ((POETS as readonly string[]).includes(p.author)) raw.push(p);
  }
}
const rawBy = POETS.map((a) => raw.filter((p) => p.author === a).length);
log(`  ${tangFiles.length} files, ${poemsRead} poems; ${POETS.map((a, i) => `${a} ${rawBy[i]}`).join(', ')}`);

// ---------------------------------------------------------------------------------------------
// 2. cleaning and conversion

const PUNCT = new Set([...'，。？！；：、']);
const QUOTES = /[《》「」『』〈〉“”‘’]/g;
const HAN = /^\p{Script=Han}$/u;
const RADICALS = /[\u2E80-\u2FDF]/u;

/** GB2312's 6,763 Han characters (and a few symbols): the standard simplified set, for the checks. */
const GB2312 = new Set<string>();
{
  const gbk = new TextDecoder('gbk');
  for (let a = 0xb0; a <= 0xf7; a++) for (let b = 0xa1; b <= 0xfe; b++) {
    const s = gbk.decode(Uint8Array.of(a, b));
    if ([...s].length === 1 && s !== '\uFFFD') GB2312.add(s);
  }
}
for (const [from, to] of Object.entries(VARIANTS)) {
  if (!GB2312.has(to)) throw new Error(`VARIANTS: ${from} → ${to}, but ${to} is not a GB2312 character`);
  if (GB2312.has(from)) throw new Error(`VARIANTS: ${from} is itself a GB2312 character`);
}

const toSimplified = OpenCC.Converter(CONVERTER_CONFIG);
let variantsReplaced = 0;
const simplify = (s: string) =>
  [...toSimplified(s)]
    .map((ch) => {
      const v = VARIANTS[ch];
      if (v) variantsReplaced++;
      return v ?? ch;
    })
    .join('');

const hanCount = (text: string) => [...text].filter((ch) => !PUNCT.has(ch)).length;

type Reject = 'fragment (句)' | 'odd character' | 'unmatched ）' | 'too short' | 'too long' | 'no final punctuation';
interface Poem {
  index: number;
  id: string;
  label: 0 | 1;
  title: string; // simplified
  series: string; // the title without its number, simplified
  text: string; // simplified, punctuation kept
  chars: number; // Han characters
}
const rejects = new Map<Reject, number>();
const kept: Poem[] = [];

/** "相和歌辭 蜀道難" and "蜀道難" are one poem in two places of 全唐诗: the 乐府 section and the poet's own volumes. */
const seriesOf = (title: string) =>
  title
    .replace(/^\S+[曲歌]辭\s+/u, '')
    .replace(/\s*(其)?[一二三四五六七八九十〇]+$/u, '')
    .replace(/\s+/gu, ' ')
    .trim();

raw.forEach((p, index) => {
  const reject = (why: Reject) => void rejects.set(why, (rejects.get(why) ?? 0) + 1);
  if (/^句$|^句\s|（句）/.test(p.title.trim())) return reject('fragment (句)');
  const notes = stripNotes(p.paragraphs.join('').normalize('NFC'));
  if (notes === null) return reject('unmatched ）');
  const text = notes.text.replace(QUOTES, '').replace(/([，。？！；：、])[，。？！；：、]+/g, '$1');
  if ([...text].some((ch) => !PUNCT.has(ch) && (!HAN.test(ch) || RADICALS.test(ch)))) return reject('odd character');
  if (!PUNCT.has([...text].at(-1) ?? '')) return reject('no final punctuation');
  const chars = hanCount(text);
  if (chars < minChars) return reject('too short');
  if (chars > maxChars) return reject('too long');
  const label = POETS.indexOf(p.author as (typeof POETS)[number]) as 0 | 1;
  kept.push({ index, id: p.id, label, title: simplify(p.title.trim()), series: simplify(seriesOf(p.title)), text: simplify(text), chars });
});

// ---------------------------------------------------------------------------------------------
// 3. de-duplication and groups

const byText = new Map<string, Poem[]>();
for (const p of kept) byText.set(p.text, [...(byText.get(p.text) ?? []), p]);
let duplicatesSame = 0, crossAuthorTexts = 0, crossAuthorPoems = 0;
const unique: Poem[] = [];
for (const copies of byText.values()) {
  if (new Set(copies.map((p) => p.label)).size > 1) {
    crossAuthorTexts++;
    crossAuthorPoems += copies.length;
    continue;
  }
  duplicatesSame += copies.length - 1;
  unique.push(copies[0]);
}
unique.sort((a, b) => a.index - b.index);

/** Sentences: pieces ending in 。？！； (a couplet, usually). */
const sentences = (text: string) => text.split(/(?<=[。？！；])/u).map((s) => s.replace(/[，。？！；：、]/gu, '')).filter((s) => s.length >= 5);
const parent = unique.map((_, i) => i);
const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
const union = (i: number, j: number) => void (parent[find(i)] = find(j));
const firstWith = new Map<string, number>();
unique.forEach((p, i) => {
  for (const key of [`series:${p.label}:${p.series}`, ...sentences(p.text).map((s) => `sentence:${s}`)]) {
    const j = firstWith.get(key);
    if (j === undefined) firstWith.set(key, i);
    else union(i, j);
  }
});
const groupsByRoot = new Map<number, number[]>();
unique.forEach((_, i) => groupsByRoot.set(find(i), [...(groupsByRoot.get(find(i)) ?? []), i]));
const mixedGroups = [...groupsByRoot.values()].filter((g) => new Set(g.map((i) => unique[i].label)).size > 1);
const mixedExamples = mixedGroups.slice(0, 4).map((g) => g.map((i) => `${POETS[unique[i].label]}《${unique[i].title}》`).join(' ~ '));
const groups = [...groupsByRoot.values()].filter((g) => new Set(g.map((i) => unique[i].label)).size === 1);
const pool = groups.flat().map((i) => unique[i]);
const poolBy = POETS.map((_, l) => pool.filter((p) => p.label === l).length);

// ---------------------------------------------------------------------------------------------
// 4. split by group (80/10/10 per poet), then balance each split by poet and length bucket

const gen = new Generator(seed);
const shuffle = <T>(a: T[]): T[] => {
  for (let i = a.length - 1; i > 0; i--) {
    const j = gen.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};
const SPLITS: PoetryClassesSplitName[] = ['train', 'val', 'test'];
const FRACTIONS = { test: 0.15, val: 0.15 };
const assigned: Record<PoetryClassesSplitName, Poem[]> = { train: [], val: [], test: [] };
for (const label of [0, 1] as const) {
  const mine = shuffle(groups.filter((g) => unique[g[0]].label === label).map((g) => g.map((i) => unique[i])));
  const total = mine.reduce((s, g) => s + g.length, 0);
  let test = 0, val = 0;
  for (const g of mine) {
    if (test < FRACTIONS.test * total) {
      assigned.test.push(...g);
      test += g.length;
    } else if (val < FRACTIONS.val * total) {
      assigned.val.push(...g);
      val += g.length;
    } else assigned.train.push(...g);
  }
}

/** Length buckets: the four regular forms exactly (五绝 20, 七绝 28, 五律 40, 七律 56), ranges between. */
const BUCKETS: [string, (n: number) => boolean][] = [
  ['20', (n) => n === 20],
  ['21-39', (n) => n > 20 && n < 40 && n !== 28],
  ['28', (n) => n === 28],
  ['40', (n) => n === 40],
  ['41-55', (n) => n > 40 && n < 56],
  ['56', (n) => n === 56],
  ['57-80', (n) => n > 56 && n <= 80],
  ['81-100', (n) => n > 80 && n <= 100],
  [`101-${maxChars}`, (n) => n > 100],
];
const bucketOf = (n: number) => BUCKETS.findIndex(([, f]) => f(n));
const balanced = {} as Record<PoetryClassesSplitName, Poem[]>;
const bucketTable: Record<string, Record<PoetryClassesSplitName, number>> = {};
let sampledAway = 0;
for (const split of SPLITS) {
  const out: Poem[] = [];
  BUCKETS.forEach(([name], b) => {
    const sides = [0, 1].map((l) => assigned[split].filter((p) => p.label === l && bucketOf(p.chars) === b));
    const n = Math.min(sides[0].length, sides[1].length);
    for (const side of sides) {
      const sorted = side.sort((x, y) => x.index - y.index);
      out.push(...shuffle(sorted).slice(0, n));
      sampledAway += side.length - n;
    }
    (bucketTable[name] ??= { train: 0, val: 0, test: 0 })[split] = n;
  });
  balanced[split] = shuffle(out.sort((x, y) => x.index - y.index));
}

// ---------------------------------------------------------------------------------------------
// 5. vocabulary (train only), baselines, diagnostics

const trainCounts = new Map<string, number>();
for (const p of balanced.train) for (const ch of p.text) trainCounts.set(ch, (trainCounts.get(ch) ?? 0) + 1);
const ranked = [...trainCounts].sort((a, b) => b[1] - a[1] || a[0].codePointAt(0)! - b[0].codePointAt(0)!);
const tokens = [...POETRY_CLASSES_SPECIAL_TOKENS, ...ranked.map(([ch]) => ch)];
const tokenCounts = [0, 0, ...ranked.map(([, c]) => c)];

/** Multinomial naive Bayes over Han characters, add-one, train vocabulary (unseen characters ignored). */
function naiveBayes(train: Poem[]) {
  const counts = [new Map<string, number>(), new Map<string, number>()];
  const totals = [0, 0], docs = [0, 0];
  const vocab = new Set<string>();
  for (const p of train) {
    docs[p.label]++;
    for (const ch of p.text) {
      if (PUNCT.has(ch)) continue;
      counts[p.label].set(ch, (counts[p.label].get(ch) ?? 0) + 1);
      totals[p.label]++;
      vocab.add(ch);
    }
  }
  const V = vocab.size;
  const logPrior = docs.map((d) => Math.log(d / (docs[0] + docs[1])));
  const logp = (l: number, ch: string) => Math.log(((counts[l].get(ch) ?? 0) + 1) / (totals[l] + V));
  const predict = (text: string) => {
    const s = [logPrior[0], logPrior[1]];
    for (const ch of text) if (vocab.has(ch)) for (const l of [0, 1]) s[l] += logp(l, ch);
    return s[1] > s[0] ? 1 : 0;
  };
  const top = (l: number, k: number) =>
    [...vocab]
      .filter((ch) => (counts[0].get(ch) ?? 0) + (counts[1].get(ch) ?? 0) >= 10)
      .map((ch) => [ch, logp(l, ch) - logp(1 - l, ch)] as const)
      .sort((a, b) => b[1] - a[1] || a[0].codePointAt(0)! - b[0].codePointAt(0)!)
      .slice(0, k)
      .map(([ch]) => ch)
      .join('');
  return { predict, top };
}
const nb = naiveBayes(balanced.train);
const accuracy = (poems: Poem[], f: (p: Poem) => number) => poems.filter((p) => f(p) === p.label).length / poems.length;

/** The best single length threshold on train (either direction), scored on test: near 50 % by construction. */
function lengthRule(train: Poem[]) {
  let best = { acc: -1, t: 0, dir: 0 as 0 | 1 };
  for (let t = minChars; t <= maxChars; t++) {
    for (const dir of [0, 1] as const) {
      const acc = accuracy(train, (p) => (p.chars > t ? dir : 1 - dir));
      if (acc > best.acc) best = { acc, t, dir };
    }
  }
  return (p: Poem) => (p.chars > best.t ? best.dir : 1 - best.dir);
}
const lengthPredict = lengthRule(balanced.train);
const round = (x: number) => Number(x.toFixed(4));
const baselines = {
  majority: 0.5,
  lengthThreshold: { val: round(accuracy(balanced.val, lengthPredict)), test: round(accuracy(balanced.test, lengthPredict)) },
  naiveBayesCharacters: { val: round(accuracy(balanced.val, (p) => nb.predict(p.text))), test: round(accuracy(balanced.test, (p) => nb.predict(p.text))) },
  note: 'Accuracy. lengthThreshold: the best single cut on the number of Han characters, fitted on train. naiveBayesCharacters: multinomial naive Bayes over Han characters with add-one smoothing, fitted on train (punctuation ignored).',
};

/** What is left outside GB2312, per poet: rare real characters, or variants VARIANTS does not cover. */
const outside = [new Map<string, number>(), new Map<string, number>()];
for (const split of SPLITS) for (const p of balanced[split]) for (const ch of p.text) if (!PUNCT.has(ch) && !GB2312.has(ch)) outside[p.label].set(ch, (outside[p.label].get(ch) ?? 0) + 1);
const outsideRows = [...new Set([...outside[0].keys(), ...outside[1].keys()])]
  .map((ch) => [ch, outside[0].get(ch) ?? 0, outside[1].get(ch) ?? 0] as const)
  .sort((a, b) => b[1] + b[2] - a[1] - a[2]);
const punctBy = [0, 1].map((l) => {
  const m = new Map<string, number>();
  for (const split of SPLITS) for (const p of balanced[split]) if (p.label === l) for (const ch of p.text) if (PUNCT.has(ch)) m.set(ch, (m.get(ch) ?? 0) + 1);
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1]));
});

// ---------------------------------------------------------------------------------------------
// 6. files and manifest

const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });
const splitJson = (poems: Poem[]) =>
  `{"texts":${JSON.stringify(poems.map((p) => p.text))},\n"labels":${JSON.stringify(poems.map((p) => p.label))},\n"titles":${JSON.stringify(poems.map((p) => p.title))}}`;
const textsJson = `{"format":"${POETRY_CLASSES_FORMAT}","labels":${JSON.stringify(POETS)},\n${SPLITS.map((s) => `"${s}":${splitJson(balanced[s])}`).join(',\n')}}\n`;
const vocabJson = `{"format":"${POETRY_CLASSES_FORMAT}-vocab","tokens":${JSON.stringify(tokens)},\n"counts":${JSON.stringify(tokenCounts)}}\n`;
const outputs: [string, Uint8Array][] = [
  [POETRY_CLASSES_FILES.texts, new TextEncoder().encode(textsJson)],
  [POETRY_CLASSES_FILES.vocab, new TextEncoder().encode(vocabJson)],
  licenceOutput(pkg),
];
const files: PoetryClassesManifest['files'] = {};
for (const [name, bytes] of outputs) {
  writeFileSync(join(outDir, name), bytes);
  files[name] = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
}
const converterPkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/opencc-js/package.json'), 'utf8')) as { version: string; license: string };
const perLabel = Object.fromEntries(SPLITS.map((s) => [s, [0, 1].map((l) => balanced[s].filter((p) => p.label === l).length)])) as Record<PoetryClassesSplitName, number[]>;
const manifest: PoetryClassesManifest = {
  format: POETRY_CLASSES_FORMAT,
  description: `Li Bai (label 0) versus Du Fu (label 1): poems of ${minChars}-${maxChars} Han characters from 全唐诗, simplified, punctuation kept; train/val/test by group (series, shared sentences), each split balanced by poet and by length bucket.`,
  labels: [...POETS],
  labelNames: { en: ['Li Bai', 'Du Fu'], zh: [...POETS] },
  source: sourceRecord(pkg, integrity, tangFiles.map((f) => `dist/quantangshi/${f}`)),
  converter: { package: 'opencc-js', version: converterPkg.version, licence: converterPkg.license, config: { ...CONVERTER_CONFIG }, variants: Object.entries(VARIANTS).map(([a, b]) => a + b).join(' ') },
  created,
  seed,
  script: 'data-prep/poetry-classes/prepare.ts',
  selection: {
    minChars,
    maxChars,
    punctuation: '，。？！；：、 (as in the source; repeated marks collapsed)',
    groups: 'poems of one series (the title without 其N / its number and without the 乐府 section prefix) or sharing a sentence of 5+ characters are one group; a group never straddles the split; a group with both poets is dropped',
    split: 'per poet, groups shuffled; 15 % of poems to test, 15 % to val, the rest to train; then inside each split and length bucket the larger side is sampled down to the smaller',
    lengthBuckets: Object.fromEntries(Object.entries(bucketTable)),
  },
  counts: {
    poemsRead,
    byPoet: Object.fromEntries(POETS.map((a, i) => [a, rawBy[i]])),
    rejected: Object.fromEntries(rejects),
    kept: kept.length,
    duplicatesRemoved: duplicatesSame,
    textsUnderBothPoets: crossAuthorTexts,
    poemsUnderBothPoets: crossAuthorPoems,
    groupsWithBothPoets: mixedGroups.length,
    poemsInGroupsWithBothPoets: mixedGroups.reduce((s, g) => s + g.length, 0),
    pool: Object.fromEntries(POETS.map((a, i) => [a, poolBy[i]])),
    sampledAwayForBalance: sampledAway,
    variantCharactersReplaced: variantsReplaced,
    train: balanced.train.length,
    val: balanced.val.length,
    test: balanced.test.length,
    perLabel,
    vocabSize: tokens.length,
    trainCharacters: balanced.train.reduce((s, p) => s + p.chars, 0),
  },
  baselines,
  diagnostics: {
    topCharacters: { [POETS[0]]: nb.top(0, 30), [POETS[1]]: nb.top(1, 30) },
    punctuation: Object.fromEntries(POETS.map((a, l) => [a, punctBy[l]])),
    outsideGB2312: outsideRows.filter(([, a, b]) => a + b >= 3).map(([ch, a, b]) => `${ch}${a}/${b}`).join(' '),
    note: 'topCharacters: the 30 characters (10+ train occurrences) with the largest naive-Bayes log-ratio for each poet, strongest first. outsideGB2312: characters outside GB2312 with 3+ occurrences, as count in 李白 / count in 杜甫 (all splits).',
  },
  files,
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// The loader's checks on what was written.
const ds = await parsePoetryClasses({
  manifest: readFileSync(join(outDir, 'manifest.json'), 'utf8'),
  texts: new Uint8Array(readFileSync(join(outDir, POETRY_CLASSES_FILES.texts))),
  vocab: new Uint8Array(readFileSync(join(outDir, POETRY_CLASSES_FILES.vocab))),
});

// ---------------------------------------------------------------------------------------------
// 7. report

log(`\nselection (of ${raw.length} poems by the two):`);
log(`  kept ${kept.length}; rejected: ${[...rejects].map(([k, v]) => `${k} ${v}`).join(', ')}`);
log(`  duplicates removed ${duplicatesSame}; texts under both names ${crossAuthorTexts} (${crossAuthorPoems} poems dropped)`);
log(`  groups with both poets: ${mixedGroups.length} (${manifest.counts.poemsInGroupsWithBothPoets} poems dropped)`);
for (const e of mixedExamples) log(`    e.g. ${e}`);
log(`  pool: ${POETS.map((a, i) => `${a} ${poolBy[i]}`).join(', ')} in ${groups.length} groups; ${variantsReplaced} variant characters normalised`);
log(`split (seed ${seed}), balanced by poet and length (${sampledAway} sampled away):`);
for (const s of SPLITS) log(`  ${s.padEnd(5)} ${String(balanced[s].length).padStart(5)} = ${perLabel[s].join(' + ')}`);
log(`  buckets: ${Object.entries(bucketTable).map(([k, v]) => `${k}: ${v.train}/${v.val}/${v.test}`).join(', ')} (per poet, train/val/test)`);
log(`vocabulary: ${tokens.length} tokens (${ranked.length} train characters and marks + ${POETRY_CLASSES_SPECIAL_TOKENS.length} specials)`);
log(`baselines (accuracy): majority 50 %; length threshold val ${pct(baselines.lengthThreshold.val, 1)}, test ${pct(baselines.lengthThreshold.test, 1)}; naive Bayes val ${pct(baselines.naiveBayesCharacters.val, 1)}, test ${pct(baselines.naiveBayesCharacters.test, 1)}`);
log(`most ${POETS[0]}: ${manifest.diagnostics && nb.top(0, 30)}`);
log(`most ${POETS[1]}: ${nb.top(1, 30)}`);
log(`punctuation: ${POETS.map((a, l) => `${a} ${JSON.stringify(punctBy[l])}`).join('; ')}`);
log(`outside GB2312 (3+): ${manifest.diagnostics ? (manifest.diagnostics as { outsideGB2312: string }).outsideGB2312 : ''}`);
log(`\nwrote ${relative(ROOT, outDir) || outDir}/:`);
let total = 0;
for (const [name, { bytes, sha256 }] of [...Object.entries(files), ['manifest.json', { bytes: statSync(join(outDir, 'manifest.json')).size, sha256: '' }] as const]) {
  total += bytes;
  log(`  ${name.padEnd(28)} ${String(bytes).padStart(9)} B  ${sha256.slice(0, 16)}`);
}
log(`  ${'total'.padEnd(28)} ${String(total).padStart(9)} B`);
log(`loaded back: ${ds.train.texts.length}/${ds.val.texts.length}/${ds.test.texts.length}; done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
