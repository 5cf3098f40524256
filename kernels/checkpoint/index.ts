/** `checkpoint`: save and load model weights in Gradbook's small, checksummed format (see format.ts). */
import type { Module, LoadStateDictResult } from '../nn/module.ts';
import { decodeCheckpoint } from './decode.ts';

export { encodeCheckpoint } from './encode.ts';
export type { EncodeOptions, CheckpointTensor } from './encode.ts';
export { decodeCheckpoint } from './decode.ts';
export type { DecodedCheckpoint } from './decode.ts';
export { crc32 } from './crc32.ts';
export { toFloat16Bits, fromFloat16Bits } from './float16.ts';
export { MAGIC, VERSION } from './format.ts';
export type { CheckpointDType, CheckpointHeader, TensorEntry, TensorArrays, ByteRange } from './format.ts';

/**
 * Decode `bytes` and copy the weights into `module` (strict by default: the names and shapes
 * must match exactly). Returns the stored config and the keys skipped with `strict: false`.
 * @example const { config } = loadCheckpointInto(model, new Uint8Array(await (await fetch(url)).arrayBuffer()));
 */
export function loadCheckpointInto(
  module: Module, bytes: Uint8Array, options: { strict?: boolean } = {},
): { config: unknown } & LoadStateDictResult {
  const { config, tensors } = decodeCheckpoint(bytes);
  return { config, ...module.loadStateDict(tensors, options) };
}
