/**
 * Builds public/data/uci/: the digits, breast cancer, wine and iris tables and the china.jpg sample
 * photo, taken from the copies scikit-learn ships in Debian's python3-sklearn package. Run by hand,
 * never by CI or `npm ci`:
 *
 *   node data-prep/sklearn-uci/prepare.ts            (or: npm run prepare:uci)
 *
 * It runs `apt-get download python3-sklearn` into a temporary folder (2.1 MB; `apt-get update` first
 * only if apt knows no candidate version), checks the .deb against the pinned sha256, unpacks it with
 * `dpkg-deb -x` and removes it all at the end. Options:
 *   --deb PATH           use an already downloaded python3-sklearn_<version>_all.deb
 *   --keep               keep the temporary folder (its path is printed)
 *   --out DIR            output folder (default public/data/uci)
 *   --created YYYY-MM-DD date written to the manifest (default today)
 *
 * Not taken: boston_house_prices.csv (withdrawn from scikit-learn for its racially constructed
 * feature), diabetes, linnerud, flower.jpg.
 *
 * The photo is decoded with sharp (already in node_modules: astro's optional image dependency,
 * pinned in package-lock.json), averaged over 4×4 blocks in 8-bit sRGB values (640×427 → 160×106;
 * the last 3 rows are dropped) and written as raw bytes, RGB interleaved and grey
 * (round(0.299 R + 0.587 G + 0.114 B) of the averaged pixel).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { sha256Hex } from '../../kernels/datasets/poems.ts';
import {
  UCI_FILES,
  UCI_FORMAT,
  parseBreastCancer,
  parseChinaImage,
  parseDigits,
  parseIris,
  parseWine,
  type UciDatasetInfo,
  type UciFiles,
  type UciManifest,
  type UciName,
} from '../../kernels/datasets/uci.ts';

const started = performance.now();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The source, pinned: Debian 12 (bookworm) main. Another version is used only with a warning. */
const SOURCE = {
  package: 'python3-sklearn',
  version: '1.2.1+dfsg-1',
  sha256: 'ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58',
  distribution: 'Debian 12 (bookworm) main, http://deb.debian.org/debian',
  upstream: 'scikit-learn 1.2.1',
  licence: 'BSD-3-Clause',
};
const PKG_DIR = 'usr/lib/python3/dist-packages/sklearn';
const DATA_DIR = `${PKG_DIR}/datasets/data`;

