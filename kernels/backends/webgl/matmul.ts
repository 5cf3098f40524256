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
import type { NativeFunction } from './program.ts';
import { permute } from './movement.ts';

const C4 = [0, 1, 2, 3];

/** a (or b) with its batch dims materialised to `batch` when they broadcast. */
function fullBatch(rt: Runtime, x: GlStorage, shape: readonly number[], batch: readonly number[]) {
  const mat = shape.slice(-2);
  const want = [...batch, ...mat];
  if (sizeOfShape(shape) === sizeOfShape(want)) return { x, owned: false };
  return { x: strided(rt, x, want, broadcastStrides(shape, want), 0), owned: true };
}

/** Below this many multiply-adds the 2×2-block path's extra passes cost more than they save. */
const BLOCK_MIN_MACS = 1 << 21;

export function matmul(rt: Runtime, a: GlStorage, aShape: readonly number[], b: GlStorage, bShape: readonly number[],
  outShape: readonly number[], ta: boolean, tb: boolean): GlStorage {
  const r = outShape.length;
  const M = outShape[r - 2], N = outShape[r - 1];
  const K = ta ? aShape[aShape.length - 2] : aShape[aShape.length - 1];
  const batch = outShape.slice(0, r - 2);
  const B = sizeOfShape(batch);
  const fa = fullBatch(rt, a, aShape, batch);
  const fb = fullBatch(rt, b, bShape, batch);
  const size = B * M * N;
  const gl = rt.ctx.gl !== null;
  let out: GlStorage;
  if (!ta && M % 2 === 0 && N % 4 === 0 && K % 4 === 0 && B * M * N * K >= BLOCK_MIN_MACS) {
    // 2×2 output blocks from rows of a and rows of bᵀ: 4 texel reads per 16 multiply-adds
    const bt = tb ? fb.x : permute(rt, fb.x, [B, K, N], [0, 2, 1]);
    const consts = { M, N, KQ: K / 4, MH: M / 2, NH: N / 2, aL: fa.x.layout.lg, bL: bt.layout.lg };
    const blocks = rt.run(`matmul|22|${B}|${M}|${N}|${K}|${consts.aL}|${consts.bL}`, size,
      () => (gl ? { source: BLOCK22_CALL, consts, native: [BLOCK22_GLSL] } : { source: BLOCK22, consts }), [fa.x, bt]);
    if (!tb) bt.tex.delete?.();
    const rc = { M, NQ: N / 4, NH: N / 2, MH: M / 2, cL: blocks.layout.lg };
    out = rt.run(`matmul|unblock|${B}|${M}|${N}|${rc.cL}`, size, () => ({ source: UNBLOCK, consts: rc }), [blocks]);
    blocks.tex.delete?.();
  } else {
    const args = [fa.x, fb.x];
    const consts = { M, N, K, NQ: N / 4, KQ: K / 4, aL: fa.x.layout.lg, bL: fb.x.layout.lg };
    const key = `${B}|${M}|${N}|${K}|${consts.aL}|${consts.bL}`;
    if (N % 4 === 0 && K % 4 === 0 && !ta) {
      out = rt.run(`matmul|${tb ? 'NT' : 'NN'}|${key}`, size, () => ({ source: tb ? NT : NN, consts }), args);
    } else if (N % 4 === 0 && ta && !tb) {
      out = rt.run(`matmul|TN|${key}`, size, () => ({ source: TN, consts }), args);
    } else {
      out = rt.run(`matmul|gen|${ta}|${tb}|${key}`, size, () => ({ source: general(ta, tb), consts }), args);
    }
  }
  if (fa.owned) fa.x.tex.delete?.();
  if (fb.owned) fb.x.tex.delete?.();
  return out;
}

