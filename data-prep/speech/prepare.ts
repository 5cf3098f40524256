/**
 * Builds public/data/speech/: two short phrases synthesised by espeak-ng, a Mandarin one and an
 * English one, as 16 kHz mono 16-bit PCM WAV, with manifest.json. Chapter 6 computes their
 * spectrogram and log-mel frames in a cell. Run by hand, never by CI or `npm ci`:
 *
 *   node data-prep/speech/prepare.ts            (or: npm run prepare:speech)
 *
 * Needs the `espeak-ng` program (Debian/Ubuntu: `apt-get install espeak-ng`); the script only
 * checks that it is there and says how to install it. Nothing is downloaded. Options:
 *   --out DIR            output folder (default public/data/speech)
 *   --created YYYY-MM-DD date written to the manifest (default today)
 *   --keep               keep the temporary folder with espeak-ng's own 22,050 Hz files
 *
 * What it does, per clip:
 * 1. `espeak-ng -v <voice> -s <speed> -w tmp.wav <text>`: espeak-ng's default formant synthesiser
 *    writes mono 16-bit PCM at 22,050 Hz. `espeak-ng -x -q` gives the phoneme transcription, which
 *    is recorded and checked (see VOICE NOTE).
 * 2. Trims the silence espeak-ng leaves around the phrase: keeps the samples from the first to the
 *    last whose magnitude reaches 1% of full scale (328 of 32,768), and adds 100 ms of zeros before
 *    and after, so the clip has some true silence at both ends.
 * 3. Resamples 22,050 → 16,000 Hz with a windowed-sinc low-pass interpolator (no other program is
 *    used): output sample m is at input time t = m · 22050/16000 and is
 *      y[m] = Σ_k x[k] · h(t − k) / Σ_k h(t − k),   |t − k| < 64,
 *      h(u) = sinc(2 fc u / 22050) · blackman(u / 64),  fc = 7,500 Hz,
 *    i.e. an ideal low-pass at 7.5 kHz (below the new Nyquist frequency, 8 kHz, so what espeak-ng
 *    put between 7.5 and 11 kHz does not alias), truncated to ±64 input samples by a Blackman
 *    window, with the weights normalised to sum to 1 (exact gain at 0 Hz).
 * 4. Rounds to 16-bit integers without dither or gain change; the script stops if a sample would
 *    clip.
 * Then it writes the WAVs and manifest.json (sha256 and size of each file) and reads them back with
 * the book's loader (kernels/datasets/speech.ts).
 *
 * VOICE NOTE. The Mandarin clip uses the voice `cmn-latn-pinyin`, not `cmn`: in espeak-ng 1.51
 * (Debian 12) `cmn` turns each character into pinyin with a tone digit and then reads that as
 * English ("大" → "da four"; espeak-ng issues #1028 and #1236). The Han text is the same;
 * `cmn-latn-pinyin` pronounces it as Mandarin with its tones. The script refuses a Mandarin
 * transcription that switches to English ("(en)").
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sha256Hex } from '../../kernels/datasets/poems.ts';
import { SPEECH_FORMAT, encodeWavPcm16Mono, parseSpeechClips, parseWavPcm16Mono, type SpeechClipInfo, type SpeechManifest } from '../../kernels/datasets/speech.ts';

const started = performance.now();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The clips. `speed` is espeak-ng's -s (words per minute; 175 is its default). */
const CLIPS = [
  { id: 'zh', file: 'zh.wav', text: '大模型互动教科书', voice: 'cmn-latn-pinyin', language: 'zh-CN', speed: 175 },
  { id: 'en', file: 'en.wav', text: 'Gradbook, an interactive textbook', voice: 'en', language: 'en', speed: 175 },
] as const;

const OUT_RATE = 16_000;
const CUTOFF_HZ = 7_500;
const HALF_WIDTH = 64; // input samples on each side
const TRIM_LEVEL = 328; // 1% of full scale
const PAD_S = 0.1;
const MAX_TOTAL_BYTES = 200_000;

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: join(ROOT, 'public/data/speech') },
    created: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const created = args.created ?? new Date().toISOString().slice(0, 10);
const log = (...parts: unknown[]) => console.log(...parts);
const run = (cmd: string, argv: string[]) => execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// ---------------------------------------------------------------------------------------------
// 1. espeak-ng

