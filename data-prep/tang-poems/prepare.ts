/**
 * Builds public/data/tang5/: five-character Tang poems (五言绝句 and 五言律诗) in simplified
 * characters, tokenised for the character-level GPT. Run by hand, never by CI or `npm ci`:
 *
 *   node data-prep/tang-poems/prepare.ts            (or: npm run prepare:poems)
 *
 * It downloads `chinese-poetry` (85 MB packed, 360 MB unpacked) with `npm pack` into a temporary
 * folder, checks the tarball against the pinned integrity, extracts it, and removes it at the end.
 * Options:
 *   --tarball PATH       use an already downloaded chinese-poetry-<version>.tgz instead of npm pack
 *   --version V          another chinese-poetry version (default 2.0.1; only that one is integrity-pinned)
 *   --keep               keep the temporary folder (its path is printed)
 *   --out DIR            output folder (default public/data/tang5)
 *   --seed N             split seed (default 20240501)
 *   --val-fraction F     share of poems in the validation split (default 0.05)
 *   --min-count N        a character needs N train occurrences to get its own id (default 3)
 *   --created YYYY-MM-DD date written to the manifest (default today)
 *
 * Steps: select poems whose text (notes in （…） stripped, editorial quote marks removed) is exactly
 * 4 or 8 lines of 5 Han characters with couplet punctuation; reject anything with odd characters
 * (□, [..], {..}, private-use code points, …); convert to simplified with opencc-js (hk → cn);
 * normalise punctuation to ，。 alternating; de-duplicate by simplified text; group poems that share a
 * couplet so variants never straddle the split; split by group with a seeded shuffle; vocabulary from
 * train only; write uint16 token files, vocab.json, the source's licence and manifest.json.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import OpenCC from 'opencc-js';
import { Generator } from '../../kernels/random.ts';
import {
  POEM_FILES,
  POEM_LENGTHS,
  POEM_SPECIALS,
  POEM_SPECIAL_TOKENS,
  poemBaselines,
  sha256Hex,
  splitPoems,
  writeTokenFile,
  type PoemManifest,
} from '../../kernels/datasets/poems.ts';
import { CONVERTER_CONFIG, SOURCE, SOURCE_OPTIONS, licenceOutput, packageTarball, sourceRecord, stripNotes, tempDir, unpack, verifyIntegrity } from '../shared/chinese-poetry.ts';

const started = performance.now();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const { values: args } = parseArgs({
  options: {
    ...SOURCE_OPTIONS,
    version: { type: 'string', default: SOURCE.version },
    out: { type: 'string', default: join(ROOT, 'public/data/tang5') },
    seed: { type: 'string', default: '20240501' },
    'val-fraction': { type: 'string', default: '0.05' },
    'min-count': { type: 'string', default: '3' },
    created: { type: 'string' },
  },
});
const seed = Number(args.seed);
const valFraction = Number(args['val-fraction']);
const minCount = Number(args['min-count']);
const created = args.created ?? new Date().toISOString().slice(0, 10);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${args.seed}`);
if (!(valFraction > 0 && valFraction < 1)) throw new Error(`--val-fraction must be in (0, 1), got ${args['val-fraction']}`);
if (!Number.isInteger(minCount) || minCount < 1) throw new Error(`--min-count must be a positive integer, got ${args['min-count']}`);

const log = (...parts: unknown[]) => console.log(...parts);
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(2)} %`;

// ---------------------------------------------------------------------------------------------
// 1. the source package (data-prep/shared/chinese-poetry.ts)

const tmp = tempDir('tang-poems-', args.keep);
const tarball = packageTarball(args.tarball, args.version, tmp, log);
const { integrity, bytes: tgzBytes, pinned } = verifyIntegrity(tarball, args.version);
log(`  ${basename(tarball)}: ${(tgzBytes / 1e6).toFixed(1)} MB, ${integrity.slice(0, 24)}…${pinned ? ' (matches the pin)' : ' (NOT pinned)'}`);
const pkg = unpack(tarball, tmp, args.version);
const pkgDir = pkg.dir;

/**
 * poet.tang.<n>.json anywhere in the package (dist/quantangshi/ in 2.x, json/ in 1.x), but not under
 * error/ (the package's list of questionable poems, copies of main-file poems) or strains/ (平仄
 * patterns of the same poems, with no text).
 */
function findTangFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'error' && name !== 'strains') walk(p);
      } else if (/^poet\.tang\.\d+\.json$/.test(name)) found.push(p);
    }
  };
  walk(dir);
  const num = (p: string) => Number(/(\d+)\.json$/.exec(p)![1]);
  return found.sort((a, b) => num(a) - num(b));
}
const tangFiles = findTangFiles(pkgDir);
if (tangFiles.length === 0) throw new Error(`no poet.tang.*.json in ${pkg.name}@${pkg.version}`);
const filesUsed = tangFiles.map((p) => relative(pkgDir, p));
log(`  ${tangFiles.length} files: ${filesUsed[0]} … ${basename(filesUsed.at(-1)!)}`);

interface RawPoem {
  author: string;
  title: string;
  paragraphs: string[];
  id: string;
  tags?: string[];
}
const raw: RawPoem[] = [];
for (const f of tangFiles) {
  for (const p of JSON.parse(readFileSync(f, 'utf8')) as RawPoem[]) {
    if (!Array.isArray(p.paragraphs)) throw new Error(`${relative(pkgDir, f)}: a poem without "paragraphs": ${JSON.stringify(p).slice(0, 200)}`);
    raw.push(p);
  }
}
log(`  ${raw.length} poems read`);

/** The package's own list of questionable poems (error/poet.tang.*.json), by id → error types. */
const flagged = new Map<string, string[]>();
for (const f of findTangFilesIn(join(dirname(tangFiles[0]), 'error'))) {
  for (const p of JSON.parse(readFileSync(f, 'utf8')) as (RawPoem & { error_type?: string[] })[]) {
    flagged.set(p.id, (p.error_type ?? []).map((e) => e.split('->')[0]));
  }
}
function findTangFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => /^poet\.tang\.\d+\.json$/.test(n)).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// 2. selection and cleaning

const ODD_END = '，；：、？！。'; // what may end an odd (first) line of a couplet
const EVEN_END = '。？！；'; // what may end an even (second) line: a sentence end
const PUNCT = new Set([...'，。？！；：、']);
const QUOTES = /[《》「」『』〈〉]/g;
const HAN = /^\p{Script=Han}$/u;
const RADICALS = /[\u2E80-\u2FDF]/u; // CJK radicals and Kangxi radicals: Han script, but not characters

type Reject = 'unmatched ）' | 'odd character' | 'not 4 or 8 lines of 5' | 'punctuation' | 'conversion';
const rejects = new Map<Reject, number>();
const oddChars = new Map<string, number>(); // odd characters in poems that would otherwise be 五言 4/8 lines
let oddFiveChar = 0;
const otherFiveChar = new Map<number, number>(); // all-five-character texts with another number of lines
let notesStripped = 0, unclosedNotes = 0, quotesStripped = 0, punctNormalised = 0;
const punctExamples: string[] = [];

/** 4 or 8 lines of 5 characters (any non-punctuation code point counts as one), ends punctuated? */
function lines(text: string): { body: string; end: string }[] | null {
  const out = segments(text);
  if (!out || (out.length !== 4 && out.length !== 8)) return null;
  return out.every((l) => [...l.body].length === 5) ? out : null;
}

/** The text cut after each punctuation mark; null if a mark has nothing before it or text follows the last. */
function segments(text: string): { body: string; end: string }[] | null {
  const out: { body: string; end: string }[] = [];
  let body = '';
  for (const ch of text) {
    if (PUNCT.has(ch)) {
      if (body === '') return null; // punctuation with nothing before it
      out.push({ body, end: ch });
      body = '';
    } else body += ch;
  }
  return body === '' ? out : null;
}

const toSimplified = OpenCC.Converter(CONVERTER_CONFIG);

interface Poem {
  index: number; // position in the source order
  id: string;
  author: string;
  title: string;
  lines: string[]; // simplified, 5 characters each, no punctuation
  text: string; // canonical: lines with ，。 alternating
}

