/** Elementwise kernels: upload, fill, unary, broadcasting binary, where, and layout remaps. */
import type { BinaryOp, UnaryOp } from '../backend.ts';
import { fn, offsetCode, ret4 } from './codegen.ts';
import { collapse, sizeOfShape, strides, type GlStorage } from './layout.ts';
import type { Runtime } from './runtime.ts';

const UNARY: Record<UnaryOp, string> = {
  neg: '(-X)', exp: 'Math.exp(X)', log: 'Math.log(X)', sqrt: 'Math.sqrt(X)', abs: 'Math.abs(X)',
  sign: 'signOf(X)', tanh: 'stableTanh(X)', erf: 'erfApprox(X)', copy: 'X',
};

const BINARY: Record<BinaryOp, string> = {
  add: '(X + Y)', sub: '(X - Y)', mul: '(X * Y)', div: '(X / Y)', pow: 'powj(X, Y)',
  // NOTE: GLSL max/min do not propagate NaN the way torch.maximum does
  maximum: 'Math.max(X, Y)', minimum: 'Math.min(X, Y)',
  eq: '(X === Y ? 1 : 0)', ne: '(X !== Y ? 1 : 0)', lt: '(X < Y ? 1 : 0)',
  le: '(X <= Y ? 1 : 0)', gt: '(X > Y ? 1 : 0)', ge: '(X >= Y ? 1 : 0)',
};

const C4 = [0, 1, 2, 3];

export function apply(expr: string, x: string, y = ''): string {
  return expr.replaceAll('X', x).replaceAll('Y', y);
}

/** Packs a flat Float32Array into a texture. */
export function upload(rt: Runtime, values: Float32Array): GlStorage {
  const n = values.length;
  return rt.run(`upload|${n}`, n, () => ({
    source: fn(['v'], ret4(C4.map((c) => `v[Math.min(t * 4 + ${c}, this.constants.L)]`))),
    consts: { L: Math.max(0, n - 1) },
  }), [n === 0 ? new Float32Array(1) : values]);
}

export function fill(rt: Runtime, size: number, value: number): GlStorage {
  return rt.run('fill', size, () => ({
    source: 'function (value) {\nreturn [value, value, value, value];\n}', consts: {},
  }), [value]);
}

export function unary(rt: Runtime, op: UnaryOp, x: GlStorage, size: number): GlStorage {
  return rt.run(`unary|${op}`, size, () => ({
    source: fn(['x'], 'const v = texelAt(x, this.constants.WL, t);\n' +
      ret4(C4.map((c) => apply(UNARY[op], `v[${c}]`)))),
    consts: {},
  }), [x]);
}

/** Statements reading element `e${c}` of each input into `${name}${c}` through broadcast strides. */
function readers(names: string[], shapes: readonly (readonly number[])[], outShape: readonly number[],
  consts: Record<string, number>): string {
  const sets = shapes.map((s) => broadcastStrides(s, outShape));
  const { shape, strides: st } = collapse(outShape, sets);
  const lines: string[] = [];
  for (const c of C4) {
    lines.push(`const e${c} = t * 4 + ${c};`);
    names.forEach((n, k) => {
      lines.push(offsetCode(n, `e${c}`, `${n}i${c}`, shape, st[k], consts));
      lines.push(`const ${n}${c} = elemAt(${n}, this.constants.${n}L, ${n}i${c});`);
    });
  }
  return lines.join('\n');
}

export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const st = strides(shape);
  const out = new Array<number>(outShape.length).fill(0);
  const off = outShape.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : st[i];
  return out;
}

