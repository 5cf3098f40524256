/**
 * Reading a checkpoint. Every field of a file is treated as hostile: magic, version and checksum
 * are checked first, then each header entry's type, shape and byte range, before any array is read.
 */
import { crc32 } from './crc32.ts';
import { fromFloat16Bits } from './float16.ts';
import {
  alignUp, rowsOf, BYTES_PER, DTYPES, MAGIC, PREFIX_BYTES, VERSION,
  type ByteRange, type CheckpointDType, type CheckpointHeader, type TensorArrays, type TensorEntry,
} from './format.ts';

export interface DecodedCheckpoint {
  version: number;
  /** The config stored by encodeCheckpoint (null if none). */
  config: unknown;
  createdBy: string;
  /** Name → shape and float32 values, in file order (dequantized for float16 and int8). */
  tensors: Map<string, TensorArrays>;
  /** How each tensor was stored. */
  dtypes: Map<string, CheckpointDType>;
}

function fail(msg: string): never {
  throw new Error(`checkpoint: ${msg}`);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/** A byte range that lies inside the data section. */
function checkRange(what: string, r: unknown, dataLength: number, expected: number): ByteRange {
  const { offset, byteLength } = (r ?? {}) as Partial<ByteRange>;
  if (!isCount(offset) || !isCount(byteLength)) fail(`${what} has an invalid offset or byteLength`);
  if (byteLength !== expected) fail(`${what} has byteLength ${byteLength}, its shape needs ${expected}`);
  if (offset + byteLength > dataLength) {
    fail(`${what} (offset ${offset}, ${byteLength} bytes) lies outside the data section (${dataLength} bytes)`);
  }
  return { offset, byteLength };
}

/** Validate one header entry (names must be unique). */
function checkEntry(e: unknown, i: number, dataLength: number, names: Set<string>): TensorEntry {
  if (typeof e !== 'object' || e === null) fail(`tensor entry ${i} is not an object`);
  const { name, shape, dtype, scales } = e as Partial<TensorEntry>;
  if (typeof name !== 'string' || name === '') fail(`tensor entry ${i} has no name`);
  if (names.has(name)) fail(`tensor ${JSON.stringify(name)} appears twice`);
  names.add(name);
  const what = `tensor ${JSON.stringify(name)}`;
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(`${what} has an invalid shape`);
  if (typeof dtype !== 'string' || !DTYPES.includes(dtype as CheckpointDType)) fail(`${what} has unknown dtype ${JSON.stringify(dtype)}`);
  const size = shape.reduce((a, b) => a * b, 1);
  // NOTE: the size is bounded by the file's length below, so a hostile shape cannot make us allocate much
  if (!Number.isSafeInteger(size) || size * BYTES_PER[dtype] > dataLength) fail(`${what} has shape [${shape}], larger than the file`);
  const range = checkRange(what, e, dataLength, size * BYTES_PER[dtype]);
  const entry: TensorEntry = { name, shape: [...shape], dtype, ...range };
  if (dtype === 'int8') entry.scales = checkRange(`${what} scales`, scales, dataLength, rowsOf(shape) * 4);
  return entry;
}

/**
 * Parse and verify a checkpoint. Throws a clear Error for a foreign file, a newer version, a
 * corrupt or truncated file, a malformed header, or a byte range outside the file.
 * @example const { config, tensors } = decodeCheckpoint(bytes); tensors.get('lmHead.weight')!.shape;
 */
export function decodeCheckpoint(bytes: Uint8Array): DecodedCheckpoint {
  if (!(bytes instanceof Uint8Array)) fail('expected the file as a Uint8Array');
  const magic = bytes.subarray(0, 4);
  if (String.fromCharCode(...magic) !== MAGIC) {
    fail(`not a Gradbook checkpoint (magic ${hex(magic) || 'missing'}, expected 47 42 43 4b "GBCK")`);
  }
  if (bytes.length < PREFIX_BYTES + 4) fail(`file is only ${bytes.length} bytes (truncated)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version > VERSION) fail(`version ${version} is newer than this engine reads (${VERSION})`);
  if (version < 1) fail(`invalid version ${version}`);
  const end = bytes.length - 4;
  if (crc32(bytes.subarray(0, end)) !== view.getUint32(end, true)) fail('checksum mismatch (file corrupt or truncated)');

  const headerLength = view.getUint32(8, true);
  if (PREFIX_BYTES + headerLength > end) fail(`header length ${headerLength} runs past the end of the file`);
  let header: Partial<CheckpointHeader>;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength));
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || !Array.isArray(header.tensors)) fail('header has no tensors list');
  const dataStart = alignUp(PREFIX_BYTES + headerLength);
  const dataLength = end - dataStart;
  if (dataLength < 0 || header.dataByteLength !== dataLength) {
    fail(`data section is ${Math.max(dataLength, 0)} bytes, header says ${header.dataByteLength}`);
  }
  const names = new Set<string>();
  const entries = header.tensors.map((e, i) => checkEntry(e, i, dataLength, names));

  const tensors = new Map<string, TensorArrays>();
  const dtypes = new Map<string, CheckpointDType>();
  for (const e of entries) {
    const at = dataStart + e.offset;
    const n = e.byteLength / BYTES_PER[e.dtype];
    const data = new Float32Array(n);
    if (e.dtype === 'float32') for (let i = 0; i < n; i++) data[i] = view.getFloat32(at + 4 * i, true);
    else if (e.dtype === 'float16') for (let i = 0; i < n; i++) data[i] = fromFloat16Bits(view.getUint16(at + 2 * i, true));
    else {
      const rows = rowsOf(e.shape), rowLen = rows > 0 ? n / rows : 0;
      const sAt = dataStart + e.scales!.offset;
      for (let r = 0; r < rows; r++) {
        const s = view.getFloat32(sAt + 4 * r, true);
        for (let i = r * rowLen; i < (r + 1) * rowLen; i++) data[i] = view.getInt8(at + i) * s;
      }
    }
    tensors.set(e.name, { shape: e.shape, data });
    dtypes.set(e.name, e.dtype);
  }
  const createdBy = typeof header.createdBy === 'string' ? header.createdBy : '';
  return { version, config: header.config ?? null, createdBy, tensors, dtypes };
}