function clean(p: RawPoem, index: number): Poem | Reject {
  let text = p.paragraphs.join('').normalize('NFC');
  const notes = stripNotes(text);
  if (notes === null) return 'unmatched ）';
  if (notes.unclosed) unclosedNotes++;
  const stripped = notes.text;
  if (stripped !== text) notesStripped++;
  text = stripped.replace(QUOTES, '');
  if (text !== stripped) quotesStripped++;
  text = text.replace(/([，。？！；：、])[，。？！；：、]+/g, '$1'); // "…杯。（note）。" leaves "。。"
  const odd = [...text].filter((ch) => !PUNCT.has(ch) && (!HAN.test(ch) || RADICALS.test(ch)));
  if (odd.length > 0) {
    // Would it be a five-character poem but for these? ([x] is one supplied character, {…} one described glyph.)
    const loose = text.replace(/\[([^\]]*)\]/g, '$1').replace(/\{[^}]*\}/g, '?');
    if (lines(loose)) {
      oddFiveChar++;
      for (const ch of new Set(odd)) oddChars.set(ch, (oddChars.get(ch) ?? 0) + 1);
    }
    return 'odd character';
  }
  const ls = lines(text);
  if (!ls) {
    const seg = segments(text);
    if (seg && seg.length > 0 && seg.every((l) => [...l.body].length === 5)) otherFiveChar.set(seg.length, (otherFiveChar.get(seg.length) ?? 0) + 1);
    return 'not 4 or 8 lines of 5';
  }
  for (let i = 0; i < ls.length; i++) {
    if (!(i % 2 === 0 ? ODD_END : EVEN_END).includes(ls[i].end)) return 'punctuation';
  }
  const canonical = ls.map((l, i) => l.body + (i % 2 === 0 ? '，' : '。')).join('');
  if (canonical !== text) {
    punctNormalised++;
    if (punctExamples.length < 5) punctExamples.push(text);
  }
  const simplified = toSimplified(canonical);
  const sl = lines(simplified);
  if (!sl || sl.some((l, i) => l.end !== (i % 2 === 0 ? '，' : '。'))) return 'conversion';
  return { index, id: p.id, author: p.author, title: p.title, lines: sl.map((l) => l.body), text: simplified };
}

const kept: Poem[] = [];
const rejectOf = new Map<number, Reject>();
for (let i = 0; i < raw.length; i++) {
  const r = clean(raw[i], i);
  if (typeof r === 'string') {
    rejects.set(r, (rejects.get(r) ?? 0) + 1);
    rejectOf.set(i, r);
  } else kept.push(r);
}

// ---------------------------------------------------------------------------------------------
// 3. de-duplication and near-duplicate groups

const byText = new Map<string, Poem>();
const unique: Poem[] = [];
let duplicates = 0, duplicateOtherAuthor = 0;
const duplicateExamples: string[] = [];
for (const p of kept) {
  const first = byText.get(p.text);
  if (first) {
    duplicates++;
    if (first.author !== p.author) {
      duplicateOtherAuthor++;
      if (duplicateExamples.length < 5) duplicateExamples.push(`${p.text.slice(0, 12)}…: ${first.author}《${first.title}》 = ${p.author}《${p.title}》`);
    }
    continue;
  }
  byText.set(p.text, p);
  unique.push(p);
}

/** Union-find over poems that share a couplet (two lines): variants and re-attributions of one poem. */
const parent = unique.map((_, i) => i);
const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
const byCouplet = new Map<string, number>();
const byFirstLine = new Map<string, number>();
let sameFirstLine = 0;
unique.forEach((p, i) => {
  for (let c = 0; c < p.lines.length; c += 2) {
    const key = p.lines[c] + p.lines[c + 1];
    const j = byCouplet.get(key);
    if (j === undefined) byCouplet.set(key, i);
    else parent[find(i)] = find(j);
  }
  if (byFirstLine.has(p.lines[0])) sameFirstLine++;
  else byFirstLine.set(p.lines[0], i);
});
const groups = new Map<number, number[]>();
unique.forEach((_, i) => {
  const r = find(i);
  groups.set(r, [...(groups.get(r) ?? []), i]);
});
const multi = [...groups.values()].filter((g) => g.length > 1);
const nearDuplicatePoems = multi.reduce((s, g) => s + g.length, 0);
const nearExamples = multi.slice(0, 3).map((g) => g.map((i) => `${unique[i].author}《${unique[i].title}》 ${unique[i].text.slice(0, 12)}…`).join(' ~ '));

// ---------------------------------------------------------------------------------------------
// 4. split by group, seeded

