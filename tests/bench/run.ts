/**
 * `npm run bench`: bundles the engine + benchmark page, serves it on localhost, runs it once in
 * headless Chromium (WebGL2 through whatever GPU or SwiftShader the browser has) and writes
 * BENCHMARKS.md. Options: --quick (fewer sizes/repeats), --only=matmul|kernels|workloads|gpt,
 * --no-webgl (skip both engines' webgl columns: minutes on SwiftShader), --out=FILE.
 * The page is cross-origin isolated (threads for tfjs-wasm and our matmul); the matmul cases run
 * a second time on the same page served without isolation (one thread on both sides), as a book
 * page served without COOP/COEP runs, unless --isolated-only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withOtherSections } from './section.ts';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { bundle, serve, openPage, PAGE_HTML, ROOT } from './harness.ts';
import type { Row } from './page.ts';
import { GPT_BATCH, GPT_NEW_TOKENS } from './gpt.ts';
import { POET_CONFIG } from '../../kernels/models/poet.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const outFile = args.find((a) => a.startsWith('--out='))?.slice(6) ?? join(ROOT, 'BENCHMARKS.md');

const started = Date.now();
const js = await bundle(join(ROOT, 'tests/bench/page.ts'));
const rows: Row[] = [];
const logs: string[] = [];
/** Group of the matmul rows measured on the page without cross-origin isolation. */
const NOT_ISOLATED = 'kernels, not cross-origin isolated';

