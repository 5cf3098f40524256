/**
 * The speech clips in public/data/speech/ (written by data-prep/speech/prepare.ts): the manifest's
 * sizes and sha256, the format (16 kHz mono 16-bit PCM), durations and levels, the provenance and
 * licence, refusal of a changed byte and of other WAV formats, and loading through a fetch as a cell
 * does. Reads the committed files only; espeak-ng is not needed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../kernels/index.ts';
import { publicFetch } from './public-fetch.ts';
import {
  SPEECH_FORMAT,
  encodeWavPcm16Mono,
  loadSpeechClips,
  parseSpeechClips,
  parseWavPcm16Mono,
  type SpeechFiles,
  type SpeechManifest,
} from '../../kernels/datasets/speech.ts';

const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));
const DIR = `${PUBLIC}data/speech/`;
const read = (name: string) => new Uint8Array(readFileSync(DIR + name));
const manifestText = readFileSync(`${DIR}manifest.json`, 'utf8');
const manifest = JSON.parse(manifestText) as SpeechManifest;
const input = (): SpeechFiles => ({ manifest: manifestText, files: Object.fromEntries(manifest.clips.map((c) => [c.file, read(c.file)])) });

/** A copy of a WAV with the 16-bit little-endian field at `at` set to `value`. */
function withU16(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint16(at, value, true);
  return copy;
}

describe('speech: files, hashes, provenance', () => {
  it('every file in the folder is in the manifest with its size and sha256, and nothing else is', () => {
    const onDisk = readdirSync(DIR).filter((n) => n !== 'manifest.json').sort();
    expect(Object.keys(manifest.files).sort()).toEqual(onDisk);
    expect(manifest.clips.map((c) => c.file).sort()).toEqual(onDisk);
    for (const [name, { bytes, sha256 }] of Object.entries(manifest.files)) {
      const data = read(name);
      expect(data.length, name).toBe(bytes);
      expect(createHash('sha256').update(data).digest('hex'), name).toBe(sha256);
    }
  });

  it('is small: the whole folder under 200 kB', () => {
    const total = readdirSync(DIR).reduce((s, n) => s + statSync(DIR + n).size, 0);
    expect(total).toBeLessThan(200_000);
  });

  it('records espeak-ng, its version and licence, the voices and texts, and releases the clips under CC0', () => {
    expect(manifest.format).toBe(SPEECH_FORMAT);
    expect(manifest).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16, licence: 'CC0-1.0' });
    expect(manifest.source).toMatchObject({ program: 'espeak-ng', programLicence: 'GPL-3.0-or-later' });
    expect(manifest.source.version).toMatch(/^\d+\.\d+/);
    expect(manifest.source.versionOutput).toContain(`eSpeak NG text-to-speech: ${manifest.source.version}`);
    expect(String(manifest.licenceNote)).toMatch(/CC0 1\.0/);
    expect(String(manifest.licenceNote)).toMatch(/GPL/);
    expect(String(manifest.description)).toMatch(/not a recording of a person/i);
    const byId = Object.fromEntries(manifest.clips.map((c) => [c.id, c]));
    expect(byId.zh).toMatchObject({ text: '大模型互动教科书', voice: 'cmn-latn-pinyin', language: 'zh-CN' });
    expect(byId.en).toMatchObject({ text: 'Gradbook, an interactive textbook', voice: 'en', language: 'en' });
    // espeak-ng read the Han text as Mandarin, not as English letters and digits
    expect(byId.zh.phonemes).not.toContain('(en)');
  });
});