let versionLine: string;
try {
  versionLine = run('espeak-ng', ['--version']).trim();
} catch {
  console.error('espeak-ng was not found. Install it first, e.g. on Debian or Ubuntu:\n  sudo apt-get install espeak-ng\nthen run this script again.');
  process.exit(1);
}
// "eSpeak NG text-to-speech: 1.51  Data at: /usr/lib/…/espeak-ng-data": keep the program and version, not the path
const versionOutput = versionLine.replace(/\s+Data at:.*$/s, '');
const version = /text-to-speech:\s*(\S+)/.exec(versionOutput)?.[1];
if (!version) throw new Error(`cannot read the version from espeak-ng --version: ${JSON.stringify(versionLine)}`);
let debianPackage: string | undefined;
try {
  debianPackage = `espeak-ng ${run('dpkg-query', ['-W', '-f=${Version}', 'espeak-ng']).trim()}`;
} catch {
  debianPackage = undefined; // not installed from a .deb, or not Debian
}

const tmp = mkdtempSync(join(tmpdir(), 'speech-'));
process.on('exit', () => {
  if (args.keep) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// 2. trimming and resampling

/** The phrase from the first to the last sample with |x| ≥ TRIM_LEVEL, with PAD_S of zeros on each side. */
function trim(pcm: Int16Array, rate: number): { samples: Float64Array; first: number; last: number } {
  let first = -1, last = -1;
  for (let i = 0; i < pcm.length; i++) {
    if (Math.abs(pcm[i]) >= TRIM_LEVEL) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) throw new Error('espeak-ng wrote only silence');
  const pad = Math.round(PAD_S * rate);
  const samples = new Float64Array(pad + (last - first + 1) + pad);
  for (let i = first; i <= last; i++) samples[pad + i - first] = pcm[i];
  return { samples, first, last };
}

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
/** Blackman window on [-1, 1]. */
const blackman = (u: number) => (Math.abs(u) >= 1 ? 0 : 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u));

/** Windowed-sinc resampling from `inRate` to `outRate` (see the header). */
function resample(x: Float64Array, inRate: number, outRate: number): Float64Array {
  const step = inRate / outRate;
  const fc = (2 * CUTOFF_HZ) / inRate; // cutoff as a fraction of the input Nyquist band, × 2
  const n = Math.floor((x.length - 1) / step) + 1;
  const y = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    const t = m * step;
    let sum = 0, norm = 0;
    for (let k = Math.max(0, Math.ceil(t - HALF_WIDTH)); k <= Math.min(x.length - 1, Math.floor(t + HALF_WIDTH)); k++) {
      const h = sinc(fc * (t - k)) * blackman((t - k) / HALF_WIDTH);
      sum += x[k] * h;
      norm += h;
    }
    y[m] = sum / norm;
  }
  return y;
}

/** Rounds to int16; throws if a sample would clip. */
function toPcm16(y: Float64Array, what: string): Int16Array {
  const out = new Int16Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = Math.round(y[i]);
    if (v > 32767 || v < -32768) throw new Error(`${what}: sample ${i} is ${v} after resampling, it would clip`);
    out[i] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 3. the clips

const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });
const files: SpeechManifest['files'] = {};
const clips: SpeechClipInfo[] = [];
for (const clip of CLIPS) {
  const raw = join(tmp, `${clip.id}-espeak.wav`);
  run('espeak-ng', ['-v', clip.voice, '-s', String(clip.speed), '-w', raw, clip.text]);
  // espeak-ng prints one line per clause; joined with spaces
  const phonemes = run('espeak-ng', ['-v', clip.voice, '-s', String(clip.speed), '-q', '-x', clip.text]).trim().replace(/\s*\n\s*/g, ' ');
  if (clip.language.startsWith('zh') && phonemes.includes('(en)')) {
    throw new Error(`${clip.id}: espeak-ng reads part of ${JSON.stringify(clip.text)} as English with voice ${clip.voice}: ${phonemes}`);
  }
  const espeakWav = parseWavPcm16Mono(new Uint8Array(readFileSync(raw)), `${clip.id}-espeak.wav`);
  const { samples, first, last } = trim(espeakWav.pcm, espeakWav.sampleRate);
  const pcm = toPcm16(resample(samples, espeakWav.sampleRate, OUT_RATE), clip.id);
  const wav = encodeWavPcm16Mono(pcm, OUT_RATE);
  writeFileSync(join(outDir, clip.file), wav);
  files[clip.file] = { bytes: wav.length, sha256: await sha256Hex(wav) };
  let peak = 0;
  for (const v of pcm) peak = Math.max(peak, Math.abs(v));
  clips.push({
    id: clip.id,
    file: clip.file,
    text: clip.text,
    voice: clip.voice,
    language: clip.language,
    speed: clip.speed,
    phonemes,
    samples: pcm.length,
    seconds: +(pcm.length / OUT_RATE).toFixed(4),
    peak: +(peak / 32768).toFixed(4),
    espeak: {
      sampleRate: espeakWav.sampleRate,
      samples: espeakWav.pcm.length,
      kept: [first, last + 1],
      command: `espeak-ng -v ${clip.voice} -s ${clip.speed} -w ${clip.file} '${clip.text}'`,
    },
  });
}

