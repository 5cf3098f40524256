/**
 * Benchmark page (runs in headless Chromium): kernels and one training step of each book
 * workload, on our cpu / webgl / auto backends, tfjs webgl / wasm / cpu, and plain JS loops.
 * Posts `RESULT <json>` lines on the console; run.ts collects them into BENCHMARKS.md.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as E from '../../kernels/index.ts';
import { resolveBackend } from '../../kernels/backends/index.ts';
import { wasmSgemm } from '../../kernels/backends/cpu/wasm_sgemm.ts';
import { wasmUnary } from '../../kernels/backends/cpu/wasm_unary.ts';
import type { WebglBackend } from '../../kernels/backends/webgl/index.ts';
import '../../kernels/backends/webgl/index.ts'; // registers 'webgl'
import { WORKLOADS } from './workloads.ts';
import { engineGpt, tfjsGpt, GPT_BATCH, GPT_NEW_TOKENS } from './gpt.ts';
import { POET_CONFIG } from '../../kernels/models/index.ts';

export interface Row { group: string; case: string; impl: string; ms: number | null; reps: number; note?: string }

const params = new URLSearchParams(location.search);
const QUICK = params.has('quick');
const out = (r: Row) => console.log('RESULT ' + JSON.stringify(r));
const log = (s: string) => console.log('LOG ' + s);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Median ms over repeats after warm-up; stops early when a case exceeds its time budget. Each
 * repeat times `inner` calls (ms per call reported): a page that is not cross-origin isolated
 * gets performance.now() rounded to 0.1 ms, coarser than one small matmul.
 */
async function measure(f: () => unknown, warm = 2, reps = QUICK ? 3 : 7, budgetMs = QUICK ? 1500 : 4000, inner = 1) {
  const t0 = performance.now();
  for (let i = 0; i < warm; i++) { await f(); if (performance.now() - t0 > budgetMs) break; }
  const ts: number[] = [];
  const t1 = performance.now();
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    for (let j = 0; j < inner; j++) await f();
    ts.push((performance.now() - s) / inner);
    if (performance.now() - t1 > budgetMs && ts.length >= 1) break;
  }
  return { ms: median(ts), reps: ts.length };
}

async function guarded(group: string, kase: string, impl: string, f: () => Promise<{ ms: number; reps: number }>) {
  try {
    const r = await f();
    out({ group, case: kase, impl, ...r });
  } catch (e) {
    out({ group, case: kase, impl, ms: null, reps: 0, note: e instanceof Error ? e.message.slice(0, 160) : String(e) });
  }
}

function rand(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => { s = (s * 16807) % 2147483647; return s / 2147483647 - 0.5; });
}

// ?nowebgl: leave out both engines' webgl columns (on SwiftShader they take most of the run)
const NO_WEBGL = params.has('nowebgl');
const TF_BACKENDS = (['webgl', 'wasm', 'cpu'] as const).filter((b) => !NO_WEBGL || b !== 'webgl');
const OURS = (['cpu', 'webgl', 'auto'] as const).filter((b) => !NO_WEBGL || b !== 'webgl');

async function useTf(name: string) {
  await tf.setBackend(name);
  await tf.ready();
}

