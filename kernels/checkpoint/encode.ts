/** Writing a checkpoint: stateDict (or plain arrays) + config → bytes. */
import { Tensor } from '../tensor.ts';
import { fmt, sizeOf } from '../shape.ts';
import { crc32 } from './crc32.ts';
import { toFloat16Bits } from './float16.ts';
import {
  alignUp, rowsOf, BYTES_PER, DTYPES, MAGIC, PREFIX_BYTES, VERSION,
  type CheckpointDType, type CheckpointHeader, type TensorEntry,
} from './format.ts';

/** A tensor, or its shape and values. */
export type CheckpointTensor = Tensor | { shape: readonly number[]; data: ArrayLike<number> };

export interface EncodeOptions {
  /** Storage type for every tensor, or chosen per tensor. Default 'float32'. */
  dtype?: CheckpointDType | ((name: string, shape: readonly number[]) => CheckpointDType);
  /** JSON stored in the header as is (e.g. the model config). Default null. */
  config?: unknown;
}

/** int8 per-row symmetric quantization: q = round(x/scale), scale = max|row|/127 as float32. */
function quantize(name: string, values: ArrayLike<number>, rows: number): { q: Int8Array; scales: Float32Array } {
  const q = new Int8Array(values.length);
  const scales = new Float32Array(rows);
  const rowLen = rows > 0 ? values.length / rows : 0;
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let i = r * rowLen; i < (r + 1) * rowLen; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) throw new Error(`checkpoint: int8 cannot store ${v} (${name}[${i}])`);
      max = Math.max(max, Math.abs(v));
    }
    // NOTE: the scale is rounded to float32 first, so the decoder multiplies by the very scale used here
    const s = (scales[r] = Math.fround(max / 127));
    if (s === 0) continue; // an all-zero row stays 0
    for (let i = r * rowLen; i < (r + 1) * rowLen; i++) {
      const v = values[i];
      q[i] = Math.max(-127, Math.min(127, Math.sign(v) * Math.round(Math.abs(v) / s)));
    }
  }
  return { q, scales };
}

function writeValues(view: DataView, at: number, dtype: 'float32' | 'float16', values: ArrayLike<number>): void {
  if (dtype === 'float32') for (let i = 0; i < values.length; i++) view.setFloat32(at + 4 * i, values[i], true);
  else for (let i = 0; i < values.length; i++) view.setUint16(at + 2 * i, toFloat16Bits(values[i]), true);
}

/**
 * Serialize tensors and a config. The same input always gives the same bytes (no timestamps;
 * tensors in the dictionary's order).
 * @example
 * const bytes = encodeCheckpoint(model.stateDict(), { dtype: 'float16', config: { nLayer: 2 } });
 * // later: model.loadStateDict(decodeCheckpoint(bytes).tensors);
 */
export function encodeCheckpoint(
  tensors: Readonly<Record<string, CheckpointTensor>> | ReadonlyMap<string, CheckpointTensor>,
  options: EncodeOptions = {},
): Uint8Array {
  const entries = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const chooseDType = typeof options.dtype === 'function' ? options.dtype : () => (options.dtype ?? 'float32') as CheckpointDType;
  const list: TensorEntry[] = [];
  const blobs: { at: number; write: (view: DataView, at: number) => void }[] = [];
  let cursor = 0;
  const reserve = (byteLength: number, write: (view: DataView, at: number) => void): number => {
    const at = cursor;
    blobs.push({ at, write });
    cursor = alignUp(cursor + byteLength);
    return at;
  };
  for (const [name, t] of entries) {
    if (!name) throw new Error('checkpoint: a tensor has an empty name');
    const shape = [...t.shape];
    const values = t instanceof Tensor ? t.dataSync() : t.data;
    if (values.length !== sizeOf(shape)) throw new Error(`checkpoint: ${name} has ${values.length} values for shape ${fmt(shape)}`);
    const dtype = chooseDType(name, shape);
    if (!DTYPES.includes(dtype)) throw new Error(`checkpoint: unknown dtype ${dtype} for ${name} (${DTYPES.join(', ')})`);
    const byteLength = values.length * BYTES_PER[dtype];
    const entry: TensorEntry = { name, shape, dtype, offset: 0, byteLength };
    if (dtype === 'int8') {
      const { q, scales } = quantize(name, values, rowsOf(shape));
      entry.offset = reserve(byteLength, (view, at) => new Uint8Array(view.buffer, at, q.length).set(new Uint8Array(q.buffer)));
      const scaleLength = scales.length * 4;
      entry.scales = { offset: reserve(scaleLength, (view, at) => writeValues(view, at, 'float32', scales)), byteLength: scaleLength };
    } else {
      entry.offset = reserve(byteLength, (view, at) => writeValues(view, at, dtype, values));
    }
    list.push(entry);
  }
  const header: CheckpointHeader = {
    createdBy: 'Gradbook engine (kernels/checkpoint)',
    config: options.config ?? null,
    dataByteLength: cursor,
    tensors: list,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = alignUp(PREFIX_BYTES + json.length);
  const bytes = new Uint8Array(dataStart + cursor + 4);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, PREFIX_BYTES);
  for (const b of blobs) b.write(view, dataStart + b.at);
  view.setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
  return bytes;
}
