/**
 * Short speech clips for chapter 6's spectrogram, written to `public/data/speech/` by
 * `data-prep/speech/prepare.ts`: a Mandarin and an English phrase synthesised by espeak-ng (formant
 * synthesis, not a recording of a person), 16 kHz mono 16-bit PCM WAV, released by the book under
 * CC0 1.0 (see the manifest's `licence`).
 *
 * `loadSpeechClips(baseUrl = '/data/speech/', fetch)` reads manifest.json, fetches the clips,
 * refuses any whose sha256 or size differs from the manifest, and parses each WAV strictly:
 * RIFF/WAVE with one `fmt ` chunk saying PCM (format 1), 1 channel, 16 bits, and one `data` chunk.
 * Anything else (float or compressed audio, WAVE_FORMAT_EXTENSIBLE, stereo, 8 or 24 bits, a sample
 * rate other than the manifest's, a truncated file) throws with what was found. Samples come as a
 * Float32Array in [-1, 1] (int16 / 32768).
 * @example
 * const { sampleRate, clips } = await datasets.loadSpeechClips('/data/speech/', asset.fetch);
 * clips[0].samples.length / sampleRate; // seconds
 */
import { fetchVerified, parseManifest, verifyFiles, type VerifiedManifest } from './verified.ts';

export const SPEECH_FORMAT = 'gradbook-speech/1';
export const SPEECH_DIR = '/data/speech/';

/** One clip as manifest.json records it. */
export interface SpeechClipInfo {
  id: string;
  file: string;
  text: string;
  /** espeak-ng's voice name (`-v`). */
  voice: string;
  /** BCP 47 tag of the text's language. */
  language: string;
  /** espeak-ng's phoneme transcription of the text (`-x`), for the record. */
  phonemes?: string;
  /** Length in samples at the manifest's sample rate. */
  samples: number;
  [k: string]: unknown;
}

export interface SpeechManifest extends VerifiedManifest {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  source: { program: string; version: string; [k: string]: unknown };
  licence: string;
  clips: SpeechClipInfo[];
}

export interface SpeechClip {
  id: string;
  text: string;
  voice: string;
  language: string;
  /** Mono samples in [-1, 1] (int16 / 32768). */
  samples: Float32Array;
  info: SpeechClipInfo;
}

export interface SpeechClips {
  sampleRate: number;
  clips: SpeechClip[];
  manifest: SpeechManifest;
}

/** manifest.json's text and the clips' bytes, by file name. */
export interface SpeechFiles {
  manifest: string;
  files: Record<string, Uint8Array>;
}

/** What a RIFF/WAVE PCM16 mono file holds. */
export interface Pcm16Wav {
  sampleRate: number;
  /** The samples as stored (little-endian int16). */
  pcm: Int16Array;
}

const TAG = 'speech';

const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);

/** Format codes a `fmt ` chunk may carry, for the error message. */
const FORMAT_NAMES: Record<number, string> = { 1: 'PCM', 2: 'MS ADPCM', 3: 'IEEE float', 6: 'A-law', 7: 'µ-law', 0x11: 'IMA ADPCM', 0x55: 'MP3', 0xfffe: 'WAVE_FORMAT_EXTENSIBLE' };

/**
 * Parses a RIFF/WAVE file that must be PCM (format 1), mono, 16-bit. Chunks other than `fmt ` and
 * `data` (LIST, …) are skipped; the RIFF size must match the file's length. Throws
 * "<name>: not a PCM16 mono WAV: …" otherwise.
 */
