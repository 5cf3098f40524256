/**
 * Batched matmul. Fast paths read whole texels (four consecutive values of a row):
 *   NN  a[m,k]·b[k,n]      k, n % 4 == 0: per 4 k, 1 a-texel + 4 b-texels -> 16 MACs
 *   NT  a[m,k]·b[n,k]ᵀ     k, n % 4 == 0: per 4 k, 1 a-texel + 4 b-texels (4 dot products)
 *   TN  a[k,m]ᵀ·b[k,n]     n % 4 == 0:    per k, 1 a-value + 1 b-texel
 * Anything else runs a general strided kernel (one value per fetch).
 */
import { fn, ret4 } from './codegen.ts';
import { strided, broadcastStrides } from './elementwise.ts';
import { sizeOfShape, type GlStorage } from './layout.ts';
import type { Runtime } from './runtime.ts';

const C4 = [0, 1, 2, 3];

/** a (or b) with its batch dims materialised to `batch` when they broadcast. */
function fullBatch(rt: Runtime, x: GlStorage, shape: readonly number[], batch: readonly number[]) {
  const mat = shape.slice(-2);
  const want = [...batch, ...mat];
  if (sizeOfShape(shape) === sizeOfShape(want)) return { x, owned: false };
  return { x: strided(rt, x, want, broadcastStrides(shape, want), 0), owned: true };
}

export function matmul(rt: Runtime, a: GlStorage, aShape: readonly number[], b: GlStorage, bShape: readonly number[],
  outShape: readonly number[], ta: boolean, tb: boolean): GlStorage {
  const r = outShape.length;
  const M = outShape[r - 2], N = outShape[r - 1];
  const K = ta ? aShape[aShape.length - 2] : aShape[aShape.length - 1];
  const batch = outShape.slice(0, r - 2);
  const B = sizeOfShape(batch);
  const fa = fullBatch(rt, a, aShape, batch);
  const fb = fullBatch(rt, b, bShape, batch);
  const args = [fa.x, fb.x];
  const consts = { M, N, K, NQ: N / 4, KQ: K / 4, aL: fa.x.layout.lg, bL: fb.x.layout.lg };
  const key = `${B}|${M}|${N}|${K}|${consts.aL}|${consts.bL}`;
  const size = B * M * N;
  let out: GlStorage;
  if (N % 4 === 0 && K % 4 === 0 && !ta) {
    out = rt.run(`matmul|${tb ? 'NT' : 'NN'}|${key}`, size, () => ({ source: tb ? NT : NN, consts }), args);
  } else if (N % 4 === 0 && ta && !tb) {
    out = rt.run(`matmul|TN|${key}`, size, () => ({ source: TN, consts }), args);
  } else {
    out = rt.run(`matmul|gen|${ta}|${tb}|${key}`, size, () => ({ source: general(ta, tb), consts }), args);
  }
  if (fa.owned) fa.x.tex.delete?.();
  if (fb.owned) fb.x.tex.delete?.();
  return out;
}

// thread texel t = (batch * M + i) * NQ + j: output row i of batch p, columns 4j..4j+3
const NN = fn(['a', 'b'], `
const row = idiv(t, this.constants.NQ);
const j = t - row * this.constants.NQ;
const p = idiv(row, this.constants.M);
const aBase = row * this.constants.KQ;
const bBase = p * this.constants.K * this.constants.NQ + j;
let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0;
for (let k = 0; k < this.constants.KQ; k++) {
  const av = texelAt(a, this.constants.aL, aBase + k);
  const bk = bBase + k * 4 * this.constants.NQ;
  const b0 = texelAt(b, this.constants.bL, bk);
  const b1 = texelAt(b, this.constants.bL, bk + this.constants.NQ);
  const b2 = texelAt(b, this.constants.bL, bk + 2 * this.constants.NQ);
  const b3 = texelAt(b, this.constants.bL, bk + 3 * this.constants.NQ);
  s0 += av[0] * b0[0] + av[1] * b1[0] + av[2] * b2[0] + av[3] * b3[0];
  s1 += av[0] * b0[1] + av[1] * b1[1] + av[2] * b2[1] + av[3] * b3[1];
  s2 += av[0] * b0[2] + av[1] * b1[2] + av[2] * b2[2] + av[3] * b3[2];
  s3 += av[0] * b0[3] + av[1] * b1[3] + av[2] * b2[3] + av[3] * b3[3];
}
return [s0, s1, s2, s3];`);