const { values: args } = parseArgs({
  options: {
    deb: { type: 'string' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'public/data/uci') },
    created: { type: 'string' },
  },
});
const created = args.created ?? new Date().toISOString().slice(0, 10);
const log = (...parts: unknown[]) => console.log(...parts);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const run = (cmd: string, argv: string[], cwd?: string) => execFileSync(cmd, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// ---------------------------------------------------------------------------------------------
// 1. the package

const tmp = mkdtempSync(join(tmpdir(), 'sklearn-uci-'));
process.on('exit', () => {
  if (args.keep) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
});

/** apt's candidate version of the package, or null if apt knows none (lists never fetched). */
function candidate(): string | null {
  const out = run('apt-cache', ['policy', SOURCE.package]);
  const m = /Candidate:\s*(\S+)/.exec(out);
  return m && m[1] !== '(none)' ? m[1] : null;
}

let deb: string;
if (args.deb) {
  deb = resolve(args.deb);
  log(`source: ${deb} (given)`);
} else {
  let version = candidate();
  if (!version) {
    log('apt knows no candidate for python3-sklearn: running apt-get update');
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    version = candidate();
    if (!version) throw new Error(`apt-cache policy ${SOURCE.package}: still no candidate after apt-get update (is this a Debian/Ubuntu system with main enabled?)`);
  }
  log(`source: apt-get download ${SOURCE.package} (candidate ${version}) → ${tmp}`);
  try {
    // stderr: apt warns that it downloads unsandboxed as root into a folder _apt cannot write: harmless.
    execFileSync('apt-get', ['download', SOURCE.package], { cwd: tmp, stdio: ['ignore', 'inherit', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`apt-get download ${SOURCE.package} failed: ${err.stderr?.toString().trim() || err.message}`);
  }
  const found = readdirSync(tmp).filter((n) => n.startsWith(`${SOURCE.package}_`) && n.endsWith('.deb'));
  if (found.length !== 1) throw new Error(`apt-get download left ${found.length} .deb files in ${tmp}`);
  deb = join(tmp, found[0]);
}
const debBytes = readFileSync(deb);
const debSha = sha256(debBytes);
const debVersion = run('dpkg-deb', ['-f', deb, 'Version']).trim();
const debName = run('dpkg-deb', ['-f', deb, 'Package']).trim();
if (debName !== SOURCE.package) throw new Error(`${basename(deb)} is package ${debName}, not ${SOURCE.package}`);
if (debVersion === SOURCE.version && debSha !== SOURCE.sha256) {
  throw new Error(`${basename(deb)}: sha256 ${debSha} is not the pinned ${SOURCE.sha256}`);
}
log(`  ${basename(deb)}: ${(debBytes.length / 1e6).toFixed(2)} MB, version ${debVersion}, sha256 ${debSha.slice(0, 16)}…${debVersion === SOURCE.version ? ' (matches the pin)' : ' (NOT the pinned version: check the output)'}`);
const root = join(tmp, 'x');
mkdirSync(root);
execFileSync('dpkg-deb', ['-x', deb, root]);
const readPkg = (path: string) => new Uint8Array(readFileSync(join(root, path)));
const copyright = readFileSync(join(root, `usr/share/doc/${SOURCE.package}/copyright`), 'utf8');
if (!/^License: BSD-3-Clause$/m.test(copyright.split('\n\n')[1] ?? '')) {
  throw new Error(`usr/share/doc/${SOURCE.package}/copyright: the "Files: *" stanza is not BSD-3-Clause`);
}
const imagesReadme = readFileSync(join(root, `${PKG_DIR}/datasets/images/README.txt`), 'utf8');

function original(path: string): UciDatasetInfo['original'] {
  const bytes = readPkg(path);
  return { path, bytes: bytes.length, sha256: sha256(bytes) };
}

// ---------------------------------------------------------------------------------------------
// 2. the tables

/**
 * scikit-learn's CSV layout: a first line "n_samples,n_features,target names…", then n rows of
 * n_features numbers and the class index. The numbers are copied as written (no re-formatting).
 */
function readSklearnCsv(path: string): { targetNames: string[]; rows: string[][]; targets: number[] } {
  const lines = new TextDecoder('utf-8', { fatal: true }).decode(readPkg(path)).split(/\r?\n/).filter((l) => l !== '');
  const head = lines[0].split(',');
  const n = Number(head[0]), d = Number(head[1]);
  const rows: string[][] = [], targets: number[] = [];
  for (const [i, line] of lines.slice(1).entries()) {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== d + 1) throw new Error(`${path} line ${i + 2}: ${cells.length} columns, expected ${d + 1}`);
    for (const c of cells.slice(0, d)) if (!Number.isFinite(Number(c)) || c === '') throw new Error(`${path} line ${i + 2}: ${c} is not a number`);
    const t = Number(cells[d]);
    if (!Number.isInteger(t) || t < 0 || t >= head.length - 2) throw new Error(`${path} line ${i + 2}: class ${cells[d]}`);
    rows.push(cells.slice(0, d));
    targets.push(t);
  }
  if (rows.length !== n) throw new Error(`${path}: ${rows.length} rows, the header says ${n}`);
  return { targetNames: head.slice(2), rows, targets };
}

const csvText = (featureNames: string[], rows: string[][], targets: number[]) =>
  `${[...featureNames, 'target'].join(',')}\n${rows.map((r, i) => `${r.join(',')},${targets[i]}\n`).join('')}`;

const classCounts = (targets: ArrayLike<number>, k: number) => {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < targets.length; i++) c[targets[i]]++;
  return c;
};

const UCI_CITATION = 'Dua, D. and Graff, C. (2019). UCI Machine Learning Repository [http://archive.ics.uci.edu/ml]. Irvine, CA: University of California, School of Information and Computer Science.';
const UCI_LICENCE = 'CC BY 4.0 (the UCI Machine Learning Repository licenses the data sets it hosts under CC BY 4.0: credit the creators and the repository, as in "citations"); the scikit-learn package states no licence of its own for these data files';

const outputs: [string, Uint8Array][] = [];
const enc = (s: string) => new TextEncoder().encode(s);
const datasets = {} as Record<UciName, UciDatasetInfo>;

// breast cancer (WDBC)
const BREAST_FEATURES = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension'];
{
  const path = `${DATA_DIR}/breast_cancer.csv`;
  const { targetNames, rows, targets } = readSklearnCsv(path);
  if (targetNames.join() !== 'malignant,benign') throw new Error(`${path}: target names ${targetNames.join()}`);
  // scikit-learn's feature_names (load_breast_cancer): mean …, … error, worst …
  const featureNames = [...BREAST_FEATURES.map((f) => `mean ${f}`), ...BREAST_FEATURES.map((f) => `${f} error`), ...BREAST_FEATURES.map((f) => `worst ${f}`)];
  outputs.push([UCI_FILES.breastCancer.table, enc(csvText(featureNames, rows, targets))]);
  datasets.breastCancer = {
    title: 'Breast Cancer Wisconsin (Diagnostic), WDBC',
    original: original(path),
    files: { ...UCI_FILES.breastCancer },
    samples: rows.length,
    features: featureNames.length,
    classes: 2,
    classCounts: classCounts(targets, 2),
    featureNames,
    targetNames,
    targetCoding: "0 = malignant, 1 = benign (scikit-learn's coding; the UCI file has M/B). A model of P(malignant) needs 1 − target.",
    licence: UCI_LICENCE,
    citations: [
      'W.N. Street, W.H. Wolberg and O.L. Mangasarian. Nuclear feature extraction for breast tumor diagnosis. IS&T/SPIE 1993 International Symposium on Electronic Imaging: Science and Technology, volume 1905, pages 861-870, San Jose, CA, 1993.',
      'W.H. Wolberg, W.N. Street, and O.L. Mangasarian. Machine learning techniques to diagnose breast cancer from fine-needle aspirates. Cancer Letters 77 (1994) 163-171.',
      'O.L. Mangasarian, W.N. Street and W.H. Wolberg. Breast cancer diagnosis and prognosis via linear programming. Operations Research, 43(4), pages 570-577, July-August 1995.',
      UCI_CITATION,
    ],
    url: 'https://archive.ics.uci.edu/dataset/17/breast+cancer+wisconsin+diagnostic',
    notes: [
      'Creators: Dr. William H. Wolberg, W. Nick Street, Olvi L. Mangasarian (University of Wisconsin); donor Nick Street, November 1995.',
      'Ten features of the cell nuclei in a digitised image of a fine needle aspirate, each as its mean, standard error ("error") and mean of the three largest values ("worst"): columns 0-9, 10-19, 20-29.',
      'Values are copied as written in scikit-learn\'s file (about four significant digits).',
    ],
  };
}

// wine
{
  const path = `${DATA_DIR}/wine_data.csv`;
  const { targetNames, rows, targets } = readSklearnCsv(path);
  // scikit-learn's feature_names (load_wine)
  const featureNames = ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids', 'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline'];
  outputs.push([UCI_FILES.wine.table, enc(csvText(featureNames, rows, targets))]);
  datasets.wine = {
    title: 'Wine recognition',
    original: original(path),
    files: { ...UCI_FILES.wine },
    samples: rows.length,
    features: featureNames.length,
    classes: 3,
    classCounts: classCounts(targets, 3),
    featureNames,
    targetNames,
    targetCoding: '0, 1, 2 = the three cultivars (class_0, class_1, class_2; UCI numbers them 1, 2, 3)',
    licence: UCI_LICENCE,
    citations: [
      'Forina, M. et al. PARVUS - An Extendible Package for Data Exploration, Classification and Correlation. Institute of Pharmaceutical and Food Analysis and Technologies, Via Brigata Salerno, 16147 Genoa, Italy.',
      'S. Aeberhard, D. Coomans and O. de Vel. Comparison of Classifiers in High Dimensional Settings. Tech. Rep. no. 92-02 (1992), Dept. of Computer Science and Dept. of Mathematics and Statistics, James Cook University of North Queensland.',
      UCI_CITATION,
    ],
    url: 'https://archive.ics.uci.edu/dataset/109/wine',
    notes: ['Chemical analysis of wines grown in the same region in Italy from three cultivars; 13 measurements on very different scales (hue about 1, proline about 750): standardise before gradient descent.'],
  };
}

// iris
{
  const path = `${DATA_DIR}/iris.csv`;
  const { targetNames, rows, targets } = readSklearnCsv(path);
  const featureNames = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];
  outputs.push([UCI_FILES.iris.table, enc(csvText(featureNames, rows, targets))]);
  datasets.iris = {
    title: 'Iris plants',
    original: original(path),
    files: { ...UCI_FILES.iris },
    samples: rows.length,
    features: featureNames.length,
    classes: 3,
    classCounts: classCounts(targets, 3),
    featureNames,
    targetNames,
    targetCoding: '0 = setosa, 1 = versicolor, 2 = virginica',
    licence: UCI_LICENCE,
    citations: [
      'Fisher, R.A. "The use of multiple measurements in taxonomic problems". Annual Eugenics, 7, Part II, 179-188 (1936).',
      UCI_CITATION,
    ],
    url: 'https://archive.ics.uci.edu/dataset/53/iris',
    notes: ["scikit-learn's copy follows Fisher's paper (as R's iris does); the UCI file differs from it in two data points."],
  };
}

