/**
 * The Gradbook checkpoint layout, version 1 (all integers little-endian):
 *
 *   0   "GBCK"                     magic
 *   4   u32 version                1
 *   8   u32 H                      header length in bytes
 *   12  H bytes of UTF-8 JSON      CheckpointHeader (readable with `head -c`)
 *   ..  zero padding to a multiple of 8: the data section starts here
 *   ..  the arrays, each at an 8-aligned `offset` from the data section's start
 *   end−4  u32 CRC-32 (IEEE) of every byte before it
 *
 * float32: 4 bytes per value; float16: 2 (IEEE binary16, round to nearest even);
 * int8: 1 byte per value plus one float32 scale per row (value = q·scale,
 * scale = max|row|/127). Rows are the first dimension; tensors of rank < 2 are one row.
 */

export const MAGIC = 'GBCK';
export const VERSION = 1;
/** Bytes before the header: magic, version, header length. */
export const PREFIX_BYTES = 12;
export const ALIGN = 8;

export type CheckpointDType = 'float32' | 'float16' | 'int8';
export const DTYPES: readonly CheckpointDType[] = ['float32', 'float16', 'int8'];
export const BYTES_PER: Record<CheckpointDType, number> = { float32: 4, float16: 2, int8: 1 };

/** Where a byte range sits in the data section. */
export interface ByteRange {
  offset: number;
  byteLength: number;
}

/** One array in the header. */
export interface TensorEntry extends ByteRange {
  name: string;
  shape: number[];
  dtype: CheckpointDType;
  /** int8 only: one float32 scale per row. */
  scales?: ByteRange;
}

/** The JSON header. */
export interface CheckpointHeader {
  createdBy: string;
  /** Anything JSON the caller stored (a model config: layers, heads, vocabulary...). */
  config: unknown;
  /** Bytes in the data section (padding included). */
  dataByteLength: number;
  tensors: TensorEntry[];
}

/** One tensor as plain values. */
export interface TensorArrays {
  shape: number[];
  data: Float32Array;
}

export function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/** Rows for int8 scales: the first dimension of a tensor of rank ≥ 2, else 1. */
export function rowsOf(shape: readonly number[]): number {
  return shape.length >= 2 ? shape[0] : 1;
}