// b is [n, k]: output column 4j + c is a dot product with b's row 4j + c
const NT = fn(['a', 'b'], `
const row = idiv(t, this.constants.NQ);
const j = t - row * this.constants.NQ;
const p = idiv(row, this.constants.M);
const aBase = row * this.constants.KQ;
const bBase = (p * this.constants.N + j * 4) * this.constants.KQ;
let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0;
for (let k = 0; k < this.constants.KQ; k++) {
  const av = texelAt(a, this.constants.aL, aBase + k);
  const b0 = texelAt(b, this.constants.bL, bBase + k);
  const b1 = texelAt(b, this.constants.bL, bBase + this.constants.KQ + k);
  const b2 = texelAt(b, this.constants.bL, bBase + 2 * this.constants.KQ + k);
  const b3 = texelAt(b, this.constants.bL, bBase + 3 * this.constants.KQ + k);
  s0 += av[0] * b0[0] + av[1] * b0[1] + av[2] * b0[2] + av[3] * b0[3];
  s1 += av[0] * b1[0] + av[1] * b1[1] + av[2] * b1[2] + av[3] * b1[3];
  s2 += av[0] * b2[0] + av[1] * b2[1] + av[2] * b2[2] + av[3] * b2[3];
  s3 += av[0] * b3[0] + av[1] * b3[1] + av[2] * b3[2] + av[3] * b3[3];
}
return [s0, s1, s2, s3];`);

// a is [k, m]: a[p][k][i] is one value, b[p][k][4j..4j+3] one texel
const TN = fn(['a', 'b'], `
const row = idiv(t, this.constants.NQ);
const j = t - row * this.constants.NQ;
const p = idiv(row, this.constants.M);
const i = row - p * this.constants.M;
const aBase = p * this.constants.K * this.constants.M + i;
const bBase = p * this.constants.K * this.constants.NQ + j;
let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0;
for (let k = 0; k < this.constants.K; k++) {
  const av = elemAt(a, this.constants.aL, aBase + k * this.constants.M);
  const bv = texelAt(b, this.constants.bL, bBase + k * this.constants.NQ);
  s0 += av * bv[0];
  s1 += av * bv[1];
  s2 += av * bv[2];
  s3 += av * bv[3];
}
return [s0, s1, s2, s3];`);

/** One output element per component, any shapes/transposes. */
function general(ta: boolean, tb: boolean): string {
  // element strides of a[i, k] and b[k, j] in the stored (possibly transposed) layouts
  const aRow = ta ? '1' : 'this.constants.K', aCol = ta ? 'this.constants.M' : '1';
  const bRow = tb ? '1' : 'this.constants.N', bCol = tb ? 'this.constants.K' : '1';
  const lines: string[] = [];
  for (const c of C4) {
    lines.push(`const e${c} = t * 4 + ${c};`,
      `const row${c} = idiv(e${c}, this.constants.N);`,
      `const j${c} = e${c} - row${c} * this.constants.N;`,
      `const p${c} = idiv(row${c}, this.constants.M);`,
      `const i${c} = row${c} - p${c} * this.constants.M;`,
      `const ab${c} = p${c} * this.constants.M * this.constants.K + i${c} * ${aRow};`,
      `const bb${c} = p${c} * this.constants.K * this.constants.N + j${c} * ${bCol};`,
      `let s${c} = 0;`,
      'for (let k = 0; k < this.constants.K; k++) {',
      `  s${c} += elemAt(a, this.constants.aL, ab${c} + k * ${aCol}) * elemAt(b, this.constants.bL, bb${c} + k * ${bRow});`,
      '}');
  }
  return fn(['a', 'b'], lines.join('\n') + '\n' + ret4(C4.map((c) => `s${c}`)));
}
