/**
 * Real data sets of chapter 6, from the copies scikit-learn ships (Debian's python3-sklearn),
 * written to `public/data/uci/` by `data-prep/sklearn-uci/prepare.ts`:
 * - `loadDigits`: 1,797 handwritten digits, 8×8 pixels with values 0..16, labels 0..9
 *   (UCI Optical Recognition of Handwritten Digits, its test set; Alpaydin & Kaynak).
 * - `loadBreastCancer`: 569 cases × 30 features, 0 = malignant (212), 1 = benign (357)
 *   (UCI Breast Cancer Wisconsin (Diagnostic); Wolberg, Street & Mangasarian).
 * - `loadWine`: 178 wines × 13 chemical measurements, 3 cultivars (UCI Wine; Forina et al.).
 * - `loadIris`: 150 irises × 4 measurements in cm, 3 species (Fisher 1936).
 * - `loadChinaImage`: scikit-learn's sample photo china.jpg, box-averaged 4×4 to 160×106, RGB and
 *   grey (CC BY 2.0, danielbuechele on Flickr).
 *
 * Every loader takes the folder's URL (default `/data/uci/`) and a fetch (default `fetch`; a cell
 * passes `asset.fetch`), reads manifest.json, fetches only its own files and refuses any whose
 * sha256 differs from the manifest. The `parse*` functions take files already in hand (tests,
 * Node scripts). Tables give `X` [n, d] and `y` as the other data sets do: [n] of class indices, or
 * [n, 1] of 0/1 for the two-class breast cancer set; the raw numbers stay in `data` and `target`.
 * @example
 * const { X, y, featureNames } = await datasets.loadIris('/data/uci/', asset.fetch);
 * X.shape; // [150, 4]
 */
import { tensor } from '../ops/creation.ts';
import type { Tensor } from '../tensor.ts';
import { fetchVerified, parseManifest, utf8, verifyFiles, type VerifiedManifest } from './verified.ts';

export const UCI_FORMAT = 'gradbook-uci/1';
export const UCI_DIR = '/data/uci/';

/** The files of each data set in public/data/uci/. */
export const UCI_FILES = {
  digits: { pixels: 'digits-pixels.u8.bin', labels: 'digits-labels.u8.bin' },
  breastCancer: { table: 'breast-cancer.csv' },
  wine: { table: 'wine.csv' },
  iris: { table: 'iris.csv' },
  china: { rgb: 'china-rgb.u8.bin', gray: 'china-gray.u8.bin' },
} as const;

export type UciName = keyof typeof UCI_FILES;

/** Where a data set comes from, as manifest.json records it. */
export interface UciDatasetInfo {
  title: string;
  /** The file inside the python3-sklearn package it was taken from. */
  original: { path: string; bytes: number; sha256: string };
  /** Data file role → file name (as in UCI_FILES). */
  files: Record<string, string>;
  samples?: number;
  features?: number;
  classes?: number;
  classCounts?: number[];
  featureNames?: string[];
  targetNames?: string[];
  /** How the target is coded, in words (e.g. "0 = malignant, 1 = benign"). */
  targetCoding?: string;
  licence: string;
  citations: string[];
  url?: string;
  notes?: string[];
  [k: string]: unknown;
}

export interface UciManifest extends VerifiedManifest {
  source: { package: string; version: string; licence: string; licenceFile: string; [k: string]: unknown };
  datasets: Record<UciName, UciDatasetInfo>;
}

/** A table: X [n, d] (float), y ([n] of class indices, or [n, 1] of 0/1 with two classes). */
export interface UciTable {
  X: Tensor;
  y: Tensor;
  /** Row-major values, n × d. */
  data: Float64Array;
  /** Class index of each row. */
  target: Int32Array;
  n: number;
  d: number;
  featureNames: string[];
  targetNames: string[];
  info: UciDatasetInfo;
  manifest: UciManifest;
}

export interface DigitsDataset extends UciTable {
  /** The 8×8 images, row-major, one byte per pixel (0..16): n × 64. */
  pixels: Uint8Array;
  /** The image of row i as 8 rows of 8 numbers (0..16). */
  image(i: number): number[][];
}

export interface ChinaImage {
  width: number;
  height: number;
  /** height × width × 3 bytes, row-major, RGB interleaved (sRGB values 0..255). */
  rgb: Uint8Array;
  /** height × width bytes: round(0.299 R + 0.587 G + 0.114 B) of the averaged pixel. */
  gray: Uint8Array;
  /** [height, width, 3] in [0, 1]. */
  image: Tensor;
  /** [height, width] in [0, 1]. */
  grayImage: Tensor;
  info: UciDatasetInfo;
  manifest: UciManifest;
}