describe('speech: the clips', () => {
  it('parse as 16 kHz mono PCM16 with the manifest’s lengths, 1.5–2.5 s each', async () => {
    const { sampleRate, clips } = await parseSpeechClips(input());
    expect(sampleRate).toBe(16000);
    expect(clips.map((c) => c.id)).toEqual(['zh', 'en']);
    for (const clip of clips) {
      const info = manifest.clips.find((c) => c.id === clip.id)!;
      expect(clip.samples).toBeInstanceOf(Float32Array);
      expect(clip.samples.length).toBe(info.samples);
      // the 44-byte header plus 2 bytes a sample
      expect(manifest.files[info.file].bytes).toBe(44 + 2 * info.samples);
      const seconds = clip.samples.length / sampleRate;
      expect(seconds, clip.id).toBeGreaterThan(1.5);
      expect(seconds, clip.id).toBeLessThan(2.5);
    }
  });

  it('have a sane level: peak between −6 and 0 dBFS, no clipping, no DC, silence at both ends', async () => {
    const { clips } = await parseSpeechClips(input());
    for (const clip of clips) {
      const x = clip.samples;
      let peak = 0, sum = 0, atFull = 0;
      for (const v of x) {
        peak = Math.max(peak, Math.abs(v));
        sum += v;
        if (Math.abs(v) >= 32767 / 32768) atFull++;
      }
      expect(peak, clip.id).toBeGreaterThan(0.5);
      expect(peak, clip.id).toBeLessThanOrEqual(1);
      expect(peak, clip.id).toBeCloseTo(clip.info.peak as number, 3);
      expect(atFull, `${clip.id}: samples at full scale`).toBe(0);
      expect(Math.abs(sum / x.length), `${clip.id}: mean`).toBeLessThan(0.01);
      // the script adds 100 ms of zeros before and after the phrase (the resampler's ±64-tap kernel
      // reaches 46 output samples into them)
      const lead = x.subarray(0, 1500), tail = x.subarray(x.length - 1500);
      expect(Math.max(...lead.map(Math.abs)), `${clip.id}: lead-in`).toBeLessThan(1e-3);
      expect(Math.max(...tail.map(Math.abs)), `${clip.id}: tail`).toBeLessThan(1e-3);
      // and the phrase itself is loud: RMS of the middle second above −30 dBFS
      const mid = x.subarray(Math.floor(x.length / 2) - 8000, Math.floor(x.length / 2) + 8000);
      const rms = Math.sqrt(mid.reduce((s, v) => s + v * v, 0) / mid.length);
      expect(20 * Math.log10(rms), `${clip.id}: RMS`).toBeGreaterThan(-30);
    }
  });

  it('loads through a fetch as a cell does (asset.fetch), also from the datasets namespace', async () => {
    const asked: string[] = [];
    const { sampleRate, clips } = await loadSpeechClips('/data/speech', publicFetch(asked));
    expect(sampleRate).toBe(16000);
    expect(clips.map((c) => [c.id, c.text, c.voice])).toEqual([
      ['zh', '大模型互动教科书', 'cmn-latn-pinyin'],
      ['en', 'Gradbook, an interactive textbook', 'en'],
    ]);
    expect(asked.sort()).toEqual(['/data/speech/en.wav', '/data/speech/manifest.json', '/data/speech/zh.wav']);
    const again = await datasets.loadSpeechClips('/data/speech/', publicFetch());
    expect(Array.from(again.clips[1].samples.subarray(2000, 2010))).toEqual(Array.from(clips[1].samples.subarray(2000, 2010)));
  });
});

