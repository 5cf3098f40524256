/**
 * A read-only ZIP reader for hostile archives. We parse the central directory ourselves (fflate's
 * unzipSync reads the whole archive into memory and does not report entry times) and inflate one
 * entry at a time through fflate's streaming Inflate, stopping as soon as the output passes the
 * entry's declared size or our cap: a zip bomb is refused from its directory record, and a lying
 * one is cut off after at most `cap` bytes. Nothing is ever written to disk, so a `../` name
 * cannot escape anywhere; the caller still refuses such names.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Inflate } from 'fflate';
// zip's CRC-32 is the IEEE one the engine's checkpoints use: a corrupt or tampered entry is refused
import { crc32 } from '../../kernels/checkpoint/crc32.ts';

/** One central-directory record. */
export interface ZipEntry {
  /** Name as stored ('\\' turned into '/'); not yet checked for safety. */
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Modification time as UTC ISO: the extended-timestamp field when present, else DOS time read as UTC. */
  mtime?: string;
  isDirectory: boolean;
  isSymlink: boolean;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** A central directory larger than this is not a class's download. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw new Error('zip: truncated archive');
  return buf;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Where the central directory is and how many entries it claims (ZIP64 aware). */
async function findDirectory(fh: FileHandle, fileSize: number): Promise<{ count: number; offset: number; size: number }> {
  const tailLength = Math.min(fileSize, 22 + 65535 + 20);
  const tail = await readAt(fh, fileSize - tailLength, tailLength);
  const dv = view(tail);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (dv.getUint32(i, true) === EOCD) { at = i; break; }
  if (at < 0) throw new Error('zip: no end of central directory record (not a zip file?)');
  let count = dv.getUint16(at + 10, true);
  let size = dv.getUint32(at + 12, true);
  let offset = dv.getUint32(at + 16, true);
  if (at >= 20 && dv.getUint32(at - 20, true) === ZIP64_LOCATOR) {
    const recordAt = Number(dv.getBigUint64(at - 12, true));
    const record = view(await readAt(fh, recordAt, 56));
    if (record.getUint32(0, true) !== ZIP64_EOCD) throw new Error('zip: bad ZIP64 record');
    count = Number(record.getBigUint64(32, true));
    size = Number(record.getBigUint64(40, true));
    offset = Number(record.getBigUint64(48, true));
  }
  return { count, offset, size };
}

function dosTime(date: number, time: number): string | undefined {
  const [y, mo, d] = [(date >> 9) + 1980, (date >> 5) & 15, date & 31];
  const [h, mi, s] = [time >> 11, (time >> 5) & 63, (time & 31) * 2];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s)).toISOString();
}

/** Extra fields we use: ZIP64 sizes/offset (0x0001) and the UTC extended timestamp (0x5455). */
function applyExtra(extra: Uint8Array, e: ZipEntry, rawSize: number, rawCompressed: number, rawOffset: number): void {
  const dv = view(extra);
  for (let i = 0; i + 4 <= extra.length;) {
    const id = dv.getUint16(i, true);
    const len = dv.getUint16(i + 2, true);
    const body = i + 4;
    if (body + len > extra.length) break;
    if (id === 0x0001) {
      let p = body;
      const next = () => (p + 8 <= body + len ? Number(dv.getBigUint64((p += 8) - 8, true)) : undefined);
      if (rawSize === 0xffffffff) e.size = next() ?? e.size;
      if (rawCompressed === 0xffffffff) e.compressedSize = next() ?? e.compressedSize;
      if (rawOffset === 0xffffffff) e.localOffset = next() ?? e.localOffset;
    } else if (id === 0x5455 && len >= 5 && (extra[body] & 1)) {
      e.mtime = new Date(dv.getInt32(body + 1, true) * 1000).toISOString();
    }
    i = body + len;
  }
}

function decodeName(bytes: Uint8Array, utf8Flag: boolean): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: old Windows zippers wrote code page 437/1252; latin1 keeps every byte visible.
    return new TextDecoder(utf8Flag ? 'utf-8' : 'latin1').decode(bytes);
  }
}