// digits
{
  const path = `${DATA_DIR}/digits.csv.gz`;
  const text = new TextDecoder('utf-8', { fatal: true }).decode(gunzipSync(readPkg(path)));
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const pixels = new Uint8Array(lines.length * 64);
  const labels = new Uint8Array(lines.length);
  lines.forEach((line, i) => {
    const v = line.split(',').map(Number);
    if (v.length !== 65) throw new Error(`${path} line ${i + 1}: ${v.length} values, expected 65`);
    for (let j = 0; j < 64; j++) {
      if (!Number.isInteger(v[j]) || v[j] < 0 || v[j] > 16) throw new Error(`${path} line ${i + 1}: pixel ${j} = ${v[j]}`);
      pixels[i * 64 + j] = v[j];
    }
    if (!Number.isInteger(v[64]) || v[64] < 0 || v[64] > 9) throw new Error(`${path} line ${i + 1}: label ${v[64]}`);
    labels[i] = v[64];
  });
  outputs.push([UCI_FILES.digits.pixels, pixels], [UCI_FILES.digits.labels, labels]);
  datasets.digits = {
    title: 'Optical Recognition of Handwritten Digits (the test set, optdigits.tes)',
    original: original(path),
    files: { ...UCI_FILES.digits },
    samples: lines.length,
    features: 64,
    classes: 10,
    classCounts: classCounts(labels, 10),
    featureNames: Array.from({ length: 64 }, (_, j) => `pixel_${Math.floor(j / 8)}_${j % 8}`),
    targetNames: Array.from({ length: 10 }, (_, k) => String(k)),
    targetCoding: 'the digit, 0..9',
    encoding: `${UCI_FILES.digits.pixels}: n × 64 bytes, each 8×8 image row by row, values 0..16 (the number of ink pixels in a 4×4 block of a 32×32 bitmap); ${UCI_FILES.digits.labels}: n bytes, the digit`,
    licence: UCI_LICENCE,
    citations: [
      'E. Alpaydin, C. Kaynak (1998). Cascading Classifiers. Kybernetika.',
      'C. Kaynak (1995). Methods of Combining Multiple Classifiers and Their Applications to Handwritten Digit Recognition. MSc Thesis, Institute of Graduate Studies in Science and Engineering, Bogazici University.',
      UCI_CITATION,
    ],
    url: 'https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits',
    notes: [
      'Creators: E. Alpaydin, C. Kaynak, Bogazici University, July 1998. Bitmaps extracted from preprinted forms with NIST preprocessing programs (Garris et al., NIST Form-Based Handprint Recognition System, NISTIR 5469, 1994).',
      "This is UCI's test set (1,797 digits by 13 writers), which scikit-learn ships as load_digits; UCI's training set (3,823 digits by 30 other writers) is not included.",
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// 3. the photo

interface SharpLike {
  (input: Uint8Array): {
    removeAlpha(): { toColourspace(c: string): { raw(): { toBuffer(o: { resolveWithObject: true }): Promise<{ data: Uint8Array; info: { width: number; height: number; channels: number } }> } } };
  };
  versions: Record<string, string>;
}
let sharp: SharpLike;
try {
  // A variable specifier: sharp is not a declared dependency (it comes with astro), so the
  // type-check must not depend on it being installed.
  const name = 'sharp';
  sharp = ((await import(name)) as { default: SharpLike }).default;
} catch (e) {
  throw new Error(`cannot load sharp (installed with astro as an optional dependency; try npm ci): ${(e as Error).message}`);
}
const CHINA = `${PKG_DIR}/datasets/images/china.jpg`;
const BLOCK = 4;
const { data: full, info: fullInfo } = await sharp(readPkg(CHINA)).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
if (fullInfo.channels !== 3) throw new Error(`${CHINA}: decoded to ${fullInfo.channels} channels, expected 3`);
const width = Math.floor(fullInfo.width / BLOCK), height = Math.floor(fullInfo.height / BLOCK);
const rgb = new Uint8Array(width * height * 3);
const gray = new Uint8Array(width * height);
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    const mean = [0, 0, 0];
    for (let dy = 0; dy < BLOCK; dy++) {
      for (let dx = 0; dx < BLOCK; dx++) {
        const at = ((y * BLOCK + dy) * fullInfo.width + x * BLOCK + dx) * 3;
        for (let c = 0; c < 3; c++) mean[c] += full[at + c] / (BLOCK * BLOCK);
      }
    }
    for (let c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = Math.round(mean[c]);
    gray[y * width + x] = Math.round(0.299 * mean[0] + 0.587 * mean[1] + 0.114 * mean[2]);
  }
}
outputs.push([UCI_FILES.china.rgb, rgb], [UCI_FILES.china.gray, gray]);
const chinaCredit = /Image: china\.jpg\n([\s\S]*?)\n\n\n/.exec(imagesReadme)?.[1];
if (!chinaCredit || !/creativecommons\.org\/licenses\/by\/2\.0/.test(chinaCredit)) throw new Error(`${PKG_DIR}/datasets/images/README.txt: no CC BY 2.0 credit for china.jpg`);
datasets.china = {
  title: "scikit-learn's sample image china.jpg (a Chinese tower above a lake), 160 × 106",
  original: original(CHINA),
  files: { ...UCI_FILES.china },
  width,
  height,
  originalSize: { width: fullInfo.width, height: fullInfo.height },
  encoding: `${UCI_FILES.china.rgb}: height × width × 3 bytes, rows top to bottom, RGB interleaved, 8-bit sRGB; ${UCI_FILES.china.gray}: height × width bytes, round(0.299 R + 0.587 G + 0.114 B)`,
  processing: `decoded with sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), each output pixel the mean of a ${BLOCK}×${BLOCK} block of the ${fullInfo.width}×${fullInfo.height} photo (the last ${fullInfo.height - height * BLOCK} rows dropped), rounded; grey from the unrounded mean`,
  licence: 'CC BY 2.0 (https://creativecommons.org/licenses/by/2.0/): "Some rights reserved by danielbuechele"; this is a downscaled, re-encoded version',
  citations: [
    'Photo by danielbuechele, https://www.flickr.com/photos/danielbuechele/6061409035/, CC BY 2.0; retrieved 21 August 2011 by Robert Layton for scikit-learn (sklearn/datasets/images/README.txt).',
  ],
  credit: chinaCredit,
};

// ---------------------------------------------------------------------------------------------
// 4. files, manifest, and the loaders' own checks

const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });
const licenceFile = 'LICENSE.scikit-learn.txt';
const noticeFile = 'NOTICE.txt';
outputs.push([
  licenceFile,
  enc(`The files of this folder were taken from Debian's ${SOURCE.package} ${debVersion} (${SOURCE.upstream}),\nwhose copyright file (usr/share/doc/${SOURCE.package}/copyright) follows. The data sets\nthemselves have their own terms: see NOTICE.txt and manifest.json.\n\n${copyright}`),
]);
const noticeParts = [
  `Data sets in this folder (public/data/uci/), taken from ${SOURCE.package} ${debVersion} (${SOURCE.upstream}, BSD-3-Clause) by data-prep/sklearn-uci/prepare.ts.\n`,
];
for (const [key, d] of Object.entries(datasets)) {
  noticeParts.push(`${key}: ${d.title}\n  files: ${Object.values(d.files).join(', ')}\n  from: ${d.original.path}\n  licence: ${d.licence}\n${d.url ? `  ${d.url}\n` : ''}${d.citations.map((c) => `  - ${c}\n`).join('')}`);
}
noticeParts.push(`china.jpg credit, as in sklearn/datasets/images/README.txt:\n${chinaCredit.replace(/^/gm, '  ')}\n`);
outputs.push([noticeFile, enc(noticeParts.join('\n'))]);

