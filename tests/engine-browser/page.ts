/** Browser side of the engine tests: kernel checks on real WebGL2, memory, compiles, fallback. */
import { getBackendInstance, registerBackend, setBackend, getBackend } from '../../kernels/backends/index.ts';
import { createWebglBackend, onWebglFallback, type WebglFallback } from '../../kernels/backends/webgl/index.ts';
import * as E from '../../kernels/index.ts';
import { runKernelChecks, type CaseResult } from './cases.ts';
import { pipelineMemoryCheck } from './memory.ts';

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

/** 10,000 logistic-regression training steps (forward, loss, backward, SGD) on webgl inside tidy:
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

async function main() {
  // let the page finish loading before the long, blocking checks start
  await new Promise((resolve) => setTimeout(resolve, 0));
  const details: CaseResult[] = [];
  const b = createWebglBackend('webgl2', 'webgl-checks');
  details.push(...runKernelChecks(b, getBackendInstance('cpu64')).details);
  details.push(pipelineMemoryCheck(b, 10_000));
  details.push(trainingCompilesOnce());
  details.push(trainingMemoryFlat(10_000));
  details.push(await contextLossFallsBack());
  for (const d of details) console.log('CASE ' + JSON.stringify(d));
  console.log('DONE');
}

main().catch((e) => { console.log('ERR ' + (e?.stack ?? e)); console.log('DONE'); });