const order = [...groups.values()];
const gen = new Generator(seed);
for (let i = order.length - 1; i > 0; i--) {
  const j = gen.int(i + 1);
  [order[i], order[j]] = [order[j], order[i]];
}
const valTarget = Math.round(valFraction * unique.length);
const valSet = new Set<number>();
for (const g of order) {
  if (valSet.size >= valTarget) break;
  for (const i of g) valSet.add(i);
}
let trainPoems = unique.filter((_, i) => !valSet.has(i));
let valPoems = unique.filter((_, i) => valSet.has(i));

// ---------------------------------------------------------------------------------------------
// 5. vocabulary (train only) and encoding

interface Vocabulary {
  charCounts: Map<string, number>;
  ranked: [string, number][];
  inVocab: [string, number][];
  tokens: string[];
  stoi: Map<string, number>;
}
function buildVocabulary(poems: Poem[]): Vocabulary {
  const charCounts = new Map<string, number>();
  for (const p of poems) for (const l of p.lines) for (const ch of l) charCounts.set(ch, (charCounts.get(ch) ?? 0) + 1);
  const ranked = [...charCounts].sort((a, b) => b[1] - a[1] || a[0].codePointAt(0)! - b[0].codePointAt(0)!);
  const inVocab = ranked.filter(([, c]) => c >= minCount);
  const tokens: string[] = [...POEM_SPECIAL_TOKENS, ...inVocab.map(([ch]) => ch)];
  if (tokens.length > 65535) throw new Error(`vocabulary of ${tokens.length} does not fit uint16`);
  return { charCounts, ranked, inVocab, tokens, stoi: new Map(tokens.map((t, i) => [t, i])) };
}

function encodePoem(p: Poem, stoi: Map<string, number>): number[] {
  const ids: number[] = [POEM_SPECIALS.bos];
  p.lines.forEach((l, i) => {
    for (const ch of l) ids.push(stoi.get(ch) ?? POEM_SPECIALS.unk);
    ids.push(i % 2 === 0 ? POEM_SPECIALS.comma : POEM_SPECIALS.period);
  });
  ids.push(POEM_SPECIALS.eos);
  return ids;
}

function encodeSplit(poems: Poem[], stoi: Map<string, number>): { ids: Uint16Array; unk: number; chars: number } {
  const ids: number[] = [];
  let unk = 0, chars = 0;
  for (const p of poems) {
    for (const id of encodePoem(p, stoi)) {
      if (id === POEM_SPECIALS.unk) unk++;
      if (id >= POEM_SPECIALS.unk && id !== POEM_SPECIALS.comma && id !== POEM_SPECIALS.period) chars++;
      ids.push(id);
    }
  }
  return { ids: Uint16Array.from(ids), unk, chars };
}

/**
 * Two texts that differ only in characters outside the vocabulary encode to the same ids: the model
 * would see a duplicate (or a val poem it trained on). Drop the later one (val ones first, so a val
 * poem never repeats a train poem) and rebuild the vocabulary until no such pair is left.
 */
let vocab = buildVocabulary(trainPoems);
let unkDuplicates = 0;
for (;;) {
  const seen = new Set<string>();
  const keep = (p: Poem) => {
    const key = encodePoem(p, vocab.stoi).join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const train2 = trainPoems.filter(keep);
  const val2 = valPoems.filter(keep);
  const removed = trainPoems.length + valPoems.length - train2.length - val2.length;
  if (removed === 0) break;
  unkDuplicates += removed;
  trainPoems = train2;
  valPoems = val2;
  vocab = buildVocabulary(trainPoems);
}
const { charCounts, ranked, inVocab, tokens } = vocab;
const train = encodeSplit(trainPoems, vocab.stoi);
const val = encodeSplit(valPoems, vocab.stoi);

/** Train count of every id, as the model sees them (characters, punctuation, specials). */
const idCounts = new Array<number>(tokens.length).fill(0);
for (const id of train.ids) idCounts[id]++;

// ---------------------------------------------------------------------------------------------
// 6. files, baselines, manifest

const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });
const vocabJson = `{"format":"gradbook-tang5-vocab/1","minCount":${minCount},"specials":${JSON.stringify(POEM_SPECIALS)},\n"tokens":${JSON.stringify(tokens)},\n"counts":${JSON.stringify(idCounts)}}\n`;
const outputs: [string, Uint8Array][] = [
  [POEM_FILES.train, writeTokenFile(train.ids)],
  [POEM_FILES.val, writeTokenFile(val.ids)],
  [POEM_FILES.vocab, new TextEncoder().encode(vocabJson)],
  licenceOutput(pkg),
];
const files: PoemManifest['files'] = {};
for (const [name, bytes] of outputs) {
  writeFileSync(join(outDir, name), bytes);
  files[name] = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
}