/** Bytes of a data set's files, by file name (manifest.json's text apart). */
export interface UciFiles {
  manifest: string;
  files: Record<string, Uint8Array>;
}

const TAG = 'uci';

function info(manifest: UciManifest, name: UciName): UciDatasetInfo {
  const entry = manifest.datasets?.[name];
  if (!entry) throw new Error(`${TAG}: manifest.json has no data set "${name}"`);
  return entry;
}

function fileNames(name: UciName): string[] {
  return Object.values(UCI_FILES[name]);
}

async function parseFiles(name: UciName, input: UciFiles): Promise<{ manifest: UciManifest; files: Record<string, Uint8Array> }> {
  const manifest = parseManifest<UciManifest>(TAG, input.manifest, UCI_FORMAT);
  const files: Record<string, Uint8Array> = {};
  for (const file of fileNames(name)) {
    if (!input.files[file]) throw new Error(`${TAG}: ${file} is missing`);
    files[file] = input.files[file];
  }
  await verifyFiles(TAG, manifest, files);
  return { manifest, files };
}

async function load(name: UciName, baseUrl: string, fetchFn: typeof fetch): Promise<UciFiles> {
  const { manifestText, files } = await fetchVerified<UciManifest>(TAG, baseUrl, fileNames(name), fetchFn, UCI_FORMAT);
  return { manifest: manifestText, files };
}

function expectCount(what: string, got: number, want: number | undefined): void {
  if (want !== undefined && got !== want) throw new Error(`${TAG}: ${what}: ${got}, the manifest says ${want}`);
}

function table(name: UciName, manifest: UciManifest, data: Float64Array, target: Int32Array, binary: boolean): UciTable {
  const meta = info(manifest, name);
  const n = target.length;
  const d = n === 0 ? 0 : data.length / n;
  expectCount(`${name} rows`, n, meta.samples);
  expectCount(`${name} features`, d, meta.features);
  const targetNames = meta.targetNames ?? [];
  const counts = new Array<number>(targetNames.length).fill(0);
  for (const t of target) {
    if (!(t >= 0 && t < targetNames.length)) throw new Error(`${TAG}: ${name}: class ${t} out of range [0, ${targetNames.length})`);
    counts[t]++;
  }
  if (meta.classCounts && counts.join() !== meta.classCounts.join()) {
    throw new Error(`${TAG}: ${name}: class counts ${counts.join('/')}, the manifest says ${meta.classCounts.join('/')}`);
  }
  const X = tensor(data, { shape: [n, d] });
  const y = binary ? tensor(Float64Array.from(target), { shape: [n, 1] }) : tensor(Float64Array.from(target), { shape: [n] });
  const featureNames = meta.featureNames ?? Array.from({ length: d }, (_, j) => `x${j}`);
  return { X, y, data, target, n, d, featureNames, targetNames, info: meta, manifest };
}

/**
 * A CSV of the prepare script: a header (feature names…, "target"), then rows of numbers with the
 * class index last. Anything else throws with the line number.
 */
export function parseUciCsv(text: string, name = 'table'): { header: string[]; data: Float64Array; target: Int32Array } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = (lines.shift() ?? '').split(',');
  if (header.at(-1) !== 'target') throw new Error(`${TAG}: ${name}: the header's last column should be "target"`);
  const d = header.length - 1;
  const data = new Float64Array(lines.length * d);
  const target = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    if (cells.length !== d + 1) throw new Error(`${TAG}: ${name} line ${i + 2}: ${cells.length} columns, expected ${d + 1}`);
    for (let j = 0; j <= d; j++) {
      const v = cells[j] === '' ? NaN : Number(cells[j]);
      if (!Number.isFinite(v)) throw new Error(`${TAG}: ${name} line ${i + 2} column ${j + 1}: not a number: ${JSON.stringify(cells[j])}`);
      if (j < d) data[i * d + j] = v;
      else if (Number.isInteger(v)) target[i] = v;
      else throw new Error(`${TAG}: ${name} line ${i + 2}: target ${cells[j]} is not a class index`);
    }
  });
  return { header: header.slice(0, d), data, target };
}

async function parseCsvDataset(name: 'breastCancer' | 'wine' | 'iris', input: UciFiles, binary: boolean): Promise<UciTable> {
  const { manifest, files } = await parseFiles(name, input);
  const file = UCI_FILES[name].table;
  const { header, data, target } = parseUciCsv(utf8(files[file]), file);
  const meta = info(manifest, name);
  if (meta.featureNames && header.join() !== meta.featureNames.join()) {
    throw new Error(`${TAG}: ${file}: the header's feature names differ from the manifest's`);
  }
  return table(name, manifest, data, target, binary);
}

