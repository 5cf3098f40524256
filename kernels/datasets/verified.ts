/**
 * Fetching a prepared data set's files and checking them against its manifest.json: every data
 * file is listed there with its size and sha256, and a file whose bytes differ is refused before
 * anything is parsed. Used by the UCI loaders (./uci.ts) and the poetry classes (./poetry_classes.ts);
 * the Tang poems (./poems.ts) make the same check their own way.
 *
 * Runs in the browser and in Node (crypto.subtle, with a plain-JS fallback from ./poems.ts).
 * @example
 * const { manifest, files } = await fetchVerified('uci', '/data/uci/', ['iris.csv'], fetch);
 */
import { sha256Hex } from './poems.ts';

/** One file of a manifest's `files` table. */
export interface ManifestFile {
  bytes: number;
  sha256: string;
}

/** What every prepared data set's manifest.json has; the rest is the data set's own. */
export interface VerifiedManifest {
  format: string;
  files: Record<string, ManifestFile>;
  [k: string]: unknown;
}

/** The site root of `public/data/…`, with a trailing slash. */
export function withSlash(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

/** Parses manifest.json and checks it has a `files` table (and the expected `format`, if given). */
export function parseManifest<M extends VerifiedManifest>(tag: string, text: string, format?: string): M {
  let manifest: M;
  try {
    manifest = JSON.parse(text) as M;
  } catch (e) {
    throw new Error(`${tag}: manifest.json is not JSON: ${(e as Error).message}`);
  }
  if (!manifest || typeof manifest !== 'object' || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new Error(`${tag}: manifest.json has no "files" table`);
  }
  if (format !== undefined && manifest.format !== format) {
    throw new Error(`${tag}: manifest.json has format ${JSON.stringify(manifest.format)}, expected ${JSON.stringify(format)}`);
  }
  return manifest;
}

/**
 * Throws unless `bytes` has the size and sha256 the manifest lists for `name`:
 * "<tag>: <name> sha256 mismatch: expected …, got … (file corrupt or changed)".
 */
export async function verifyFile(tag: string, manifest: VerifiedManifest, name: string, bytes: Uint8Array): Promise<void> {
  const entry = manifest.files[name];
  if (!entry) throw new Error(`${tag}: manifest.json does not list ${name}`);
  const got = await sha256Hex(bytes);
  if (got !== entry.sha256) {
    throw new Error(`${tag}: ${name} sha256 mismatch: expected ${entry.sha256}, got ${got} (file corrupt or changed)`);
  }
  if (bytes.length !== entry.bytes) throw new Error(`${tag}: ${name} size mismatch: expected ${entry.bytes} bytes, got ${bytes.length}`);
}

/** Verifies every file of `files` against the manifest (see verifyFile). */
export async function verifyFiles(tag: string, manifest: VerifiedManifest, files: Record<string, Uint8Array>): Promise<void> {
  for (const [name, bytes] of Object.entries(files)) await verifyFile(tag, manifest, name, bytes);
}

/** Fetches one file's bytes; a failed response throws with the URL and status. */
export async function fetchBytes(tag: string, url: string, fetchFn: typeof fetch): Promise<Uint8Array> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`${tag}: fetching ${url} failed: ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Fetches `baseUrl`/manifest.json and the named files, and verifies each file's sha256 against
 * the manifest before returning. `fetchFn` is `fetch` by default; a cell passes `asset.fetch`.
 */
export async function fetchVerified<M extends VerifiedManifest>(
  tag: string,
  baseUrl: string,
  names: readonly string[] | ((manifest: M) => readonly string[]),
  fetchFn: typeof fetch = fetch,
  format?: string,
): Promise<{ manifest: M; manifestText: string; files: Record<string, Uint8Array> }> {
  const base = withSlash(baseUrl);
  const manifestText = new TextDecoder().decode(await fetchBytes(tag, `${base}manifest.json`, fetchFn));
  const manifest = parseManifest<M>(tag, manifestText, format);
  const wanted = typeof names === 'function' ? names(manifest) : names;
  for (const name of wanted) {
    if (!manifest.files[name]) throw new Error(`${tag}: manifest.json does not list ${name}`);
  }
  const fetched = await Promise.all(wanted.map((name) => fetchBytes(tag, base + name, fetchFn)));
  const files: Record<string, Uint8Array> = {};
  wanted.forEach((name, i) => (files[name] = fetched[i]));
  await verifyFiles(tag, manifest, files);
  return { manifest, manifestText, files };
}

/** UTF-8 bytes → text; invalid UTF-8 throws. */
export function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