const manifest: SpeechManifest = {
  format: SPEECH_FORMAT,
  description:
    "Two short phrases synthesised by espeak-ng for the spectrogram of chapter 6, 16 kHz mono 16-bit PCM WAV. Not a recording of a person: espeak-ng is a formant synthesiser (vowels and voiced sounds are computed from rules for the formants and pitch; unvoiced consonants such as s, sh, f use short noise samples from its phoneme data).",
  sampleRate: OUT_RATE,
  channels: 1,
  bitsPerSample: 16,
  source: {
    program: 'espeak-ng',
    version,
    versionOutput,
    ...(debianPackage ? { package: debianPackage } : {}),
    programLicence: 'GPL-3.0-or-later',
    url: 'https://github.com/espeak-ng/espeak-ng',
    synthesis: "espeak-ng's default formant synthesiser (no MBROLA voice, no neural model)",
  },
  licence: 'CC0-1.0',
  licenceNote:
    "The clips are released by Gradbook under CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/): no rights reserved. espeak-ng's licence, GPL-3.0-or-later, covers the program and its data, not these clips: GPLv3 section 2 says 'The output from running a covered work is covered by this License only if the output, given its content, constitutes a covered work', and two short phrases of synthesised speech are output, not the program.",
  processing: {
    trim: `kept espeak-ng's samples from the first to the last with |x| >= ${TRIM_LEVEL} (1% of full scale), then added ${PAD_S * 1000} ms of zeros before and after`,
    resampling: `windowed-sinc low-pass interpolation 22050 -> ${OUT_RATE} Hz in this script: cutoff ${CUTOFF_HZ} Hz, Blackman window over +-${HALF_WIDTH} input samples, weights normalised to sum 1`,
    quantisation: 'rounded to int16, no dither, no gain change (the script refuses clipping)',
  },
  clips,
  created,
  script: 'data-prep/speech/prepare.ts',
  files,
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// ---------------------------------------------------------------------------------------------
// 4. read back with the loader, and report

const back = await parseSpeechClips({
  manifest: readFileSync(join(outDir, 'manifest.json'), 'utf8'),
  files: Object.fromEntries(CLIPS.map((c) => [c.file, new Uint8Array(readFileSync(join(outDir, c.file)))])),
});
log(`\n${versionOutput}${debianPackage ? ` (${debianPackage})` : ''}`);
for (const c of back.clips) {
  const info = clips.find((x) => x.id === c.id)!;
  log(`  ${c.id}  ${c.voice.padEnd(16)} ${(c.samples.length / back.sampleRate).toFixed(2)} s, ${c.samples.length} samples, peak ${info.peak}  ${c.text}`);
  log(`      ${info.phonemes}`);
}
log(`\nwrote ${relative(ROOT, outDir) || outDir}/:`);
let total = 0;
for (const [name, { bytes, sha256 }] of [...Object.entries(files), ['manifest.json', { bytes: statSync(join(outDir, 'manifest.json')).size, sha256: '' }] as const]) {
  total += bytes;
  log(`  ${name.padEnd(16)} ${String(bytes).padStart(8)} B  ${sha256.slice(0, 16)}`);
}
log(`  ${'total'.padEnd(16)} ${String(total).padStart(8)} B`);
if (total > MAX_TOTAL_BYTES) throw new Error(`the folder is ${total} bytes, over the ${MAX_TOTAL_BYTES} budget: shorten the phrases`);
log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