describe('speech: refusals', () => {
  it('refuses a clip with one byte changed (sha256)', async () => {
    const files = input();
    const zh = files.files['zh.wav'].slice();
    zh[10_000] ^= 1;
    await expect(parseSpeechClips({ ...files, files: { ...files.files, 'zh.wav': zh } })).rejects.toThrow(/speech: zh\.wav sha256 mismatch/);
    const tampered: typeof fetch = (async (url: string | URL) => {
      const res = await publicFetch()(url);
      if (!String(url).endsWith('en.wav')) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      bytes[bytes.length - 1] ^= 0x80;
      return new Response(bytes);
    }) as typeof fetch;
    await expect(loadSpeechClips('/data/speech/', tampered)).rejects.toThrow(/en\.wav sha256 mismatch/);
  });

  it('refuses a missing file, a manifest of another format, a failed fetch', async () => {
    const files = input();
    await expect(parseSpeechClips({ ...files, files: { 'zh.wav': files.files['zh.wav'] } })).rejects.toThrow(/en\.wav is missing/);
    await expect(parseSpeechClips({ ...files, manifest: manifestText.replace(SPEECH_FORMAT, 'gradbook-speech/0') })).rejects.toThrow(/format/);
    await expect(loadSpeechClips('/data/nowhere/', publicFetch())).rejects.toThrow(/404/);
  });

  it('parses only RIFF/WAVE PCM16 mono, with clear errors for anything else', () => {
    const wav = read('en.wav');
    const ok = parseWavPcm16Mono(wav, 'en.wav');
    expect(ok.sampleRate).toBe(16000);
    expect(ok.pcm.length).toBe(manifest.clips.find((c) => c.id === 'en')!.samples);
    // field offsets in the 44-byte header: format 20, channels 22, block align 32, bits 34
    expect(() => parseWavPcm16Mono(withU16(wav, 20, 3), 'x.wav')).toThrow('speech: x.wav: not a PCM16 mono WAV: audio format 3 (IEEE float), expected 1 (PCM)');
    expect(() => parseWavPcm16Mono(withU16(wav, 20, 0xfffe), 'x.wav')).toThrow(/audio format 65534 \(WAVE_FORMAT_EXTENSIBLE\)/);
    expect(() => parseWavPcm16Mono(withU16(wav, 22, 2), 'x.wav')).toThrow(/2 channels, expected 1/);
    expect(() => parseWavPcm16Mono(withU16(wav, 34, 24), 'x.wav')).toThrow(/24 bits per sample, expected 16/);
    expect(() => parseWavPcm16Mono(wav.subarray(0, wav.length - 2), 'x.wav')).toThrow(/the RIFF header says \d+ bytes, the file has \d+/);
    const notRiff = wav.slice();
    notRiff.set([0x4f, 0x67, 0x67, 0x53], 0); // "OggS"
    expect(() => parseWavPcm16Mono(notRiff, 'x.wav')).toThrow(/starts with "OggS", expected "RIFF"/);
    expect(() => parseWavPcm16Mono(new Uint8Array(8), 'x.wav')).toThrow(/too short/);
  });

  it('refuses a non-PCM16 clip even when the manifest lists its hash', async () => {
    const files = input();
    const floatHeader = withU16(files.files['en.wav'], 20, 3);
    const sha256 = createHash('sha256').update(floatHeader).digest('hex');
    const m = JSON.parse(manifestText) as SpeechManifest;
    m.files['en.wav'] = { bytes: floatHeader.length, sha256 };
    await expect(parseSpeechClips({ manifest: JSON.stringify(m), files: { ...files.files, 'en.wav': floatHeader } })).rejects.toThrow(/en\.wav: not a PCM16 mono WAV: audio format 3/);
  });

  it('round-trips the encoder, skips other chunks, and checks the sample rate against the manifest', async () => {
    const pcm = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const wav = encodeWavPcm16Mono(pcm, 8000);
    expect(parseWavPcm16Mono(wav)).toEqual({ sampleRate: 8000, pcm });
    // a LIST chunk (odd size, padded) between fmt and data is skipped
    const list = new Uint8Array([...new TextEncoder().encode('LIST'), 3, 0, 0, 0, 1, 2, 3, 0]);
    const withList = new Uint8Array(wav.length + list.length);
    withList.set(wav.subarray(0, 36));
    withList.set(list, 36);
    withList.set(wav.subarray(36), 36 + list.length);
    new DataView(withList.buffer).setUint32(4, withList.length - 8, true);
    expect(parseWavPcm16Mono(withList)).toEqual({ sampleRate: 8000, pcm });
    // a clip at another rate, with a matching hash, is refused by the manifest's sample rate
    const files = input();
    const enPcm = parseWavPcm16Mono(files.files['en.wav']).pcm;
    const at22k = encodeWavPcm16Mono(enPcm, 22050);
    const m = JSON.parse(manifestText) as SpeechManifest;
    m.files['en.wav'] = { bytes: at22k.length, sha256: createHash('sha256').update(at22k).digest('hex') };
    await expect(parseSpeechClips({ manifest: JSON.stringify(m), files: { ...files.files, 'en.wav': at22k } })).rejects.toThrow(/en\.wav: sample rate 22050 Hz, the manifest says 16000/);
  });
});