async function matmulCases(gl: WebglBackend) {
  const sizes = QUICK ? [64, 256, 512] : [64, 128, 256, 512, 1024];
  for (const n of sizes) {
    const A = rand(n * n, 1), B = rand(n * n, 2);
    const kase = `matmul n = ${n}`;
    // calls per timed repeat: enough for several ms at n = 64 and 128 (see `measure`)
    const inner = n <= 128 ? 32 : 1;
    for (const impl of OURS) {
      await guarded('kernels', kase, impl, async () => {
        // NOTE: resolveBackend follows the current backend (cpu64 at start), so 'auto' must be
        // selected first; without it this column measured the float64 cpu64 kernel
        if (impl === 'auto') E.setBackend('auto');
        const be = impl === 'auto' ? resolveBackend('matmul', n * n) : E.getBackendInstance(impl);
        if (impl === 'auto' && n === sizes[0]) log(`matmul on auto runs on ${be.name}`);
        const a = be.upload(A), b = be.upload(B);
        const r = await measure(() => { const c = be.matmul(a, [n, n], b, [n, n], [n, n], false, false); be.read(c); be.dispose(c); }, 2, undefined, undefined, inner);
        be.dispose(a); be.dispose(b);
        return r;
      });
    }
    for (const name of TF_BACKENDS) {
      if (name === 'cpu' && n > 512) { out({ group: 'kernels', case: kase, impl: `tfjs-${name}`, ms: null, reps: 0, note: 'skipped (too slow)' }); continue; }
      await guarded('kernels', kase, `tfjs-${name}`, async () => {
        await useTf(name);
        const a = tf.tensor2d(A, [n, n]), b = tf.tensor2d(B, [n, n]);
        const r = await measure(async () => { const c = tf.matMul(a, b); await c.data(); c.dispose(); }, 2, undefined, undefined, name === 'cpu' ? 1 : inner);
        a.dispose(); b.dispose();
        return r;
      });
    }
    await guarded('kernels', kase, 'plain JS', async () => measure(() => {
      const c = new Float32Array(n * n);
      for (let i = 0; i < n; i++) for (let p = 0; p < n; p++) {
        const av = A[i * n + p];
        for (let j = 0; j < n; j++) c[i * n + j] += av * B[p * n + j];
      }
      return c;
    }));
  }
  log(`webgl compiles after matmul: ${gl.compileCount()}`);
}

async function chainAndReduce() {
  const n = 512, X = rand(n * n, 3);
  const chain = 'elementwise chain: tanh(sqrt(exp(2x + 1))) on 512×512';
  const red = 'reduction: row sums of 1024×1024';
  const R = rand(1024 * 1024, 4);
  for (const impl of OURS) {
    E.setBackend(impl);
    await guarded('kernels', chain, impl, async () => {
      const x = E.tensor(X, { shape: [n, n] });
      const r = await measure(() => E.tidy(() => x.mul(2).add(1).exp().sqrt().tanh().dataSync()));
      x.dispose(); return r;
    });
    await guarded('kernels', red, impl, async () => {
      const x = E.tensor(R, { shape: [1024, 1024] });
      const r = await measure(() => E.tidy(() => x.sum(1).dataSync()));
      x.dispose(); return r;
    });
  }
  for (const name of TF_BACKENDS) {
    await useTf(name);
    await guarded('kernels', chain, `tfjs-${name}`, async () => {
      const x = tf.tensor2d(X, [n, n]);
      const r = await measure(async () => { const y = tf.tidy(() => x.mul(2).add(1).exp().sqrt().tanh()); await y.data(); y.dispose(); });
      x.dispose(); return r;
    });
    await guarded('kernels', red, `tfjs-${name}`, async () => {
      const x = tf.tensor2d(R, [1024, 1024]);
      const r = await measure(async () => { const y = x.sum(1); await y.data(); y.dispose(); });
      x.dispose(); return r;
    });
  }
  await guarded('kernels', chain, 'plain JS', async () => measure(() => X.map((v) => Math.tanh(Math.sqrt(Math.exp(2 * v + 1))))));
  await guarded('kernels', red, 'plain JS', async () => measure(() => {
    const s = new Float32Array(1024);
    for (let i = 0; i < 1024; i++) { let a = 0; for (let j = 0; j < 1024; j++) a += R[i * 1024 + j]; s[i] = a; }
    return s;
  }));
}

async function workloads(gl: WebglBackend) {
  for (const w of WORKLOADS) {
    for (const impl of OURS) {
      await guarded('training step', w.name, impl, async () => {
        E.setBackend(impl);
        const before = gl.compileCount();
        const step = w.engine();
        const r = await measure(step, 3);
        const after = gl.compileCount();
        step(); step();
        if (gl.compileCount() !== after) log(`${w.name} on ${impl}: recompiled inside the loop`);
        log(`${w.name} on ${impl}: ${after - before} kernels compiled, live textures ${gl.liveTextures()}`);
        return r;
      });
    }
    for (const name of TF_BACKENDS) {
      await guarded('training step', w.name, `tfjs-${name}`, async () => {
        await useTf(name);
        const step = w.tfjs(tf);
        return measure(step, 3);
      });
    }
    await guarded('training step', w.name, 'plain JS', async () => measure(w.plain(), 3));
  }
}

