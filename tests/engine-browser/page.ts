/** Browser side of the engine tests: kernel checks on real WebGL2, memory, compiles, fallback. */
import { getBackendInstance, registerBackend, setBackend, getBackend } from '../../kernels/backends/index.ts';
import { createWebglBackend, onWebglFallback, type WebglFallback } from '../../kernels/backends/webgl/index.ts';
import * as E from '../../kernels/index.ts';
import * as M from '../../kernels/models/index.ts';
import { runKernelChecks, type CaseResult } from './cases.ts';
import { pipelineMemoryCheck } from './memory.ts';
import { useWasmSgemm, wasmSgemm } from '../../kernels/backends/cpu/wasm_sgemm.ts';

function trainingCompilesOnce(): CaseResult {
  const b = createWebglBackend('webgl2', 'webgl-test');
  registerBackend('webgl-test', () => b);
  setBackend('webgl-test');
  try {
    const x = E.randn([64, 4]), y = E.rand([64, 1]);
    const model = new E.nn.Sequential(new E.nn.Linear(4, 16), new E.nn.ReLU(), new E.nn.Linear(16, 1));
    const opt = new E.optim.Adam(model.parameters(), { lr: 0.01 });
    const step = () => E.tidy(() => {
      opt.zeroGrad();
      const loss = E.F.mseLoss(model.forward(x), y);
      loss.backward(); opt.step();
      return loss.item();
    });
    // NOTE: two warm-up steps: Adam's first step takes a different path (fresh moment buffers)
    step();
    step();
    const compiles = b.compileCount(), textures = b.liveTextures();
    for (let i = 0; i < 20; i++) step();
    const ok = b.compileCount() === compiles && b.liveTextures() === textures;
    return { name: 'an MLP+Adam training loop stops compiling after warm-up and keeps live textures flat', ok, maxAbsError: 0,
      message: `compiles ${compiles} -> ${b.compileCount()}, textures ${textures} -> ${b.liveTextures()}` };
  } finally {
    setBackend('cpu64');
  }
}

/** Logistic-regression training steps (forward, loss, backward, SGD) on webgl inside tidy:
 *  live tensors, live GL textures and compiled kernels must be the same after as after warm-up. */
function trainingMemoryFlat(steps: number): CaseResult {
  const b = createWebglBackend('webgl2', 'webgl-memory');
  registerBackend('webgl-memory', () => b);
  setBackend('webgl-memory');
  try {
    E.manualSeed(3);
    const x = E.randn([32, 2]), y = E.rand([32, 1]).gt(0.5);
    const w = E.zeros([2, 1], { requiresGrad: true }), bias = E.zeros([1], { requiresGrad: true });
    const opt = new E.optim.SGD([w, bias], { lr: 0.1 });
    const step = () => E.tidy(() => {
      opt.zeroGrad();
      E.F.binaryCrossEntropy(x.matmul(w).add(bias).sigmoid(), y).backward();
      opt.step();
    });
    step();
    step();
    const before = { tensors: E.memory().numTensors, textures: b.liveTextures(), compiles: b.compileCount() };
    for (let i = 0; i < steps; i++) step();
    const after = { tensors: E.memory().numTensors, textures: b.liveTextures(), compiles: b.compileCount() };
    const loss = E.F.binaryCrossEntropy(x.matmul(w).add(bias).sigmoid(), y).item();
    const ok = JSON.stringify(before) === JSON.stringify(after) && Number.isFinite(loss);
    return { name: `${steps} training steps on webgl leave live tensors, GL textures and compiles flat`, ok, maxAbsError: 0,
      message: `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}, loss ${loss.toFixed(4)}` };
  } finally {
    setBackend('cpu64');
  }
}

/**
 * The GPT's real training step (kernels/models/train.ts: forward, cross-entropy, backward,
 * clipGradNorm, warm-up/cosine lr, AdamW with parameter groups) for `steps` steps on webgl, in a
 * small config so the emulated GPU finishes in seconds: every kernel the poet model uses runs,
 * and live tensors, GL textures and compiled kernels must not grow after warm-up.
 */