/** One browser session on the page (isolated or not) with `query`; rows of groups renamed by `group`. */
async function session(query: string, isolated: boolean, group: (g: string) => string, minutes: number): Promise<string> {
  const { url, server } = await serve({ '/': PAGE_HTML, '/main.js': js },
    { '/wasm/': join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/') }, { isolated });
  let finish!: () => void;
  const done = new Promise<void>((r) => { finish = r; });
  const tag = isolated ? '' : '[not isolated] ';
  const s = await openPage(`${url}/?${query}`, (line) => {
    if (line.startsWith('RESULT ')) {
      const r = JSON.parse(line.slice(7)) as Row;
      r.group = group(r.group);
      rows.push(r);
      console.log(`${r.group} | ${r.case} | ${r.impl}: ${r.ms === null ? r.note : r.ms.toFixed(2) + ' ms'}`);
    } else if (line.startsWith('LOG ')) { logs.push(tag + line.slice(4)); console.log(tag + line.slice(4)); }
    else if (line.startsWith('ERR')) { logs.push(tag + line); console.error(tag + line); }
    if (line === 'DONE') finish();
  });
  const version = s.browser.version();
  const timeout = setTimeout(() => { logs.push(`ERR ${tag}timed out after ${minutes} minutes`); finish(); }, minutes * 60_000);
  await done;
  clearTimeout(timeout);
  await s.close();
  server.close();
  return version;
}

const query = [quick ? 'quick' : '', only ? `only=${only}` : '', args.includes('--no-webgl') ? 'nowebgl' : ''].filter(Boolean).join('&');
const browserVersion = await session(query, true, (g) => g, 12);
if ((!only || only === 'matmul') && !args.includes('--isolated-only')) {
  // webgl does not depend on isolation: only the CPU columns are measured again
  await session(['only=matmul', 'nowebgl', quick ? 'quick' : ''].filter(Boolean).join('&'), false, () => NOT_ISOLATED, 4);
}
const seconds = Math.round((Date.now() - started) / 1000);

// ---- BENCHMARKS.md ----
const IMPLS = ['cpu', 'webgl', 'auto', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu', 'plain JS'];
const fmtMs = (ms: number | null | undefined) => (ms == null ? '—' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
const byCase = new Map<string, Map<string, Row>>();
for (const r of rows) {
  const key = `${r.group}\u0000${r.case}`;
  if (!byCase.has(key)) byCase.set(key, new Map());
  byCase.get(key)!.set(r.impl, r);
}

/** `perCall` turns a row's ms into the unit shown (default: ms as measured, lower is better). */
function table(group: string, perCall?: { fmt: (ms: number) => string; ratio: (ours: number, theirs: number) => number }): string {
  const lines = [
    `| case | ${IMPLS.map((i) => (['cpu', 'webgl', 'auto'].includes(i) ? `ours ${i}` : i)).join(' | ')} | webgl ÷ tfjs-webgl | auto ÷ best tfjs |`,
    `| --- | ${IMPLS.map(() => '---:').join(' | ')} | ---: | ---: |`,
  ];
  for (const [key, m] of byCase) {
    const [g, c] = key.split('\u0000');
    if (g !== group) continue;
    const ms = (i: string) => m.get(i)?.ms ?? null;
    const tfs = ['tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu'].map(ms).filter((x): x is number => x !== null);
    const best = tfs.length ? Math.min(...tfs) : null;
    const ratio = (a: number | null, b: number | null) => (a !== null && b !== null ? `${(perCall ? perCall.ratio(a, b) : a / b).toFixed(2)}×` : '—');
    const cell = (i: string) => { const v = ms(i); return v === null ? '—' : perCall ? perCall.fmt(v) : fmtMs(v); };
    lines.push(`| ${c} | ${IMPLS.map(cell).join(' | ')} | ${ratio(ms('webgl'), ms('tfjs-webgl'))} | ${ratio(ms('auto'), best)} |`);
  }
  return lines.join('\n');
}

const cpu = cpus();

/**
 * Achieved GFLOP/s of matmul and of the GPT training step beside the peak. FLOPs of the step:
 * its matmuls (forward 2·m·k·n each; backward twice that), which is all but a few percent of it.
 */
function throughput(): string {
  // os.cpus() reports speed 0 in some VMs; /proc/cpuinfo's "cpu MHz" is the nominal clock there
  let mhz = Math.max(...cpu.map((c) => c.speed));
  try { mhz = Math.max(mhz, ...[...readFileSync('/proc/cpuinfo', 'utf8').matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]))); } catch { /* not Linux */ }
  const ghz = mhz / 1000, cores = cpu.length;
  // WebAssembly SIMD is 128 bits: 4 float32 lanes; an FMA is 2 FLOPs; x86 server cores issue 2 FMAs per cycle
  const lanePeak = cores * 4 * ghz, fmaPeak = lanePeak * 2 * 2;
  const c = POET_CONFIG, T = GPT_BATCH * c.blockSize, d = c.nEmbd, hd = d / c.nHead;
  const perLayer = 2 * T * d * (3 * d + d + 4 * d + 4 * d) + 2 * 2 * GPT_BATCH * c.nHead * c.blockSize * c.blockSize * hd;
  const forward = c.nLayer * perLayer + 2 * T * d * c.vocabSize;
  const stepFlops = 3 * forward;
  const gf = (flops: number, ms: number | null | undefined) => (ms == null ? '—' : (flops / ms / 1e6).toFixed(1));
  const row = (kase: string) => byCase.get(`${kase.startsWith('GPT') ? 'training step' : 'kernels'}\u0000${kase}`);
  const lines = [
    `Peak (cores × SIMD width × clock): ${cores} cores × 4 float32 lanes (WebAssembly SIMD, 128 bits) × ${ghz.toFixed(1)} GHz (nominal, /proc/cpuinfo) = ` +
      `${lanePeak.toFixed(1)} G lane-ops/s; with a fused multiply-add (2 FLOPs) on each of 2 FMA ports per core, ${fmaPeak.toFixed(0)} GFLOP/s ` +
      `(${(fmaPeak / cores).toFixed(0)} on one thread, which ours and tfjs-wasm are limited to without cross-origin isolation). Turbo clocks above nominal can exceed it.`,
    '',
    '| case | FLOPs | ours auto GFLOP/s | tfjs-wasm GFLOP/s | best tfjs GFLOP/s | ours auto, not isolated | tfjs-wasm, not isolated |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const gptCase = [...byCase.keys()].map((k) => k.split('\u0000')[1]).find((k) => k.startsWith('GPT poet (')) ?? '';
  const cases: [string, number][] = [64, 128, 256, 512, 1024].map((n) => [`matmul n = ${n}`, 2 * n ** 3]);
  if (gptCase) cases.push([gptCase, stepFlops]);
  for (const [kase, flops] of cases) {
    const m = row(kase);
    if (!m) continue;
    const tfs = ['tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu'].map((i) => m.get(i)?.ms).filter((x): x is number => x != null);
    const lone = byCase.get(`${NOT_ISOLATED}\u0000${kase}`);
    lines.push(`| ${kase} | ${(flops / 1e9).toFixed(3)} G | ${gf(flops, m.get('auto')?.ms)} | ${gf(flops, m.get('tfjs-wasm')?.ms)} | ${gf(flops, tfs.length ? Math.min(...tfs) : null)} | ` +
      `${gf(flops, lone?.get('auto')?.ms)} | ${gf(flops, lone?.get('tfjs-wasm')?.ms)} |`);
  }
  return lines.join('\n');
}
const md = `# Benchmarks

Generated by \`npm run bench\` (\`node tests/bench/run.ts${args.length ? ' ' + args.join(' ') : ''}\`) on ${new Date().toISOString().slice(0, 10)}.

- Browser: Chromium ${browserVersion}, headless; ${logs.find((l) => l.startsWith('renderer')) ?? ''}
- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}
- ${logs.find((l) => l.startsWith('tfjs')) ?? ''}
- Whole run: ${seconds} s, one browser session.

**Read this first.** On this machine WebGL2 is SwiftShader, a CPU emulation of a GPU. The numbers
compare kernels on the same emulator; they do not predict a real GPU, where the GPU columns
would be far faster relative to the CPU columns.

## Method

Each cell is the median wall-clock time in milliseconds of one call, after warm-up calls (2 for
kernels, 3 for training steps), over up to ${quick ? 3 : 7} repeats (fewer when a case passes a
time budget of ${quick ? 1.5 : 4} s). Every timed call ends with the result read back to
JavaScript (\`read\`/\`dataSync\`/\`item()\` for ours, \`await data()\` for tfjs), so GPU work is
included. "ours auto" is \`setBackend('auto')\` with the default policy: on a real GPU each op runs on
webgl when its output has at least 16,384 elements, else on cpu; when the webgl backend reports
\`software\` (SwiftShader, llvmpipe: a GPU emulated on the CPU, as here) every op runs on cpu, since
an emulated GPU does the same arithmetic on the same cores plus texture and shader overhead.
The cpu backend (float32) runs large matmuls in a WebAssembly SIMD kernel (f32x4, 4×8 register
tiles, fused multiply-add through relaxed SIMD, float32 sums; products from 2 × 128³ multiply-adds split
across helper workers when the page is cross-origin isolated, one thread otherwise) and large exp and tanh in
WebAssembly SIMD too, falling back to JavaScript (float64 4×4 tiles) where WebAssembly SIMD is missing;
it walks broadcasts and reductions row by row (no per-element index maps) and recycles disposed arrays. tfjs is @tensorflow/tfjs ${logs.find((l) => l.startsWith('tfjs'))?.split(';')[0].slice(5) ?? ''}
with its webgl, wasm (SIMD${logs.some((l) => l.includes('threads true')) ? ' + threads' : ''}) and cpu backends. "plain JS" is a hand-written
loop (float32 arrays for kernels, float64 for training steps). A training step is forward + loss +
backward + SGD update, ending with the loss read back; the GPT row uses Adam (both sides) and starts tfjs
from our weights, so both compute the same function (first losses in the log). — means not run (note in the log).

## Kernels

${table('kernels')}

### Matmul without cross-origin isolation

The same page served without COOP/COEP (as a book page is unless its host sends them): no
SharedArrayBuffer, so our matmul runs on one thread and tfjs-wasm without its thread pool. The
table above is the isolated page (threads on both sides: ${logs.find((l) => l.startsWith('ours cpu'))?.match(/matmul on (\d+) threads?/)?.[1] ?? '?'} for ours).

${[...byCase.keys()].some((k) => k.startsWith(NOT_ISOLATED)) ? table(NOT_ISOLATED) : '(not run: --only without matmul, or --isolated-only)'}

## One training step of each book workload

${table('training step')}

## Generation

Tokens per second (higher is better) of the poet GPT writing ${GPT_NEW_TOKENS} tokens; the ratio columns
are ours ÷ theirs in speed (above 1× means ours is faster). Generation is latency-bound: each token
is one small forward pass, so per-op overhead, not arithmetic, sets the pace. On webgl both engines
also compile shaders for each new context length during the first poem (ours: one set per length
up to blockSize = 49, then none; see "compiled" in the log).

${table('generation', { fmt: (ms) => { const r = GPT_NEW_TOKENS / (ms / 1000); return r < 10 ? r.toFixed(1) : r.toFixed(0); }, ratio: (ours, theirs) => theirs / ours })}

## Throughput against the machine's peak

${throughput()}

## Log

\`\`\`
${logs.join('\n')}
\`\`\`
`;
writeFileSync(outFile, withOtherSections(md, outFile));
console.log(`wrote ${outFile} (${seconds} s)`);

