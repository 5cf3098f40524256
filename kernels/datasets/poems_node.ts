/**
 * Node-only loader for the Tang poem dataset: reads the files from disk and hands them to
 * `parsePoemDataset` (which verifies their sha256). Not exported from the datasets index, so the
 * browser bundle never pulls in node:fs.
 * @example
 * const ds = await loadPoemDatasetFromDisk(); // public/data/tang5/ of this repository
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POEM_FILES, parsePoemDataset, type PoemDataset } from './poems.ts';

/** public/data/tang5/ of this repository. */
export const DEFAULT_POEM_DIR = new URL('../../public/data/tang5/', import.meta.url);

export async function loadPoemDatasetFromDisk(dir: string | URL = DEFAULT_POEM_DIR): Promise<PoemDataset> {
  const base = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const read = (name: string) => readFile(join(base, name));
  const [manifest, vocab, train, val] = await Promise.all([
    read(POEM_FILES.manifest),
    read(POEM_FILES.vocab),
    read(POEM_FILES.train),
    read(POEM_FILES.val),
  ]);
  return parsePoemDataset({ manifest: manifest.toString('utf8'), vocab: vocab.toString('utf8'), train, val });
}