/** Breast cancer (WDBC) from files in hand: y [569, 1], 0 = malignant, 1 = benign. */
export function parseBreastCancer(input: UciFiles): Promise<UciTable> {
  return parseCsvDataset('breastCancer', input, true);
}
/** Wine from files in hand: y [178] of 0, 1, 2. */
export function parseWine(input: UciFiles): Promise<UciTable> {
  return parseCsvDataset('wine', input, false);
}
/** Iris from files in hand: y [150] of 0 (setosa), 1 (versicolor), 2 (virginica). */
export function parseIris(input: UciFiles): Promise<UciTable> {
  return parseCsvDataset('iris', input, false);
}

/** Digits from files in hand: X [1797, 64] of 0..16, y [1797] of 0..9. */
export async function parseDigits(input: UciFiles): Promise<DigitsDataset> {
  const { manifest, files } = await parseFiles('digits', input);
  const pixels = files[UCI_FILES.digits.pixels];
  const labels = files[UCI_FILES.digits.labels];
  if (pixels.length !== labels.length * 64) {
    throw new Error(`${TAG}: digits: ${pixels.length} pixel bytes for ${labels.length} labels (expected 64 per digit)`);
  }
  for (let i = 0; i < pixels.length; i++) {
    if (pixels[i] > 16) throw new Error(`${TAG}: digits: pixel ${i % 64} of digit ${Math.floor(i / 64)} is ${pixels[i]} (> 16)`);
  }
  const t = table('digits', manifest, Float64Array.from(pixels), Int32Array.from(labels), false);
  const image = (i: number): number[][] => {
    if (!Number.isInteger(i) || i < 0 || i >= t.n) throw new Error(`${TAG}: digits.image: index ${i} out of range [0, ${t.n})`);
    return Array.from({ length: 8 }, (_, r) => Array.from(pixels.subarray(i * 64 + r * 8, i * 64 + r * 8 + 8)));
  };
  return { ...t, pixels, image };
}

/** The china photo from files in hand. */
export async function parseChinaImage(input: UciFiles): Promise<ChinaImage> {
  const { manifest, files } = await parseFiles('china', input);
  const meta = info(manifest, 'china');
  const width = meta.width as number, height = meta.height as number;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`${TAG}: china: the manifest has no valid width and height`);
  }
  const rgb = files[UCI_FILES.china.rgb];
  const gray = files[UCI_FILES.china.gray];
  if (rgb.length !== width * height * 3) throw new Error(`${TAG}: china: ${rgb.length} RGB bytes, expected ${width}×${height}×3`);
  if (gray.length !== width * height) throw new Error(`${TAG}: china: ${gray.length} grey bytes, expected ${width}×${height}`);
  const image = tensor(Float64Array.from(rgb, (v) => v / 255), { shape: [height, width, 3] });
  const grayImage = tensor(Float64Array.from(gray, (v) => v / 255), { shape: [height, width] });
  return { width, height, rgb, gray, image, grayImage, info: meta, manifest };
}

/** 1,797 handwritten digits (8×8, values 0..16) with their labels. */
export async function loadDigits(baseUrl = UCI_DIR, fetchFn: typeof fetch = fetch): Promise<DigitsDataset> {
  return parseDigits(await load('digits', baseUrl, fetchFn));
}
/** 569 breast cancer cases × 30 features; y [569, 1]: 0 = malignant (212), 1 = benign (357). */
export async function loadBreastCancer(baseUrl = UCI_DIR, fetchFn: typeof fetch = fetch): Promise<UciTable> {
  return parseBreastCancer(await load('breastCancer', baseUrl, fetchFn));
}
/** 178 wines × 13 measurements, 3 cultivars (59 / 71 / 48). */
export async function loadWine(baseUrl = UCI_DIR, fetchFn: typeof fetch = fetch): Promise<UciTable> {
  return parseWine(await load('wine', baseUrl, fetchFn));
}
/** 150 irises × 4 measurements (cm), 50 of each species. */
export async function loadIris(baseUrl = UCI_DIR, fetchFn: typeof fetch = fetch): Promise<UciTable> {
  return parseIris(await load('iris', baseUrl, fetchFn));
}
/** scikit-learn's china.jpg at 160×106, RGB and grey. */
export async function loadChinaImage(baseUrl = UCI_DIR, fetchFn: typeof fetch = fetch): Promise<ChinaImage> {
  return parseChinaImage(await load('china', baseUrl, fetchFn));
}