// The same checks the loader makes, and the baselines from the written form.
const trainSplit = splitPoems(train.ids, tokens.length, POEM_FILES.train);
const valSplit = splitPoems(val.ids, tokens.length, POEM_FILES.val);
const baselines = poemBaselines({ vocab: tokens, train: trainSplit, val: valSplit });
const round = (x: number) => Number(x.toFixed(6));
for (const b of [baselines.unigram, baselines.bigramAddOne, baselines.bigramKneserNey]) {
  b.nats = round(b.nats);
  b.perplexity = round(b.perplexity);
}

const converterPkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/opencc-js/package.json'), 'utf8')) as { version: string; license: string };
const finalPoems = [...trainPoems, ...valPoems];
const quatrains = finalPoems.filter((p) => p.lines.length === 4).length;
const manifest: PoemManifest = {
  format: 'gradbook-tang5/1',
  description: 'Five-character Tang poems (五言绝句: 4 lines, 五言律诗: 8 lines by form) in simplified characters, one poem = <bos> + lines of 5 characters each followed by ，or 。 alternating + <eos>.',
  source: sourceRecord(pkg, integrity, filesUsed),
  converter: { package: 'opencc-js', version: converterPkg.version, licence: converterPkg.license, config: { ...CONVERTER_CONFIG } },
  created,
  seed,
  script: 'data-prep/tang-poems/prepare.ts',
  encoding: {
    dtype: 'uint16le',
    layout: 'poems concatenated, each <bos> … <eos>; 26 tokens (4 lines) or 50 (8 lines)',
    specials: { ...POEM_SPECIALS },
    minCount,
  },
  counts: {
    poemsRead: raw.length,
    selected: kept.length,
    rejected: Object.fromEntries(rejects),
    duplicatesRemoved: duplicates,
    duplicatesWithOtherAuthor: duplicateOtherAuthor,
    unique: unique.length,
    nearDuplicateGroups: multi.length,
    nearDuplicatePoems,
    duplicatesAfterUnk: unkDuplicates,
    kept: finalPoems.length,
    jueju: quatrains,
    lushi: finalPoems.length - quatrains,
    train: trainPoems.length,
    val: valPoems.length,
    trainTokens: train.ids.length,
    valTokens: val.ids.length,
    distinctTrainCharacters: charCounts.size,
    vocabSize: tokens.length,
    unkRate: { train: round(train.unk / train.chars), val: round(val.unk / val.chars) },
  },
  baselines,
  files,
};
writeFileSync(join(outDir, POEM_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);


// ---------------------------------------------------------------------------------------------
// 7. report

const fiveTags = new Map<string, number>();
const byId = new Map(raw.map((p) => [p.id, p]));
for (const p of unique) {
  for (const t of byId.get(p.id)?.tags ?? []) {
    if (/[五七]言|绝句|律诗|古诗|乐府/.test(t)) {
      const key = `${p.lines.length} lines tagged ${t}`;
      fiveTags.set(key, (fiveTags.get(key) ?? 0) + 1);
    }
  }
}
const taggedFive = new Map<string, number>(); // poems the source tags 五言绝句/五言律诗 that were not kept, by why
raw.forEach((p, i) => {
  const tag = p.tags?.find((t) => t === '五言绝句' || t === '五言律诗');
  const why = rejectOf.get(i);
  if (tag && why) taggedFive.set(`${tag}: ${why}`, (taggedFive.get(`${tag}: ${why}`) ?? 0) + 1);
});
const flaggedKept = new Map<string, number>();
let flaggedCount = 0;
for (const p of unique) {
  const types = flagged.get(p.id);
  if (!types) continue;
  flaggedCount++;
  for (const t of new Set(types)) flaggedKept.set(t, (flaggedKept.get(t) ?? 0) + 1);
}
const fragments = unique.filter((p) => /(^句$|（句）|^句\s)/.test(p.title)).length;
const coverage = (n: number) => ranked.slice(0, n).reduce((s, [, c]) => s + c, 0) / train.chars;

log(`\nselection (of ${raw.length}):`);
log(`  kept ${kept.length}; rejected: ${[...rejects].map(([k, v]) => `${k} ${v}`).join(', ')}`);
log(`  five-character poems lost to odd characters: ${oddFiveChar} (${[...oddChars].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([c, n]) => `${c} ${n}`).join(', ')})`);
log(`  notes （…） stripped in ${notesStripped} poems (${unclosedNotes} with a note never closed), quote marks in ${quotesStripped}; punctuation normalised in ${punctNormalised} kept poems`);
for (const e of punctExamples.slice(0, 3)) log(`    e.g. ${e}`);
log(`  duplicates removed: ${duplicates} (${duplicateOtherAuthor} under another author)`);
for (const e of duplicateExamples.slice(0, 3)) log(`    e.g. ${e}`);
log(`  unique by text: ${unique.length}`);
log(`  near-duplicates (sharing a couplet): ${multi.length} groups, ${nearDuplicatePoems} poems; ${sameFirstLine} poems repeat another's first line`);
for (const e of nearExamples) log(`    e.g. ${e}`);
log(`  titled 句 (fragments): ${fragments}; flagged in the package's error/ list: ${flaggedCount} (${[...flaggedKept].map(([k, v]) => `${k} ${v}`).join(', ')})`);
log(`  tags about form on kept poems: ${[...fiveTags].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join('; ') || 'none'}`);
log(`  tagged 五言绝句/五言律诗 but not kept: ${[...taggedFive].map(([k, v]) => `${k} ${v}`).join('; ') || 'none'}`);
log(`  other all-five-character texts (lines: poems): ${[...otherFiveChar].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
log(`  identical once rare characters are <unk>: ${unkDuplicates} more removed`);
log(`  kept: ${finalPoems.length} = ${quatrains} 五言绝句 (4 lines) + ${finalPoems.length - quatrains} 五言律诗 (8 lines)`);
log(`\nsplit (seed ${seed}): train ${trainPoems.length} poems / ${train.ids.length} tokens, val ${valPoems.length} poems / ${val.ids.length} tokens`);
log(`vocabulary: ${charCounts.size} distinct train characters; count ≥ ${minCount} → V = ${tokens.length} (${inVocab.length} characters + ${POEM_SPECIAL_TOKENS.length} special/punctuation)`);
log(`  coverage of train characters: ${pct(train.chars - train.unk, train.chars)}; top 1000 ${pct(coverage(1000), 1)}, top 2000 ${pct(coverage(2000), 1)}, top 3000 ${pct(coverage(3000), 1)}`);
for (const m of [1, 2, 3, 5, 10]) log(`    min count ${m}: V = ${ranked.filter(([, c]) => c >= m).length + POEM_SPECIAL_TOKENS.length}`);
log(`  <unk> rate: train ${pct(train.unk, train.chars)}, val ${pct(val.unk, val.chars)} (of characters)`);
log(`baselines on val (${baselines.tokens} predicted tokens, ${baselines.types} types), nats/token and perplexity:`);
for (const [name, b] of [['unigram, add-one', baselines.unigram], ['bigram, add-one', baselines.bigramAddOne], [`bigram, interpolated Kneser–Ney d=${baselines.bigramKneserNey.discount}`, baselines.bigramKneserNey]] as const) {
  log(`  ${name.padEnd(40)} ${b.nats.toFixed(4)}  ppl ${b.perplexity.toFixed(1)}`);
}
log(`\nwrote ${relative(ROOT, outDir) || outDir}/:`);
let total = 0;
for (const [name, { bytes, sha256 }] of [...Object.entries(files), [POEM_FILES.manifest, { bytes: statSync(join(outDir, POEM_FILES.manifest)).size, sha256: '' }] as const]) {
  total += bytes;
  log(`  ${name.padEnd(28)} ${String(bytes).padStart(9)} B  ${sha256.slice(0, 16)}`);
}
log(`  ${'total'.padEnd(28)} ${String(total).padStart(9)} B`);
log(`poem lengths: ${POEM_LENGTHS.join(' / ')} tokens; done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
