/**
 * The shipped Tang-poem GPT: its config, and loading its checkpoint (public/models/poet.gbck,
 * float16 GBCK) with the manifest that records its sha256 and how it was trained
 * (training/poet/train.ts writes both).
 * @example
 * const model = await fetchPoetModel('/models/'); // fetch, check sha256, build, load
 * const model2 = loadPoetCheckpoint(bytes);        // from bytes already at hand (CRC checked)
 */
import { decodeCheckpoint } from '../checkpoint/decode.ts';
import { sha256Hex } from '../datasets/poems.ts';
import { GPT, type GPTConfig } from './gpt.ts';

/**
 * The shipped model: 3 pre-LN blocks of width 64 with 4 heads, context 49 (a whole 五言律诗
 * after its <bos>), head tied to the 4,333-token embedding: 430,528 parameters. Sized so one
 * training step (forward, backward, clipGradNorm, AdamW) of 2 poems × 49 tokens takes about
 * 80 ms on the cpu backend of a 2-core machine, in Node and in Chromium alike (4 × 25: 77 ms;
 * 4 × 49: 130 ms; 8 × 49: 235 ms; training/poet/bench-step.ts). With V = 4,333 the output head
 * (3·N·d·V multiply-adds for N tokens) and AdamW's passes over the V·d embedding dominate.
 */
export const POET_CONFIG: GPTConfig = Object.freeze({ vocabSize: 4333, blockSize: 49, nLayer: 3, nHead: 4, nEmbd: 64, dropout: 0 });

/** File names under the models directory. */
export const POET_FILES = { checkpoint: 'poet.gbck', manifest: 'manifest.json', log: 'poet.log.json' } as const;

/** manifest.json: what the loader checks, and the training summary for the book to show. */
export interface PoetManifest {
  format: 'gradbook-poet/1';
  checkpoint: { file: string; bytes: number; sha256: string; dtype: string };
  config: GPTConfig;
  parameters: number;
  [k: string]: unknown;
}

const CONFIG_KEYS = ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'] as const;

/** A GPTConfig read from an untrusted header. */
function readConfig(c: unknown): GPTConfig {
  if (typeof c !== 'object' || c === null) throw new Error('loadPoetCheckpoint: the checkpoint header has no config');
  const o = c as Record<string, unknown>;
  for (const k of CONFIG_KEYS) {
    if (!Number.isInteger(o[k]) || (o[k] as number) < 1) throw new Error(`loadPoetCheckpoint: header config.${k} is ${String(o[k])}`);
  }
  const cfg: GPTConfig = { vocabSize: 0, blockSize: 0, nLayer: 0, nHead: 0, nEmbd: 0 };
  for (const k of CONFIG_KEYS) cfg[k] = o[k] as number;
  if (o.dropout !== undefined) cfg.dropout = o.dropout as number;
  return cfg;
}

/**
 * Decode (magic, version, CRC-32), build a GPT from the header's config, load the weights
 * (names and shapes must match exactly) and switch it to eval mode.
 * @example const model = loadPoetCheckpoint(new Uint8Array(readFileSync('public/models/poet.gbck')));
 */
export function loadPoetCheckpoint(bytes: Uint8Array): GPT {
  const { config, tensors } = decodeCheckpoint(bytes);
  const model = new GPT(readConfig(config));
  try {
    model.loadStateDict(tensors);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model.eval();
}

/**
 * Check that `bytes` are the checkpoint `manifest` describes (size and sha256), so a stale or
 * truncated download fails with a clear message before anything is built.
 */
export async function verifyPoetCheckpoint(bytes: Uint8Array, manifest: PoetManifest): Promise<void> {
  const want = manifest.checkpoint;
  if (bytes.length !== want.bytes) throw new Error(`poet: ${want.file} is ${bytes.length} bytes, the manifest says ${want.bytes}`);
  const got = await sha256Hex(bytes);
  if (got !== want.sha256) throw new Error(`poet: ${want.file} sha256 ${got} differs from the manifest's ${want.sha256}`);
}

/**
 * Fetch manifest.json and the checkpoint from `baseUrl`, verify, load.
 * @example const model = await fetchPoetModel(import.meta.env.BASE_URL + 'models/');
 */
export async function fetchPoetModel(baseUrl = '/models/', fetchFn: typeof fetch = fetch): Promise<GPT> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (name: string): Promise<Response> => {
    const res = await fetchFn(base + name);
    if (!res.ok) throw new Error(`poet: fetching ${base + name} failed: ${res.status} ${res.statusText}`);
    return res;
  };
  const manifest = (await (await get(POET_FILES.manifest)).json()) as PoetManifest;
  const bytes = new Uint8Array(await (await get(manifest.checkpoint.file)).arrayBuffer());
  await verifyPoetCheckpoint(bytes, manifest);
  return loadPoetCheckpoint(bytes);
}
