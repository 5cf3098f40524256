/**
 * `datasets`: small seeded datasets for the book's projects. Every generator takes a `seed`
 * (default 0) and returns tensors { X, y }: y is [n, 1] for regression and binary labels, [n]
 * of class indices for more classes.
 * @example
 * const { X, y } = datasets.moons({ n: 200, noise: 0.1, seed: 0 });
 */
export type { Dataset } from './seed.ts';
export { linear } from './linear.ts';
export type { LinearOptions } from './linear.ts';
export { housePrices, HOUSE_PRICE_MODEL } from './houses.ts';
export type { HousePriceOptions, HousePriceDataset } from './houses.ts';
export { blobs, moons, circles } from './classification.ts';
export type { BlobsOptions, NoisyOptions, CirclesOptions } from './classification.ts';
export { markedToken } from './sequences.ts';
export type { MarkedTokenOptions, MarkedTokenDataset } from './sequences.ts';
export { trainTestSplit } from './split.ts';
export type { SplitOptions, Split } from './split.ts';
export { loadPoemDataset, parsePoemDataset, poemBaselines, poemCountModel, POEM_FILES, POEM_SPECIALS, IGNORE_INDEX, type PoemDataset, type PoemDatasetFiles, type PoemManifest, type PoemBaselines, type PoemBatch, type PoemSplit } from './poems.ts';
export { loadDigits, loadBreastCancer, loadWine, loadIris, loadChinaImage, parseDigits, parseBreastCancer, parseWine, parseIris, parseChinaImage, UCI_DIR, UCI_FILES, type UciTable, type DigitsDataset, type ChinaImage, type UciManifest, type UciDatasetInfo, type UciFiles } from './uci.ts';
export { loadPoetryClasses, parsePoetryClasses, POETRY_CLASSES_DIR, POETRY_CLASSES_FILES, type PoetryClassesDataset, type PoetryClassesSplit, type PoetryClassesManifest, type PoetryClassesFiles, type BagOptions } from './poetry_classes.ts';
export { loadSpeechClips, parseSpeechClips, parseWavPcm16Mono, encodeWavPcm16Mono, SPEECH_DIR, SPEECH_FORMAT, type SpeechClips, type SpeechClip, type SpeechClipInfo, type SpeechManifest, type SpeechFiles, type Pcm16Wav } from './speech.ts';
