/**
 * The UCI tables and the china photo in public/data/uci/ (written by data-prep/sklearn-uci/prepare.ts):
 * the manifest's sizes and sha256, the counts and class codings, value ranges against scikit-learn's
 * own descriptions, refusal of a changed byte, and loading through a fetch as a cell does.
 * Reads the committed files only; nothing is downloaded.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../kernels/index.ts';
import { publicFetch } from './public-fetch.ts';
import {
  UCI_FILES,
  loadBreastCancer,
  loadChinaImage,
  loadDigits,
  loadIris,
  loadWine,
  parseBreastCancer,
  parseChinaImage,
  parseDigits,
  parseIris,
  parseWine,
  parseUciCsv,
  type UciFiles,
  type UciManifest,
  type UciName,
} from '../../kernels/datasets/uci.ts';

const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));
const DIR = `${PUBLIC}data/uci/`;
const read = (name: string) => new Uint8Array(readFileSync(DIR + name));
const manifestText = readFileSync(`${DIR}manifest.json`, 'utf8');
const manifest = JSON.parse(manifestText) as UciManifest;
const filesOf = (name: UciName): UciFiles => ({
  manifest: manifestText,
  files: Object.fromEntries(Object.values(UCI_FILES[name]).map((f) => [f, read(f)])),
});

const column = (data: Float64Array, d: number, j: number) => Array.from({ length: data.length / d }, (_, i) => data[i * d + j]);
const min = (v: number[]) => v.reduce((a, b) => Math.min(a, b), Infinity);
const max = (v: number[]) => v.reduce((a, b) => Math.max(a, b), -Infinity);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('uci: files, hashes, provenance', () => {
  it('every file in the folder is in the manifest with its size and sha256, and nothing else is', () => {
    const onDisk = readdirSync(DIR).filter((n) => n !== 'manifest.json').sort();
    expect(Object.keys(manifest.files).sort()).toEqual(onDisk);
    for (const [name, { bytes, sha256 }] of Object.entries(manifest.files)) {
      const data = read(name);
      expect(data.length, name).toBe(bytes);
      expect(createHash('sha256').update(data).digest('hex'), name).toBe(sha256);
    }
    for (const files of Object.values(UCI_FILES)) for (const f of Object.values(files)) expect(manifest.files[f], f).toBeDefined();
  });

  it('is small: the whole folder under 400 kB', () => {
    const total = readdirSync(DIR).reduce((s, n) => s + statSync(DIR + n).size, 0);
    expect(total).toBeLessThan(400_000);
  });

  it('records the source package, its licence, and each data set’s origin, licence and citations', () => {
    expect(manifest.format).toBe('gradbook-uci/1');
    expect(manifest.source).toMatchObject({ package: 'python3-sklearn', version: '1.2.1+dfsg-1', licence: 'BSD-3-Clause', licenceFile: 'LICENSE.scikit-learn.txt' });
    expect(manifest.source.debSha256).toMatch(/^[0-9a-f]{64}$/);
    const licence = new TextDecoder().decode(read('LICENSE.scikit-learn.txt'));
    expect(licence).toMatch(/Files: \*\nCopyright: 2007-2019 Scikit-Learn Developers\nLicense: BSD-3-Clause/);
    for (const [name, d] of Object.entries(manifest.datasets)) {
      expect(d.original.path, name).toMatch(/^usr\/lib\/python3\/dist-packages\/sklearn\/datasets\/(data|images)\//);
      expect(d.original.sha256, name).toMatch(/^[0-9a-f]{64}$/);
      expect(d.licence.length, name).toBeGreaterThan(10);
      expect(d.citations.length, name).toBeGreaterThan(0);
    }
    expect(manifest.datasets.breastCancer.citations.join(' ')).toMatch(/Wolberg/);
    expect(manifest.datasets.digits.citations.join(' ')).toMatch(/Alpaydin, C\. Kaynak/);
    expect(manifest.datasets.iris.citations.join(' ')).toMatch(/Fisher/);
    for (const name of ['digits', 'breastCancer', 'wine', 'iris'] as const) {
      expect(manifest.datasets[name].licence).toMatch(/CC BY 4\.0/);
      expect(manifest.datasets[name].citations.join(' ')).toMatch(/Dua, D\. and Graff, C\. \(2019\)\. UCI Machine Learning Repository/);
    }
    expect(manifest.datasets.china.licence).toMatch(/CC BY 2\.0.*danielbuechele/);
    const notice = new TextDecoder().decode(read('NOTICE.txt'));
    expect(notice).toMatch(/danielbuechele/);
    expect(notice).toMatch(/creativecommons\.org\/licenses\/by\/2\.0/);
    // not the Boston housing table (withdrawn from scikit-learn)
    for (const d of Object.values(manifest.datasets)) expect(d.original.path).not.toMatch(/boston/);
    expect(manifest.source.notTaken).toContain('boston_house_prices.csv');
  });
});

describe('uci: the tables', () => {
  it('digits: 1,797 images of 8×8 values 0..16, ten classes of 174–183', async () => {
    const ds = await parseDigits(filesOf('digits'));
    expect(ds.n).toBe(1797);
    expect(ds.X.shape).toEqual([1797, 64]);
    expect(ds.y.shape).toEqual([1797]);
    expect(ds.pixels.length).toBe(1797 * 64);
    const counts = new Array(10).fill(0);
    for (const t of ds.target) counts[t]++;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(min(Array.from(ds.pixels))).toBe(0);
    expect(max(Array.from(ds.pixels))).toBe(16);
    // scikit-learn's load_digits().images[0], a 0
    expect(ds.target[0]).toBe(0);
    expect(ds.image(0)).toEqual([
      [0, 0, 5, 13, 9, 1, 0, 0], [0, 0, 13, 15, 10, 15, 5, 0], [0, 3, 15, 2, 0, 11, 8, 0], [0, 4, 12, 0, 0, 8, 8, 0],
      [0, 5, 8, 0, 0, 9, 8, 0], [0, 4, 11, 0, 1, 12, 7, 0], [0, 2, 14, 5, 10, 12, 0, 0], [0, 0, 6, 13, 10, 0, 0, 0],
    ]);
    expect(Array.from(ds.target.slice(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(ds.X.dataSync().slice(0, 64))).toEqual(ds.image(0).flat());
    expect(() => ds.image(1797)).toThrow(/out of range/);
    expect(ds.featureNames[9]).toBe('pixel_1_1');
  });

  it('breast cancer: 569 × 30, 0 = malignant (212), 1 = benign (357), y [569, 1]', async () => {
    const ds = await parseBreastCancer(filesOf('breastCancer'));
    expect([ds.n, ds.d]).toEqual([569, 30]);
    expect(ds.X.shape).toEqual([569, 30]);
    expect(ds.y.shape).toEqual([569, 1]);
    expect(ds.targetNames).toEqual(['malignant', 'benign']);
    expect(ds.info.targetCoding).toMatch(/^0 = malignant, 1 = benign/);
    expect(Array.from(ds.target).filter((t) => t === 0).length).toBe(212);
    expect(Array.from(ds.target).filter((t) => t === 1).length).toBe(357);
    // load_breast_cancer's docstring: data.target[[10, 50, 85]] → [0, 1, 0]
    expect([ds.target[10], ds.target[50], ds.target[85]]).toEqual([0, 1, 0]);
    expect([ds.featureNames[0], ds.featureNames[10], ds.featureNames[20], ds.featureNames[29]]).toEqual(['mean radius', 'radius error', 'worst radius', 'worst fractal dimension']);
    expect(ds.data[0]).toBe(17.99);
    // the Min / Max table of scikit-learn's breast_cancer.rst
    const ranges: [number, number, number][] = [[0, 6.981, 28.11], [3, 143.5, 2501], [6, 0, 0.4268], [20, 7.93, 36.04], [23, 185.2, 4254]];
    for (const [j, lo, hi] of ranges) {
      expect(min(column(ds.data, 30, j)), ds.featureNames[j]).toBeCloseTo(lo, 3);
      expect(max(column(ds.data, 30, j)), ds.featureNames[j]).toBeCloseTo(hi, 3);
    }
    expect(min(Array.from(ds.data))).toBeGreaterThanOrEqual(0);
    // malignant tumours are larger on average
    const radius = column(ds.data, 30, 0);
    expect(mean(radius.filter((_, i) => ds.target[i] === 0))).toBeGreaterThan(mean(radius.filter((_, i) => ds.target[i] === 1)) + 4);
  });

  it('wine: 178 × 13, classes 59 / 71 / 48, ranges of wine_data.rst', async () => {
    const ds = await parseWine(filesOf('wine'));
    expect([ds.n, ds.d]).toEqual([178, 13]);
    expect(ds.y.shape).toEqual([178]);
    expect(ds.info.classCounts).toEqual([59, 71, 48]);
    expect(ds.featureNames[0]).toBe('alcohol');
    expect(ds.featureNames[12]).toBe('proline');
    expect(min(column(ds.data, 13, 0))).toBeCloseTo(11.03, 2);
    expect(max(column(ds.data, 13, 0))).toBeCloseTo(14.83, 2);
    expect(min(column(ds.data, 13, 12))).toBe(278);
    expect(max(column(ds.data, 13, 12))).toBe(1680);
    expect(mean(column(ds.data, 13, 12))).toBeCloseTo(746.9, 0);
  });

  it('iris: 150 × 4, 50 of each, the ranges and means of iris.rst', async () => {
    const ds = await parseIris(filesOf('iris'));
    expect([ds.n, ds.d]).toEqual([150, 4]);
    expect(ds.targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ds.info.classCounts).toEqual([50, 50, 50]);
    const want: [number, number, number][] = [[4.3, 7.9, 5.84], [2.0, 4.4, 3.06], [1.0, 6.9, 3.76], [0.1, 2.5, 1.2]];
    want.forEach(([lo, hi, m], j) => {
      const v = column(ds.data, 4, j);
      expect(min(v)).toBe(lo);
      expect(max(v)).toBe(hi);
      expect(mean(v)).toBeCloseTo(m, 1);
    });
    // setosa is separable by petal length alone
    const petal = column(ds.data, 4, 2);
    expect(max(petal.filter((_, i) => ds.target[i] === 0))).toBeLessThan(min(petal.filter((_, i) => ds.target[i] !== 0)));
  });

  it('china: 160 × 106 RGB and grey, grey = BT.601 luma of the same pixel (±1)', async () => {
    const img = await parseChinaImage(filesOf('china'));
    expect([img.width, img.height]).toEqual([160, 106]);
    expect(img.rgb.length).toBe(160 * 106 * 3);
    expect(img.gray.length).toBe(160 * 106);
    expect(img.image.shape).toEqual([106, 160, 3]);
    expect(img.grayImage.shape).toEqual([106, 160]);
    let worst = 0;
    for (let i = 0; i < img.gray.length; i++) {
      const luma = 0.299 * img.rgb[3 * i] + 0.587 * img.rgb[3 * i + 1] + 0.114 * img.rgb[3 * i + 2];
      worst = Math.max(worst, Math.abs(img.gray[i] - luma));
    }
    expect(worst).toBeLessThanOrEqual(1);
    const values = Array.from(img.image.dataSync());
    expect(min(values)).toBeGreaterThanOrEqual(0);
    expect(max(values)).toBeLessThanOrEqual(1);
    // a real photo: sky above (bright, bluish), trees below (darker)
    const rowMean = (y: number) => mean(Array.from(img.gray.subarray(y * 160, y * 160 + 160)));
    expect(rowMean(2)).toBeGreaterThan(rowMean(100) + 40);
    const skyBlue = img.rgb[3 * (2 * 160 + 150) + 2], skyRed = img.rgb[3 * (2 * 160 + 150)];
    expect(skyBlue).toBeGreaterThan(skyRed);
    expect(new Set(img.gray).size).toBeGreaterThan(100);
  });
});

describe('uci: verification and loading', () => {
  it('a changed byte in any data file is refused with a clear message', async () => {
    const cases: [UciName, string, (f: UciFiles) => Promise<unknown>][] = [
      ['digits', UCI_FILES.digits.pixels, parseDigits],
      ['digits', UCI_FILES.digits.labels, parseDigits],
      ['breastCancer', UCI_FILES.breastCancer.table, parseBreastCancer],
      ['wine', UCI_FILES.wine.table, parseWine],
      ['iris', UCI_FILES.iris.table, parseIris],
      ['china', UCI_FILES.china.rgb, parseChinaImage],
      ['china', UCI_FILES.china.gray, parseChinaImage],
    ];
    for (const [name, file, parse] of cases) {
      const f = filesOf(name);
      f.files[file] = f.files[file].slice();
      f.files[file][100] ^= 1;
      await expect(parse(f), file).rejects.toThrow(
        new RegExp(`^uci: ${file.replace(/\./g, '\\.')} sha256 mismatch: expected [0-9a-f]{64}, got [0-9a-f]{64} \\(file corrupt or changed\\)$`),
      );
    }
    // a digit made 17 and the manifest "fixed" to match: the hash passes, the range check does not
    const f = filesOf('digits');
    f.files[UCI_FILES.digits.pixels] = f.files[UCI_FILES.digits.pixels].slice();
    f.files[UCI_FILES.digits.pixels][5] = 17;
    const m = JSON.parse(f.manifest) as UciManifest;
    m.files[UCI_FILES.digits.pixels].sha256 = createHash('sha256').update(f.files[UCI_FILES.digits.pixels]).digest('hex');
    await expect(parseDigits({ ...f, manifest: JSON.stringify(m) })).rejects.toThrow(/pixel 5 of digit 0 is 17/);
    await expect(parseIris({ manifest: '{', files: {} })).rejects.toThrow(/manifest\.json is not JSON/);
    await expect(parseIris({ manifest: manifestText, files: {} })).rejects.toThrow(/iris\.csv is missing/);
  });

  it('each loader fetches the manifest and only its own files, from a base URL with or without /', async () => {
    const loaders: [UciName, (base: string, f: typeof fetch) => Promise<{ manifest: UciManifest }>][] = [
      ['digits', loadDigits], ['breastCancer', loadBreastCancer], ['wine', loadWine], ['iris', loadIris], ['china', loadChinaImage],
    ];
    for (const [name, load] of loaders) {
      const asked: string[] = [];
      await load(name === 'iris' ? '/data/uci' : '/data/uci/', publicFetch(asked));
      expect(asked.sort(), name).toEqual(['manifest.json', ...Object.values(UCI_FILES[name])].map((f) => `/data/uci/${f}`).sort());
    }
    await expect(loadWine('/data/nowhere/', publicFetch())).rejects.toThrow(/^uci: fetching \/data\/nowhere\/manifest\.json failed: 404/);
  });

  it('is reachable as datasets.loadIris etc. from the engine entry', async () => {
    const { X, y, featureNames } = await datasets.loadIris('/data/uci/', publicFetch());
    expect(X.shape).toEqual([150, 4]);
    expect(y.shape).toEqual([150]);
    expect(featureNames[0]).toBe('sepal length (cm)');
    expect(typeof datasets.loadDigits).toBe('function');
    expect(typeof datasets.loadChinaImage).toBe('function');
  });

  it('parseUciCsv refuses malformed tables', () => {
    expect(parseUciCsv('a,b,target\n1,2,0\n3,4,1\n').target).toEqual(Int32Array.of(0, 1));
    expect(() => parseUciCsv('a,b\n1,2\n')).toThrow(/last column should be "target"/);
    expect(() => parseUciCsv('a,b,target\n1,2\n')).toThrow(/line 2: 2 columns, expected 3/);
    expect(() => parseUciCsv('a,b,target\n1,x,0\n')).toThrow(/not a number/);
    expect(() => parseUciCsv('a,b,target\n1,2,0.5\n')).toThrow(/not a class index/);
  });
});