// thread texel t = (batch * MH + ib) * NH + jb holds the 2×2 block of output rows 2ib, 2ib+1 and
// columns 2jb, 2jb+1 as [c(2ib, 2jb), c(2ib, 2jb+1), c(2ib+1, 2jb), c(2ib+1, 2jb+1)];
// a is [batch, M, K], b is bᵀ: [batch, N, K] (both rows of K/4 texels).
const BLOCK22 = fn(['a', 'b'], `
const r = idiv(t, this.constants.NH);
const jb = t - r * this.constants.NH;
const p = idiv(r, this.constants.MH);
const ib = r - p * this.constants.MH;
const a0 = (p * this.constants.M + 2 * ib) * this.constants.KQ;
const b0 = (p * this.constants.N + 2 * jb) * this.constants.KQ;
let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0;
for (let k = 0; k < this.constants.KQ; k++) {
  const x0 = texelAt(a, this.constants.aL, a0 + k);
  const x1 = texelAt(a, this.constants.aL, a0 + this.constants.KQ + k);
  const y0 = texelAt(b, this.constants.bL, b0 + k);
  const y1 = texelAt(b, this.constants.bL, b0 + this.constants.KQ + k);
  s0 += x0[0] * y0[0] + x0[1] * y0[1] + x0[2] * y0[2] + x0[3] * y0[3];
  s1 += x0[0] * y1[0] + x0[1] * y1[1] + x0[2] * y1[2] + x0[3] * y1[3];
  s2 += x1[0] * y0[0] + x1[1] * y0[1] + x1[2] * y0[2] + x1[3] * y0[3];
  s3 += x1[0] * y1[0] + x1[1] * y1[1] + x1[2] * y1[2] + x1[3] * y1[3];
}
return [s0, s1, s2, s3];`);

// the same in hand-written GLSL (WebGL): integer texel indices stepped by one, no float index maths.
// The loop is bound by texture reads on SwiftShader; texture() at the texel centre (exact: W is a
// power of two, NEAREST filtering) measured ~8% faster there than texelFetch, textureLod slower.
const BLOCK22_GLSL: NativeFunction = {
  name: 'mmBlock22',
  source: `vec4 mmBlock22(sampler2D a, ivec2 aSize, ivec3 aDim, sampler2D b, ivec2 bSize, ivec3 bDim,
    int t, int M, int N, int KQ, int MH, int NH, int aL, int bL) {
  int r = t / NH;
  int jb = t - r * NH;
  int p = r / MH;
  int ib = r - p * MH;
  int am = (1 << aL) - 1;
  int bm = (1 << bL) - 1;
  int a0 = (p * M + 2 * ib) * KQ;
  int a1 = a0 + KQ;
  int b0 = (p * N + 2 * jb) * KQ;
  int b1 = b0 + KQ;
  vec4 s = vec4(0.0);
  vec2 ia = 1.0 / vec2(aSize);
  vec2 ib2 = 1.0 / vec2(bSize);
  for (int k = 0; k < KQ; k++) {
    vec4 x0 = texture(a, (vec2(ivec2(a0 & am, a0 >> aL)) + 0.5) * ia);
    vec4 x1 = texture(a, (vec2(ivec2(a1 & am, a1 >> aL)) + 0.5) * ia);
    vec4 y0 = texture(b, (vec2(ivec2(b0 & bm, b0 >> bL)) + 0.5) * ib2);
    vec4 y1 = texture(b, (vec2(ivec2(b1 & bm, b1 >> bL)) + 0.5) * ib2);
    s += vec4(dot(x0, y0), dot(x0, y1), dot(x1, y0), dot(x1, y1));
    a0++; a1++; b0++; b1++;
  }
  return s;
}`,
  argumentTypes: { a: 'ArrayTexture(4)', b: 'ArrayTexture(4)', t: 'Integer', M: 'Integer', N: 'Integer', KQ: 'Integer',
    MH: 'Integer', NH: 'Integer', aL: 'Integer', bL: 'Integer' },
  returnType: 'Array(4)',
};
const BLOCK22_CALL = fn(['a', 'b'], `return mmBlock22(a, b, t, this.constants.M, this.constants.N, this.constants.KQ,
  this.constants.MH, this.constants.NH, this.constants.aL, this.constants.bL);`);

// 2×2 blocks (above) -> the canonical layout: output texel (p, i, 4q..4q+3) is one row of the
// blocks (p, i / 2, 2q) and (p, i / 2, 2q + 1)
const UNBLOCK = fn(['c'], `
const row = idiv(t, this.constants.NQ);
const q = t - row * this.constants.NQ;
const p = idiv(row, this.constants.M);
const i = row - p * this.constants.M;
const ib = idiv(i, 2);
const base = (p * this.constants.MH + ib) * this.constants.NH + 2 * q;
const x = texelAt(c, this.constants.cL, base);
const y = texelAt(c, this.constants.cL, base + 1);
if (i - 2 * ib === 0) {
  return [x[0], x[1], y[0], y[1]];
}
return [x[2], x[3], y[2], y[3]];`);

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