export function binary(rt: Runtime, op: BinaryOp, a: GlStorage, aShape: readonly number[], b: GlStorage,
  bShape: readonly number[], outShape: readonly number[]): GlStorage {
  const n = sizeOfShape(outShape);
  const na = a.layout.size, nb = b.layout.size;
  if (na === n && nb === n) {
    // same layout: texel by texel
    return rt.run(`binary|${op}|same`, n, () => ({
      source: fn(['a', 'b'], 'const u = texelAt(a, this.constants.WL, t);\nconst v = texelAt(b, this.constants.WL, t);\n' +
        ret4(C4.map((c) => apply(BINARY[op], `u[${c}]`, `v[${c}]`)))),
      consts: {},
    }), [a, b]);
  }
  if (na === n && nb === 1) {
    return rt.run(`binary|${op}|scalarB`, n, () => ({
      source: fn(['a', 'b'], 'const u = texelAt(a, this.constants.WL, t);\nconst y = elemAt(b, 0, 0);\n' +
        ret4(C4.map((c) => apply(BINARY[op], `u[${c}]`, 'y')))),
      consts: {},
    }), [a, b]);
  }
  if (na === 1 && nb === n) {
    return rt.run(`binary|${op}|scalarA`, n, () => ({
      source: fn(['a', 'b'], 'const x = elemAt(a, 0, 0);\nconst v = texelAt(b, this.constants.WL, t);\n' +
        ret4(C4.map((c) => apply(BINARY[op], 'x', `v[${c}]`)))),
      consts: {},
    }), [a, b]);
  }
  return rt.run(`binary|${op}|${aShape}|${bShape}|${outShape}`, n, () => {
    const consts: Record<string, number> = { aL: a.layout.lg, bL: b.layout.lg };
    const body = readers(['a', 'b'], [aShape, bShape], outShape, consts);
    return { source: fn(['a', 'b'], body + '\n' + ret4(C4.map((c) => apply(BINARY[op], `a${c}`, `b${c}`)))), consts };
  }, [a, b]);
}

export function where(rt: Runtime, c: GlStorage, cShape: readonly number[], a: GlStorage, aShape: readonly number[],
  b: GlStorage, bShape: readonly number[], outShape: readonly number[]): GlStorage {
  const n = sizeOfShape(outShape);
  return rt.run(`where|${cShape}|${aShape}|${bShape}|${outShape}`, n, () => {
    const consts: Record<string, number> = { cL: c.layout.lg, aL: a.layout.lg, bL: b.layout.lg };
    const body = readers(['c', 'a', 'b'], [cShape, aShape, bShape], outShape, consts);
    return { source: fn(['c', 'a', 'b'], body + '\n' + ret4(C4.map((k) => `(c${k} !== 0 ? a${k} : b${k})`))), consts };
  }, [c, a, b]);
}

/**
 * out[idx] = x[base + sum(idx_d * strides_d)] over outShape: broadcastTo, permute, slice.
 */
export function strided(rt: Runtime, x: GlStorage, outShape: readonly number[], st: readonly number[],
  base: number): GlStorage {
  const n = sizeOfShape(outShape);
  const { shape, strides: [s] } = collapse(outShape, [[...st]]);
  return rt.run(`strided|${shape}|${s}|${base}|${x.layout.lg}`, n, () => {
    const consts: Record<string, number> = { xL: x.layout.lg };
    const lines: string[] = [];
    for (const c of C4) {
      lines.push(`const e${c} = t * 4 + ${c};`, offsetCode('x', `e${c}`, `i${c}`, shape, s, consts, base));
    }
    return { source: fn(['x'], lines.join('\n') + '\n' +
      ret4(C4.map((c) => `elemAt(x, this.constants.xL, i${c})`))), consts };
  }, [x]);
}

/** Zero padding: out = x placed at offset `before` inside outShape. */
export function pad(rt: Runtime, x: GlStorage, shape: readonly number[], before: readonly number[],
  after: readonly number[]): GlStorage {
  const outShape = shape.map((d, i) => before[i] + d + after[i]);
  const n = sizeOfShape(outShape);
  return rt.run(`pad|${shape}|${before}|${after}|${x.layout.lg}`, n, () => {
    const consts: Record<string, number> = { xL: x.layout.lg };
    const st = strides(shape);
    const lines: string[] = [];
    for (const c of C4) {
      lines.push(`let r${c} = t * 4 + ${c};`, `let i${c} = 0;`, `let ok${c} = 1;`);
      for (let d = outShape.length - 1; d >= 0; d--) {
        consts[`D${d}`] = outShape[d]; consts[`B${d}`] = before[d]; consts[`L${d}`] = shape[d]; consts[`S${d}`] = st[d];
        lines.push(
          `const q${c}_${d} = idiv(r${c}, this.constants.D${d});`,
          `const p${c}_${d} = r${c} - q${c}_${d} * this.constants.D${d} - this.constants.B${d};`,
          `if (p${c}_${d} < 0 || p${c}_${d} >= this.constants.L${d}) { ok${c} = 0; }`,
          `i${c} += p${c}_${d} * this.constants.S${d};`,
          `r${c} = q${c}_${d};`,
        );
      }
      lines.push(`let v${c} = 0;`, `if (ok${c} === 1) { v${c} = elemAt(x, this.constants.xL, i${c}); }`);
    }
    return { source: fn(['x'], lines.join('\n') + '\n' + ret4(C4.map((c) => `v${c}`))), consts };
  }, [x]);
}
