/**
 * The download as a list of files, whether the instructor gives the LMS's zip or the folder it
 * unpacked to. Both are hostile: names are checked (no absolute paths, no `..`, no NUL, bounded
 * length), directories, symlinks, `__MACOSX` and dotfiles are skipped, and reading is capped.
 */
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openZip, type ZipEntry } from './zip.ts';
import { shown } from './text.ts';
import type { CollectLimits } from './types.ts';

/** One file of the download, listed but not yet read. */
export interface SourceFile {
  /** '/'-separated path relative to the download. */
  path: string;
  size: number;
  /** Zip entry time (UTC ISO); folders give none (an unpacked file's time is the unpacking). */
  mtime?: string;
}

/** A file's bytes, or why they were not read. */
export type ReadOutcome = { bytes: Uint8Array } | { problem: 'too-large' | 'unreadable'; why: string };

/** A download (zip or folder) as a list of files and a capped reader. */
export interface Source {
  kind: 'zip' | 'folder';
  files: SourceFile[];
  read(file: SourceFile, cap: number): Promise<ReadOutcome>;
  close(): Promise<void>;
}

/** Why a path is refused, or undefined when it is safe to use as a key. */
export function unsafePath(path: string, maxLength: number): string | undefined {
  if (path.length > maxLength) return 'name too long';
  if (path.includes('\0')) return 'NUL in name';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute path';
  if (path.split('/').includes('..')) return '".." in path';
  return undefined;
}

/** Paths we skip without a word: macOS resource forks and hidden files. */
export function isNoise(path: string): boolean {
  return path.split('/').some((part) => part === '__MACOSX' || part.startsWith('.'));
}

/** Canonical form: no empty or `.` segments. */
function tidy(path: string): string {
  return path.split('/').filter((p) => p !== '' && p !== '.').join('/');
}

async function openZipSource(path: string, limits: CollectLimits, warnings: string[]): Promise<Source> {
  const zip = await openZip(path, limits.maxEntries);
  const byPath = new Map<SourceFile, ZipEntry>();
  const files: SourceFile[] = [];
  for (const entry of zip.entries) {
    if (entry.isDirectory) continue;
    const why = unsafePath(entry.name, limits.maxPathLength);
    if (why) { warnings.push(`refused zip entry ${shown(entry.name)}: ${why}`); continue; }
    const name = tidy(entry.name);
    if (!name || isNoise(name)) continue;
    if (entry.isSymlink) { warnings.push(`ignored: ${shown(name)} (a symbolic link)`); continue; }
    const file: SourceFile = { path: name, size: entry.size, ...(entry.mtime ? { mtime: entry.mtime } : {}) };
    byPath.set(file, entry);
    files.push(file);
  }
  return { kind: 'zip', files, read: (file, cap) => zip.read(byPath.get(file)!, cap), close: () => zip.close() };
}

async function walk(root: string, rel: string, limits: CollectLimits, out: SourceFile[], warnings: string[]): Promise<void> {
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const path = rel ? `${rel}/${name}` : name;
    if (isNoise(path)) continue;
    const why = unsafePath(path, limits.maxPathLength);
    if (why) { warnings.push(`refused ${shown(path)}: ${why}`); continue; }
    const st = await lstat(join(root, path));
    if (st.isSymbolicLink()) { warnings.push(`ignored: ${shown(path)} (a symbolic link)`); continue; }
    if (st.isDirectory()) await walk(root, path, limits, out, warnings);
    else if (st.isFile()) out.push({ path, size: st.size });
    if (out.length > limits.maxEntries) throw new Error(`${root}: more than ${limits.maxEntries} files`);
  }
}

/** Reads at most cap + 1 bytes, so a file that grew since it was listed is still refused. */
async function readCapped(path: string, cap: number): Promise<ReadOutcome> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(cap + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, length, buf.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > cap) return { problem: 'too-large', why: `more than ${cap} bytes` };
    }
    return { bytes: buf.slice(0, length) };
  } finally {
    await fh.close();
  }
}

async function openFolderSource(root: string, limits: CollectLimits, warnings: string[]): Promise<Source> {
  const files: SourceFile[] = [];
  await walk(root, '', limits, files, warnings);
  return {
    kind: 'folder',
    files,
    read: async (file, cap) => (file.size > cap ? { problem: 'too-large', why: `${file.size} bytes; the limit is ${cap}` } : readCapped(join(root, file.path), cap)),
    close: async () => {},
  };
}

/** Opens a download folder or zip file (by its `PK` signature, whatever its extension). */
export async function openSource(input: string, limits: CollectLimits, warnings: string[]): Promise<Source> {
  const st = await stat(input); // the instructor's own path may be a link; entries inside never are followed
  if (st.isDirectory()) return openFolderSource(input, limits, warnings);
  const fh = await open(input, 'r');
  const magic = new Uint8Array(4);
  try {
    await fh.read(magic, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if (magic[0] === 0x50 && magic[1] === 0x4b) return openZipSource(input, limits, warnings);
  throw new Error(`${input}: neither a folder nor a zip file`);
}
