/** Movement kernels: permute, slice, gather (index_select), scatterAdd, concat. */
import { fn, ret4 } from './codegen.ts';
import { binary, pad, strided } from './elementwise.ts';
import { sizeOfShape, strides, type GlStorage } from './layout.ts';
import type { Runtime } from './runtime.ts';

const C4 = [0, 1, 2, 3];

export function permute(rt: Runtime, x: GlStorage, shape: readonly number[], perm: readonly number[]): GlStorage {
  const st = strides(shape);
  return strided(rt, x, perm.map((p) => shape[p]), perm.map((p) => st[p]), 0);
}

export function slice(rt: Runtime, x: GlStorage, shape: readonly number[], begin: readonly number[],
  size: readonly number[]): GlStorage {
  const st = strides(shape);
  const base = begin.reduce((acc, b, i) => acc + b * st[i], 0);
  return strided(rt, x, size, st, base);
}

/** [outer, L, inner] around `axis`. */
function split(shape: readonly number[], axis: number) {
  return { outer: sizeOfShape(shape.slice(0, axis)), L: shape[axis], inner: sizeOfShape(shape.slice(axis + 1)) };
}

export function gather(rt: Runtime, x: GlStorage, shape: readonly number[], axis: number, indices: GlStorage,
  n: number): GlStorage {
  const { outer, L, inner } = split(shape, axis);
  return rt.run(`gather|${outer}|${L}|${inner}|${n}|${x.layout.lg}|${indices.layout.lg}`, outer * n * inner, () => {
    const consts = { L, I: inner, NI: n * inner, xL: x.layout.lg, iL: indices.layout.lg };
    const lines: string[] = [];
    for (const c of C4) {
      lines.push(`const e${c} = t * 4 + ${c};`,
        `const o${c} = idiv(e${c}, this.constants.NI);`,
        `const r${c} = e${c} - o${c} * this.constants.NI;`,
        `const j${c} = idiv(r${c}, this.constants.I);`,
        `const q${c} = r${c} - j${c} * this.constants.I;`,
        `const k${c} = elemAt(ix, this.constants.iL, j${c});`,
        `const v${c} = elemAt(x, this.constants.xL, (o${c} * this.constants.L + k${c}) * this.constants.I + q${c});`);
    }
    return { source: fn(['x', 'ix'], lines.join('\n') + '\n' + ret4(C4.map((c) => `v${c}`))), consts };
  }, [x, indices]);
}

/** out[o, p, q] = sum over j with indices[j] == p of updates[o, j, q]. */
export function scatterAdd(rt: Runtime, u: GlStorage, uShape: readonly number[], axis: number, indices: GlStorage,
  n: number, outDim: number): GlStorage {
  const { outer, inner } = split(uShape, axis);
  return rt.run(`scatter|${outer}|${inner}|${n}|${outDim}|${u.layout.lg}|${indices.layout.lg}`, outer * outDim * inner, () => {
    const consts = { N: n, I: inner, PI: outDim * inner, uL: u.layout.lg, iL: indices.layout.lg };
    const lines: string[] = [];
    for (const c of C4) {
      lines.push(`const e${c} = t * 4 + ${c};`,
        `const o${c} = idiv(e${c}, this.constants.PI);`,
        `const r${c} = e${c} - o${c} * this.constants.PI;`,
        `const p${c} = idiv(r${c}, this.constants.I);`,
        `const q${c} = r${c} - p${c} * this.constants.I;`,
        `let s${c} = 0;`,
        'for (let j = 0; j < this.constants.N; j++) {',
        `  if (elemAt(ix, this.constants.iL, j) === p${c}) {`,
        `    s${c} += elemAt(u, this.constants.uL, (o${c} * this.constants.N + j) * this.constants.I + q${c});`,
        '  }', '}');
    }
    return { source: fn(['u', 'ix'], lines.join('\n') + '\n' + ret4(C4.map((c) => `s${c}`))), consts };
  }, [u, indices]);
}

/** Concatenation as a sum of zero-padded pieces (concat is rare in training loops). */
export function concat(rt: Runtime, xs: readonly GlStorage[], shapes: readonly (readonly number[])[], axis: number,
  outShape: readonly number[]): GlStorage {
  let acc: GlStorage | null = null;
  let offset = 0;
  for (let i = 0; i < xs.length; i++) {
    const before = outShape.map((_, d) => (d === axis ? offset : 0));
    const after = outShape.map((o, d) => (d === axis ? o - offset - shapes[i][d] : 0));
    offset += shapes[i][axis];
    const piece = pad(rt, xs[i], shapes[i], before, after);
    if (acc === null) { acc = piece; continue; }
    const sum = binary(rt, 'add', acc, outShape, piece, outShape, outShape);
    acc.tex.delete?.();
    piece.tex.delete?.();
    acc = sum;
  }
  return acc as GlStorage;
}
