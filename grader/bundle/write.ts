/**
 * The Gradescope autograder zip, byte for byte reproducible: entries in code-point order, one
 * fixed timestamp (1980-01-01 12:00 local, so the DOS date fields are the same in every time
 * zone), Unix permissions (0755 for the two scripts, 0644 for the rest), one compression level.
 * setup.sh and run_autograder sit at the root, next to the repository files, as Gradescope wants.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { bundleFileList } from './files.ts';
import { compareCodePoints } from '../reports/format.ts';
import { runAutograderScript, setupScript, type IdentityField } from './scripts.ts';

/** Options of the bundle. */
export interface BundleOptions {
  assignmentId: string;
  repoRoot: string;
  /** Pin the Node version setup.sh installs (e.g. `v24.4.1`); default the newest 24.x at build time. */
  nodeVersion?: string;
  /** Metadata field tried first for the student's identity (default `sid`, then `email`). */
  identityField?: IdentityField;
}

/** Year 1980, the DOS epoch: no real file has it, so a fixed stamp is plainly a stamp. */
const FIXED_TIME = new Date(1980, 0, 1, 12, 0, 0);
const REGULAR = 0o100000;

function entry(bytes: Uint8Array, mode: number): Zippable[string] {
  return [bytes, { mtime: FIXED_TIME, os: 3, attrs: (REGULAR | mode) << 16, level: 6 }];
}

/** Every entry of the bundle: path → bytes and Unix mode (the zip orders them by path). */
export function bundleEntries(options: BundleOptions): Map<string, { bytes: Uint8Array; mode: number }> {
  const entries = new Map<string, { bytes: Uint8Array; mode: number }>();
  for (const path of bundleFileList(options.repoRoot, options.assignmentId)) {
    entries.set(path, { bytes: new Uint8Array(readFileSync(join(options.repoRoot, path))), mode: 0o644 });
  }
  if (entries.has('setup.sh') || entries.has('run_autograder')) throw new Error('bundle: the repository root holds a setup.sh or run_autograder of its own');
  entries.set('setup.sh', { bytes: strToU8(setupScript({ nodeVersion: options.nodeVersion })), mode: 0o755 });
  entries.set('run_autograder', { bytes: strToU8(runAutograderScript(options)), mode: 0o755 });
  return entries;
}

/** Zips entries in code-point order of their paths. */
function zipEntries(entries: Map<string, { bytes: Uint8Array; mode: number }>): Uint8Array {
  const paths = [...entries.keys()].sort(compareCodePoints);
  // zipSync writes entries in the object's key order; integer-like keys would jump to the front.
  const numeric = paths.find((p) => /^(0|[1-9]\d*)$/.test(p));
  if (numeric) throw new Error(`bundle: a root file named ${numeric} would break the entry order`);
  const zippable: Zippable = {};
  for (const path of paths) zippable[path] = entry(entries.get(path)!.bytes, entries.get(path)!.mode);
  return zipSync(zippable);
}

/** The bundle as zip bytes. */
export function buildGradescopeBundle(options: BundleOptions): Uint8Array {
  return zipEntries(bundleEntries(options));
}

/**
 * Writes the autograder zip to `outZip` (through a temporary file, so a failed run leaves no
 * half-written zip) and returns its entry paths. Upload it on Gradescope as the assignment's
 * autograder; it holds the private grading material, so keep it off anything students can see.
 */
export async function writeGradescopeBundle(outZip: string, options: BundleOptions): Promise<string[]> {
  const entries = bundleEntries(options);
  const bytes = zipEntries(entries);
  await mkdir(dirname(outZip), { recursive: true });
  const tmp = `${outZip}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, outZip);
  return [...entries.keys()].sort(compareCodePoints);
}