function parseDirectory(dir: Uint8Array, count: number): ZipEntry[] {
  const dv = view(dir);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dv.getUint32(p, true) !== CENTRAL) throw new Error('zip: corrupt central directory');
    const [nameLen, extraLen, commentLen] = [dv.getUint16(p + 28, true), dv.getUint16(p + 30, true), dv.getUint16(p + 32, true)];
    const flags = dv.getUint16(p + 8, true);
    const host = dv.getUint16(p + 4, true) >> 8;
    const external = dv.getUint32(p + 38, true);
    const [rawCompressed, rawSize, rawOffset] = [dv.getUint32(p + 20, true), dv.getUint32(p + 24, true), dv.getUint32(p + 42, true)];
    const name = decodeName(dir.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0).replace(/\\/g, '/');
    const unixType = host === 3 ? (external >>> 16) & 0o170000 : 0;
    const e: ZipEntry = {
      name, flags, method: dv.getUint16(p + 10, true), crc: dv.getUint32(p + 16, true),
      compressedSize: rawCompressed, size: rawSize, localOffset: rawOffset,
      mtime: dosTime(dv.getUint16(p + 14, true), dv.getUint16(p + 12, true)),
      isDirectory: name.endsWith('/') || unixType === 0o040000 || (host === 0 && (external & 0x10) !== 0),
      isSymlink: unixType === 0o120000,
    };
    applyExtra(dir.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e, rawSize, rawCompressed, rawOffset);
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** An open archive: its entries (from the central directory) and a bounded reader. */
export interface ZipArchive {
  entries: ZipEntry[];
  /** The entry's bytes, or why not: never returns more than `cap` bytes. */
  read(entry: ZipEntry, cap: number): Promise<{ bytes: Uint8Array } | { problem: 'too-large' | 'unreadable'; why: string }>;
  close(): Promise<void>;
}

/** Opens a zip file and lists it; refuses more than `maxEntries` entries before parsing them. */
export async function openZip(path: string, maxEntries: number): Promise<ZipArchive> {
  const fh = await open(path, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    const dir = await findDirectory(fh, fileSize);
    if (dir.count > maxEntries) throw new Error(`zip: ${dir.count} entries; the limit is ${maxEntries}`);
    if (dir.size > MAX_DIRECTORY_BYTES || dir.offset + dir.size > fileSize) throw new Error('zip: implausible central directory');
    const entries = parseDirectory(await readAt(fh, dir.offset, dir.size), dir.count);
    return { entries, read: (entry, cap) => readEntry(fh, entry, cap), close: () => fh.close() };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

async function readEntry(fh: FileHandle, e: ZipEntry, cap: number): Promise<{ bytes: Uint8Array } | { problem: 'too-large' | 'unreadable'; why: string }> {
  if (e.size > cap || e.compressedSize > cap + 1024) return { problem: 'too-large', why: `${e.size} bytes; the limit is ${cap}` };
  if (e.flags & 1) return { problem: 'unreadable', why: 'encrypted' };
  if (e.method !== 0 && e.method !== 8) return { problem: 'unreadable', why: `compression method ${e.method}` };
  try {
    const local = view(await readAt(fh, e.localOffset, 30));
    if (local.getUint32(0, true) !== LOCAL) return { problem: 'unreadable', why: 'bad local header' };
    const start = e.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    const data = await readAt(fh, start, e.compressedSize);
    const bytes = e.method === 0 ? data : inflateCapped(data, e.size);
    if (!bytes) return { problem: 'too-large', why: 'inflates beyond its declared size' };
    if (bytes.length !== e.size || crc32(bytes) !== e.crc) return { problem: 'unreadable', why: 'size or CRC mismatch' };
    return { bytes };
  } catch (err) {
    return { problem: 'unreadable', why: (err as Error).message.slice(0, 100) };
  }
}

/** Inflates at most `cap` bytes; undefined if the stream holds more (decoding stops there). */
export function inflateCapped(data: Uint8Array, cap: number): Uint8Array | undefined {
  const out = new Uint8Array(cap);
  let length = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    if (over || length + chunk.length > cap) return void (over = true);
    out.set(chunk, length);
    length += chunk.length;
  });
  // Small input steps bound the output of one push (deflate expands at most ~1032×).
  const STEP = 4096;
  for (let i = 0; i < data.length && !over; i += STEP) inflate.push(data.subarray(i, i + STEP), i + STEP >= data.length);
  if (data.length === 0) inflate.push(data, true);
  return over ? undefined : out.subarray(0, length);
}