const files: UciManifest['files'] = {};
for (const [name, bytes] of outputs) {
  writeFileSync(join(outDir, name), bytes);
  files[name] = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
}
const sharpPkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/sharp/package.json'), 'utf8')) as { version: string; license: string };
const manifest: UciManifest = {
  format: UCI_FORMAT,
  description: 'Digits, breast cancer (WDBC), wine and iris tables and the china.jpg sample photo, from the copies scikit-learn ships; see datasets.<name> for each one\'s origin, coding, licence and citations.',
  source: {
    package: SOURCE.package,
    version: debVersion,
    distribution: SOURCE.distribution,
    debSha256: debSha,
    upstream: SOURCE.upstream,
    licence: SOURCE.licence,
    licenceFile,
    noticeFile,
    obtainedWith: `apt-get download ${SOURCE.package}; dpkg-deb -x`,
    notTaken: ['boston_house_prices.csv', 'diabetes_*.csv.gz', 'linnerud_*.csv', 'images/flower.jpg'],
  },
  decoder: { package: 'sharp', version: sharpPkg.version, licence: sharpPkg.license, libvips: sharp.versions.vips, usedFor: 'china.jpg only; not shipped in the site' },
  created,
  script: 'data-prep/sklearn-uci/prepare.ts',
  datasets,
  files,
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// The loaders' checks on what was written.
const manifestText = readFileSync(join(outDir, 'manifest.json'), 'utf8');
const input = (name: UciName): UciFiles => ({
  manifest: manifestText,
  files: Object.fromEntries(Object.values(UCI_FILES[name]).map((f) => [f, new Uint8Array(readFileSync(join(outDir, f)))])),
});
const digits = await parseDigits(input('digits'));
const cancer = await parseBreastCancer(input('breastCancer'));
const wine = await parseWine(input('wine'));
const iris = await parseIris(input('iris'));
const china = await parseChinaImage(input('china'));

// ---------------------------------------------------------------------------------------------
// 5. report

log(`\n${SOURCE.package} ${debVersion}:`);
log(`  digits        ${digits.n} × ${digits.d}, classes ${datasets.digits.classCounts!.join('/')}`);
log(`  breast cancer ${cancer.n} × ${cancer.d}, malignant ${datasets.breastCancer.classCounts![0]} / benign ${datasets.breastCancer.classCounts![1]}`);
log(`  wine          ${wine.n} × ${wine.d}, classes ${datasets.wine.classCounts!.join('/')}`);
log(`  iris          ${iris.n} × ${iris.d}, classes ${datasets.iris.classCounts!.join('/')}`);
log(`  china         ${fullInfo.width}×${fullInfo.height} → ${china.width}×${china.height}`);
log(`\nwrote ${relative(ROOT, outDir) || outDir}/:`);
let total = 0;
for (const [name, { bytes, sha256: h }] of [...Object.entries(files), ['manifest.json', { bytes: statSync(join(outDir, 'manifest.json')).size, sha256: '' }] as const]) {
  total += bytes;
  log(`  ${name.padEnd(26)} ${String(bytes).padStart(8)} B  ${h.slice(0, 16)}`);
}
log(`  ${'total'.padEnd(26)} ${String(total).padStart(8)} B`);
log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