/** Section 5.6's GPT: one training step (a row of the training-step table) and generation. */
async function gptCases(gl: WebglBackend) {
  const c = POET_CONFIG;
  const stepCase = `GPT poet (${c.nLayer} layers × ${c.nHead} heads × ${c.nEmbd}, V ${c.vocabSize}; batch ${GPT_BATCH} × ${c.blockSize}, Adam)`;
  const genCase = `GPT poet: ${GPT_NEW_TOKENS} tokens, argmax, full context each token`;
  const firstLoss: Record<string, number> = {};
  for (const impl of OURS) {
    E.setBackend(impl);
    const before = gl.compileCount();
    const model = engineGpt();
    await guarded('training step', stepCase, impl, async () => {
      firstLoss[`ours ${impl}`] = model.step();
      return measure(() => model.step(), 2, QUICK ? 3 : 5);
    });
    await guarded('generation', genCase, impl, async () => measure(() => model.generate(), 1, 3));
    model.dispose();
    log(`GPT on ${impl}: ${gl.compileCount() - before} kernels compiled, live textures after dispose ${gl.liveTextures()}`);
  }
  E.setBackend('cpu');
  for (const name of TF_BACKENDS) {
    await useTf(name);
    const model = tfjsGpt(tf);
    await guarded('training step', stepCase, `tfjs-${name}`, async () => {
      firstLoss[`tfjs-${name}`] = await model.step();
      return measure(() => model.step(), 2, QUICK ? 3 : 5);
    });
    await guarded('generation', genCase, `tfjs-${name}`, async () => measure(() => model.generate(), 1, 3));
    model.dispose();
  }
  out({ group: 'training step', case: stepCase, impl: 'plain JS', ms: null, reps: 0, note: 'no hand-written GPT' });
  out({ group: 'generation', case: genCase, impl: 'plain JS', ms: null, reps: 0, note: 'no hand-written GPT' });
  // the same weights and batch on every side: the first losses must agree (≈ ln V at init)
  log(`GPT first-step loss (same weights, same batch; ln V = ${Math.log(c.vocabSize).toFixed(4)}): ${Object.entries(firstLoss).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
}

async function main() {
  setWasmPaths('/wasm/');
  const gl = E.getBackendInstance('webgl') as WebglBackend;
  log(`userAgent ${navigator.userAgent}`);
  const glc = new OffscreenCanvas(1, 1).getContext('webgl2');
  const dbg = glc?.getExtension('WEBGL_debug_renderer_info');
  log(`renderer ${dbg ? glc?.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : glc?.getParameter(glc.RENDERER)}`);
  log(`tfjs ${tf.version.tfjs}; wasm threads ${crossOriginIsolated}`);
  const sgemm = wasmSgemm();
  // the helper workers start asynchronously: wait for them so no timed call runs before they can
  const threads = sgemm ? await sgemm.startThreads() : 1;
  log(`ours cpu: float32 matmul in ${sgemm ? `WebAssembly SIMD${sgemm.fused ? ' with relaxed-SIMD fused multiply-add' : ''}` : 'JavaScript'}; exp/tanh in ${wasmUnary() ? 'WebAssembly SIMD' : 'JavaScript'}; matmul on ${threads} thread${threads === 1 ? '' : 's'} (cross-origin isolated: ${crossOriginIsolated})`);
  const only = params.get('only');
  if (!only || only === 'matmul') await matmulCases(gl);
  if (!only || only === 'kernels') await chainAndReduce();
  if (!only || only === 'workloads') await workloads(gl);
  if (!only || only === 'gpt') await gptCases(gl);
  log(`webgl compiles total: ${gl.compileCount()}`);
  console.log('DONE');
}

main().catch((e) => { console.log('ERR ' + (e?.stack ?? e)); console.log('DONE'); });