export function parseWavPcm16Mono(bytes: Uint8Array, name = 'wav'): Pcm16Wav {
  const fail = (why: string): never => {
    throw new Error(`${TAG}: ${name}: not a PCM16 mono WAV: ${why}`);
  };
  if (bytes.length < 12) fail(`${bytes.length} bytes, too short for a RIFF header`);
  if (fourcc(bytes, 0) !== 'RIFF') fail(`starts with ${JSON.stringify(fourcc(bytes, 0))}, expected "RIFF"`);
  if (fourcc(bytes, 8) !== 'WAVE') fail(`RIFF type ${JSON.stringify(fourcc(bytes, 8))}, expected "WAVE"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffSize = view.getUint32(4, true);
  if (riffSize + 8 !== bytes.length) fail(`the RIFF header says ${riffSize + 8} bytes, the file has ${bytes.length}`);
  let fmt: { sampleRate: number } | undefined;
  let pcm: Int16Array | undefined;
  let at = 12;
  while (at < bytes.length) {
    if (at + 8 > bytes.length) fail(`a chunk header at byte ${at} runs past the end`);
    const id = fourcc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > bytes.length) fail(`chunk "${id}" at byte ${at} (${size} bytes) runs past the end`);
    if (id === 'fmt ') {
      if (fmt) fail('two "fmt " chunks');
      if (size < 16) fail(`"fmt " chunk of ${size} bytes, expected at least 16`);
      const format = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const sampleRate = view.getUint32(body + 4, true);
      const byteRate = view.getUint32(body + 8, true);
      const blockAlign = view.getUint16(body + 12, true);
      const bits = view.getUint16(body + 14, true);
      if (format !== 1) fail(`audio format ${format} (${FORMAT_NAMES[format] ?? 'unknown'}), expected 1 (PCM)`);
      if (channels !== 1) fail(`${channels} channels, expected 1 (mono)`);
      if (bits !== 16) fail(`${bits} bits per sample, expected 16`);
      if (blockAlign !== 2) fail(`block align ${blockAlign}, expected 2`);
      if (!(sampleRate > 0)) fail(`sample rate ${sampleRate}`);
      if (byteRate !== sampleRate * 2) fail(`byte rate ${byteRate}, expected ${sampleRate * 2} (sample rate × 2)`);
      fmt = { sampleRate };
    } else if (id === 'data') {
      if (!fmt) fail('"data" chunk before "fmt "');
      if (pcm) fail('two "data" chunks');
      if (size % 2 !== 0) fail(`"data" chunk of ${size} bytes, not a whole number of 16-bit samples`);
      pcm = new Int16Array(size / 2);
      for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(body + 2 * i, true);
    }
    at = body + size + (size % 2); // chunks are word-aligned
  }
  if (!fmt) fail('no "fmt " chunk');
  if (!pcm) fail('no "data" chunk');
  return { sampleRate: fmt!.sampleRate, pcm: pcm! };
}

/** A RIFF/WAVE PCM16 mono file (44-byte header) of `pcm` at `sampleRate`. */
export function encodeWavPcm16Mono(pcm: Int16Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + pcm.length * 2);
  const view = new DataView(bytes.buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  put(0, 'RIFF');
  view.setUint32(4, 36 + pcm.length * 2, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, pcm.length * 2, true);
  for (let i = 0; i < pcm.length; i++) view.setInt16(44 + 2 * i, pcm[i], true);
  return bytes;
}

function clipFiles(manifest: SpeechManifest): string[] {
  if (!Array.isArray(manifest.clips) || manifest.clips.length === 0) throw new Error(`${TAG}: manifest.json has no clips`);
  return manifest.clips.map((c) => c.file);
}

/** The clips from files in hand (tests, Node scripts): verified against the manifest, then parsed. */
export async function parseSpeechClips(input: SpeechFiles): Promise<SpeechClips> {
  const manifest = parseManifest<SpeechManifest>(TAG, input.manifest, SPEECH_FORMAT);
  const files: Record<string, Uint8Array> = {};
  for (const file of clipFiles(manifest)) {
    if (!input.files[file]) throw new Error(`${TAG}: ${file} is missing`);
    files[file] = input.files[file];
  }
  await verifyFiles(TAG, manifest, files);
  if (manifest.channels !== 1 || manifest.bitsPerSample !== 16) {
    throw new Error(`${TAG}: manifest.json says ${manifest.channels} channels of ${manifest.bitsPerSample} bits, expected 1 of 16`);
  }
  const clips = manifest.clips.map((info): SpeechClip => {
    const { sampleRate, pcm } = parseWavPcm16Mono(files[info.file], info.file);
    if (sampleRate !== manifest.sampleRate) throw new Error(`${TAG}: ${info.file}: sample rate ${sampleRate} Hz, the manifest says ${manifest.sampleRate}`);
    if (pcm.length !== info.samples) throw new Error(`${TAG}: ${info.file}: ${pcm.length} samples, the manifest says ${info.samples}`);
    const samples = Float32Array.from(pcm, (v) => v / 32768);
    return { id: info.id, text: info.text, voice: info.voice, language: info.language, samples, info };
  });
  return { sampleRate: manifest.sampleRate, clips, manifest };
}

/**
 * The speech clips of `public/data/speech/`: `{ sampleRate, clips: [{ id, text, voice, samples }] }`.
 * `fetchFn` is `fetch` by default; a cell passes `asset.fetch`.
 */
export async function loadSpeechClips(baseUrl = SPEECH_DIR, fetchFn: typeof fetch = fetch): Promise<SpeechClips> {
  const { manifestText, files } = await fetchVerified<SpeechManifest>(TAG, baseUrl, clipFiles, fetchFn, SPEECH_FORMAT);
  return parseSpeechClips({ manifest: manifestText, files });
}