function gptTrainingMemoryFlat(steps: number): CaseResult {
  const b = createWebglBackend('webgl2', 'webgl-gpt');
  registerBackend('webgl-gpt', () => b);
  setBackend('webgl-gpt');
  try {
    const g = new E.Generator(5);
    // one block: every kernel of the poet model runs; more blocks would only repeat them
    const config = { vocabSize: 48, blockSize: 12, nLayer: 1, nHead: 2, nEmbd: 16 };
    const model = new M.GPT(config, { generator: g });
    const opt = new E.optim.AdamW(M.gptParamGroups(model, 0.1), { lr: 3e-3 });
    const schedule = E.optim.lrSchedule.warmupCosine({ warmupSteps: 20, totalSteps: steps, maxLr: 3e-3, minLr: 3e-4 });
    // a repeating sequence the model can learn, so the loss must fall if the steps are real
    const row = (o: number) => Array.from({ length: config.blockSize + 1 }, (_, i) => (i * 5 + o) % config.vocabSize);
    const batch = () => {
      const rows = Array.from({ length: 4 }, () => row(g.int(config.vocabSize)));
      return { x: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r.slice(1)) };
    };
    const first = M.trainStep(model, opt, batch(), { step: 0, schedule, clip: 1 }).loss;
    let last = first;
    const count = () => ({ tensors: E.memory().numTensors, textures: b.liveTextures(), compiles: b.compileCount() });
    // NOTE: the count is taken after a few steps: the backend's texture pool settles over the
    // first ones (it may free, never needs more); a leak grows with steps, 190 of them here
    for (let i = 1; i < 10; i++) M.trainStep(model, opt, batch(), { step: i, schedule, clip: 1 });
    const before = count();
    for (let i = 10; i < steps; i++) last = M.trainStep(model, opt, batch(), { step: i, schedule, clip: 1 }).loss;
    const after = count();
    model.dispose();
    const ok = after.tensors === before.tensors && after.compiles === before.compiles && (after.textures ?? 0) <= (before.textures ?? 0)
      && last < first / 2;
    return { name: `${steps} GPT training steps (AdamW, clipping, schedule) on webgl leave live tensors, GL textures and compiles flat`,
      ok, maxAbsError: 0,
      message: `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}, loss ${first.toFixed(3)} -> ${last.toFixed(3)}` };
  } finally {
    setBackend('cpu64');
  }
}

/**
 * The chapter-6 CNN (conv, ReLU, max pool, conv, ReLU, max pool, flatten, linear) trained with
 * Adam on webgl: 8x8 images of a horizontal or a vertical bar. Every conv and pooling kernel runs
 * forward and backward in real WebGL2; the loss must fall, and live tensors, GL textures and
 * compiled kernels must not grow after warm-up.
 */
function cnnTrainingOnWebgl(steps: number): CaseResult {
  const b = createWebglBackend('webgl2', 'webgl-cnn');
  registerBackend('webgl-cnn', () => b);
  setBackend('webgl-cnn');
  try {
    const g = new E.Generator(11);
    const n = 32, v = new Float64Array(n * 64);
    for (let k = 0; k < n; k++) {
      const at = 1 + g.int(6);
      for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) v[k * 64 + i * 8 + j] = ((k % 2 ? j : i) === at ? 1 : 0) + 0.1 * g.normal();
    }
    const x = E.fromFlat(v, [n, 1, 8, 8]), y = E.tensor(Array.from({ length: n }, (_, k) => k % 2));
    const model = new E.nn.Sequential(
      new E.nn.Conv2d(1, 4, 3, { padding: 1, generator: g }), new E.nn.ReLU(), new E.nn.MaxPool2d(2),
      new E.nn.Conv2d(4, 8, 3, { padding: 1, generator: g }), new E.nn.ReLU(), new E.nn.MaxPool2d(2),
      new E.nn.Flatten(), new E.nn.Linear(32, 2, { generator: g }));
    const opt = new E.optim.Adam(model.parameters(), { lr: 0.02 });
    const step = () => E.tidy(() => {
      opt.zeroGrad();
      const loss = E.F.crossEntropy(model.call(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    });
    const first = step();
    for (let i = 1; i < 5; i++) step();
    const count = () => ({ tensors: E.memory().numTensors, textures: b.liveTextures(), compiles: b.compileCount() });
    const before = count();
    let last = first;
    for (let i = 5; i < steps; i++) last = step();
    const after = count();
    model.dispose();
    const ok = after.tensors === before.tensors && after.compiles === before.compiles
      && (after.textures ?? 0) <= (before.textures ?? 0) && last < first / 2;
    return { name: `${steps} CNN training steps (conv2d, maxPool2d, Adam) on webgl lower the loss and leave tensors, textures and compiles flat`,
      ok, maxAbsError: 0,
      message: `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}, loss ${first.toFixed(3)} -> ${last.toFixed(3)}` };
  } finally {
    setBackend('cpu64');
  }
}

async function contextLossFallsBack(): Promise<CaseResult> {
  const b = createWebglBackend('webgl2', 'webgl-lose');
  registerBackend('webgl-lose', () => b);
  setBackend('webgl-lose');
  const events: WebglFallback[] = [];
  const off = onWebglFallback((e) => events.push(e));
  const s = b.upload([1, 2, 3]);
  b.read(s);
  // lose the context of this backend's canvas
  const ctx = b.context;
  const ext = ctx?.getExtension('WEBGL_lose_context');
  ext?.loseContext();
  await new Promise((r) => setTimeout(r, 200));
  off();
  const ok = events.some((e) => e.reason === 'context-lost') && getBackend() === 'cpu';
  setBackend('cpu64');
  return { name: 'a lost WebGL context switches the engine to cpu and tells listeners', ok, maxAbsError: 0,
    message: `events ${JSON.stringify(events.map((e) => e.reason))}, backend now ${getBackend()}` };
}

/**
 * The same cpu kernel checks with every matmul split across the helper workers (Blob-URL workers
 * over a shared WebAssembly.Memory: this page is cross-origin isolated, see harness.ts), and a
 * check that the split really ran: the workers start, and products were split.
 */
async function threadedMatmulChecks(): Promise<CaseResult[]> {
  const sgemm = wasmSgemm();
  const threads = sgemm ? await sgemm.startThreads() : 1;
  const want = Math.min(navigator.hardwareConcurrency, 4);
  const before = sgemm?.splitCount() ?? 0;
  useWasmSgemm(true, { threads: 'always' });
  try {
    const checks = runKernelChecks(getBackendInstance('cpu'), getBackendInstance('cpu64')).details
      .map((d) => ({ ...d, name: `cpu matmul split across ${threads} threads: ${d.name}` }));
    const splits = (sgemm?.splitCount() ?? 0) - before;
    const started: CaseResult = {
      name: 'the cpu matmul helper workers start on this cross-origin isolated page and take products',
      ok: crossOriginIsolated && threads === want && (want === 1 || splits > 20), maxAbsError: 0,
      message: `crossOriginIsolated ${crossOriginIsolated}, threads ${threads} of ${want} expected, ${splits} products split`,
    };
    return [started, ...checks];
  } finally {
    useWasmSgemm(true);
  }
}

async function main() {
  // let the page finish loading before the long, blocking checks start
  await new Promise((resolve) => setTimeout(resolve, 0));
  const details: CaseResult[] = [];
  const b = createWebglBackend('webgl2', 'webgl-checks');
  details.push(...runKernelChecks(b, getBackendInstance('cpu64')).details);
  // the float32 cpu backend's WebAssembly kernels (matmul, exp, tanh) as Chromium compiles them
  details.push(...runKernelChecks(getBackendInstance('cpu'), getBackendInstance('cpu64')).details
    .map((d) => ({ ...d, name: `cpu (WebAssembly SIMD ${wasmSgemm()?.fused ? 'with FMA' : 'without FMA'}): ${d.name}` })));
  details.push(...await threadedMatmulChecks());
  const timed = <T,>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const r = f();
    console.log(`LOG ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };
  details.push(timed('pipeline memory', () => pipelineMemoryCheck(b, 10_000)));
  details.push(trainingCompilesOnce());
  // A leak grows with every step, so a few hundred steps show one as well as thousands would (one
  // texture a step is 190 more in the GPT check); 1,000 GPT steps took 80 s of emulated WebGL2.
  details.push(timed('training memory', () => trainingMemoryFlat(500)));
  details.push(timed('GPT memory', () => gptTrainingMemoryFlat(200)));
  details.push(timed('CNN training', () => cnnTrainingOnWebgl(60)));
  details.push(await contextLossFallsBack());
  for (const d of details) console.log('CASE ' + JSON.stringify(d));
  console.log('DONE');
}

main().catch((e) => { console.log('ERR ' + (e?.stack ?? e)); console.log('DONE'); });
